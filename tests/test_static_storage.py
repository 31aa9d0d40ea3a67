"""Collected static files: hashed names compressed beside them, source maps and plain names
left as they are (``common/staticfiles.py``)."""

from __future__ import annotations

import re

import brotli
from django.core.management import call_command
from django.test import override_settings

CSS = "body { color: #123; }\n" * 200 + "/*# sourceMappingURL=kit.css.map */\n"


def test_collected_files_are_hashed_and_only_the_hashed_ones_compressed(tmp_path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "kit.css").write_text(CSS)
    (source / "kit.css.map").write_text('{"version": 3, "sources": [], "mappings": ""}' * 50)
    (source / "app.js").write_text("console.log('产教融合');\n" * 200)
    root = tmp_path / "static"
    with override_settings(
        STATIC_ROOT=root,
        STATICFILES_DIRS=[source],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "iecommons.common.staticfiles.PlatformStaticStorage"},
        },
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    names = sorted(path.name for path in root.iterdir())
    hashed_css = next(name for name in names if re.fullmatch(r"kit\.[0-9a-f]{12}\.css", name))
    hashed_js = next(name for name in names if re.fullmatch(r"app\.[0-9a-f]{12}\.js", name))
    for hashed in (hashed_css, hashed_js):
        assert f"{hashed}.br" in names
        assert f"{hashed}.gz" in names
        original = (root / hashed).read_bytes()
        assert brotli.decompress((root / f"{hashed}.br").read_bytes()) == original
    # Pages never ask for the plain names or the maps: those are not compressed.
    assert not [name for name in names if name.endswith((".map.br", ".map.gz"))]
    assert "kit.css.br" not in names
    assert "app.js.gz" not in names
    assert "kit.css" in names
    assert "app.js" in names
