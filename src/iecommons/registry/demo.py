"""Deterministic demo data: the two national communities, 1,000+ regional ones, demo accounts.

``seed()`` fills an empty database in one transaction. The same ``seed`` value gives the
same rows in the same order (and so the same ids in a fresh database): all randomness
comes from one ``random.Random(seed)`` and every date is fixed, counted from
:data:`DEMO_TODAY`.

For speed, seeding bypasses the service layer: rows are built in memory as plain objects
with ids assigned up front, and written with parameterised multi-row INSERTs (model
instances and ``bulk_create`` cost four times as much here); PostgreSQL sequences are
reset afterwards. It therefore records **no audit entries** for seeded rows, and it trusts
its own data instead of running the services' validation (the tests check the result:
valid unique credit codes, one active membership per organisation and community, dates in
order; the database constraints still apply). Do not copy this pattern for user-facing
writes. Demo accounts are created through the ORM (``create_user``).

Numbers (``seed_demo`` with its defaults, 1,000 regional communities, measured on the
2-core machine): 1,002 communities, ~55,800 organisations, ~100,800 memberships of which
~6,900 ended and ~900 re-joins, ~27,000 council seats; about 14 s on SQLite and 34 s on
PostgreSQL.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iecommons.accounts.models import Role, RoleAssignment, User
from iecommons.registry.demo_seeder import (
    ACCOUNT_BODIES,
    DEFAULT_COMMUNITIES,
    DEFAULT_SEED,
    DEMO_TODAY,
    SMALL_COMMUNITIES,
    Seeder,
)
from iecommons.registry.models import (
    Community,
    CouncilSeat,
    Membership,
    Organization,
    Person,
    Region,
)
from iecommons.registry.regions import load_fields, load_regions

OrgType = Organization.Type
MemberRole = Membership.Role
Position = CouncilSeat.Position


# (role label, username, password, scope). The `serve` command prints these at start-up.
_DEMO_ACCOUNTS: list[tuple[Promise, str, str, Promise]] = [
    (_("operator (superuser)"), "admin", "admin-demo", _("the whole platform")),
    (_("supervisor"), "supervisor", "supervisor-demo", _("national")),
    (_("supervisor"), "supervisor_js", "supervisor-js-demo", _("Jiangsu province")),
    (_("secretariat"), "secretariat", "secretariat-demo", _("the rail-transit community")),
    (_("member representative"), "member", "member-demo", _("CRRC Qishuyan Co., Ltd.")),
    (_("expert"), "expert", "expert-demo", _("the rail-transit community")),
]


def is_seeded() -> bool:
    """Whether the registry has communities already (the demo is seeded only into an empty one)."""
    return Community.objects.exists()


def demo_accounts() -> list[tuple[Promise, str, str, Promise]]:
    """The demo accounts as (role label, username, password, scope description)."""
    return list(_DEMO_ACCOUNTS)


@dataclass(frozen=True)
class SeedReport:
    """What a seed wrote, and how long it took."""

    communities: int
    organizations: int
    memberships: int
    departures: int
    rejoins: int
    council_seats: int
    people: int
    users: int
    seconds: float


# ---------------------------------------------------------------- accounts


def _accounts(rail: Community) -> int:
    regions = {region.code: region for region in Region.objects.filter(code="320000")}
    by_name = {
        org.name: org
        for org in Organization.objects.filter(
            name__in=[row[2] for row in ACCOUNT_BODIES] + ["中车戚墅堰机车有限公司", "西南交通大学"]
        )
    }
    ministry, jiangsu, centre = (by_name[row[2]] for row in ACCOUNT_BODIES)
    host = rail.secretariat_host
    assert host is not None
    qishuyan = by_name["中车戚墅堰机车有限公司"]
    university = by_name["西南交通大学"]
    people = {
        "admin": ("周平台", centre, "平台运维负责人"),
        "supervisor": ("李国华", ministry, "职业教育与成人教育司处长"),
        "supervisor_js": ("陈江", jiangsu, "职业教育处处长"),
        "secretariat": ("王秘书", host, "共同体秘书处主任"),
        "member": ("张工", qishuyan, "人力资源部部长"),
        "expert": ("刘教授", university, "教授"),
    }
    for _label, username, password, _scope in _DEMO_ACCOUNTS:
        name, organization, title = people[username]
        email = f"{username}@example.org"
        if username == "admin":
            user = User.objects.create_superuser(username, email=email, password=password)
        else:
            user = User.objects.create_user(username, email=email, password=password)
        Person.objects.create(
            user=user, name=name, organization=organization, title=title, email=email
        )
        if username == "supervisor":
            RoleAssignment.objects.create(user=user, role=Role.SUPERVISOR)
        elif username == "supervisor_js":
            RoleAssignment.objects.create(user=user, role=Role.SUPERVISOR, region=regions["320000"])
        elif username in ("secretariat", "expert"):
            role = Role.SECRETARIAT if username == "secretariat" else Role.EXPERT
            RoleAssignment.objects.create(user=user, role=role, community=rail)
        elif username == "member":
            RoleAssignment.objects.create(user=user, role=Role.MEMBER, organization=qishuyan)
    return len(_DEMO_ACCOUNTS)


# ---------------------------------------------------------------- entry point


def seed(
    *, communities: int | None = None, seed: int = DEFAULT_SEED, small: bool = False
) -> SeedReport:
    """Load the reference data and seed the demo into an empty registry.

    ``small`` seeds :data:`SMALL_COMMUNITIES` regional communities of 8 to 20 members (the
    national communities stay complete), for tests. Raises ``ValueError`` when communities
    already exist, so that demo rows never mix with real ones.
    """
    started = time.perf_counter()
    if communities is None:
        communities = SMALL_COMMUNITIES if small else DEFAULT_COMMUNITIES
    if communities < 0:
        raise ValueError("communities: expected a number of regional communities, 0 or more")
    with transaction.atomic():
        load_regions()
        load_fields()
        if Community.objects.exists():
            raise ValueError(
                "The registry already has communities: the demo seeds only an empty one."
            )
        seeder = Seeder(seed, small)
        rail = seeder.rail()
        seeder.industrial_internet()
        seeder.regional(communities)
        seeder.account_organizations()
        seeder.write()
        users = _accounts(rail)
    departures = sum(1 for membership in seeder.memberships if membership.left is not None)
    rejoins = len(seeder.memberships) - len(
        {(m.community_id, m.organization_id) for m in seeder.memberships}
    )
    return SeedReport(
        communities=len(seeder.communities),
        organizations=len(seeder.organizations),
        memberships=len(seeder.memberships),
        departures=departures,
        rejoins=rejoins,
        council_seats=len(seeder.seats),
        people=len(seeder.people) + users,
        users=users,
        seconds=time.perf_counter() - started,
    )


__all__ = [
    "DEFAULT_COMMUNITIES",
    "DEFAULT_SEED",
    "DEMO_TODAY",
    "SMALL_COMMUNITIES",
    "SeedReport",
    "demo_accounts",
    "is_seeded",
    "seed",
]
