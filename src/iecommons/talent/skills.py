"""The shared skills vocabulary: one list of skills for talent needs and courses alike.

Read once from ``data/skills.csv`` (see its header for the source) and cached. A skill is
given by its code (``RT01``) or by its Chinese or English name; it is stored by its code,
so that the needs of a community and the courses of its colleges can be compared.
"""

from __future__ import annotations

import functools
from typing import Any

from django.utils.translation import gettext as _

from iecommons.common.services import refuse
from iecommons.talent.catalogues import Entry, data_rows


@functools.cache
def vocabulary() -> dict[str, Entry]:
    """Every skill, by code."""
    return {
        row["code"]: Entry(
            code=row["code"],
            level="skill",
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            field=row["field"],
        )
        for row in data_rows("skills.csv")
    }


@functools.cache
def _by_name() -> dict[str, str]:
    out: dict[str, str] = {}
    for code, entry in vocabulary().items():
        for key in (code, entry.name_zh, entry.name_en):
            out[key.casefold()] = code
    return out


def split(raw: Any) -> list[str]:
    """Skills given as a list, or as one text separated by commas or 、."""
    if isinstance(raw, str):
        raw = raw.replace("，", ",").replace("、", ",").replace(";", ",").split(",")
    return [str(part).strip() for part in raw or [] if str(part).strip()]


def check_skills(raw: Any, *, field: str = "skills") -> list[str]:
    """The codes of the skills named in ``raw``, each once; a skill not in the vocabulary is
    refused, naming it and ``field``."""
    known = _by_name()
    out: list[str] = []
    for name in split(raw):
        code = known.get(name.casefold())
        if code is None:
            raise refuse(
                field,
                _("“%(skill)s” is not in the skills vocabulary.") % {"skill": name},
            )
        if code not in out:
            out.append(code)
    return out


def skill_names(codes: Any) -> list[str]:
    """The names of stored skills in the active language (an unknown code as it is)."""
    known = vocabulary()
    return [known[code].name if code in known else str(code) for code in codes or []]
