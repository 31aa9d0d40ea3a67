"""Who may do what in assessment, over the world: cycles, experts, values, results."""

from __future__ import annotations

from iecommons.assessment.models import AssessmentCycle, Publication, RectificationTask
from iecommons.authz import assessment as rules
from iecommons.registry.models import Region
from tests.authz.conftest import (
    MANAGE_A,
    SUPERVISE_A,
    SUPERVISE_B,
    WITH_ROLE,
    AuthzWorld,
    mismatches,
)

EXPERTS = {"expert_assigned", "expert_unassigned"}
SUPERVISORS = {"operator", "national", "provincial", "city"}


def test_the_assessment_rules(authz_world: AuthzWorld) -> None:
    world = authz_world
    a, b = world.community_a, world.community_b
    cycle, national = world.cycle, world.national_cycle
    changzhou = a.region
    task = RectificationTask(community=a, cycle=national)
    table = [
        ("can_edit_frameworks", rules.can_edit_frameworks, SUPERVISORS),
        ("can_read_frameworks", rules.can_read_frameworks, WITH_ROLE),
        ("can_use_assessment", rules.can_use_assessment, WITH_ROLE | EXPERTS),
        ("can_open_cycle", rules.can_open_cycle, SUPERVISORS),
        (
            "can_open_cycle_for(national)",
            lambda u: rules.can_open_cycle_for(u, None),
            {
                "operator",
                "national",
            },
        ),
        (
            "can_open_cycle_for(Changzhou)",
            lambda u: rules.can_open_cycle_for(u, changzhou),
            SUPERVISORS,  # a provincial supervisor opens cycles for its cities too
        ),
        (
            "visible_jurisdictions ∋ Changzhou",
            lambda u: rules.visible_jurisdictions(
                u, Region.objects.filter(pk=changzhou.pk)
            ).exists(),
            {"provincial", "city"},  # national ones open national cycles
        ),
        # "Supervises this cycle", the one rule: the jurisdiction rule on the cycle's region.
        (
            "can_manage_cycle(Changzhou cycle)",
            lambda u: rules.can_manage_cycle(u, cycle),
            (SUPERVISORS),
        ),
        (
            "can_manage_cycle(national cycle)",
            lambda u: rules.can_manage_cycle(u, national),
            {
                "operator",
                "national",
            },
        ),
        ("can_run(Changzhou cycle)", lambda u: rules.can_run(u, cycle), SUPERVISORS),
        # Withdrawing a publication: the supervisors of its cycle, as for publishing.
        (
            "can_withdraw_publication(Changzhou cycle)",
            lambda u: rules.can_withdraw_publication(u, Publication(cycle=cycle)),
            SUPERVISORS,
        ),
        (
            "can_withdraw_publication(national cycle)",
            lambda u: rules.can_withdraw_publication(u, Publication(cycle=national)),
            {"operator", "national"},
        ),
        (
            "can_assign_experts(Changzhou cycle)",
            lambda u: rules.can_assign_experts(u, cycle),
            (SUPERVISORS),
        ),
        (
            "can_view_cycle(Changzhou cycle)",
            lambda u: rules.can_view_cycle(u, cycle),
            (SUPERVISORS | {"secretariat_a"} | EXPERTS),
        ),
        (
            "can_view_cycle(national cycle)",
            lambda u: rules.can_view_cycle(u, national),
            (SUPERVISORS | {"secretariat_a", "secretariat_b"}),
        ),
        (
            "visible_cycles ∋ Changzhou cycle",
            lambda u: rules.visible_cycles(u, AssessmentCycle.objects.filter(pk=cycle.pk)).exists(),
            SUPERVISORS | {"secretariat_a"} | EXPERTS,
        ),
        ("is_cycle_expert(Changzhou cycle)", lambda u: rules.is_cycle_expert(u, cycle), EXPERTS),
        ("can_judge(Changzhou cycle)", lambda u: rules.can_judge(u, cycle), EXPERTS),
        # Appointed experts see and review only the communities assigned to them.
        ("reviews(Changzhou cycle, A)", lambda u: rules.reviews(u, cycle, a), {"expert_assigned"}),
        ("reviews(national cycle, A)", lambda u: rules.reviews(u, national, a), set()),
        (
            "can_verify(Changzhou cycle, A)",
            lambda u: rules.can_verify(u, cycle, a),
            (SUPERVISORS | {"expert_assigned"}),
        ),
        (
            "can_score(Changzhou cycle, A)",
            lambda u: rules.can_score(u, cycle, a),
            {"expert_assigned"},
        ),
        (
            "can_view_community_data(Changzhou cycle, A)",
            lambda u: rules.can_view_community_data(u, cycle, a),
            MANAGE_A | {"expert_assigned"},
        ),
        (
            "can_view_community_data(Changzhou cycle, B)",
            lambda u: rules.can_view_community_data(u, cycle, b),
            set(),  # B is not in that cycle
        ),
        (
            "can_view_community_data(national cycle, B)",
            lambda u: rules.can_view_community_data(u, national, b),
            SUPERVISE_B | {"secretariat_b"},
        ),
        (
            "can_submit(Changzhou cycle, A)",
            lambda u: rules.can_submit(u, cycle, a),
            {
                "operator",
                "secretariat_a",
            },
        ),
        (
            "visible_cycle_communities(Changzhou cycle) ∋ A",
            lambda u: rules.visible_cycle_communities(u, cycle).filter(pk=a.pk).exists(),
            MANAGE_A | {"expert_assigned"},
        ),
        (
            "can_verify_in_cycle(Changzhou cycle)",
            lambda u: rules.can_verify_in_cycle(u, cycle),
            SUPERVISORS | EXPERTS,
        ),
        (
            "can_manage_surveys(national cycle)",
            lambda u: rules.can_manage_surveys(u, national),
            {
                "operator",
                "national",
            },
        ),
        ("can_see_unpublished(A)", lambda u: rules.can_see_unpublished(u, a), MANAGE_A),
        ("can_complete(task of A)", lambda u: rules.can_complete(u, task), MANAGE_A),
        (
            "visible_tasks(tasks of A) — as a filter",
            lambda u: (
                rules.visible_tasks(u, RectificationTask.objects.none()).exists()
                or (rules.can_see_task(u, task))
            ),
            MANAGE_A,
        ),
        (
            "is_recused(member_rep_a as an expert, A)",
            lambda u: rules.is_recused(u, a),
            {"member_rep_a"},
        ),
    ]
    assert mismatches(world, table) == []
    assert SUPERVISE_A == SUPERVISORS
