"""Periodic jobs: each runs once per period, however many workers watch the clock.

``settings.PERIODIC_JOBS`` names each job with the task it enqueues and its period::

    PERIODIC_JOBS = {
        "assessment.close_surveys": {"task": "iecommons.assessment.tasks.close_due_surveys",
                                     "every": "day", "at": "00:10"},
        "collaboration.escalate_bookings": {"task": "...", "every": "hour", "at": ":05"},
    }

``every`` is ``"hour"`` (``at`` the minute, ``":MM"``), ``"day"`` (``"HH:MM"``) or
``"week"`` (``"HH:MM"`` on Mondays), in the platform's time zone. :func:`schedule_due`
enqueues each job whose current period has begun and has no :class:`ScheduledRun` yet; the
row is unique per job and period, so the job is enqueued once per period even when two
workers call it at the same instant. A period missed while no worker ran is not made up
later: the next call enqueues the current period only (every periodic job here looks at
what is due *now*, so one run catches up). ``db_worker`` calls it beside its job sweep.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from iecommons.common.models import ScheduledRun

logger = logging.getLogger(__name__)

EVERY = ("hour", "day", "week")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: str
    every: str
    hour: int
    minute: int

    def period_start(self, now: datetime.datetime) -> datetime.datetime:
        """The start of the period ``now`` is in (local time), as an aware datetime."""
        local = timezone.localtime(now)
        start = local.replace(minute=self.minute, second=0, microsecond=0)
        if self.every == "hour":
            return start if start <= local else start - datetime.timedelta(hours=1)
        start = start.replace(hour=self.hour)
        if self.every == "week":
            start -= datetime.timedelta(days=start.weekday())
            step = datetime.timedelta(days=7)
        else:
            step = datetime.timedelta(days=1)
        while start > local:
            start -= step
        return start


def _parse(name: str, entry: Any) -> PeriodicJob:
    def refuse(what: str) -> ImproperlyConfigured:
        return ImproperlyConfigured(f"PERIODIC_JOBS[{name!r}]: {what}")

    if not isinstance(entry, dict) or not isinstance(entry.get("task"), str):
        raise refuse('expected {"task": "dotted.path", "every": "hour|day|week", "at": ...}')
    every = entry.get("every", "day")
    if every not in EVERY:
        raise refuse(f"'every' is {every!r}; expected one of {', '.join(EVERY)}")
    at = str(entry.get("at", ":00" if every == "hour" else "00:00"))
    hours, _, minutes = at.partition(":")
    try:
        hour = int(hours) if hours else 0
        minute = int(minutes)
    except ValueError:
        raise refuse(f"'at' is {at!r}; expected HH:MM (or :MM for an hourly job)") from None
    if not (0 <= hour < 24 and 0 <= minute < 60) or (every == "hour" and hours):
        raise refuse(f"'at' is {at!r}; expected HH:MM (or :MM for an hourly job)")
    return PeriodicJob(name=name, task=entry["task"], every=every, hour=hour, minute=minute)


def periodic_jobs() -> list[PeriodicJob]:
    """The jobs of ``settings.PERIODIC_JOBS``, checked."""
    configured = getattr(settings, "PERIODIC_JOBS", {}) or {}
    return [_parse(name, entry) for name, entry in sorted(configured.items())]


def schedule_due(*, now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every periodic job whose current period has no run yet; the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in periodic_jobs():
        start = job.period_start(now)
        if ScheduledRun.objects.filter(job=job.name, period_start=start).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, period_start=start)
                result = import_string(job.task).enqueue()
                run.task_result_id = str(result.id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # another worker enqueued this period a moment ago
        logger.info("periodic job %s enqueued for the period from %s", job.name, start)
        enqueued.append(job.name)
    return enqueued


def schedule_table(*, now: datetime.datetime | None = None) -> list[dict[str, Any]]:
    """Each job with its period, its current period's start and its last run."""
    now = now or timezone.now()
    rows = []
    for job in periodic_jobs():
        last = ScheduledRun.objects.filter(job=job.name).order_by("-period_start").first()
        rows.append(
            {
                "job": job.name,
                "task": job.task,
                "every": job.every,
                "at": f":{job.minute:02d}"
                if job.every == "hour"
                else f"{job.hour:02d}:{job.minute:02d}",
                "current_period": job.period_start(now),
                "last_run": last.period_start if last else None,
            }
        )
    return rows
