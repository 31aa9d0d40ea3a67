"""The named people of the permission tests, and the two communities they act in.

- ``operator``: a superuser (the Django admin);
- ``supervisor``: national supervisor; ``provincial_supervisor``: Jiangsu (province of
  community A); ``guangdong_supervisor``: another province;
- ``secretary``: secretariat of community A; ``outsider``: secretariat of community B;
- ``representative``: member representative of an organisation in A (not in B);
- ``expert``: expert of community A;
- ``stranger``: signed in, no role at all.
Community A is seated in Changzhou (Jiangsu), B in Shenzhen (Guangdong).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from iecommons.accounts.models import Role, User
from iecommons.registry.models import Community, Membership, Organization
from tests.factories import (
    CommunityFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    grant,
    shenzhen,
)

PASSWORD = "correct horse battery"


@dataclass
class World:
    community_a: Community
    community_b: Community
    member_a: Organization  # active member of A, represented by ``representative``
    member_b: Organization  # active member of B only
    membership_a: Membership
    operator: User
    supervisor: User
    provincial_supervisor: User
    guangdong_supervisor: User
    secretary: User
    outsider: User
    representative: User
    expert: User
    stranger: User


@pytest.fixture
def world(db: None) -> World:
    community_a = CommunityFactory(name="甲共同体", name_en="Community A")
    community_b = CommunityFactory(name="乙共同体", name_en="Community B", region=shenzhen())
    membership_a = MembershipFactory(community=community_a)
    member_b = MembershipFactory(community=community_b).organization
    operator = UserFactory(username="operator", is_superuser=True, is_staff=True)
    supervisor = UserFactory(username="supervisor")
    grant(supervisor, Role.SUPERVISOR)
    provincial = UserFactory(username="jiangsu")
    grant(provincial, Role.SUPERVISOR, region=community_a.province)
    guangdong = UserFactory(username="guangdong")
    grant(guangdong, Role.SUPERVISOR, region=community_b.province)
    secretary = UserFactory(username="secretary")
    grant(secretary, Role.SECRETARIAT, community=community_a)
    outsider = UserFactory(username="outsider")
    grant(outsider, Role.SECRETARIAT, community=community_b)
    representative = UserFactory(username="representative")
    grant(representative, Role.MEMBER, organization=membership_a.organization)
    expert = UserFactory(username="expert")
    grant(expert, Role.EXPERT, community=community_a)
    stranger = UserFactory(username="stranger")
    community_a.refresh_from_db()
    community_b.refresh_from_db()
    return World(
        community_a=community_a,
        community_b=community_b,
        member_a=membership_a.organization,
        member_b=member_b,
        membership_a=membership_a,
        operator=operator,
        supervisor=supervisor,
        provincial_supervisor=provincial,
        guangdong_supervisor=guangdong,
        secretary=secretary,
        outsider=outsider,
        representative=representative,
        expert=expert,
        stranger=stranger,
    )


@pytest.fixture
def unrelated_organization(db: None) -> Organization:
    return OrganizationFactory(name="无关企业有限公司")
