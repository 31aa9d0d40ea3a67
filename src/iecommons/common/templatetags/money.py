"""``{% load money %}{{ amount|money }}``: an amount in CNY as people read it (7,148,600.00).

The formatting lives in :mod:`iecommons.common.money`, shared with Python code.
"""

from __future__ import annotations

from typing import Any

from django import template

from iecommons.common.money import format_money

register = template.Library()


@register.filter(name="money")
def money(value: Any) -> str:
    """``value`` with thousands separators and two decimals, exact; "—" for none."""
    return format_money(value)
