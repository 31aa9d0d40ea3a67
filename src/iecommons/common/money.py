"""Amounts of money as people read them: 7,148,600.00, exact to the fen, in every language.

One home for showing money (CNY) on pages, in digests and in messages; templates use the
``money`` filter (``{% load money %}{{ programme.budget|money }}``), Python code
:func:`format_money`.

Why not Django's number formatting: its Simplified Chinese format has no thousands
separator (``THOUSAND_SEPARATOR = ""``, groups of four), so ``floatformat:2|intcomma``
shows "7148600.00" to a Chinese reader, while Chinese financial writing (budgets,
accounts, notices of award) groups by three with commas, as English does. And
``floatformat`` goes through ``float`` for some inputs; money stays a ``Decimal``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import translation

FEN = Decimal("0.01")
MISSING = "—"

# Thousands and decimal separators by language; both languages the platform speaks write
# money alike. A language not listed takes the first.
_SEPARATORS: dict[str, tuple[str, str]] = {"zh-hans": (",", "."), "en": (",", ".")}


def _as_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        amount = value
    else:
        try:
            # str() first: a float becomes the decimal people typed, not its binary expansion.
            amount = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            return None
    return amount if amount.is_finite() else None


def format_money(value: Any, *, language: str | None = None) -> str:
    """``value`` (CNY) with thousands separators and two decimals; "—" when there is none.

    Rounds half up to the fen. ``language`` defaults to the active one.

    >>> format_money(Decimal("7148600"), language="zh-hans")
    '7,148,600.00'
    >>> format_money("-1234.5", language="en")
    '-1,234.50'
    >>> format_money(None)
    '—'
    """
    amount = _as_decimal(value)
    if amount is None:
        return MISSING if value is None or value == "" else str(value)
    language = (language or translation.get_language() or "").lower()
    thousands, decimal = _SEPARATORS.get(language, next(iter(_SEPARATORS.values())))
    amount = amount.quantize(FEN, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, fen = f"{abs(amount):f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{thousands.join(groups) or '0'}{decimal}{fen}"
