"""``db_worker``: django-tasks-db's worker, which also releases jobs whose worker died.

Beside the worker's own loop a thread runs :func:`iecommons.common.jobs.jobs_sweep` every
``JOB_SWEEP_SECONDS``, so that a job whose worker was killed is queued again or failed
within ``JOB_LEASE_SECONDS + JOB_SWEEP_SECONDS`` of its last heartbeat, as long as any worker
is running. The same thread enqueues the periodic jobs whose period has begun
(:func:`iecommons.common.schedule.schedule_due`, once per period however many workers run).
With ``--batch`` it sweeps once, before working through the queue; a host that runs jobs
by cron enqueues the periodic ones first with ``schedule --due``.

It takes the place of django-tasks-db's command of the same name because ``iecommons.common``
comes before ``django_tasks_db`` in ``INSTALLED_APPS``.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django_tasks_db.management.commands.db_worker import Command as TasksDbWorker

from iecommons.common.jobs import jobs_sweep
from iecommons.common.schedule import schedule_due

logger = logging.getLogger(__name__)


def _sweep_forever(stop: threading.Event) -> None:
    try:
        while True:
            try:
                jobs_sweep()
                schedule_due()
            except DatabaseError:
                logger.warning("the job sweep was skipped: the database is busy", exc_info=True)
            finally:
                connections.close_all()
            if stop.wait(settings.JOB_SWEEP_SECONDS):
                return
    except Exception:  # the worker keeps working; the next worker will sweep
        logger.exception("the job sweeper stopped")


class Command(TasksDbWorker):
    help = (
        "Run a database background worker; it also releases jobs whose worker stopped "
        "(queued again or failed, see iecommons.common.jobs)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("batch"):
            jobs_sweep()
            super().handle(*args, **options)
            return
        stop = threading.Event()
        sweeper = threading.Thread(target=_sweep_forever, args=(stop,), daemon=True)
        sweeper.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
