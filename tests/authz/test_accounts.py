"""Who may do what with accounts: tokens, invitations and role grants, over the world."""

from __future__ import annotations

import datetime

from django.utils import timezone

from iecommons.accounts.models import ApiToken, Role, RoleAssignment
from iecommons.authz import accounts as rules
from tests.authz.conftest import MANAGE_A, SIGNED_IN, SUPERVISE_A, AuthzWorld, mismatches


def test_the_accounts_rules(authz_world: AuthzWorld) -> None:
    world = authz_world
    token = ApiToken.objects.create(
        user=world.member_rep_a,
        name="script",
        prefix="abcdefgh",
        key_hash="x" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    secretariat_role = RoleAssignment.objects.get(user=world.secretariat_a, role=Role.SECRETARIAT)
    member_role = RoleAssignment.objects.get(user=world.member_rep_a, role=Role.MEMBER)
    a = world.community_a
    table = [
        ("can_create_token", rules.can_create_token, SIGNED_IN),
        (
            "can_revoke_token(member_rep_a's)",
            lambda u: rules.can_revoke_token(u, token),
            {"member_rep_a"},
        ),
        ("can_invite(A, member)", lambda u: rules.can_invite(u, a, Role.MEMBER), MANAGE_A),
        (
            "can_invite(A, secretariat)",
            lambda u: rules.can_invite(u, a, Role.SECRETARIAT),
            SUPERVISE_A,
        ),
        (
            "can_end_role(A's secretariat)",
            lambda u: rules.can_end_role(u, secretariat_role),
            (SUPERVISE_A),
        ),
        (
            "can_end_role(a member rep's)",
            lambda u: rules.can_end_role(u, member_role),
            {"operator"},
        ),
    ]
    assert mismatches(world, table) == []
