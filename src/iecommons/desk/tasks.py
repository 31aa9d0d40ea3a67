"""Background jobs of the desk; they import the services they run inside the function."""

from __future__ import annotations

from django_tasks import task


@task()
def send_digests() -> int:
    """Send the digests due today (the periodic job ``desk.send_digests``); how many."""
    from iecommons.desk.services import digests_send

    return digests_send()
