"""Amounts of money as the policy services accept them: CNY, ``Decimal``, exact to the fen."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from iecommons.common.services import refuse


def money(value: Any, field: str, *, positive: bool = True) -> Decimal:
    """An amount in CNY, exact to the fen, or a refusal naming ``field``."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise refuse(field, _("Enter an amount in CNY, e.g. 120000.00.")) from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise refuse(field, _("Enter an amount in CNY with at most two decimals."))
    if amount < 0 or (positive and amount == 0):
        raise refuse(field, _("The amount must be more than zero."))
    return amount
