"""The feedback loop: rectification tasks from each community's weakest indicators.

A task names one indicator on which the community lies furthest below its peers (the
largest weighted gap to the peer median, as the run computed it), is assigned to the
community's secretariat with a deadline, and is completed with evidence. A later cycle
shows whether the indicator moved.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.accounts import selectors as account_selectors
from iecommons.assessment.models import EvaluationRun, Indicator, RectificationTask, Result
from iecommons.assessment.selectors import grade_paths
from iecommons.assessment.selectors.rectification import new_weaknesses
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.notifications import notify
from iecommons.common.services import refuse
from iecommons.common.uploads import RECTIFICATION_EVIDENCE
from iecommons.registry.models import Community

# What a secretariat may upload as evidence is common.uploads.RECTIFICATION_EVIDENCE.
DEFAULT_TOP = 3
DEFAULT_DAYS = 180


def _secretariats(community_ids: list[int]) -> dict[int, list[Any]]:
    """Active secretariat users of each community, oldest assignment first."""
    users: dict[int, list[Any]] = {}
    assignments = account_selectors.secretariat_roles(community_ids).order_by("granted_at", "pk")
    for assignment in assignments:
        users.setdefault(assignment.community_id or 0, []).append(assignment.user)
    return users


def task_description(*, name: str, value: float, peer_median: float, unit: str) -> str:
    return _(
        "Raise “%(indicator)s” towards the peers: %(value).2f %(unit)s against a peer "
        "median of %(median).2f %(unit)s. Record what was done and attach the evidence."
    ) % {"indicator": name, "value": value, "median": peer_median, "unit": unit}


@transaction.atomic
def rectification_generate(
    *,
    actor: Any,
    run: EvaluationRun,
    top: int = DEFAULT_TOP,
    deadline: datetime.date | None = None,
    communities: list[Community] | None = None,
) -> list[RectificationTask]:
    """One task per weak indicator (below the peer median), the ``top`` largest weighted
    gaps per community, assigned to the community's secretariat. A task that exists
    already for the run is not made twice."""
    require(rules.can_generate(actor, run))
    if run.status != EvaluationRun.Status.DONE:
        raise refuse("run", _("Tasks come from a finished run."))
    if not 1 <= top <= 10:
        raise refuse("top", _("Choose between 1 and 10 indicators per community."))
    deadline = deadline or timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS)
    _check_deadline(deadline)
    if communities is not None:
        _check_in_run(run, communities, field="communities")
    return rectification_tasks_create(
        actor=actor, run=run, top=top, deadline=deadline, communities=communities, paths=True
    )


@transaction.atomic
def rectification_tasks_create(
    *,
    actor: Any,
    run: EvaluationRun,
    top: int,
    deadline: datetime.date,
    communities: list[Community] | None = None,
    paths: bool = False,
) -> list[RectificationTask]:
    """:func:`rectification_generate` without its checks (the demo seed's past cycles).
    With ``paths``, each task says what its indicator alone would need for the next grade
    (computed by the run's own scoring; the seed leaves it out to stay fast)."""
    results = Result.objects.filter(run=run).order_by("rank")
    if communities is not None:
        results = results.filter(community__in=communities)
    existing: dict[int, set[str]] = {}
    for community_id, code in RectificationTask.objects.filter(run=run).values_list(
        "community_id", "indicator__code"
    ):
        existing.setdefault(community_id, set()).add(code)
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(framework_id=run.framework_id)
    }
    rows = list(results.values_list("community_id", "weakest_indicators"))
    secretariats = _secretariats([community_id for community_id, _weak in rows])
    creator = actor if getattr(actor, "is_authenticated", False) else None
    tasks: list[RectificationTask] = []
    codes = set(indicators)
    for community_id, weakest in rows:
        raised = existing.get(community_id, set())
        for weakness in new_weaknesses(weakest, codes=codes, raised=raised, top=top):
            indicator = indicators[weakness["code"]]
            description = task_description(
                name=indicator.name,
                value=weakness["value"],
                peer_median=weakness["peer_median"],
                unit=indicator.unit_label,
            )
            if paths:
                phrase = grade_paths.task_path_phrase(run, community_id, indicator.code)
                description = f"{description} {phrase}".strip()
            tasks.append(
                RectificationTask(
                    community_id=community_id,
                    cycle_id=run.cycle_id,
                    run=run,
                    indicator=indicator,
                    description=description,
                    deadline=deadline,
                    assignee=next(iter(secretariats.get(community_id, [])), None),
                    status=RectificationTask.Status.OPEN,
                    baseline_value=weakness["value"],
                    peer_median=weakness["peer_median"],
                    created_by=creator,
                )
            )
    created = RectificationTask.objects.bulk_create(tasks, batch_size=500)
    for task in created:
        audit.record(actor=actor, instance=task, operation="rectification_generate")
    if created:
        _notify(created, secretariats)
    return created


def _check_deadline(deadline: datetime.date | None) -> None:
    if deadline is None:
        raise refuse("deadline", _("Give the deadline."))
    if deadline <= timezone.localdate():
        raise refuse(
            "deadline",
            _("The deadline must be in the future (after %(today)s).")
            % {"today": timezone.localdate().isoformat()},
        )


def _check_in_run(run: EvaluationRun, communities: list[Community], *, field: str) -> None:
    """Every community must have a result in the run; the refusal names those without."""
    if not communities:
        raise refuse(field, _("Choose at least one community."))
    evaluated = set(
        Result.objects.filter(run=run, community__in=communities).values_list(
            "community_id", flat=True
        )
    )
    outside = [str(community) for community in communities if community.pk not in evaluated]
    if outside:
        raise refuse(
            field,
            _("Not evaluated in run #%(run)d: %(communities)s.")
            % {"run": run.pk, "communities": "、".join(outside)},
        )


@transaction.atomic
def rectification_task_create(
    *,
    actor: Any,
    run: EvaluationRun,
    community: Community,
    indicator: Indicator,
    deadline: datetime.date | None,
    description: str = "",
) -> RectificationTask:
    """One task made by hand: a supervisor of the run's cycle asks one community of the
    run to work on one indicator of the run's framework. Without a description it gets the
    generated one (the community's value against the peer median, when the run has it)."""
    require(rules.can_generate(actor, run))
    if run.status != EvaluationRun.Status.DONE:
        raise refuse("run", _("Tasks come from a finished run."))
    _check_in_run(run, [community], field="community")
    if indicator.framework_id != run.framework_id:
        raise refuse("indicator", _("Choose an indicator of the run's framework."))
    _check_deadline(deadline)
    assert deadline is not None  # for mypy: _check_deadline refused None
    if RectificationTask.objects.filter(run=run, community=community, indicator=indicator).exists():
        raise refuse(
            "indicator",
            _("%(community)s already has a task on this indicator from this run.")
            % {"community": community},
        )
    weakest = Result.objects.values_list("weakest_indicators", flat=True).get(
        run=run, community=community
    )
    weakness = next((w for w in weakest if w.get("code") == indicator.code), None)
    text = (description or "").strip()
    if not text and weakness is not None:
        text = task_description(
            name=indicator.name,
            value=weakness["value"],
            peer_median=weakness["peer_median"],
            unit=indicator.unit_label,
        )
    if not text:
        raise refuse("description", _("Say what the community should do."))
    secretariats = _secretariats([community.pk])
    task = RectificationTask.objects.create(
        community=community,
        cycle_id=run.cycle_id,
        run=run,
        indicator=indicator,
        description=text[:4000],
        deadline=deadline,
        assignee=next(iter(secretariats.get(community.pk, [])), None),
        status=RectificationTask.Status.OPEN,
        baseline_value=weakness["value"] if weakness else None,
        peer_median=weakness["peer_median"] if weakness else None,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor=actor, instance=task, operation="rectification_task_create")
    _notify([task], secretariats)
    return task


def _notify(tasks: list[RectificationTask], secretariats: dict[int, list[Any]]) -> None:
    counts: dict[int, int] = {}
    for task in tasks:
        counts[task.community_id] = counts.get(task.community_id, 0) + 1
    link = reverse("assessment:rectification_list")
    for community_id, count in counts.items():
        notify(
            recipients=secretariats.get(community_id, []),
            subject=_("%(count)d rectification task(s) for your community") % {"count": count},
            body=_("They come from the latest evaluation: see what to improve and by when."),
            link=link,
            email=False,
        )


@transaction.atomic
def rectification_complete(
    *, actor: Any, task: RectificationTask, evidence: UploadedFile | None, note: str = ""
) -> RectificationTask:
    """Close a task with the evidence of what was done."""
    require(rules.can_complete(actor, task))
    if task.status == RectificationTask.Status.DONE:
        raise refuse("evidence", _("This task is already completed."))
    if evidence is None:
        raise refuse("evidence", _("Attach a file as evidence."))
    RECTIFICATION_EVIDENCE.check(evidence, field="evidence")
    before = audit.snapshot(task)
    task.evidence = evidence
    task.evidence_note = (note or "").strip()[:2000]
    task.status = RectificationTask.Status.DONE
    task.completed_at = timezone.now()
    task.save(update_fields=["evidence", "evidence_note", "status", "completed_at"])
    audit.record(actor=actor, instance=task, operation="rectification_complete", before=before)
    return task
