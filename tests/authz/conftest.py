"""The world of the authorization tables: twelve named people and what they act on.

People (``PEOPLE``, in the order the tables read them):

- ``operator`` — a superuser; ``national`` — national supervisor;
- ``provincial`` — supervisor of Jiangsu; ``city`` — supervisor of Changzhou (in Jiangsu);
- ``secretariat_a`` / ``secretariat_b`` — run community A / B;
- ``member_rep_a`` — represents ``org_a``, an active member of A (and owner of its lab);
- ``former_rep`` — represents ``org_former``, which left A;
- ``expert_assigned`` — appointed to ``cycle`` and assigned A in it;
- ``expert_unassigned`` — appointed to ``cycle``, assigned nothing;
- ``outsider`` — signed in, no role; ``anonymous`` — not signed in.

Community A is municipal, seated in Changzhou (Jiangsu); B is provincial, in Shenzhen
(Guangdong). ``cycle`` is open, opened for the city of Changzhou over A;
``national_cycle`` is open, national, over A and B.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from iecommons.accounts.models import Role
from iecommons.assessment.models import AssessmentCycle, CycleExpert, ExpertAssignment
from iecommons.assessment.services.frameworks import default_framework_load
from iecommons.authz.scope import forget_scope
from iecommons.registry.models import Community
from tests.factories import (
    CommunityFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    city,
    grant,
    province,
    shenzhen,
)

PEOPLE = (
    "operator",
    "national",
    "provincial",
    "city",
    "secretariat_a",
    "secretariat_b",
    "member_rep_a",
    "former_rep",
    "expert_assigned",
    "expert_unassigned",
    "outsider",
    "anonymous",
)

#: Supervisors of community A (municipal, Changzhou) and of B (provincial, Guangdong).
SUPERVISE_A = {"operator", "national", "provincial", "city"}
SUPERVISE_B = {"operator", "national"}
MANAGE_A = SUPERVISE_A | {"secretariat_a"}
MANAGE_B = SUPERVISE_B | {"secretariat_b"}
#: Who sees A's private records: its managers, its active member's rep and (read only)
#: the expert assigned to it in an open cycle.
PRIVATE_A = MANAGE_A | {"member_rep_a", "expert_assigned"}
PRIVATE_B = MANAGE_B
WITH_ROLE = {
    "operator",
    "national",
    "provincial",
    "city",
    "secretariat_a",
    "secretariat_b",
    "member_rep_a",
    "former_rep",
}
SIGNED_IN = set(PEOPLE) - {"anonymous"}
EVERYONE = set(PEOPLE)


@dataclass
class AuthzWorld:
    people: dict[str, Any]
    community_a: Community
    community_b: Community
    org_a: Any
    org_b: Any
    org_former: Any
    cycle: AssessmentCycle
    national_cycle: AssessmentCycle

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["people"][name]
        except KeyError:
            raise AttributeError(name) from None


def _cycle(framework: Any, name: str, jurisdiction: Any, communities: list[Community], by: Any):
    cycle = AssessmentCycle.objects.create(
        name=name,
        year=2025,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        framework=framework,
        jurisdiction=jurisdiction,
        submission_deadline=datetime.date(2026, 2, 28),
        verification_deadline=datetime.date(2026, 3, 31),
        judgment_deadline=datetime.date(2026, 3, 31),
        created_by=by,
    )
    cycle.communities.set(communities)
    return cycle


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def authz_world(db: None) -> AuthzWorld:
    changzhou, jiangsu = city(), province()
    community_a = CommunityFactory(
        name="甲共同体", name_en="Community A", level=Community.Level.MUNICIPAL, region=changzhou
    )
    community_b = CommunityFactory(name="乙共同体", name_en="Community B", region=shenzhen())
    org_a = MembershipFactory(
        community=community_a, organization=OrganizationFactory()
    ).organization
    org_b = MembershipFactory(community=community_b).organization
    org_former = MembershipFactory(
        community=community_a, left=datetime.date(2024, 6, 30), left_reason="退出"
    ).organization
    people: dict[str, Any] = {name: UserFactory(username=name) for name in PEOPLE[:-1]}
    people["anonymous"] = AnonymousUser()
    people["operator"].is_superuser = people["operator"].is_staff = True
    people["operator"].save(update_fields=["is_superuser", "is_staff"])
    grant(people["national"], Role.SUPERVISOR)
    grant(people["provincial"], Role.SUPERVISOR, region=jiangsu)
    grant(people["city"], Role.SUPERVISOR, region=changzhou)
    grant(people["secretariat_a"], Role.SECRETARIAT, community=community_a)
    grant(people["secretariat_b"], Role.SECRETARIAT, community=community_b)
    grant(people["member_rep_a"], Role.MEMBER, organization=org_a)
    grant(people["former_rep"], Role.MEMBER, organization=org_former)
    framework = default_framework_load()
    cycle = _cycle(framework, "常州市 2025 年度评价", changzhou, [community_a], people["city"])
    national_cycle = _cycle(
        framework, "全国 2025 年度评价", None, [community_a, community_b], people["national"]
    )
    for expert in ("expert_assigned", "expert_unassigned"):
        CycleExpert.objects.create(cycle=cycle, user=people[expert])
    ExpertAssignment.objects.create(
        cycle=cycle, expert=people["expert_assigned"], community=community_a
    )
    community_a.refresh_from_db()
    community_b.refresh_from_db()
    return AuthzWorld(
        people=people,
        community_a=community_a,
        community_b=community_b,
        org_a=org_a,
        org_b=org_b,
        org_former=org_former,
        cycle=cycle,
        national_cycle=national_cycle,
    )


Rule = Callable[[Any], bool]


def mismatches(world: AuthzWorld, table: Iterable[tuple[str, Rule, set[str]]]) -> list[str]:
    """Every ``(rule, person) -> expected`` of ``table`` that does not hold.

    A row names a rule on an object, the rule applied to a person, and the people for whom
    it holds; it must be false for everyone else. Each person's cached scope is dropped
    before the row, so a row never leans on the one before it."""
    wrong = []
    for name, rule, allowed in table:
        unknown = allowed - EVERYONE
        assert not unknown, (name, unknown)
        for person in PEOPLE:
            user = world.people[person]
            forget_scope(user)
            got = bool(rule(user))
            if got != (person in allowed):
                wrong.append(f"{name}: {person} expected {person in allowed}, got {got}")
    return wrong
