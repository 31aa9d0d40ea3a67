"""The Simplified Chinese catalogues are complete, correct and actually used.

- Every zh_Hans catalogue under ``src/iecommons`` (the shared one and each app's) has a
  translation for every string: no empty ``msgstr``, no ``#, fuzzy`` entry.
- A translation keeps the placeholders (``%(name)s``, ``%d``, ``{name}``) and HTML tags of
  its ``msgid``; ``msgfmt --check`` agrees.
- What Django shows is what the catalogue says: another catalogue (one of Django's own, or
  another app's) with the same ``msgid`` does not win over ours.
- Pages speak Chinese by default and English after switching, from the compiled catalogues
  (``make setup`` compiles them; a missing or stale ``.mo`` file fails here, clearly).

After changing strings: ``uv run python scripts/makemessages.py``, fill in every new
``msgstr``, then ``make setup``.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from iecommons.common.uploads import POLICIES
from tests.factories import CouncilSeatFactory, MembershipFactory, OrganizationFactory
from tests.fixtures import World

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "src" / "iecommons"
CATALOGUES = sorted(PACKAGE_DIR.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE_DIR))


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def label(self) -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt is not None else ""
        return f"line {self.line}: msgid {self.msgid!r}{context}"


def parse_po(path: Path) -> list[Entry]:
    """The catalogue's entries, the header (msgid "") first; obsolete (#~) ones left out."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None
    pending_flags: set[str] = set()
    previous = ""

    def text(rest: str) -> str:
        return str(ast.literal_eval(rest.strip()))

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            pending_flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            if entry is None or target is None:
                raise ValueError(f"{_name(path)}:{number}: a string continues nothing")
            kind, index = target
            if kind == "msgstr":
                entry.msgstr[index] += text(line)
            else:
                setattr(entry, kind, (getattr(entry, kind) or "") + text(line))
            continue
        keyword, _, rest = line.partition(" ")
        # An entry begins with its msgctxt, or with its msgid when it has no context.
        if keyword == "msgctxt" or (keyword == "msgid" and previous != "msgctxt"):
            entry = Entry(line=number, flags=pending_flags)
            entries.append(entry)
            pending_flags = set()
        previous = keyword
        if entry is None:
            raise ValueError(f"{_name(path)}:{number}: unexpected {line!r}")
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(entry, keyword, text(rest))
            target = (keyword, 0)
        elif keyword == "msgstr":
            entry.msgstr[0] = text(rest)
            target = ("msgstr", 0)
        elif (match := re.fullmatch(r"msgstr\[(\d+)\]", keyword)) is not None:
            index = int(match.group(1))
            entry.msgstr[index] = text(rest)
            target = ("msgstr", index)
        else:
            raise ValueError(f"{_name(path)}:{number}: unexpected {line!r}")
    return entries


def test_there_are_catalogues_for_the_shared_layout_and_every_app_with_strings() -> None:
    names = {_name(path) for path in CATALOGUES}
    assert "locale/zh_Hans/LC_MESSAGES/django.po" in names
    for app in ("accounts", "common", "registry"):
        assert f"{app}/locale/zh_Hans/LC_MESSAGES/django.po" in names


@pytest.fixture(params=CATALOGUES, ids=_name)
def catalogue(request: Any) -> Path:
    return Path(request.param)


def test_the_catalogue_declares_chinese_with_one_plural_form(catalogue: Path) -> None:
    header = parse_po(catalogue)[0]
    assert header.msgid == "", f"{_name(catalogue)}: the header must come first"
    assert "fuzzy" not in header.flags, f"{_name(catalogue)}: the header is marked fuzzy"
    assert "Plural-Forms: nplurals=1; plural=0;" in header.msgstr[0], _name(catalogue)
    assert "charset=UTF-8" in header.msgstr[0], _name(catalogue)


def test_every_string_is_translated_and_none_is_fuzzy(catalogue: Path) -> None:
    problems = []
    for entry in parse_po(catalogue)[1:]:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.label()}")
        if entry.msgid_plural is not None and sorted(entry.msgstr) != [0]:
            problems.append(f"Chinese has exactly one plural form (msgstr[0]): {entry.label()}")
        if not entry.msgstr or any(not text.strip() for text in entry.msgstr.values()):
            problems.append(f"not translated: {entry.label()}")
    assert not problems, f"{_name(catalogue)}:\n" + "\n".join(problems)


PLACEHOLDER = re.compile(
    r"%\(\w+\)[-#0 +]?\d*(?:\.\d+)?[sdifeEgGxXr]|%[-#0 +]?\d*(?:\.\d+)?[sdifeEgGxXr]|\{\w*\}"
    r"|</?[a-zA-Z][^>]*>"
)


def _placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def test_every_translation_keeps_the_placeholders_and_tags(catalogue: Path) -> None:
    problems = []
    for entry in parse_po(catalogue)[1:]:
        source = entry.msgid_plural if entry.msgid_plural is not None else entry.msgid
        expected = _placeholders(source)
        for index, text in entry.msgstr.items():
            found = _placeholders(text)
            if text and found != expected:
                problems.append(
                    f"{entry.label()}: msgstr[{index}] has {sorted(found.elements())}, "
                    f"expected {sorted(expected.elements())}"
                )
    assert not problems, f"{_name(catalogue)}:\n" + "\n".join(problems)


def test_msgfmt_accepts_the_catalogue(catalogue: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail("msgfmt not found: run `make setup`, which installs gettext", pytrace=False)
    result = subprocess.run(  # noqa: S603 - msgfmt on our own catalogue
        [msgfmt, "--check", "--output-file=/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"{_name(catalogue)}:\n{result.stderr}"


def test_the_catalogue_is_compiled_and_up_to_date(catalogue: Path) -> None:
    compiled = catalogue.with_suffix(".mo")
    assert compiled.exists(), f"{_name(compiled)} is missing: run `make setup`"
    assert compiled.stat().st_mtime >= catalogue.stat().st_mtime, (
        f"{_name(compiled)} is older than its .po file: run `make setup`"
    )


def test_what_django_shows_is_what_the_catalogue_says(catalogue: Path) -> None:
    """Django merges every catalogue into one: its own apps' catalogues win over ours, and
    among ours the app listed first wins. A msgid translated differently elsewhere is
    shadowed: give it a context (pgettext, ``{% translate ... context ... %}``) or use the
    same translation."""
    problems = []
    with translation.override("zh-hans"):
        for entry in parse_po(catalogue)[1:]:
            want = entry.msgstr.get(0, "")
            if not want or "fuzzy" in entry.flags:
                continue  # reported by test_every_string_is_translated_and_none_is_fuzzy
            if entry.msgid_plural is not None:
                if entry.msgctxt is not None:
                    got = translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                else:
                    got = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
            elif entry.msgctxt is not None:
                got = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                got = translation.gettext(entry.msgid)
            if got != want:
                problems.append(f"{entry.label()}: shows {got!r}, not {want!r}")
    assert not problems, f"{_name(catalogue)}:\n" + "\n".join(problems)


# ---------------------------------------------------------------------------------------
# Pages, rendered with the compiled catalogues


class _VisibleText(HTMLParser):
    """The text a reader sees, plus the labels a screen reader reads."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if name in ("aria-label", "placeholder", "title", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


#: Latin words a Chinese page may show: the language switch, data and technical terms.
ALLOWED_LATIN = {
    *("English", "API", "JSON", "Bearer", "Authorization", "token"),
    *("xlsx", "csv", "YYYY-MM-DD"),
    # File types as the upload policies name them (PDF, XLSX, …), and sizes.
    *(str(file_type.label) for policy in POLICIES.values() for file_type in policy.types),
    "KB",
}


def english_words(text: str, data: list[str]) -> list[str]:
    for value in data:
        text = text.replace(value, " ")
    words = re.findall(r"[A-Za-z][A-Za-z'-]{2,}", text)
    return [word for word in words if word not in ALLOWED_LATIN]


@pytest.fixture
def community_page_data(world: World) -> World:
    community = world.community_a
    MembershipFactory(
        community=community,
        organization=OrganizationFactory(name="中车测试股份有限公司", name_en="CRRC Test"),
        role="lead_unit",
    )
    CouncilSeatFactory(community=community, person__organization=world.member_a)
    return world


def _data(world: World) -> list[str]:
    """English names of the records, which the Chinese page may show beside the Chinese,
    and the import's English column names."""
    from iecommons.registry.imports import COLUMNS
    from iecommons.registry.models import Community, Field, Organization, Region

    values = [*Community.objects.values_list("name_en", flat=True)]
    values += Organization.objects.values_list("name_en", flat=True)
    values += Field.objects.values_list("name_en", flat=True)
    values += Region.objects.values_list("name_en", flat=True)
    values += [alias for aliases in COLUMNS.values() for alias in aliases]
    return sorted((value for value in values if value), key=len, reverse=True)


PUBLIC_PAGES = [
    ("registry:community_list", False, "共同体名录", "Registry of communities"),
    ("registry:organization_list", False, "成员单位", "Organisations"),
    ("registry:community_detail", True, "成员单位", "Members"),
    ("accounts:login", False, "登录", "Log in"),
]


@pytest.mark.parametrize(("url_name", "with_pk", "chinese", "english"), PUBLIC_PAGES)
def test_a_public_page_speaks_chinese_by_default_and_english_when_chosen(
    client: Any,
    community_page_data: World,
    url_name: str,
    with_pk: bool,
    chinese: str,
    english: str,
) -> None:
    world = community_page_data
    url = reverse(url_name, args=[world.community_a.pk] if with_pk else [])

    html = client.get(url).content.decode()
    assert '<html lang="zh-hans">' in html
    assert chinese in html
    assert "共同体名录" in html  # the navigation
    assert english not in visible_text(html)
    assert english_words(visible_text(html), _data(world)) == []

    client.cookies["django_language"] = "en"
    html = client.get(url).content.decode()
    assert '<html lang="en">' in html
    assert english in html
    assert "共同体名录" not in html


def test_an_organisation_page_speaks_chinese_by_default_and_english_when_chosen(
    client: Any, community_page_data: World
) -> None:
    world = community_page_data
    url = reverse("registry:organization_detail", args=[world.member_a.pk])
    text = visible_text(client.get(url).content.decode())
    assert "统一社会信用代码" in text
    assert english_words(text, _data(world)) == []
    client.cookies["django_language"] = "en"
    assert "Unified social credit code" in client.get(url).content.decode()


def test_the_registry_speaks_english_to_a_browser_that_asks_for_it(
    client: Any, community_page_data: World
) -> None:
    html = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert "Registry of communities" in html
    assert "Industry community" in html  # a choice label, from get_kind_display


MANAGE_PAGES = [
    "registry:community_manage",
    "registry:community_edit",
    "registry:membership_admit",
    "registry:council_seat_fill",
    "registry:invitation_create",
    "registry:member_import",
    "registry:community_history",
]


@pytest.mark.parametrize("url_name", MANAGE_PAGES)
def test_a_secretariat_page_shows_no_untranslated_english(
    client: Any, community_page_data: World, url_name: str
) -> None:
    world = community_page_data
    client.force_login(world.secretary)
    response = client.get(reverse(url_name, args=[world.community_a.pk]))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert english_words(text, [*_data(world), "secretary"]) == [], text


@pytest.mark.parametrize("url_name", ["accounts:me", "accounts:tokens"])
def test_an_account_page_shows_no_untranslated_english(
    client: Any, community_page_data: World, url_name: str
) -> None:
    world = community_page_data
    client.force_login(world.secretary)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert english_words(text, [*_data(world), "secretary"]) == [], text
