"""Keeping the open-data package current: a publication (or a withdrawal) newer than the
latest release queues a rebuild, once (a short cache lock keeps concurrent visitors from
queueing twice)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from iecommons.assessment.models import Publication
from iecommons.oversight.models import OpenDataRelease

LOCK_KEY = "open-data:rebuild-queued"
LOCK_SECONDS = 600


def is_stale() -> bool:
    """No release yet, or a publication made or withdrawn after the latest one."""
    latest = OpenDataRelease.objects.order_by("-version").first()
    if latest is None:
        return True
    return Publication.objects.filter(
        Q(published_at__gt=latest.created_at) | Q(withdrawn_at__gt=latest.created_at)
    ).exists()


def open_data_refresh_if_stale() -> bool:
    """Queue a rebuild when the package is behind the publications; True if queued."""
    if not is_stale() or not cache.add(LOCK_KEY, True, LOCK_SECONDS):
        return False
    from iecommons.oversight.tasks import build_open_data

    transaction.on_commit(lambda: build_open_data.enqueue("after a publication"))
    return True
