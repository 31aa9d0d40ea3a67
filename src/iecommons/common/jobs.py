"""Background jobs that survive their worker: a lease with a heartbeat, a sweeper, cancel.

django-tasks' database backend marks a task row RUNNING when a worker claims it, and
finished when the function returns. A worker killed in between (SIGKILL, out of memory, a
power cut) leaves the row RUNNING for ever, and whatever the job was working on with it.
A job that matters therefore runs under a :class:`~iecommons.common.models.JobLease`:

1. :func:`job_enqueue` (after commit) queues the task and makes its lease, keyed by the job's
   subject (``"assessment.run:12"``), naming the function to call if the job is lost.
2. The task body takes the lease, ``with job_lease(context, key) as lease:``. A thread beats
   the heartbeat every ``JOB_LEASE_SECONDS / 6`` while the job works; the job calls
   ``lease.check()`` between its steps (a beat that also raises :class:`JobCancelledError`
   once someone asked to cancel) and ``lease.hold()`` inside its final write's transaction
   (the row locked, still held, not cancelled), so that a job whose lease was given away
   writes nothing.
3. :func:`jobs_sweep` finds running leases whose heartbeat is older than
   ``JOB_LEASE_SECONDS``, and queued leases whose task a worker claimed that long ago without
   taking the lease: their worker is gone. The task row is marked failed; the job is queued
   again if it has attempts left, and otherwise the lease ends as lost; either way its
   ``on_lost`` function is called with the reason, so the subject never stays "running".

``db_worker`` (``common/management/commands/db_worker.py``) runs the sweeper beside its loop
every ``JOB_SWEEP_SECONDS``; pages about a job's subject call :func:`jobs_sweep_due`.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from iecommons.common.models import JobLease

logger = logging.getLogger(__name__)

#: The task row's status values (django-tasks' ``TaskResultStatus``), as stored.
_TASK_RUNNING = "RUNNING"
_TASK_FAILED = "FAILED"
_TASK_FINISHED = ("SUCCESSFUL", "FAILED")


class JobCancelledError(Exception):
    """Someone asked to cancel this job; it stops at its next step and writes nothing."""


class LeaseLostError(Exception):
    """The sweeper gave this job away (its heartbeat was missed): it must write nothing."""


class JobBusyError(Exception):
    """Another worker holds the lease of this job and is alive."""


def _lease_seconds() -> int:
    return int(settings.JOB_LEASE_SECONDS)


def job_enqueue(
    task: Any, *args: Any, key: str, on_lost: str = "", max_attempts: int = 2
) -> JobLease:
    """Queue ``task(*args)`` under a lease keyed ``key``; call after commit.

    ``on_lost``: the dotted path of ``function(*args, reason=str, retrying=bool)``, called
    when the worker was lost (``retrying``: the job was queued again).
    """
    if JobLease.objects.filter(key=key, state=JobLease.State.RUNNING).exists():
        raise JobBusyError(key)
    result = task.enqueue(*args)
    now = timezone.now()
    lease, _created = JobLease.objects.update_or_create(
        key=key,
        defaults={
            "task_path": task.module_path,
            "args": list(args),
            "on_lost": on_lost,
            "state": JobLease.State.QUEUED,
            "holder": "",
            "task_result_id": str(result.id),
            "attempts": 0,
            "max_attempts": max_attempts,
            "enqueued_at": now,
            "started_at": None,
            "heartbeat_at": None,
            "ended_at": None,
            "cancel_requested_at": None,
            "reason": "",
        },
    )
    return lease


def job_cancel(*, key: str) -> bool:
    """Ask the job ``key`` to stop at its next step; False if it is not queued or running."""
    return bool(
        JobLease.objects.filter(
            key=key, state__in=[JobLease.State.QUEUED, JobLease.State.RUNNING]
        ).update(cancel_requested_at=timezone.now())
    )


class Lease:
    """A lease held by the running job; see the module's docstring."""

    def __init__(self, row: JobLease) -> None:
        self.row = row
        self._cancelled = threading.Event()
        self._lost = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def attempt(self) -> int:
        return self.row.attempts

    def _beat(self) -> None:
        """One heartbeat, noting whether the lease is still ours and whether to cancel."""
        held = JobLease.objects.filter(pk=self.row.pk, holder=self.row.holder).update(
            heartbeat_at=timezone.now()
        )
        if not held:
            self._lost.set()
            return
        if JobLease.objects.filter(pk=self.row.pk, cancel_requested_at__isnull=False).exists():
            self._cancelled.set()

    def _raise_if_over(self) -> None:
        if self._lost.is_set():
            raise LeaseLostError(self.row.key)
        if self._cancelled.is_set():
            raise JobCancelledError(self.row.key)

    def check(self) -> None:
        """A step boundary: beat, then stop if cancelled or given away."""
        self._beat()
        self._raise_if_over()

    def hold(self) -> None:
        """Inside the final write's transaction: lock the lease and make sure it is ours."""
        row = JobLease.objects.select_for_update().filter(pk=self.row.pk).first()
        if row is None or row.holder != self.row.holder:
            raise LeaseLostError(self.row.key)
        if row.cancel_requested_at is not None:
            raise JobCancelledError(self.row.key)

    def _start_heartbeat(self) -> None:
        # Another thread has another connection: it cannot see rows of an open transaction
        # (a caller's atomic block, a test's), so there the job beats at its steps only.
        if connection.in_atomic_block:
            return
        self._thread = threading.Thread(
            target=self._heartbeat_loop, name=f"heartbeat {self.row.key}", daemon=True
        )
        self._thread.start()

    def _heartbeat_loop(self) -> None:
        interval = max(1.0, _lease_seconds() / 6)
        try:
            while not self._stop.wait(interval):
                try:
                    self._beat()
                except DatabaseError:
                    # A busy database: the next beat will do; the lease has slack for it.
                    logger.warning("heartbeat of %s missed", self.row.key, exc_info=True)
                if self._lost.is_set():
                    return
        finally:
            connections.close_all()  # this thread's own connections

    def _stop_heartbeat(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _end(self, state: str, reason: str = "") -> None:
        JobLease.objects.filter(pk=self.row.pk, holder=self.row.holder).update(
            state=state, ended_at=timezone.now(), reason=reason[:2000]
        )


_ENDED = (
    JobLease.State.DONE,
    JobLease.State.FAILED,
    JobLease.State.CANCELLED,
    JobLease.State.LOST,
)


def _take(
    key: str,
    task_result_id: str,
    task_path: str,
    args: Sequence[Any],
    *,
    on_lost: str,
    max_attempts: int,
) -> JobLease:
    now = timezone.now()
    stale_before = now - datetime.timedelta(seconds=_lease_seconds())
    with transaction.atomic():
        row = JobLease.objects.select_for_update().filter(key=key).first()
        if row is None:
            row = JobLease(
                key=key,
                task_path=task_path,
                args=list(args),
                on_lost=on_lost,
                max_attempts=max_attempts,
                enqueued_at=now,
            )
        elif row.state in _ENDED:
            # The same subject's next job (derived values computed again): a fresh count.
            row.attempts = 0
            row.cancel_requested_at = None
            row.reason = ""
            row.enqueued_at = now
        elif (
            row.state == JobLease.State.RUNNING
            and row.heartbeat_at is not None
            and row.heartbeat_at >= stale_before
            and row.task_result_id != task_result_id
        ):
            raise JobBusyError(key)
        row.state = JobLease.State.RUNNING
        row.holder = uuid.uuid4().hex
        row.task_result_id = task_result_id
        row.attempts += 1
        row.started_at = now
        row.heartbeat_at = now
        row.ended_at = None
        row.save()
    return row


@contextlib.contextmanager
def job_lease(
    context: Any,
    key: str,
    *,
    args: Sequence[Any] = (),
    on_lost: str = "",
    max_attempts: int = 2,
) -> Iterator[Lease]:
    """Hold the lease of job ``key`` while the body runs (``context``: the task's context).

    A job queued with :func:`job_enqueue` finds its lease made; any other makes it here
    (``args``, ``on_lost`` and ``max_attempts`` as for :func:`job_enqueue`). A second job of
    the same key while the first is alive raises :class:`JobBusyError`.

    The lease ends done when the body returns, cancelled on :class:`JobCancelledError`
    (which the body may let through: it is not re-raised), failed on any other error
    (re-raised); a lost lease is left to the sweeper.
    """
    task_result = context.task_result
    lease = Lease(
        _take(
            key,
            str(task_result.id),
            task_result.task.module_path,
            args,
            on_lost=on_lost,
            max_attempts=max_attempts,
        )
    )
    lease._start_heartbeat()
    try:
        yield lease
    except JobCancelledError:
        lease._stop_heartbeat()
        lease._end(JobLease.State.CANCELLED, "cancel requested")
    except LeaseLostError:
        lease._stop_heartbeat()
        raise
    except BaseException as error:
        lease._stop_heartbeat()
        lease._end(JobLease.State.FAILED, f"{type(error).__name__}: {error}")
        raise
    else:
        lease._stop_heartbeat()
        lease._end(JobLease.State.DONE)


def _lost_reason(row: JobLease, since: datetime.datetime | None) -> str:
    seen = timezone.localtime(since).strftime("%Y-%m-%d %H:%M:%S") if since else "never"
    return (
        f"The worker running this job stopped (attempt {row.attempts} of {row.max_attempts}; "
        f"last heartbeat {seen}; lease {_lease_seconds()} s)."
    )


def _notify(row: JobLease, *, reason: str, retrying: bool) -> None:
    if not row.on_lost:
        return
    handler: Callable[..., Any] = import_string(row.on_lost)
    try:
        handler(*row.args, reason=reason, retrying=retrying)
    except Exception:  # one subject's handler must not stop the sweep of the others
        logger.exception("the lost-job handler of %s failed", row.key)


def _release(row: JobLease, reason: str) -> bool:
    """Fail the task row, then queue the job again or end it lost. True if queued again."""
    DBTaskResult.objects.filter(pk=row.task_result_id, status=_TASK_RUNNING).update(
        status=_TASK_FAILED,
        finished_at=timezone.now(),
        exception_class_path="iecommons.common.jobs.LeaseLostError",
        traceback=reason,
    )
    retrying = row.attempts < row.max_attempts and row.cancel_requested_at is None
    if retrying:
        task = import_string(row.task_path)
        result = task.enqueue(*row.args)
        row.state = JobLease.State.QUEUED
        row.task_result_id = str(result.id)
        row.enqueued_at = timezone.now()
    else:
        row.state = JobLease.State.LOST
        row.ended_at = timezone.now()
    row.holder = ""
    row.heartbeat_at = None
    row.reason = reason
    row.save()
    return retrying


def jobs_sweep(*, now: datetime.datetime | None = None) -> list[str]:
    """Release every job whose worker is gone; return their keys (see the module docstring)."""
    now = now or timezone.now()
    stale_before = now - datetime.timedelta(seconds=_lease_seconds())
    released: list[tuple[JobLease, str, bool]] = []
    with transaction.atomic():
        silent = list(
            JobLease.objects.select_for_update(skip_locked=True).filter(
                state=JobLease.State.RUNNING, heartbeat_at__lt=stale_before
            )
        )
        queued = JobLease.objects.select_for_update(skip_locked=True).filter(
            state=JobLease.State.QUEUED
        )
        claimed = {
            str(pk): (status, started)
            for pk, status, started in DBTaskResult.objects.filter(
                pk__in=[row.task_result_id for row in queued if row.task_result_id]
            ).values_list("pk", "status", "started_at")
        }
        for row in queued:
            status, started = claimed.get(row.task_result_id, ("", None))
            if status == _TASK_RUNNING and started is not None and started < stale_before:
                silent.append(row)  # claimed, but the lease never taken: died at once
            elif status in _TASK_FINISHED:
                # The task ended without taking its lease (it could not even start).
                row.state = JobLease.State.FAILED
                row.ended_at = now
                row.reason = "The task ended before it took its lease."
                row.save(update_fields=["state", "ended_at", "reason"])
                released.append((row, row.reason, False))
        for row in silent:
            reason = _lost_reason(row, row.heartbeat_at)
            released.append((row, reason, _release(row, reason)))
    # Subjects are told after commit, each in its own transaction.
    for row, reason, retrying in released:
        _notify(row, reason=reason, retrying=retrying)
    if released:
        logger.warning("released %d lost job(s): %s", len(released), [r.key for r, *_ in released])
    return [row.key for row, *_ in released]


_last_sweep = 0.0
_sweep_lock = threading.Lock()
#: How often a page load may sweep, per process.
PAGE_SWEEP_SECONDS = 15.0


def jobs_sweep_due() -> None:
    """Sweep if this process has not in the last few seconds (cheap enough for a page)."""
    global _last_sweep
    with _sweep_lock:
        if time.monotonic() - _last_sweep < PAGE_SWEEP_SECONDS:
            return
        _last_sweep = time.monotonic()
    try:
        jobs_sweep()
    except DatabaseError:
        logger.warning("the job sweep was skipped: the database is busy", exc_info=True)
