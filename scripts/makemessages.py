"""Refresh every zh_Hans catalogue: the shared one and each app's own.

Usage: uv run python scripts/makemessages.py [APP...]

The shared catalogue (``src/iecommons/locale``) takes the templates and ``config``; each
app that has a ``locale/`` directory gets a catalogue of its own strings (create the
empty directory to give an app one). Django's
``makemessages`` would send every string to the first ``LOCALE_PATHS`` entry, so the
apps are processed with ``LOCALE_PATHS`` emptied. Fill in the new ``msgstr`` entries
afterwards; ``make setup`` compiles them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "src" / "iecommons"
LANGUAGE = "zh_Hans"


def main(apps: list[str]) -> int:
    sys.path.insert(0, str(PACKAGE_DIR.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iecommons.config.settings")
    os.environ.setdefault("DEBUG", "1")  # a development tool: no production key needed
    import django
    from django.core.management import call_command
    from django.test.utils import override_settings

    django.setup()
    every_app = sorted(path.parent.name for path in PACKAGE_DIR.glob("*/apps.py"))
    app_dirs = sorted(path.parent for path in PACKAGE_DIR.glob("*/locale"))
    if not apps:
        os.chdir(PACKAGE_DIR)
        call_command(
            "makemessages",
            locale=[LANGUAGE],
            no_obsolete=True,
            ignore_patterns=["static", "analytics", *every_app],
        )
    for app_dir in app_dirs:
        if apps and app_dir.name not in apps:
            continue
        os.chdir(app_dir)
        with override_settings(LOCALE_PATHS=[]):
            call_command("makemessages", locale=[LANGUAGE], no_obsolete=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
