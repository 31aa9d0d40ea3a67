"""Pure calendar arithmetic for bookings: no database, plain values in and out.

Opening windows are weekly and in the platform's local time; closures and bookings are
aware datetimes. Intervals are half-open, ``[start, end)``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone

Interval = tuple[datetime.datetime, datetime.datetime]


@dataclass(frozen=True)
class Window:
    """A weekly opening window: ``weekday`` 0 = Monday."""

    weekday: int
    start_time: datetime.time
    end_time: datetime.time


def overlaps(a_start: datetime.datetime, a_end: datetime.datetime, b: Interval) -> bool:
    return a_start < b[1] and b[0] < a_end


def fits_windows(
    start: datetime.datetime, end: datetime.datetime, windows: Sequence[Window]
) -> str | None:
    """None if ``[start, end)`` lies inside one opening window; else the field to blame.

    No windows means "open at any time". ``"start"`` when the start is outside every
    window, ``"end"`` when the booking starts inside a window but runs past its close.
    """
    if not windows:
        return None
    local_start = timezone.localtime(start)
    local_end = timezone.localtime(end)
    started_inside = False
    for window in windows:
        if window.weekday != local_start.weekday():
            continue
        if not (window.start_time <= local_start.time() < window.end_time):
            continue
        started_inside = True
        if local_end.date() == local_start.date() and local_end.time() <= window.end_time:
            return None
    return "end" if started_inside else "start"


def peak_load(intervals: Iterable[tuple[datetime.datetime, datetime.datetime, int]]) -> int:
    """The largest total quantity in use at any one moment (a sweep over the endpoints)."""
    events: list[tuple[datetime.datetime, int]] = []
    for start, end, quantity in intervals:
        events.append((start, quantity))
        events.append((end, -quantity))
    # At the same instant an end comes before a start: [a, b) and [b, c) do not overlap.
    events.sort(key=lambda event: (event[0], event[1]))
    load = peak = 0
    for _moment, change in events:
        load += change
        peak = max(peak, load)
    return peak


def clip(interval: Interval, period: Interval) -> float:
    """Hours of ``interval`` inside ``period``."""
    start = max(interval[0], period[0])
    end = min(interval[1], period[1])
    return max((end - start).total_seconds(), 0.0) / 3600


def open_hours(period: Interval, windows: Sequence[Window], closures: Sequence[Interval]) -> float:
    """Hours the resource is open in ``period``: its windows (or the whole period when it
    has none) minus its closures."""
    period_start, period_end = period
    if period_end <= period_start:
        return 0.0
    if windows:
        opened: list[Interval] = []
        tz = timezone.get_current_timezone()
        day = timezone.localtime(period_start).date()
        last_day = timezone.localtime(period_end).date()
        while day <= last_day:
            for window in windows:
                if window.weekday != day.weekday():
                    continue
                opened.append(
                    (
                        datetime.datetime.combine(day, window.start_time, tzinfo=tz),
                        datetime.datetime.combine(day, window.end_time, tzinfo=tz),
                    )
                )
            day += datetime.timedelta(days=1)
    else:
        opened = [period]
    total = 0.0
    for interval in opened:
        start = max(interval[0], period_start)
        end = min(interval[1], period_end)
        if end <= start:
            continue
        hours = (end - start).total_seconds() / 3600
        hours -= sum(clip(closure, (start, end)) for closure in _merged(closures))
        total += max(hours, 0.0)
    return total


def _merged(intervals: Sequence[Interval]) -> list[Interval]:
    """Overlapping closures merged, so no hour is subtracted twice."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
