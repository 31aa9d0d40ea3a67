"""Who may do what in assessment: one function per rule, built on the predicates.

- Frameworks: supervisors (and operators) edit them; anyone with a role reads them.
- A cycle is opened for a jurisdiction (none: national). Its supervisors — who manage it,
  its surveys, its runs and its rectification — are the supervisors of that jurisdiction
  by the rule of :mod:`iecommons.authz`: a provincial supervisor supervises a cycle opened
  for its province or for one of its cities.
- A secretariat sees and submits only its own community's values.
- Experts: one appointed to a cycle judges its weights, and sees and reviews (values,
  evidence, verification, scores) only the communities **assigned** to it in that cycle;
  a community's own experts (an expert role in it) review that community in its cycles.
  The cycle's supervisor assigns communities, never one in which an organisation the
  expert represents is an active member (recusal).
- Supervisors of a community verify its values too.
- Member representatives answer the surveys they are invited to; nobody sees who
  answered what (responses carry only a token).
- One community's result: its supervisors and its secretariat at once; everyone else only
  after the run is published (by a publication not withdrawn). The results table: the
  cycle's supervisors and the regional supervisors of the communities it covers, each with
  the rows of its own communities. The cycle's supervisors publish and withdraw.
- Rectification tasks: raised by the supervisors of the run's cycle, completed by the
  community's managers (its secretariat or its supervisors).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from iecommons.assessment.models import AssessmentCycle, Publication
from iecommons.authz import registry
from iecommons.authz.scope import (
    assigned_community_ids,
    expert_communities_q,
    has_role,
    is_active_member_rep_in,
    is_appointed_expert,
    is_appointed_to,
    is_expert_in,
    is_national_supervisor,
    is_secretariat_of,
    is_signed_in,
    is_supervisor,
    secretariat_communities_q,
    supervised_communities_q,
    supervised_regions_q,
    supervises,
    supervises_jurisdiction,
)

if TYPE_CHECKING:
    from iecommons.assessment.models import EvaluationRun, RectificationTask, SurveyInvitation
    from iecommons.registry.models import Community, Region


# --- frameworks and cycles -------------------------------------------------------------------


def can_edit_frameworks(user: Any) -> bool:
    return is_supervisor(user)


def can_read_frameworks(user: Any) -> bool:
    return has_role(user)


def can_use_assessment(user: Any) -> bool:
    """Anyone with a role, or appointed as an expert to some cycle."""
    return has_role(user) or is_appointed_expert(user)


def can_open_cycle(user: Any) -> bool:
    return is_supervisor(user)


def can_open_cycle_for(user: Any, jurisdiction: Region | None) -> bool:
    """A cycle for this jurisdiction (``None``: national) would be ``user``'s to supervise."""
    return supervises_jurisdiction(user, jurisdiction)


def visible_jurisdictions(user: Any, queryset: QuerySet[Region]) -> QuerySet[Region]:
    """The regions of ``queryset`` a regional supervisor may open a cycle for (its province
    or city, and a province's cities); national supervisors open national cycles."""
    condition = supervised_regions_q(user)
    if condition is None:
        return queryset.none()
    return queryset.filter(condition)


def can_include_community(user: Any, community: Community) -> bool:
    """A cycle takes only communities its opener supervises."""
    return supervises(user, community)


def can_manage_cycle(user: Any, cycle: AssessmentCycle) -> bool:
    """Supervises this cycle: the one rule for its surveys, experts, runs and tasks."""
    return supervises_jurisdiction(user, cycle.jurisdiction)


def can_view_cycle(user: Any, cycle: AssessmentCycle) -> bool:
    return visible_cycles(user, AssessmentCycle.objects.filter(pk=cycle.pk)).exists()


def visible_cycles(user: Any, queryset: QuerySet[AssessmentCycle]) -> QuerySet[AssessmentCycle]:
    """Cycles the user supervises, or in which it has a community to run, verify or judge."""
    if is_national_supervisor(user):
        return queryset
    if not is_signed_in(user):
        return queryset.none()
    condition = Q(experts__user=user)
    jurisdictions = supervised_regions_q(user, "jurisdiction__")
    if jurisdictions is not None:
        condition |= jurisdictions
    secretariat = secretariat_communities_q(user, "communities__pk")
    if secretariat is not None:
        condition |= secretariat
    condition |= expert_communities_q(user, "communities__pk")
    supervised = supervised_communities_q(user, "communities__")
    if supervised is not None:
        condition |= supervised
    return queryset.filter(condition).distinct()


# --- experts ---------------------------------------------------------------------------------


def is_cycle_expert(user: Any, cycle: AssessmentCycle) -> bool:
    """Appointed to the cycle, or an expert of one of its communities."""
    if is_appointed_to(user, cycle):
        return True
    return cycle.communities.filter(expert_communities_q(user)).exists()


def can_judge(user: Any, cycle: AssessmentCycle) -> bool:
    return cycle.status == cycle.Status.OPEN and is_cycle_expert(user, cycle)


def reviews(user: Any, cycle: AssessmentCycle, community: Community) -> bool:
    """``community`` is assigned to ``user`` in ``cycle``, or ``user`` is one of its experts."""
    return community.pk in assigned_community_ids(user, cycle) or is_expert_in(user, community)


def can_assign_experts(user: Any, cycle: AssessmentCycle) -> bool:
    return can_manage_cycle(user, cycle)


def is_recused(expert: Any, community: Community) -> bool:
    """An expert never reviews a community in which an organisation it represents (its own
    organisation) is an active member."""
    return is_active_member_rep_in(expert, community)


# --- values and evidence ---------------------------------------------------------------------


def _in_cycle(cycle: AssessmentCycle, community: Community) -> bool:
    return cycle.communities.filter(pk=community.pk).exists()


def can_verify(user: Any, cycle: AssessmentCycle, community: Community) -> bool:
    """Verify (and, for an expert, score) the community's values in the cycle."""
    return (
        can_manage_cycle(user, cycle)
        or supervises(user, community)
        or reviews(user, cycle, community)
    )


def can_view_community_data(user: Any, cycle: AssessmentCycle, community: Community) -> bool:
    """The community's values and evidence in the cycle."""
    if not _in_cycle(cycle, community):
        return False
    return is_secretariat_of(user, community) or can_verify(user, cycle, community)


def can_submit(user: Any, cycle: AssessmentCycle, community: Community) -> bool:
    """Only the community's own secretariat (or an operator) submits its values."""
    return (
        cycle.status == cycle.Status.OPEN
        and is_secretariat_of(user, community)
        and _in_cycle(cycle, community)
    )


def can_score(user: Any, cycle: AssessmentCycle, community: Community) -> bool:
    """While the cycle is open, an expert of it scores the expert-sourced indicators of a
    community it may verify."""
    return (
        cycle.status == cycle.Status.OPEN
        and is_cycle_expert(user, cycle)
        and can_verify(user, cycle, community)
    )


def can_verify_in_cycle(user: Any, cycle: AssessmentCycle) -> bool:
    """May open the cycle's verification queue (it lists only what ``user`` may verify)."""
    if can_manage_cycle(user, cycle) or is_cycle_expert(user, cycle):
        return True
    supervised = supervised_communities_q(user)
    return supervised is not None and cycle.communities.filter(supervised).exists()


def visible_cycle_communities(user: Any, cycle: AssessmentCycle) -> QuerySet[Community]:
    """The communities of the cycle whose data ``user`` may see."""
    communities = cycle.communities.all()
    if can_manage_cycle(user, cycle):
        return communities
    supervised = supervised_communities_q(user)
    secretariat = secretariat_communities_q(user)
    if supervised is None or secretariat is None:
        return communities
    return communities.filter(
        supervised
        | secretariat
        | expert_communities_q(user)
        | Q(pk__in=assigned_community_ids(user, cycle))
    )


# --- surveys ---------------------------------------------------------------------------------


def can_manage_surveys(user: Any, cycle: AssessmentCycle) -> bool:
    return can_manage_cycle(user, cycle)


def can_see_survey_results(user: Any, cycle: AssessmentCycle, community: Community) -> bool:
    """Aggregates only (rate, alpha, means): never who answered."""
    return can_view_community_data(user, cycle, community)


def can_respond(user: Any, invitation: SurveyInvitation) -> bool:
    return (
        is_signed_in(user) and invitation.user_id == user.pk and invitation.survey.accepts_answers
    )


# --- runs and results ------------------------------------------------------------------------


def can_run(user: Any, cycle: AssessmentCycle) -> bool:
    """Supervisors of the cycle start and publish runs."""
    return can_manage_cycle(user, cycle)


def can_see_table(user: Any, run: EvaluationRun) -> bool:
    """The supervisors of the cycle, and a regional supervisor of a community the cycle
    covers (a national cycle over its province); each sees its own jurisdiction's rows."""
    if can_manage_cycle(user, run.cycle):
        return True
    return registry.visible_supervised_communities(user, run.cycle.communities.all()).exists()


def can_see_unpublished(user: Any, community: Community) -> bool:
    """A community's results before publication: its supervisors and its secretariat."""
    return supervises(user, community) or is_secretariat_of(user, community)


def is_published(run: EvaluationRun) -> bool:
    """Whether the run's grades are published (by a publication not withdrawn), the fact
    the result rule turns on (read once per run object)."""
    cached = getattr(run, "_is_published", None)
    if cached is None:
        cached = Publication.objects.current().filter(run_id=run.pk).exists()
        run._is_published = cached  # type: ignore[attr-defined]
    return bool(cached)


def can_see_result(user: Any, run: EvaluationRun, community: Community) -> bool:
    """Its supervisors and its secretariat; anyone once the run is published."""
    return can_see_unpublished(user, community) or is_published(run)


def can_withdraw_publication(user: Any, publication: Publication) -> bool:
    """The supervisors of the publication's cycle (who published it) withdraw it."""
    return can_manage_cycle(user, publication.cycle)


# --- rectification ---------------------------------------------------------------------------


def can_generate(user: Any, run: EvaluationRun) -> bool:
    return can_manage_cycle(user, run.cycle)


def can_complete(user: Any, task: RectificationTask) -> bool:
    """The community's secretariat does the work; its supervisors may close it too."""
    return registry.can_manage(user, task.community)


def can_see_task(user: Any, task: RectificationTask) -> bool:
    return can_complete(user, task)


def visible_tasks(user: Any, queryset: QuerySet[RectificationTask]) -> QuerySet[RectificationTask]:
    """Tasks of the communities the user manages (as secretariat or supervisor)."""
    supervised = supervised_communities_q(user, "community__")
    secretariat = secretariat_communities_q(user, "community_id")
    if supervised is None or secretariat is None:
        return queryset
    return queryset.filter(supervised | secretariat)


def snapshot_copy(user: Any, run: EvaluationRun) -> str | None:
    """Which copy of a run's snapshot ``user`` may download: ``"full"`` for the run's
    supervisors, ``"public"`` (confidential values left out) for anyone once the run is
    published, otherwise none."""
    if can_run(user, run.cycle):
        return "full"
    if is_published(run):
        return "public"
    return None
