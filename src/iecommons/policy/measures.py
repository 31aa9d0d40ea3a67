"""Where a measure stands in one jurisdiction: on time, late or not started.

One rule, used by the board, the public page and the API:

- done by the deadline: **on time**; done after it: **late**;
- not done and the deadline has passed (whether started or not): **late**;
- in progress before the deadline: **on time**;
- nothing reported, or reported as not started, before the deadline: **not started**.

Which jurisdictions must carry out a document's measures follows its level: a national
document's provinces, a provincial document's prefecture cities, a municipal document's
own city.
"""

from __future__ import annotations

import datetime

ON_TIME = "on_time"
LATE = "late"
NOT_STARTED = "not_started"
STATES = (ON_TIME, LATE, NOT_STARTED)


def implementation_state(
    status: str | None,
    completed_on: datetime.date | None,
    deadline: datetime.date,
    today: datetime.date,
) -> str:
    """The state of one measure in one jurisdiction (``status`` None: nothing reported).

    >>> import datetime as dt
    >>> deadline = dt.date(2026, 6, 30)
    >>> implementation_state("done", dt.date(2026, 6, 1), deadline, dt.date(2026, 9, 1))
    'on_time'
    >>> implementation_state("in_progress", None, deadline, dt.date(2026, 7, 1))
    'late'
    >>> implementation_state(None, None, deadline, dt.date(2026, 5, 1))
    'not_started'
    """
    if status == "done":
        return ON_TIME if completed_on is not None and completed_on <= deadline else LATE
    if today > deadline:
        return LATE
    if status == "in_progress":
        return ON_TIME
    return NOT_STARTED
