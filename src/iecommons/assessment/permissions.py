"""Who may do what in assessment: the one place for each rule, built on
:mod:`iecommons.accounts.scope`.

- Frameworks: supervisors (and operators) edit them; anyone with a role reads them.
- A cycle belongs to the jurisdiction of the supervisor who opened it (none: national).
  Its supervisors are the national supervisors and those whose regions include it.
- A secretariat sees and submits only its own community's values.
- Experts (of a community in the cycle, or appointed to the cycle) judge weights and
  verify values; supervisors of the cycle or of the community verify too.
- Member representatives answer the surveys they are invited to; nobody sees who
  answered what (responses carry only a token).
- Runs: the supervisors of the cycle start and publish them and read the results table
  (each seeing its own jurisdiction's rows).
- One community's result: its supervisors and its secretariat at once; everyone else only
  after the run is published.
- Rectification tasks: raised by the supervisors of the run's cycle, completed by the
  community's secretariat (or its supervisors).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from iecommons.accounts import scope
from iecommons.assessment.models import (
    AssessmentCycle,
    CycleExpert,
    EvaluationRun,
    Publication,
    RectificationTask,
    SurveyInvitation,
)
from iecommons.registry.models import Community


def can_edit_frameworks(user: Any) -> bool:
    found = scope.scope_for(user)
    return found.is_operator or found.is_supervisor


def can_read_frameworks(user: Any) -> bool:
    return not scope.scope_for(user).is_anonymous


def can_use_assessment(user: Any) -> bool:
    """Anyone with a role, or appointed as an expert to some cycle."""
    if not scope.scope_for(user).is_anonymous:
        return True
    return (
        getattr(user, "is_authenticated", False) and CycleExpert.objects.filter(user=user).exists()
    )


def can_open_cycle(user: Any) -> bool:
    return can_edit_frameworks(user)


def can_manage_cycle(user: Any, cycle: AssessmentCycle) -> bool:
    """Supervisors of the cycle's jurisdiction (national ones for national cycles)."""
    found = scope.scope_for(user)
    if found.is_operator or found.national_supervisor:
        return True
    return cycle.jurisdiction_id is not None and (
        cycle.jurisdiction_id in found.supervised_region_ids
    )


def is_cycle_expert(user: Any, cycle: AssessmentCycle) -> bool:
    """Appointed to the cycle, or an expert of one of its communities."""
    if not getattr(user, "is_authenticated", False):
        return False
    found = scope.scope_for(user)
    if (
        found.expert_community_ids
        and cycle.communities.filter(pk__in=found.expert_community_ids).exists()
    ):
        return True
    return CycleExpert.objects.filter(cycle=cycle, user=user).exists()


def can_judge(user: Any, cycle: AssessmentCycle) -> bool:
    return cycle.status == AssessmentCycle.Status.OPEN and is_cycle_expert(user, cycle)


def in_cycle(cycle: AssessmentCycle, community: Community) -> bool:
    return cycle.communities.filter(pk=community.pk).exists()


def can_view_community_data(user: Any, cycle: AssessmentCycle, community: Community) -> bool:
    """The community's values and evidence in the cycle."""
    if not in_cycle(cycle, community):
        return False
    found = scope.scope_for(user)
    if community.pk in found.secretariat_community_ids:
        return True
    return can_verify(user, cycle, community)


def can_submit(user: Any, cycle: AssessmentCycle, community: Community) -> bool:
    """Only the community's own secretariat (or an operator) submits its values."""
    found = scope.scope_for(user)
    return (
        cycle.status == AssessmentCycle.Status.OPEN
        and (found.is_operator or community.pk in found.secretariat_community_ids)
        and in_cycle(cycle, community)
    )


def can_verify(user: Any, cycle: AssessmentCycle, community: Community) -> bool:
    found = scope.scope_for(user)
    if found.is_operator or can_manage_cycle(user, cycle) or scope.can_supervise(user, community):
        return True
    if community.pk in found.expert_community_ids:
        return True
    return (
        getattr(user, "is_authenticated", False)
        and CycleExpert.objects.filter(cycle=cycle, user=user).exists()
    )


def can_verify_in_cycle(user: Any, cycle: AssessmentCycle) -> bool:
    """May verify the values of at least one community of the cycle."""
    if can_manage_cycle(user, cycle) or is_cycle_expert(user, cycle):
        return True
    found = scope.scope_for(user)
    return (
        bool(found.supervised_region_ids)
        and scope.supervised_communities(user, cycle.communities.all()).exists()
    )


def can_view_cycle(user: Any, cycle: AssessmentCycle) -> bool:
    return visible_cycles(user).filter(pk=cycle.pk).exists()


def visible_cycles(user: Any) -> QuerySet[AssessmentCycle]:
    """Cycles the user manages, or in which it has a community to run, verify or judge."""
    cycles = AssessmentCycle.objects.all()
    found = scope.scope_for(user)
    if found.is_operator or found.national_supervisor:
        return cycles
    if not getattr(user, "is_authenticated", False):
        return cycles.none()
    condition = Q(jurisdiction_id__in=found.supervised_region_ids)
    condition |= Q(experts__user=user)
    communities = found.secretariat_community_ids | found.expert_community_ids
    if communities:
        condition |= Q(communities__in=communities)
    if found.supervised_region_ids:
        supervised = scope.supervised_communities(user, Community.objects.all())
        condition |= Q(communities__in=supervised)
    return cycles.filter(condition).distinct()


def cycle_communities_for(user: Any, cycle: AssessmentCycle) -> QuerySet[Community]:
    """The communities of the cycle whose data the user may see."""
    communities = cycle.communities.all()
    found = scope.scope_for(user)
    if can_manage_cycle(user, cycle):
        return communities
    if CycleExpert.objects.filter(cycle=cycle, user=user).exists():
        return communities
    condition = Q(pk__in=found.secretariat_community_ids | found.expert_community_ids)
    if found.supervised_region_ids:
        condition |= Q(pk__in=scope.supervised_communities(user, Community.objects.all()))
    return communities.filter(condition)


def can_manage_surveys(user: Any, cycle: AssessmentCycle) -> bool:
    return can_manage_cycle(user, cycle)


def can_see_survey_results(user: Any, cycle: AssessmentCycle, community: Community) -> bool:
    """Aggregates only (rate, alpha, means): never who answered."""
    return can_view_community_data(user, cycle, community)


def can_respond(user: Any, invitation: SurveyInvitation) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and invitation.user_id == user.pk
        and invitation.survey.accepts_answers
    )


# --- runs and results -----------------------------------------------------------------------


def can_supervise_cycle(user: Any, cycle: AssessmentCycle) -> bool:
    """Operators and national supervisors; a regional supervisor for the cycles opened in
    its jurisdiction."""
    user_scope = scope.scope_for(user)
    if user_scope.is_operator or user_scope.national_supervisor:
        return True
    return cycle.jurisdiction_id is not None and (
        cycle.jurisdiction_id in user_scope.supervised_region_ids
    )


def can_run(user: Any, cycle: AssessmentCycle) -> bool:
    """Supervisors of the cycle start and publish runs: the one rule, asked everywhere."""
    return can_supervise_cycle(user, cycle)


def is_published(run: EvaluationRun) -> bool:
    """Whether the run's grades are published (read once per run object)."""
    cached = getattr(run, "_is_published", None)
    if cached is None:
        cached = Publication.objects.filter(run_id=run.pk).exists()
        run._is_published = cached  # type: ignore[attr-defined]
    return bool(cached)


def can_see_table(user: Any, run: EvaluationRun) -> bool:
    """The supervisors of the cycle (each sees its own jurisdiction's rows)."""
    return can_supervise_cycle(user, run.cycle)


def can_see_result(user: Any, run: EvaluationRun, community: Community) -> bool:
    """Its supervisors and its secretariat; anyone once the run is published."""
    if scope.can_supervise(user, community):
        return True
    if community.pk in scope.scope_for(user).secretariat_community_ids:
        return True
    return is_published(run)


def can_see_unpublished(user: Any, community: Community) -> bool:
    return scope.can_supervise(user, community) or (
        community.pk in scope.scope_for(user).secretariat_community_ids
    )


# --- rectification --------------------------------------------------------------------------


def can_generate(user: Any, run: EvaluationRun) -> bool:
    return can_supervise_cycle(user, run.cycle)


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
        .select_related("community", "cycle", "indicator")
        .order_by("status", "deadline", "pk")
    )


def snapshot_copy(user: Any, run: EvaluationRun) -> str | None:
    """Which copy of a run's snapshot ``user`` may download: ``"full"`` for the run's
    supervisors, ``"public"`` (confidential values left out) for anyone once the run is
    published, otherwise none."""
    if can_run(user, run.cycle):
        return "full"
    if is_published(run):
        return "public"
    return None
