"""The surcharge-offset calculator for certified industry–education integration enterprises.

The rule (财税〔2019〕 pilot policy for 产教融合型企业, as summarised in the platform design):
30 % of the year's qualifying vocational-education investment may offset that year's
education surcharge (教育费附加, 3 % of the VAT and consumption tax paid) and local
education surcharge (地方教育附加, 2 % of the same base). What cannot be offset in the year
carries forward to later years; an investment that is withdrawn claws back what it offset.

How this module reads the rule, year by year, in this order:

1. the credit grows by 30 % of the year's qualifying investment;
2. the surcharges due are 3 % and 2 % of (VAT + consumption tax), each rounded to the fen;
3. the offset is the smaller of the credit and the surcharges due (the education
   surcharge first, then the local one); the rest of the credit carries forward;
4. a withdrawal cancels 30 % of the withdrawn amount: first from the credit still carried
   forward (it was never enjoyed), and what remains was already enjoyed and is clawed
   back, payable that year.

The reading of step 4 (unused credit cancelled before enjoyed credit is repaid) is the
platform's; the enterprise's tax office decides. All money is ``Decimal``, rounded half up
to the fen at each step that produces a new amount.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

FEN = Decimal("0.01")
OFFSET_RATE = Decimal("0.30")
EDUCATION_SURCHARGE_RATE = Decimal("0.03")
LOCAL_EDUCATION_SURCHARGE_RATE = Decimal("0.02")


class CalculatorError(ValueError):
    """Bad input: ``field`` names the year and the input, e.g. ``"2023.investment"``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def fen(value: Decimal) -> Decimal:
    """``value`` rounded half up to the fen."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclasses.dataclass(frozen=True)
class YearInput:
    """One year's figures (CNY). ``vat`` and ``consumption_tax`` may be None: no data."""

    year: int
    investment: Decimal
    vat: Decimal | None
    consumption_tax: Decimal | None
    withdrawn: Decimal = Decimal("0")


@dataclasses.dataclass(frozen=True)
class YearRow:
    """One row of the year-by-year table (CNY, exact to the fen)."""

    year: int
    investment: Decimal
    withdrawn: Decimal
    tax_base: Decimal
    education_surcharge: Decimal
    local_education_surcharge: Decimal
    credit_brought_forward: Decimal
    credit_earned: Decimal
    offset_education: Decimal
    offset_local: Decimal
    credit_cancelled: Decimal
    clawback: Decimal
    credit_carried_forward: Decimal

    @property
    def offset(self) -> Decimal:
        return self.offset_education + self.offset_local

    @property
    def surcharges_due(self) -> Decimal:
        return self.education_surcharge + self.local_education_surcharge

    @property
    def payable(self) -> Decimal:
        """What the enterprise still pays for the year: surcharges - offset + clawback."""
        return self.surcharges_due - self.offset + self.clawback


def _money(value: Any, field: str, *, allow_none: bool = False) -> Decimal | None:
    if value is None or value == "":
        if allow_none:
            return None
        raise CalculatorError(field, "is missing: expected an amount in CNY")
    if isinstance(value, bool):
        raise CalculatorError(field, f"{value!r} is not an amount")
    # A float goes through its shortest text (0.1 -> "0.1"), never its binary expansion.
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise CalculatorError(field, f"{value!r} is not a number") from None
    if not amount.is_finite():
        raise CalculatorError(field, f"{value!r} is not a finite amount")
    if amount < 0:
        raise CalculatorError(field, f"{amount} is negative: expected zero or more")
    if amount != fen(amount):
        raise CalculatorError(field, f"{amount} has more than two decimals (fen)")
    return amount


def year_inputs(rows: Iterable[Mapping[str, Any]]) -> list[YearInput]:
    """Check plain rows (``year``, ``investment``, ``vat``, ``consumption_tax``, ``withdrawn``)."""
    result: list[YearInput] = []
    seen: set[int] = set()
    for index, row in enumerate(rows):
        raw_year = row.get("year")
        try:
            year = int(raw_year)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise CalculatorError(f"row {index + 1}.year", f"{raw_year!r} is not a year") from None
        if not 1990 <= year <= 2100:
            raise CalculatorError(f"row {index + 1}.year", f"{year} is not a plausible year")
        if year in seen:
            raise CalculatorError(f"{year}.year", "appears twice")
        seen.add(year)
        investment = _money(row.get("investment", 0), f"{year}.investment")
        withdrawn = _money(row.get("withdrawn", 0) or 0, f"{year}.withdrawn")
        vat = _money(row.get("vat"), f"{year}.vat", allow_none=True)
        consumption = _money(row.get("consumption_tax"), f"{year}.consumption_tax", allow_none=True)
        if investment is None or withdrawn is None:  # pragma: no cover - _money refuses None
            raise CalculatorError(f"{year}.investment", "is missing")
        result.append(YearInput(year, investment, vat, consumption, withdrawn))
    return sorted(result, key=lambda item: item.year)


def surcharge_offsets(years: Iterable[YearInput]) -> list[YearRow]:
    """The year-by-year table of offsets, carry-forward and clawback.

    Refuses a year without surcharge data (no VAT and no consumption tax figure), a gap
    between years (the carry-forward must pass through every year), and a withdrawal
    larger than the investment not yet withdrawn, each naming the year and the field.

    Examples
    --------
    >>> rows = surcharge_offsets([
    ...     YearInput(2023, Decimal("1000000"), Decimal("5000000"), Decimal("0")),
    ...     YearInput(2024, Decimal("0"), Decimal("4000000"), Decimal("0")),
    ... ])
    >>> [(r.year, str(r.offset), str(r.credit_carried_forward)) for r in rows]
    [(2023, '250000.00', '50000.00'), (2024, '50000.00', '0.00')]
    """
    ordered = sorted(years, key=lambda item: item.year)
    rows: list[YearRow] = []
    credit = Decimal("0.00")
    invested_net = Decimal("0.00")
    previous: int | None = None
    for item in ordered:
        if previous is not None and item.year != previous + 1:
            raise CalculatorError(
                f"{previous + 1}.year",
                "is missing between "
                f"{previous} and {item.year}: the carry-forward passes through every year",
            )
        previous = item.year
        if item.vat is None and item.consumption_tax is None:
            raise CalculatorError(
                f"{item.year}.vat",
                "no VAT or consumption tax figure: the surcharges cannot be computed",
            )
        base = (item.vat or Decimal("0")) + (item.consumption_tax or Decimal("0"))
        education = fen(base * EDUCATION_SURCHARGE_RATE)
        local = fen(base * LOCAL_EDUCATION_SURCHARGE_RATE)
        brought = credit
        earned = fen(item.investment * OFFSET_RATE)
        invested_net += item.investment
        credit = brought + earned
        offset_education = min(credit, education)
        offset_local = min(credit - offset_education, local)
        credit -= offset_education + offset_local
        cancelled = clawback = Decimal("0.00")
        if item.withdrawn:
            if item.withdrawn > invested_net:
                raise CalculatorError(
                    f"{item.year}.withdrawn",
                    f"{item.withdrawn} is more than the investment not yet withdrawn "
                    f"({invested_net})",
                )
            invested_net -= item.withdrawn
            due_back = fen(item.withdrawn * OFFSET_RATE)
            cancelled = min(credit, due_back)
            credit -= cancelled
            clawback = due_back - cancelled
        rows.append(
            YearRow(
                year=item.year,
                investment=item.investment,
                withdrawn=item.withdrawn,
                tax_base=base,
                education_surcharge=education,
                local_education_surcharge=local,
                credit_brought_forward=brought,
                credit_earned=earned,
                offset_education=offset_education,
                offset_local=offset_local,
                credit_cancelled=cancelled,
                clawback=clawback,
                credit_carried_forward=credit,
            )
        )
    return rows
