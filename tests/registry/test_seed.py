"""The demo seed: reference data, the two national communities, regional data, accounts."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.test import RequestFactory

from iecommons.accounts.models import Role, RoleAssignment, User
from iecommons.registry import demo
from iecommons.registry.credit_code import credit_code_problem
from iecommons.registry.models import (
    Community,
    CouncilSeat,
    Field,
    Membership,
    Organization,
    Person,
    Region,
)
from iecommons.registry.regions import load_fields, load_regions

pytestmark = pytest.mark.django_db

RAIL = "国家轨道交通装备行业产教融合共同体"
INTERNET = "国家工业互联网行业产教融合共同体"


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def report(fast_passwords) -> demo.SeedReport:
    return demo.seed(small=True)


def digest() -> str:
    """A digest of the seeded content by natural keys, so that row ids do not matter."""
    sha = hashlib.sha256()
    for row in Organization.objects.order_by("credit_code").values_list(
        "credit_code", "name", "name_en", "type", "region__code"
    ):
        sha.update(repr(row).encode())
    for row in Community.objects.order_by("name").values_list(
        "name", "name_en", "kind", "level", "field__code", "region__code", "province__code",
        "founded", "status", "status_reason", "charter", "goals", "development_plan",
        "secretariat_host__credit_code", "member_count",
    ):  # fmt: skip
        sha.update(repr(row).encode())
    for row in Membership.objects.order_by(
        "community__name", "organization__credit_code", "joined"
    ).values_list(
        "community__name", "organization__credit_code", "role", "duties", "joined", "left",
        "left_reason",
    ):  # fmt: skip
        sha.update(repr(row).encode())
    for row in CouncilSeat.objects.order_by(
        "community__name", "position", "organization__credit_code", "person__name"
    ).values_list(
        "community__name", "position", "organization__credit_code", "person__name",
        "person__title", "term_start", "term_end",
    ):  # fmt: skip
        sha.update(repr(row).encode())
    return sha.hexdigest()


def wipe() -> None:
    CouncilSeat.objects.all().delete()
    Membership.objects.all().delete()
    RoleAssignment.objects.all().delete()
    Person.objects.all().delete()
    User.objects.all().delete()
    Community.objects.all().delete()
    Organization.objects.all().delete()


def test_reference_data_loads_every_province_and_city_once():
    first = load_regions()
    again = load_regions()
    assert (first.created, again.created, again.updated) == (371, 0, 0)
    assert Region.objects.filter(level=Region.Level.PROVINCE).count() == 34
    assert Region.objects.filter(level=Region.Level.CITY).count() == 337
    changzhou = Region.objects.get(code="320400")
    assert (changzhou.name_zh, changzhou.name_en, changzhou.parent.code) == (
        "常州市",
        "Changzhou",
        "320000",
    )
    # A municipality is its own single city.
    assert Region.objects.get(code="110100").name_zh == "北京市"
    childless = Region.objects.filter(level=Region.Level.PROVINCE, children__isnull=True)
    assert sorted(childless.values_list("code", flat=True)) == ["710000", "810000", "820000"]
    assert load_fields().created == Field.objects.count() >= 20
    assert Field.objects.order_by("order").first().code == "rail-transit-equipment"


def test_the_rail_transit_community_has_its_founding_composition(report):
    rail = Community.objects.get(name=RAIL)
    assert (rail.kind, rail.level, rail.founded, rail.region.code) == (
        Community.Kind.INDUSTRY,
        Community.Level.NATIONAL,
        datetime.date(2023, 7, 25),
        "320400",
    )
    founders = rail.memberships.filter(joined=rail.founded).exclude(role=Membership.Role.OBSERVER)
    by_type = Counter(founders.values_list("organization__type", flat=True))
    assert by_type == {"enterprise": 49, "university": 9, "higher_vocational": 34}
    leads = set(
        rail.memberships.filter(role=Membership.Role.LEAD_UNIT).values_list(
            "organization__name", flat=True
        )
    )
    assert "中国中车集团有限公司" in leads
    assert rail.secretariat_host is not None
    assert rail.secretariat_host.name in leads
    assert rail.memberships.filter(role=Membership.Role.STANDING_COUNCIL).count() > 10
    positions = Counter(rail.council_seats.values_list("position", flat=True))
    assert positions["chair"] == 1
    assert positions["secretary_general"] == 1
    assert positions["standing_director"] > 0
    assert len(rail.goals.splitlines()) == 8
    # Membership is dynamic: some joined later, one left.
    assert rail.memberships.filter(joined__gt=rail.founded).count() == 4
    assert rail.memberships.filter(left__isnull=False).count() == 1


def test_the_industrial_internet_community_has_its_documented_council(report):
    community = Community.objects.get(name=INTERNET)
    active = community.memberships.filter(left__isnull=True)
    assert active.count() == community.member_count == 119
    by_type = Counter(active.values_list("organization__type", flat=True))
    assert by_type["enterprise"] == 46
    assert by_type["university"] == 5
    assert by_type["vocational_undergraduate"] == 2
    assert by_type["higher_vocational"] == 56
    positions = Counter(community.council_seats.values_list("position", flat=True))
    assert positions == {
        "chair": 1,
        "executive_vice_chair": 2,
        "vice_chair": 6,
        "secretary_general": 1,
        "standing_director": 21,
        "director": 29,
    }
    # Every seat belongs to a member organisation.
    members = set(active.values_list("organization_id", flat=True))
    assert set(community.council_seats.values_list("organization_id", flat=True)) <= members


def test_every_credit_code_is_valid_unique_and_local(report):
    rows = list(Organization.objects.values_list("credit_code", "region__code", "type"))
    assert len(rows) == report.organizations
    assert len({code for code, _region, _type in rows}) == len(rows)
    assert [code for code, _region, _type in rows if credit_code_problem(code)] == []
    assert all(code[2:8] == region for code, region, _type in rows)
    prefixes = {org_type: code[:2] for code, _region, org_type in rows}
    assert prefixes["enterprise"] == "91"
    assert prefixes["higher_vocational"] == "12"
    assert prefixes["association"] == "51"
    assert prefixes["government"] == "11"


def test_regional_communities_cover_every_mainland_province_with_histories(report):
    mainland = Region.objects.filter(level=Region.Level.PROVINCE, children__isnull=False)
    covered = set(
        Community.objects.exclude(level=Community.Level.NATIONAL).values_list(
            "province_id", flat=True
        )
    )
    assert set(mainland.values_list("pk", flat=True)) <= covered
    assert report.communities == demo.SMALL_COMMUNITIES + 2
    ended = Membership.objects.filter(left__isnull=False)
    assert ended.count() == report.departures > 0
    assert not ended.filter(left_reason="").exists()
    assert not ended.filter(left__lt=F("joined")).exists()
    assert report.rejoins > 0
    rejoined = (
        Membership.objects.values("community", "organization")
        .annotate(rows=Count("pk"))
        .filter(rows__gt=1)
    )
    assert rejoined.count() == report.rejoins
    # Some organisations belong to several communities.
    assert (
        Organization.objects.annotate(communities=Count("memberships__community", distinct=True))
        .filter(communities__gt=1)
        .exists()
    )
    # The denormalised member count matches the active memberships.
    mismatched = Community.objects.annotate(
        active=Count("memberships", filter=Q(memberships__left__isnull=True))
    ).exclude(member_count=F("active"))
    assert not mismatched.exists()
    # No date in the demo is later than its "today".
    assert not Membership.objects.filter(joined__gt=demo.DEMO_TODAY).exists()
    assert not Membership.objects.filter(left__gt=demo.DEMO_TODAY).exists()


def test_each_demo_account_signs_in_with_its_role_and_scope(report):
    rail = Community.objects.get(name=RAIL)
    for _label, username, password, _scope in demo.demo_accounts():
        user = authenticate(
            RequestFactory().post("/accounts/login/"), username=username, password=password
        )
        assert user is not None, username
        assert user.person.organization is not None
    assert User.objects.get(username="admin").is_superuser
    scopes = {
        assignment.user.username: assignment
        for assignment in RoleAssignment.objects.select_related("user", "region")
    }
    assert scopes["supervisor"].role == Role.SUPERVISOR
    assert scopes["supervisor"].region is None
    assert scopes["supervisor_js"].region.code == "320000"
    assert (scopes["secretariat"].role, scopes["secretariat"].community) == (
        Role.SECRETARIAT,
        rail,
    )
    assert (scopes["expert"].role, scopes["expert"].community) == (Role.EXPERT, rail)
    member = scopes["member"]
    assert member.role == Role.MEMBER
    assert rail.memberships.filter(organization=member.organization, left__isnull=True).exists()


def test_the_same_seed_gives_the_same_data(fast_passwords):
    demo.seed(small=True)
    first = digest()
    wipe()
    demo.seed(small=True)
    assert digest() == first
    wipe()
    demo.seed(small=True, seed=7)
    assert digest() != first


def test_seeding_refuses_a_registry_that_has_communities(report):
    with pytest.raises(ValueError, match="already has communities"):
        demo.seed(small=True)


def test_the_seed_demo_command_seeds_a_small_demo_only_once(fast_passwords):
    out = StringIO()
    call_command("seed_demo", "--small", stdout=out)
    # 42 communities: the small demo, not an accidental full seed (timings stay in bench/).
    assert "Seeded 42 communities" in out.getvalue()
    out = StringIO()
    call_command("seed_demo", "--small", stdout=out)
    assert "nothing seeded" in out.getvalue()
    assert Community.objects.count() == 42


def test_rows_created_after_seeding_get_fresh_ids(report):
    # The seed writes explicit ids; PostgreSQL's sequences must have moved past them.
    city = Region.objects.get(code="320400")
    organization = Organization.objects.create(
        name="常州新成员科技有限公司",
        credit_code="91320400MA1W2K3L0L",  # a valid code (check character L)
        type=Organization.Type.ENTERPRISE,
        region=city,
    )
    rail = Community.objects.get(name=RAIL)
    membership = Membership.objects.create(
        community=rail, organization=organization, joined=datetime.date(2026, 7, 1)
    )
    person = Person.objects.create(name="赵新", organization=organization)
    seat = CouncilSeat.objects.create(
        community=rail,
        person=person,
        organization=organization,
        position=CouncilSeat.Position.DIRECTOR,
        term_start=datetime.date(2026, 7, 1),
    )
    assert organization.pk > Organization.objects.exclude(pk=organization.pk).count()
    assert rail.memberships.filter(pk=membership.pk).exists()
    assert CouncilSeat.objects.filter(pk=seat.pk, person=person).exists()
