"""Keeping the open-data package current: a publication newer than the latest release (a
run's grades, an item of the three lists, an award, a final demonstration list) or a
withdrawal of a run's grades queues a rebuild, once (a short cache lock keeps concurrent
visitors from queueing twice)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from iecommons.assessment.models import Publication
from iecommons.oversight.models import OpenDataRelease
from iecommons.policy.models import Application, DemonstrationSelection
from iecommons.talent.models import CoreProduct, TalentNeed, TechnologyNeed

LOCK_KEY = "open-data:rebuild-queued"
LOCK_SECONDS = 600


def is_stale() -> bool:
    """No release yet, or a publication made after the latest one: a run's grades (or
    their withdrawal), an item of the three lists, an award decided, or a demonstration
    list made final."""
    latest = OpenDataRelease.objects.order_by("-version").first()
    if latest is None:
        return True
    since = latest.created_at
    if Publication.objects.filter(Q(published_at__gt=since) | Q(withdrawn_at__gt=since)).exists():
        return True
    if any(
        model.objects.filter(published_at__gt=since).exists()
        for model in (TalentNeed, TechnologyNeed, CoreProduct)
    ):
        return True
    if DemonstrationSelection.objects.filter(finalised_at__gt=since).exists():
        return True
    return Application.objects.filter(
        status=Application.Status.AWARDED, decided_at__gt=since
    ).exists()


def open_data_refresh_if_stale() -> bool:
    """Queue a rebuild when the package is behind the publications; True if queued."""
    if not is_stale() or not cache.add(LOCK_KEY, True, LOCK_SECONDS):
        return False
    from iecommons.oversight.tasks import build_open_data

    transaction.on_commit(lambda: build_open_data.enqueue("after a publication"))
    return True
