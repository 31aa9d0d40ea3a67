"""Background tasks of the collaboration area; they take ids (or nothing), never objects."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from iecommons.collaboration.services.bookings import bookings_escalate_overdue
from iecommons.common.jobs import job_lease


@task(takes_context=True)
def escalate_overdue_bookings(context: Any) -> list[int]:
    """Escalate every booking request left unanswered past its community's time limit.

    Run it periodically (``manage.py escalate_bookings``, or enqueue it); escalating is
    idempotent, so running it twice escalates nothing twice, and a lost worker's job is
    simply queued again (its job lease, ``common.jobs``). Returns the escalated ids.
    """
    with job_lease(context, "collaboration.escalations"):
        return bookings_escalate_overdue()
    return []  # cancelled
