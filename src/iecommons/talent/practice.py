"""The enterprise-practice rule for teachers, checked in one place.

职业学校教师企业实践规定 (教师〔2016〕3号): a teacher of specialised courses (专业课教师)
spends at least six months in enterprises or production and service units
every five years. A month here is a twelfth of a mean year (365.25 / 12 days), so six
months are about 182.6 days; periods are counted day by day, both ends included, and only
the part inside the five years before the day of the check counts. Overlapping periods are
counted once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

DAYS_PER_MONTH = 365.25 / 12
WINDOW_YEARS = 5
REQUIRED_MONTHS = 6.0


@dataclass(frozen=True)
class PracticeStatus:
    """How much practice a teacher has in the window, and whether it meets the rule."""

    months: float
    required: float
    window_start: datetime.date
    applies: bool

    @property
    def compliant(self) -> bool:
        return not self.applies or self.months >= self.required


def window_start(day: datetime.date) -> datetime.date:
    """The first day of the five years that end on ``day``."""
    try:
        start = day.replace(year=day.year - WINDOW_YEARS)
    except ValueError:  # 29 February
        start = day.replace(year=day.year - WINDOW_YEARS, day=28)
    return start + datetime.timedelta(days=1)


def practice_months(
    periods: Iterable[tuple[datetime.date, datetime.date]], day: datetime.date
) -> float:
    """Months of practice inside the five years ending on ``day`` (overlaps counted once).

    >>> import datetime as dt
    >>> half_year = [(dt.date(2024, 1, 1), dt.date(2024, 6, 30))]
    >>> round(practice_months(half_year, dt.date(2025, 1, 1)), 2)
    5.95
    """
    first = window_start(day)
    covered: set[int] = set()
    for starts, ends in periods:
        lo, hi = max(starts, first), min(ends, day)
        if lo <= hi:
            covered.update(range(lo.toordinal(), hi.toordinal() + 1))
    return len(covered) / DAYS_PER_MONTH


def practice_status(
    periods: Iterable[tuple[datetime.date, datetime.date]],
    day: datetime.date,
    *,
    specialised: bool = True,
) -> PracticeStatus:
    """The rule's verdict for one teacher; it applies to teachers of specialised courses."""
    return PracticeStatus(
        months=practice_months(periods, day),
        required=REQUIRED_MONTHS,
        window_start=window_start(day),
        applies=specialised,
    )
