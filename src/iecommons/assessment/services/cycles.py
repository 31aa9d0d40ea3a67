"""Cycle writes: open a cycle (its derived values are computed after commit, in the
background), close it, appoint experts, choose weighting."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.accounts import selectors as account_selectors
from iecommons.assessment import tasks
from iecommons.assessment.models import (
    AssessmentCycle,
    CycleExpert,
    Indicator,
    IndicatorFramework,
    IndicatorValue,
    WeightingChoice,
)
from iecommons.assessment.services.frameworks import framework_freeze
from iecommons.authz import assessment as rules
from iecommons.authz.scope import forget_scope, require
from iecommons.common import audit, notifications
from iecommons.common.services import refuse
from iecommons.registry.models import Community, Region


def leaf_indicators(framework: IndicatorFramework) -> list[Indicator]:
    """The indicators of a framework that carry values, in display order."""
    return list(
        Indicator.objects.filter(framework=framework, parent__isnull=False)
        .select_related("parent")
        .order_by("parent__order", "order", "code")
    )


@transaction.atomic
def cycle_open(
    *,
    actor: Any,
    name: str,
    year: int,
    period_start: datetime.date,
    period_end: datetime.date,
    framework: IndicatorFramework,
    communities: Iterable[Community],
    submission_deadline: datetime.date,
    verification_deadline: datetime.date,
    judgment_deadline: datetime.date,
    jurisdiction: Region | None = None,
    name_en: str = "",
) -> AssessmentCycle:
    """Open a cycle: freeze the framework, put the communities in scope and give each a
    ``missing`` value per indicator (the status board). Derived values are computed by
    :func:`iecommons.assessment.tasks.compute_derived_for_cycle`, enqueued after commit."""
    require(rules.can_open_cycle(actor))
    if not rules.can_open_cycle_for(actor, jurisdiction):
        if jurisdiction is None:
            raise refuse("jurisdiction", _("Choose the region of your jurisdiction."))
        raise refuse("jurisdiction", _("This region is not in your jurisdiction."))
    if not name.strip():
        raise refuse("name", _("Give the cycle a name."))
    if period_end < period_start:
        raise refuse("period_end", _("The period cannot end before it starts."))
    if not period_end <= submission_deadline <= verification_deadline:
        raise refuse(
            "verification_deadline",
            _("Deadlines follow the period: submission, then verification."),
        )
    if not framework.indicators.filter(parent__isnull=False).exists():
        raise refuse("framework", _("This framework has no indicators yet."))
    chosen = list(communities)
    if not chosen:
        raise refuse("communities", _("Choose at least one community."))
    for community in chosen:
        if not rules.can_include_community(actor, community):
            raise refuse(
                "communities",
                _("“%(community)s” is not in your jurisdiction.") % {"community": community},
            )
    cycle = AssessmentCycle.objects.create(
        name=name.strip(),
        name_en=name_en.strip(),
        year=year,
        period_start=period_start,
        period_end=period_end,
        framework=framework,
        jurisdiction=jurisdiction,
        submission_deadline=submission_deadline,
        verification_deadline=verification_deadline,
        judgment_deadline=judgment_deadline,
        created_by=actor,
    )
    cycle.communities.set(chosen)
    framework_freeze(framework=framework)
    WeightingChoice.objects.create(cycle=cycle, chosen_by=actor)
    leaves = leaf_indicators(framework)
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(cycle=cycle, community=community, indicator=indicator)
            for community in chosen
            for indicator in leaves
        ],
        batch_size=2000,
    )
    audit.record(actor=actor, instance=cycle, operation="cycle_open")
    notifications.notify(
        recipients=account_selectors.secretariat_users(community.pk for community in chosen),
        subject=_("Assessment cycle opened: %(name)s") % {"name": cycle.name},
        body=_("Submit your community's data by %(deadline)s.")
        % {"deadline": cycle.submission_deadline.isoformat()},
        link=reverse("assessment:cycle_detail", kwargs={"pk": cycle.pk}),
    )
    transaction.on_commit(lambda: _enqueue_derived(cycle.pk))
    return cycle


def _enqueue_derived(cycle_id: int) -> None:
    tasks.compute_derived_for_cycle.enqueue(cycle_id)


@transaction.atomic
def cycle_close(*, actor: Any, cycle: AssessmentCycle) -> AssessmentCycle:
    require(rules.can_manage_cycle(actor, cycle))
    before = audit.snapshot(cycle)
    cycle.status = AssessmentCycle.Status.CLOSED
    cycle.closed_at = timezone.now()
    cycle.save(update_fields=["status", "closed_at"])
    audit.record(actor=actor, instance=cycle, operation="cycle_close", before=before)
    return cycle


@transaction.atomic
def cycle_expert_appoint(*, actor: Any, cycle: AssessmentCycle, user: Any) -> CycleExpert:
    require(rules.can_manage_cycle(actor, cycle))
    if CycleExpert.objects.filter(cycle=cycle, user=user).exists():
        raise refuse("user", _("This expert is already appointed to the cycle."))
    appointment = CycleExpert.objects.create(cycle=cycle, user=user, appointed_by=actor)
    audit.record(actor=actor, instance=appointment, operation="cycle_expert_appoint")
    forget_scope(user)
    return appointment


@transaction.atomic
def weighting_choose(
    *,
    actor: Any,
    cycle: AssessmentCycle,
    method: str,
    objective_method: str,
    combination: str,
    alpha: float,
    group_aggregation: str,
) -> WeightingChoice:
    """The supervisor's choice of how subjective and objective weights combine."""
    require(rules.can_manage_cycle(actor, cycle))
    if not 0.0 <= alpha <= 1.0:
        raise refuse("alpha", _("Alpha must be between 0 and 1."))
    choice, _created = WeightingChoice.objects.get_or_create(cycle=cycle)
    before = audit.snapshot(choice)
    for name, allowed, given in (
        ("method", WeightingChoice.Method.values, method),
        ("objective_method", WeightingChoice.Objective.values, objective_method),
        ("combination", WeightingChoice.Combination.values, combination),
        ("group_aggregation", WeightingChoice.Aggregation.values, group_aggregation),
    ):
        if given not in allowed:
            raise refuse(name, _("Choose one of the offered options."))
        setattr(choice, name, given)
    choice.alpha = alpha
    choice.chosen_by = actor
    choice.save()
    audit.record(actor=actor, instance=choice, operation="weighting_choose", before=before)
    return choice
