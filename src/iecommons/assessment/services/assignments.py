"""Which communities each appointed expert reviews in a cycle: assigned in bulk by the
cycle's supervisor, never a community the expert's own organisation is a member of."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from iecommons.assessment.models import AssessmentCycle, CycleExpert, ExpertAssignment
from iecommons.authz import assessment as rules
from iecommons.authz.scope import forget_scope, require
from iecommons.common import audit
from iecommons.common.services import refuse
from iecommons.registry.models import Community


def _distinct(items: Iterable[Any]) -> list[Any]:
    return list({item.pk: item for item in items}.values())


@transaction.atomic
def expert_assignments_create(
    *, actor: Any, cycle: AssessmentCycle, experts: Iterable[Any], communities: Iterable[Community]
) -> list[ExpertAssignment]:
    """Assign every one of ``communities`` to every one of ``experts`` (those already
    assigned are kept). Refused as a whole, naming the expert or the community, when an
    expert is not appointed to the cycle, a community is not in it, or an organisation the
    expert represents is an active member of a community (recusal)."""
    require(rules.can_assign_experts(actor, cycle))
    chosen_experts = _distinct(experts)
    chosen_communities = _distinct(communities)
    if not chosen_experts:
        raise refuse("experts", _("Choose at least one expert."))
    if not chosen_communities:
        raise refuse("communities", _("Choose at least one community."))
    appointed = set(
        CycleExpert.objects.filter(cycle=cycle, user__in=chosen_experts).values_list(
            "user_id", flat=True
        )
    )
    for expert in chosen_experts:
        if expert.pk not in appointed:
            raise refuse(
                "experts",
                _("%(expert)s is not appointed to this cycle; appoint the expert first.")
                % {"expert": expert},
            )
    in_cycle = set(
        cycle.communities.filter(pk__in=[c.pk for c in chosen_communities]).values_list(
            "pk", flat=True
        )
    )
    for community in chosen_communities:
        if community.pk not in in_cycle:
            raise refuse(
                "communities",
                _("“%(community)s” is not in this cycle.") % {"community": community},
            )
    for expert in chosen_experts:
        for community in chosen_communities:
            if rules.is_recused(expert, community):
                raise refuse(
                    "communities",
                    _(
                        "%(expert)s may not review “%(community)s”: an organisation the "
                        "expert represents is a member of it."
                    )
                    % {"expert": expert, "community": community},
                )
    existing = set(
        ExpertAssignment.objects.filter(
            cycle=cycle, expert__in=chosen_experts, community__in=chosen_communities
        ).values_list("expert_id", "community_id")
    )
    created = ExpertAssignment.objects.bulk_create(
        [
            ExpertAssignment(cycle=cycle, expert=expert, community=community, assigned_by=actor)
            for expert in chosen_experts
            for community in chosen_communities
            if (expert.pk, community.pk) not in existing
        ]
    )
    for assignment in created:
        audit.record(actor=actor, instance=assignment, operation="expert_assignment_create")
    for expert in chosen_experts:
        forget_scope(expert)
    return created


@transaction.atomic
def expert_assignment_remove(*, actor: Any, assignment: ExpertAssignment) -> None:
    """Take a community back from an expert; the values it already verified stay verified."""
    require(rules.can_assign_experts(actor, assignment.cycle))
    before = audit.snapshot(assignment)
    audit.record(
        actor=actor,
        instance=assignment,
        operation="expert_assignment_remove",
        before=before,
        deleted=True,
    )
    assignment.delete()
    forget_scope(assignment.expert)
