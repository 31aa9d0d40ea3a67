"""Who may see and change joint projects, accounts and commitments, over the world."""

from __future__ import annotations

import datetime

from iecommons.authz import projects as rules
from iecommons.projects.models import Participant, Project
from iecommons.registry.models import Membership
from tests.authz.conftest import EVERYONE, MANAGE_A, PRIVATE_A, AuthzWorld, mismatches

WRITE_A = {"operator", "secretariat_a", "member_rep_a"}


def _project(world: AuthzWorld, **fields) -> Project:  # type: ignore[no-untyped-def]
    project = Project.objects.create(
        community=world.community_a,
        title=fields.pop("title", "联合研发项目"),
        type=Project.Type.JOINT_RD,
        start=datetime.date(2025, 1, 1),
        **fields,
    )
    Participant.objects.create(project=project, organization=world.org_a)
    return project


def test_the_projects_rules(authz_world: AuthzWorld) -> None:
    world = authz_world
    a = world.community_a
    private = _project(world)
    public = _project(world, title="公开项目", visibility=Project.Visibility.PUBLIC)
    membership = Membership.objects.get(community=a, organization=world.org_a)
    table = [
        (
            "can_see_community_projects(A)",
            lambda u: rules.can_see_community_projects(u, a),
            (PRIVATE_A),
        ),
        ("can_create_project(A)", lambda u: rules.can_create_project(u, a), WRITE_A),
        ("can_view_project(private)", lambda u: rules.can_view_project(u, private), PRIVATE_A),
        ("can_view_project(public)", lambda u: rules.can_view_project(u, public), EVERYONE),
        ("can_edit_project(org_a's)", lambda u: rules.can_edit_project(u, private), WRITE_A),
        (
            "visible_projects ∋ private",
            lambda u: rules.visible_projects(u, Project.objects.filter(pk=private.pk)).exists(),
            PRIVATE_A,
        ),
        (
            "visible_projects ∋ public",
            lambda u: rules.visible_projects(u, Project.objects.filter(pk=public.pk)).exists(),
            EVERYONE,
        ),
        (
            "can_see_account(org_a)",
            lambda u: rules.can_see_account(u, world.org_a),
            MANAGE_A | {"member_rep_a"},
        ),
        ("can_manage_commitments(A)", lambda u: rules.can_manage_commitments(u, a), MANAGE_A),
        (
            "can_record_fulfilment(org_a in A)",
            lambda u: rules.can_record_fulfilment(u, membership),
            MANAGE_A | {"member_rep_a"},
        ),
    ]
    assert mismatches(world, table) == []
