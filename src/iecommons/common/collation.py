"""Chinese names in pinyin order (七台河, 三亚, 上海 — qi, san, shang), on both databases.

Code-point order puts 七 (U+4E03) before 三 (U+4E09) before 上 (U+4E0A) by accident and
乌鲁木齐 after 西安; people look names up by pinyin. ``order_by(pinyin("name"))`` sorts so:

- PostgreSQL: the ICU collation ``zh-x-icu`` (pinyin order, created by ``initdb`` on an
  ICU-enabled server).
- SQLite: a collation ``pinyin`` registered on every connection, comparing
  :func:`pinyin_key` (``pypinyin``, tone numbers, non-Chinese text lower-cased as is).

The two agree on names made of common characters; a polyphonic character may be read
differently by the two at the edges (重庆 is chong, as both say).
"""

from __future__ import annotations

import functools
from typing import Any

from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.functions import Collate
from pypinyin import Style, lazy_pinyin

SQLITE_COLLATION = "pinyin"
POSTGRESQL_COLLATION = "zh-x-icu"


@functools.lru_cache(maxsize=65536)
def pinyin_key(text: str) -> tuple[str, str]:
    """The sort key of ``text``: its pinyin syllables with tone numbers, then the text.

    >>> sorted(["上海", "三亚", "七台河"], key=pinyin_key)
    ['七台河', '三亚', '上海']
    """
    syllables = lazy_pinyin(text, style=Style.TONE3, errors=lambda chars: chars.lower())
    return " ".join(syllables), text


def _compare(left: str | None, right: str | None) -> int:
    a, b = pinyin_key(left or ""), pinyin_key(right or "")
    return (a > b) - (a < b)


def register_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give every SQLite connection the ``pinyin`` collation (PostgreSQL has ICU's)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


connection_created.connect(register_collation)


class PinyinCollate(Collate):
    """``COLLATE`` in pinyin order: ICU's on PostgreSQL, ours on SQLite."""

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, SQLITE_COLLATION)

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> Any:
        name = POSTGRESQL_COLLATION if connection.vendor == "postgresql" else SQLITE_COLLATION
        extra_context["collation"] = connection.ops.quote_name(name)
        return super().as_sql(compiler, connection, **extra_context)


def pinyin(field: str, *, descending: bool = False) -> Any:
    """An ``order_by`` term: ``field`` in pinyin order."""
    term = PinyinCollate(F(field))
    return term.desc() if descending else term.asc()
