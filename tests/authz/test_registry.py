"""Who may do what in the registry, over the world: one row per rule and object."""

from __future__ import annotations

from iecommons.authz import registry as rules
from iecommons.registry.models import Community, Region
from tests.authz.conftest import (
    MANAGE_A,
    MANAGE_B,
    PRIVATE_A,
    PRIVATE_B,
    SUPERVISE_A,
    SUPERVISE_B,
    WITH_ROLE,
    AuthzWorld,
    mismatches,
)

SUPERVISORS = {"operator", "national", "provincial", "city"}


def test_the_registry_rules(authz_world: AuthzWorld) -> None:
    world = authz_world
    a, b = world.community_a, world.community_b
    changzhou = a.region

    def seat_a(u):
        return rules.can_register_community(
            u, level="municipal", region_id=changzhou.pk, province_id=a.province_id
        )

    table = [
        ("can_supervise(A)", lambda u: rules.can_supervise(u, a), SUPERVISE_A),
        ("can_supervise(B)", lambda u: rules.can_supervise(u, b), SUPERVISE_B),
        ("can_manage(A)", lambda u: rules.can_manage(u, a), MANAGE_A),
        ("can_manage(B)", lambda u: rules.can_manage(u, b), MANAGE_B),
        ("can_appoint_secretariat(A)", lambda u: rules.can_appoint_secretariat(u, a), SUPERVISE_A),
        ("can_see_private(A)", lambda u: rules.can_see_private(u, a), PRIVATE_A),
        ("can_see_private(B)", lambda u: rules.can_see_private(u, b), PRIVATE_B),
        (
            "visible_private_communities ∋ A",
            lambda u: rules.visible_private_communities(
                u, Community.objects.filter(pk=a.pk)
            ).exists(),
            PRIVATE_A,
        ),
        (
            "visible_managed_communities ∋ A",
            lambda u: rules.visible_managed_communities(
                u, Community.objects.filter(pk=a.pk)
            ).exists(),
            MANAGE_A,
        ),
        (
            "visible_supervised_communities ∋ B",
            lambda u: rules.visible_supervised_communities(
                u, Community.objects.filter(pk=b.pk)
            ).exists(),
            SUPERVISE_B,
        ),
        (
            "can_edit_organization(org_a)",
            lambda u: rules.can_edit_organization(u, world.org_a),
            SUPERVISE_A | {"member_rep_a"},
        ),
        (
            "can_edit_organization(org_former)",
            lambda u: rules.can_edit_organization(u, world.org_former),
            SUPERVISE_A | {"former_rep"},  # a supervisor corrects a past member's record too
        ),
        ("can_register_communities", rules.can_register_communities, SUPERVISORS),
        ("can_register_national", rules.can_register_national, {"operator", "national"}),
        ("can_register_community(municipal, Changzhou)", seat_a, SUPERVISORS),
        ("can_register_organization", rules.can_register_organization, WITH_ROLE),
        (
            "can_use_management",
            rules.can_use_management,
            SUPERVISORS | {"secretariat_a", "secretariat_b"},
        ),
        (
            "visible_seat_regions ∋ Changzhou",
            lambda u: rules.visible_seat_regions(
                u, Region.objects.filter(pk=changzhou.pk)
            ).exists(),
            SUPERVISORS,
        ),
    ]
    assert mismatches(world, table) == []
