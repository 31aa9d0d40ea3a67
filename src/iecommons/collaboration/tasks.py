"""Background tasks of the collaboration area; they take ids (or nothing), never objects."""

from __future__ import annotations

from django_tasks import task

from iecommons.collaboration.services.bookings import bookings_escalate_overdue


@task()
def escalate_overdue_bookings() -> list[int]:
    """Escalate every booking request left unanswered past its community's time limit.

    Run it periodically (``manage.py escalate_bookings``, or enqueue it); escalating is
    idempotent, so running it twice escalates nothing twice. Returns the escalated ids.
    """
    return bookings_escalate_overdue()
