"""The feedback loop: rectification tasks from each community's weakest indicators.

A task names one indicator on which the community lies furthest below its peers (the
largest weighted gap to the peer median, as the run computed it), is assigned to the
community's secretariat with a deadline, and is completed with evidence. A later cycle
shows whether the indicator moved.
"""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.accounts import scope
from iecommons.accounts.models import Role, RoleAssignment
from iecommons.assessment import snapshots
from iecommons.assessment.models import EvaluationRun, RectificationTask, Result
from iecommons.common import audit
from iecommons.common.notifications import notify
from iecommons.common.services import refuse
from iecommons.registry.models import Community

#: Evidence files: what a secretariat may upload, and how large.
EVIDENCE_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".zip")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_TOP = 3
DEFAULT_DAYS = 180


def can_generate(user: Any, run: EvaluationRun) -> bool:
    return snapshots.can_supervise_cycle(user, run.cycle)


def can_complete(user: Any, task: RectificationTask) -> bool:
    """The community's secretariat does the work; its supervisors may close it too."""
    return task.community_id in scope.scope_for(user).secretariat_community_ids or (
        scope.can_supervise(user, task.community)
    )


def can_see_task(user: Any, task: RectificationTask) -> bool:
    return can_complete(user, task)


def visible_tasks(user: Any) -> QuerySet[RectificationTask]:
    """Tasks of the communities the user manages (as secretariat or supervisor)."""
    communities = scope.managed_communities(user, Community.objects.all())
    return (
        RectificationTask.objects.filter(community__in=communities)
        .select_related("community", "run", "run__cycle")
        .order_by("status", "deadline", "pk")
    )


def overdue(queryset: QuerySet[RectificationTask]) -> QuerySet[RectificationTask]:
    return queryset.filter(
        status=RectificationTask.Status.OPEN, deadline__lt=timezone.localdate()
    )


@transaction.atomic
def rectification_generate(
    *,
    actor: Any,
    run: EvaluationRun,
    top: int = DEFAULT_TOP,
    deadline: datetime.date | None = None,
    communities: list[Community] | None = None,
) -> list[RectificationTask]:
    """One task per weak indicator (gap to the peer median above zero), the ``top`` largest
    per community; a task that exists already for the run is not made twice."""
    scope.require(can_generate(actor, run))
    if run.status != EvaluationRun.Status.DONE:
        raise refuse("run", _("Tasks come from a finished run."))
    if not 1 <= top <= 10:
        raise refuse("top", _("Choose between 1 and 10 indicators per community."))
    deadline = deadline or timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS)
    if deadline <= timezone.localdate():
        raise refuse("deadline", _("The deadline must be in the future."))
    results = Result.objects.filter(run=run).select_related("community")
    if communities is not None:
        results = results.filter(community__in=communities)
    existing = set(
        RectificationTask.objects.filter(run=run).values_list("community_id", "indicator_code")
    )
    names = snapshots.indicator_names(run)
    tasks: list[RectificationTask] = []
    for result in results:
        weak = [w for w in result.weaknesses if w["gap_to_median"] > 0][:top]
        for weakness in weak:
            key = (result.community_id, weakness["indicator"])
            if key in existing:
                continue
            tasks.append(
                RectificationTask(
                    run=run,
                    community_id=result.community_id,
                    indicator_code=weakness["indicator"],
                    indicator_name=names.get(weakness["indicator"], weakness["indicator"])[:200],
                    value_before=weakness["value"],
                    peer_median=weakness["peer_median"],
                    gap=weakness["gap_to_median"],
                    deadline=deadline,
                    status=RectificationTask.Status.OPEN,
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
            )
    created = RectificationTask.objects.bulk_create(tasks, batch_size=500)
    if created:
        audit.record(actor=actor, instance=run, operation="rectification_generate", before={})
        _notify_secretariats(created)
    return created


def _notify_secretariats(tasks: list[RectificationTask]) -> None:
    by_community: dict[int, int] = {}
    for task in tasks:
        by_community[task.community_id] = by_community.get(task.community_id, 0) + 1
    assignments = RoleAssignment.objects.filter(
        role=Role.SECRETARIAT, ended_at__isnull=True, community_id__in=list(by_community)
    ).select_related("user")
    for assignment in assignments:
        count = by_community[assignment.community_id or 0]
        notify(
            recipients=[assignment.user],
            subject=_("%(count)d rectification task(s) for your community") % {"count": count},
            link="/assessment/rectification/",
            email=False,
        )


def evidence_problem(upload: UploadedFile | None) -> str | None:
    """What is wrong with an evidence file, or None."""
    if upload is None:
        return str(_("Attach a file as evidence."))
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in EVIDENCE_EXTENSIONS:
        return str(
            _("A %(extension)s file is not accepted; use one of %(allowed)s.")
            % {"extension": extension or "?", "allowed": ", ".join(EVIDENCE_EXTENSIONS)}
        )
    if (upload.size or 0) > EVIDENCE_MAX_BYTES:
        return str(
            _("The file is %(size).1f MB; the limit is %(limit)d MB.")
            % {"size": (upload.size or 0) / 1024 / 1024, "limit": EVIDENCE_MAX_BYTES // 1024 // 1024}
        )
    if (upload.size or 0) == 0:
        return str(_("The file is empty."))
    return None


@transaction.atomic
def rectification_complete(
    *, actor: Any, task: RectificationTask, evidence: UploadedFile | None, note: str = ""
) -> RectificationTask:
    """Close a task with the evidence of what was done."""
    scope.require(can_complete(actor, task))
    if task.status == RectificationTask.Status.DONE:
        raise refuse("task", _("This task is already completed."))
    problem = evidence_problem(evidence)
    if problem:
        raise refuse("evidence", problem)
    before = audit.snapshot(task)
    task.evidence = evidence
    task.note = (note or "").strip()[:1000]
    task.status = RectificationTask.Status.DONE
    task.completed_at = timezone.now()
    task.completed_by = actor if getattr(actor, "is_authenticated", False) else None
    task.save(update_fields=["evidence", "note", "status", "completed_at", "completed_by"])
    audit.record(actor=actor, instance=task, operation="rectification_complete", before=before)
    return task


@dataclasses.dataclass(frozen=True)
class Movement:
    before: float
    after: float
    cycle_name: str
    improved: bool
    unchanged: bool


def task_movement(task: RectificationTask) -> Movement | None:
    """The indicator's value in the first later cycle that has one: did it move?"""
    later = snapshots.later_value(task.run.cycle, task.community_id, task.indicator_code)
    if later is None:
        return None
    after, cycle_name = later
    cost = snapshots.indicator_is_cost(task.run, task.indicator_code)
    improved = after < task.value_before if cost else after > task.value_before
    return Movement(
        before=task.value_before,
        after=after,
        cycle_name=cycle_name,
        improved=improved,
        unchanged=after == task.value_before,
    )


def task_filter(
    queryset: QuerySet[RectificationTask], *, status: str = "", community: str = ""
) -> QuerySet[RectificationTask]:
    if status == "overdue":
        return overdue(queryset)
    if status:
        queryset = queryset.filter(status=status)
    if community.strip():
        text = community.strip()
        queryset = queryset.filter(
            Q(community__name__icontains=text) | Q(community__name_en__icontains=text)
        )
    return queryset
