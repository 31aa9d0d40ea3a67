"""The demo's world built in memory and written in bulk: the national communities, the
regional ones with their members, departures, re-joins and councils (see ``demo.seed``, which
runs it, and the reasons it bypasses the services)."""

from __future__ import annotations

import datetime
import math
import random
from collections import defaultdict
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Count, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from iecommons.registry import demo_national as national
from iecommons.registry import demo_texts as texts
from iecommons.registry.credit_code import check_character
from iecommons.registry.demo_names import (
    CreditCodes,
    NameMaker,
    person_name,
    person_title,
)
from iecommons.registry.models import (
    Community,
    CouncilSeat,
    Field,
    Membership,
    Organization,
    Person,
    Region,
)

OrgType = Organization.Type
MemberRole = Membership.Role
Position = CouncilSeat.Position

DEFAULT_SEED = 20230725
DEFAULT_COMMUNITIES = 1000
#: Enough regional communities for every one of the 31 mainland provinces to have one.
SMALL_COMMUNITIES = 40
#: The demo's "today": no date in the demo data is later.
DEMO_TODAY = datetime.date(2026, 6, 30)
REGIONAL_FIRST_FOUNDED = datetime.date(2023, 3, 1)
REGIONAL_LAST_FOUNDED = datetime.date(2025, 12, 31)
BATCH_SIZE = 2000

ACCOUNT_BODIES = [
    (OrgType.GOVERNMENT, "110100", "中华人民共和国教育部", "Ministry of Education of the PRC"),
    (OrgType.GOVERNMENT, "320100", "江苏省教育厅", "Jiangsu Provincial Department of Education"),
    (OrgType.OTHER, "110100", "教育部职业教育发展中心", "Vocational Education Development Centre"),
]

# Member types of a regional community, with their weights.
_INDUSTRY_MIX = {
    OrgType.ENTERPRISE: 56,
    OrgType.HIGHER_VOCATIONAL: 19,
    OrgType.SECONDARY_VOCATIONAL: 6,
    OrgType.UNIVERSITY: 6,
    OrgType.VOCATIONAL_UNDERGRADUATE: 1,
    OrgType.ASSOCIATION: 5,
    OrgType.RESEARCH_INSTITUTE: 5,
    OrgType.GOVERNMENT: 2,
}
_MUNICIPAL_MIX = {
    OrgType.ENTERPRISE: 55,
    OrgType.HIGHER_VOCATIONAL: 11,
    OrgType.SECONDARY_VOCATIONAL: 13,
    OrgType.UNIVERSITY: 3,
    OrgType.ASSOCIATION: 6,
    OrgType.RESEARCH_INSTITUTE: 4,
    OrgType.GOVERNMENT: 8,
}
# A city has only so many schools and bureaus: past this many, members are reused.
_CITY_CAPS = {
    OrgType.HIGHER_VOCATIONAL: 8,
    OrgType.SECONDARY_VOCATIONAL: 8,
    OrgType.UNIVERSITY: 3,
    OrgType.VOCATIONAL_UNDERGRADUATE: 1,
    OrgType.ASSOCIATION: 10,
    OrgType.RESEARCH_INSTITUTE: 8,
    OrgType.GOVERNMENT: 5,
}


class _Org:
    """An organisation row before it is written (model instances cost too much here)."""

    __slots__ = ("credit_code", "id", "name", "name_en", "region_id", "type")

    def __init__(
        self, id: int, name: str, name_en: str, credit_code: str, type: str, region_id: int
    ) -> None:
        self.id, self.name, self.name_en = id, name, name_en
        self.credit_code, self.type, self.region_id = credit_code, type, region_id


class _Membership:
    """A membership row before it is written."""

    __slots__ = (
        "community_id",
        "duties",
        "id",
        "joined",
        "left",
        "left_reason",
        "organization_id",
        "role",
    )

    def __init__(
        self,
        id: int,
        community_id: int,
        organization_id: int,
        role: str,
        joined: datetime.date,
        duties: str,
    ) -> None:
        self.id, self.community_id, self.organization_id = id, community_id, organization_id
        self.role, self.joined, self.duties = role, joined, duties
        self.left: datetime.date | None = None
        self.left_reason = ""


def _next_id(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(highest=Max("pk"))["highest"] or 0) + 1


def _days(start: datetime.date, end: datetime.date) -> int:
    return (end - start).days


class Seeder:
    """Builds every row in memory, then writes them in bulk."""

    def __init__(self, seed: int, small: bool) -> None:
        self.rng = random.Random(seed)
        self.small = small
        self.names = NameMaker(self.rng)
        self.codes = CreditCodes(self.rng)
        self.regions = {region.code: region for region in Region.objects.select_related("parent")}
        self.cities: dict[str, list[Region]] = defaultdict(list)
        for region in self.regions.values():
            if region.level == Region.Level.CITY and region.parent is not None:
                self.cities[region.parent.code].append(region)
        self.provinces = [
            region
            for code, region in sorted(self.regions.items())
            if region.level == Region.Level.PROVINCE and self.cities[code]
        ]
        self.fields = list(Field.objects.order_by("order", "code"))
        self.field_by_code = {field.code: field for field in self.fields}
        self.organizations: list[_Org] = []
        self.by_name: dict[str, _Org] = {}
        self.pool: dict[tuple[str, str], list[_Org]] = defaultdict(list)
        self.communities: list[Community] = []
        self.memberships: list[_Membership] = []
        # (id, name, organisation id, title) and
        # (community id, person id, organisation id, position, term start, term end)
        self.people: list[tuple[int, str, int, str]] = []
        self.seats: list[tuple[int, int, int, str, datetime.date, datetime.date | None]] = []
        self.next_org_id = _next_id(Organization)
        self.next_community_id = _next_id(Community)
        self.next_membership_id = _next_id(Membership)
        self.next_person_id = _next_id(Person)

    # ------------------------------------------------------------ organisations, people

    def new_org(
        self,
        org_type: str,
        city: Region,
        field: Field,
        *,
        name: str = "",
        name_en: str = "",
        credit_prefix: str | None = None,
    ) -> _Org:
        if not name:
            name, name_en = self.names.organisation(
                org_type, city.name_zh, city.name_en, field.code, field.name_zh
            )
        else:
            self.names.used.add(name)
        code = self.codes.new(org_type, city.code)
        if credit_prefix:
            # Re-derive the check character for the changed prefix.
            first17 = credit_prefix + code[2:17]
            code = first17 + check_character(first17)
            self.codes.issued.add(code)
        organization = _Org(self.next_org_id, name, name_en, code, org_type, city.pk)
        self.next_org_id += 1
        self.organizations.append(organization)
        self.by_name[name] = organization
        self.pool[(city.code, org_type)].append(organization)
        return organization

    def pick_org(self, org_type: str, city: Region, field: Field, taken: set[int]) -> _Org | None:
        """An organisation of the city to add to a community: often new, sometimes reused."""
        pool = self.pool[(city.code, org_type)]
        cap = _CITY_CAPS.get(OrgType(org_type))
        full = cap is not None and len(pool) >= cap
        reuse_chance = 0.3 if org_type == OrgType.ENTERPRISE else 0.5
        if pool and (full or self.rng.random() < reuse_chance):
            # A few draws rather than filtering the pool, which grows large in big cities.
            for _draw in range(4):
                candidate = self.rng.choice(pool)
                if id(candidate) not in taken:
                    return candidate
        if full:
            return None
        return self.new_org(org_type, city, field)

    def seat(
        self,
        community: Community,
        organization: _Org,
        position: str,
        start: datetime.date,
        end: datetime.date | None,
    ) -> None:
        person_id = self.next_person_id
        self.next_person_id += 1
        title = person_title(self.rng, organization.type)
        self.people.append((person_id, person_name(self.rng), organization.id, title))
        self.seats.append((community.pk, person_id, organization.id, position, start, end))

    def member(
        self,
        community: Community,
        organization: _Org,
        role: str,
        joined: datetime.date,
        duties: str = "",
    ) -> _Membership:
        membership = _Membership(
            self.next_membership_id, community.pk, organization.id, role, joined, duties
        )
        self.next_membership_id += 1
        self.memberships.append(membership)
        return membership

    # ------------------------------------------------------------ national communities

    def named(self, rows: list[tuple[str, str, str]], org_type: str, field: Field) -> list:
        return [
            self.by_name.get(name)
            or self.new_org(org_type, self.regions[city], field, name=name, name_en=name_en)
            for name, name_en, city in rows
        ]

    def rail(self) -> Community:
        field = self.field_by_code["rail-transit-equipment"]
        city = self.regions[national.RAIL_CITY]
        enterprises = self.named(national.RAIL_ENTERPRISES, OrgType.ENTERPRISE, field)
        universities = self.named(national.RAIL_UNIVERSITIES, OrgType.UNIVERSITY, field)
        colleges = self.named(national.RAIL_COLLEGES, OrgType.HIGHER_VOCATIONAL, field)
        supporters = self.named(national.RAIL_SUPPORTERS, OrgType.GOVERNMENT, field)
        crrc, lead_college = enterprises[0], colleges[0]
        founded = national.RAIL_FOUNDED
        goals = "\n".join(
            f"{number}. {area}：{text}"
            for number, (area, text) in enumerate(national.RAIL_OUTCOME_AREAS, start=1)
        )
        community = self.community(
            name=national.RAIL_NAME,
            name_en=national.RAIL_NAME_EN,
            kind=Community.Kind.INDUSTRY,
            level=Community.Level.NATIONAL,
            field=field,
            city=city,
            founded=founded,
            summary=national.RAIL_SUMMARY,
            charter=national.RAIL_CHARTER,
            goals=goals,
            plan=national.RAIL_PLAN,
            host=lead_college,
        )
        term_end = datetime.date(2028, 7, 24)
        self.member(community, crrc, MemberRole.LEAD_UNIT, founded, texts.lead_duties(field))
        self.member(community, lead_college, MemberRole.LEAD_UNIT, founded, texts.host_duties())
        self.seat(community, crrc, Position.CHAIR, founded, term_end)
        self.seat(community, lead_college, Position.SECRETARY_GENERAL, founded, term_end)
        others = enterprises[1:] + universities + colleges[1:]
        ordered = [enterprises[1], *universities[:3], enterprises[4], enterprises[2], colleges[5]]
        rest = [org for org in others if org not in ordered]
        self.rng.shuffle(rest)
        ordered += rest
        positions = (
            [Position.EXECUTIVE_VICE_CHAIR]
            + [Position.VICE_CHAIR] * 6
            + [Position.STANDING_DIRECTOR] * 15
            + [Position.DIRECTOR] * 30
        )
        for index, organization in enumerate(ordered):
            if index < len(positions):
                position = positions[index]
                role = (
                    MemberRole.COUNCIL
                    if position == Position.DIRECTOR
                    else MemberRole.STANDING_COUNCIL
                )
                self.seat(community, organization, position, founded, term_end)
            else:
                role = MemberRole.MEMBER
            duties = texts.standing_duties(self.rng) if role == MemberRole.STANDING_COUNCIL else ""
            self.member(community, organization, role, founded, duties)
        for supporter in supporters:
            self.member(
                community,
                supporter,
                MemberRole.OBSERVER,
                founded,
                "作为支持单位，统筹本地区院校参与共同体建设。",
            )
        # Membership is dynamic: a few joined later, and one of them has left again.
        later = [
            (OrgType.ENTERPRISE, "320400", datetime.date(2024, 3, 18)),
            (OrgType.ENTERPRISE, "430200", datetime.date(2024, 9, 10)),
            (OrgType.HIGHER_VOCATIONAL, "430200", datetime.date(2025, 4, 22)),
            (OrgType.SECONDARY_VOCATIONAL, "320400", datetime.date(2025, 11, 6)),
        ]
        for index, (org_type, city_code, joined) in enumerate(later):
            organization = self.new_org(org_type, self.regions[city_code], field)
            membership = self.member(community, organization, MemberRole.MEMBER, joined)
            if index == 0:
                membership.left = datetime.date(2026, 3, 31)
                membership.left_reason = texts.LEFT_REASONS[0]
        return community

    def industrial_internet(self) -> Community:
        field = self.field_by_code["industrial-internet"]
        city = self.regions[national.INTERNET_CITY]
        leaders = [
            self.by_name.get(name)
            or self.new_org(org_type, self.regions[code], field, name=name, name_en=name_en)
            for org_type, name, name_en, code in national.INTERNET_LEADERS
        ]
        chair, executive_enterprise, host = leaders
        remaining = dict(national.INTERNET_COMPOSITION)
        for organization in leaders:
            remaining[organization.type] -= 1
        industrial_cities = [
            self.regions[code]
            for code in ("110100", "310100", "320500", "330100", "370200", "440300", "440100",
                         "420100", "510100", "500100", "610100", "320100", "340100", "120100")
        ]  # fmt: skip
        generated: dict[str, list[_Org]] = defaultdict(list)
        for org_type, count in remaining.items():
            for _index in range(count):
                organization = self.pick_org(
                    org_type, self.rng.choice(industrial_cities), field, set()
                ) or self.new_org(org_type, self.rng.choice(industrial_cities), field)
                while organization in generated[org_type] or organization in leaders:
                    organization = self.new_org(org_type, self.rng.choice(industrial_cities), field)
                generated[org_type].append(organization)
        founded = national.INTERNET_FOUNDED
        community = self.community(
            name=national.INTERNET_NAME,
            name_en=national.INTERNET_NAME_EN,
            kind=Community.Kind.INDUSTRY,
            level=Community.Level.NATIONAL,
            field=field,
            city=city,
            founded=founded,
            summary=national.INTERNET_SUMMARY,
            charter=national.INTERNET_CHARTER,
            goals=national.INTERNET_GOALS,
            plan=national.INTERNET_PLAN,
            host=host,
        )
        term_end = datetime.date(2028, 12, 14)
        vice_chairs = (
            generated[OrgType.ENTERPRISE][:3]
            + generated[OrgType.UNIVERSITY][:1]
            + generated[OrgType.HIGHER_VOCATIONAL][:2]
        )
        rest = [org for orgs in generated.values() for org in orgs if org not in vice_chairs]
        self.rng.shuffle(rest)
        standing, directors, plain = rest[:21], rest[21:50], rest[50:]
        self.seat(community, chair, Position.CHAIR, founded, term_end)
        self.member(community, chair, MemberRole.LEAD_UNIT, founded, texts.lead_duties(field))
        for organization in (executive_enterprise, host):
            self.seat(community, organization, Position.EXECUTIVE_VICE_CHAIR, founded, term_end)
            duties = texts.host_duties() if organization is host else texts.lead_duties(field)
            self.member(community, organization, MemberRole.LEAD_UNIT, founded, duties)
        self.seat(community, host, Position.SECRETARY_GENERAL, founded, term_end)
        for organizations, position, role in (
            (vice_chairs, Position.VICE_CHAIR, MemberRole.STANDING_COUNCIL),
            (standing, Position.STANDING_DIRECTOR, MemberRole.STANDING_COUNCIL),
            (directors, Position.DIRECTOR, MemberRole.COUNCIL),
        ):
            for organization in organizations:
                self.seat(community, organization, position, founded, term_end)
                duties = (
                    texts.standing_duties(self.rng) if role == MemberRole.STANDING_COUNCIL else ""
                )
                self.member(community, organization, role, founded, duties)
        for organization in plain:
            self.member(community, organization, MemberRole.MEMBER, founded)
        return community

    # ------------------------------------------------------------ regional communities

    def community(
        self,
        *,
        name: str,
        name_en: str,
        kind: str,
        level: str,
        field: Field,
        city: Region,
        founded: datetime.date,
        summary: str,
        charter: str,
        goals: str,
        plan: str,
        host: _Org | None,
        status: str = Community.Status.ACTIVE,
        status_reason: str = "",
    ) -> Community:
        community = Community(
            id=self.next_community_id,
            name=name,
            name_en=name_en,
            kind=kind,
            level=level,
            field=field,
            region=city,
            province=city.parent or city,
            founded=founded,
            status=status,
            status_reason=status_reason,
            summary=summary,
            charter=charter,
            goals=goals,
            development_plan=plan,
            secretariat_host_id=host.id if host else None,
            contact_email=f"secretariat{len(self.communities) + 1:04d}@example.org",
        )
        self.next_community_id += 1
        self.communities.append(community)
        return community

    def regional(self, count: int) -> None:
        provinces = self.provinces
        # Bigger provinces (more cities) have more communities; every province has some.
        weights = [
            len(self.cities[p.code]) + (12 if len(self.cities[p.code]) == 1 else 4)
            for p in provinces
        ]
        if count >= len(provinces):
            sequence = list(provinces) + self.rng.choices(
                provinces, weights=weights, k=count - len(provinces)
            )
        else:
            sequence = self.rng.sample(provinces, count)
        used_names = {community.name for community in self.communities}
        for province in sequence:
            self.regional_community(province, used_names)

    def regional_community(self, province: Region, used_names: set[str]) -> None:
        rng = self.rng
        cities = sorted(self.cities[province.code], key=lambda region: region.code)
        capital = cities[0]
        field = rng.choice(self.fields)
        roll = rng.random()
        province_short = province.name_zh
        if roll < 0.45:
            kind, level = Community.Kind.MUNICIPAL, Community.Level.MUNICIPAL
            city = rng.choice(cities)
            name, name_en = texts.consortium_name(rng, city, used_names)
        elif roll < 0.85:
            kind, level = Community.Kind.INDUSTRY, Community.Level.PROVINCIAL
            city = capital if rng.random() < 0.6 else rng.choice(cities)
            name, name_en = texts.industry_name(
                rng, province_short, province.name_en, field, used_names
            )
        else:
            kind, level = Community.Kind.INDUSTRY, Community.Level.MUNICIPAL
            city = rng.choice(cities)
            name, name_en = texts.industry_name(rng, city.name_zh, city.name_en, field, used_names)
        used_names.add(name)
        span = _days(REGIONAL_FIRST_FOUNDED, REGIONAL_LAST_FOUNDED)
        founded = REGIONAL_FIRST_FOUNDED + datetime.timedelta(days=rng.randrange(span))
        status, status_reason, horizon = Community.Status.ACTIVE, "", DEMO_TODAY
        status_roll = rng.random()
        if status_roll < 0.02 and _days(founded, DEMO_TODAY) > 200:
            status, status_reason = Community.Status.DISSOLVED, rng.choice(texts.DISSOLVED_REASONS)
            horizon = founded + datetime.timedelta(
                days=rng.randrange(180, _days(founded, DEMO_TODAY))
            )
        elif status_roll < 0.05:
            status, status_reason = Community.Status.SUSPENDED, rng.choice(texts.SUSPENDED_REASONS)

        taken: set[int] = set()

        def member_city() -> Region:
            if kind == Community.Kind.MUNICIPAL and rng.random() < 0.85:
                return city
            return capital if rng.random() < 0.3 else rng.choice(cities)

        def take(org_type: str, where: Region | None = None) -> _Org | None:
            organization = self.pick_org(org_type, where or member_city(), field, taken)
            if organization is not None:
                taken.add(id(organization))
            return organization

        leads: list[_Org] = []
        if kind == Community.Kind.MUNICIPAL:
            leads.append(
                self.pick_org(OrgType.GOVERNMENT, city, field, taken)
                or self.new_org(OrgType.GOVERNMENT, city, field)
            )
            taken.add(id(leads[-1]))
        # Lead units come from the seat city.
        enterprise = take(OrgType.ENTERPRISE, city)
        college = take(
            OrgType.UNIVERSITY
            if level == Community.Level.PROVINCIAL and rng.random() < 0.3
            else OrgType.HIGHER_VOCATIONAL,
            city,
        ) or take(OrgType.SECONDARY_VOCATIONAL, city)
        leads += [org for org in (enterprise, college) if org is not None]
        host = college or leads[0]
        community = self.community(
            name=name,
            name_en=name_en,
            kind=kind,
            level=level,
            field=field,
            city=city,
            founded=founded,
            summary=texts.summary(kind, city, province, field),
            charter=texts.charter(name, kind, [org.name for org in leads], host.name),
            goals=texts.goals(rng, field),
            plan=texts.plan(founded),
            host=host,
            status=status,
            status_reason=status_reason,
        )
        # Councils serve five-year terms; dissolution cuts them short.
        term_end = min(founded + datetime.timedelta(days=5 * 365 - 1), horizon)
        mix = _MUNICIPAL_MIX if kind == Community.Kind.MUNICIPAL else _INDUSTRY_MIX
        types, type_weights = list(mix), list(mix.values())
        if self.small:
            size = rng.randint(8, 20)
        else:
            size = max(25, min(400, int(rng.lognormvariate(math.log(97), 0.45))))
        members: list[tuple[_Org, str]] = [(org, MemberRole.LEAD_UNIT) for org in leads]
        for org_type in rng.choices(types, weights=type_weights, k=size - len(leads)):
            organization = take(org_type)
            if organization is None:
                continue
            role_roll = rng.random()
            role: str = (
                MemberRole.STANDING_COUNCIL if role_roll < 0.12
                else MemberRole.COUNCIL if role_roll < 0.37
                else MemberRole.OBSERVER if role_roll < 0.41
                else MemberRole.MEMBER
            )  # fmt: skip
            members.append((organization, role))

        membership_span = _days(founded, horizon)
        first_membership = len(self.memberships)
        for organization, role in members:
            founder = (
                role in (MemberRole.LEAD_UNIT, MemberRole.STANDING_COUNCIL) or rng.random() < 0.7
            )
            joined = (
                founded
                if founder or membership_span < 2
                else founded + datetime.timedelta(days=rng.randrange(membership_span))
            )
            duties = ""
            if role == MemberRole.LEAD_UNIT:
                duties = texts.host_duties() if organization is host else texts.lead_duties(field)
            elif role == MemberRole.STANDING_COUNCIL or (
                role == MemberRole.COUNCIL and rng.random() < 0.3
            ):
                duties = texts.standing_duties(rng)
            membership = self.member(community, organization, role, joined, duties)
            remaining = _days(joined, horizon)
            if (
                role in (MemberRole.MEMBER, MemberRole.OBSERVER)
                and remaining > 120
                and rng.random() < 0.09
            ):
                membership.left = joined + datetime.timedelta(
                    days=rng.randrange(60, remaining - 30)
                )
                membership.left_reason = rng.choice(texts.LEFT_REASONS)
                after = _days(membership.left, horizon)
                if after > 60 and rng.random() < 0.2:
                    back = membership.left + datetime.timedelta(days=rng.randrange(30, after))
                    self.member(community, organization, MemberRole.MEMBER, back)
        if status == Community.Status.DISSOLVED:
            # Dissolution ends every membership still running; the history stays.
            for row in self.memberships[first_membership:]:
                if row.left is None:
                    row.left, row.left_reason = horizon, status_reason

        # The council: chair and executive vice-chair from the lead units, secretary-general
        # from the secretariat host, vice-chairs and standing directors from the standing
        # council, and directors from the council.
        self.seat(community, leads[0], Position.CHAIR, founded, term_end)
        for organization in leads[1:]:
            self.seat(community, organization, Position.EXECUTIVE_VICE_CHAIR, founded, term_end)
        self.seat(community, host, Position.SECRETARY_GENERAL, founded, term_end)
        standing = [org for org, role in members if role == MemberRole.STANDING_COUNCIL]
        council = [org for org, role in members if role == MemberRole.COUNCIL]
        vice_count = min(len(standing), rng.randint(2, 4))
        for index, organization in enumerate(standing):
            position = Position.VICE_CHAIR if index < vice_count else Position.STANDING_DIRECTOR
            self.seat(community, organization, position, founded, term_end)
        for organization in council[:12]:
            self.seat(community, organization, Position.DIRECTOR, founded, term_end)

    # ------------------------------------------------------------ writing

    def account_organizations(self) -> None:
        """The bodies that employ the demo supervisors and the operator."""
        field = self.field_by_code["rail-transit-equipment"]
        for org_type, city, name, name_en in ACCOUNT_BODIES:
            credit_prefix = "12" if org_type == OrgType.OTHER else None
            self.new_org(
                org_type, self.regions[city], field, name=name, name_en=name_en,
                credit_prefix=credit_prefix,
            )  # fmt: skip

    def write(self) -> None:
        """Insert every row with plain parameterised INSERTs (ids are assigned already)."""
        adapt_date = connection.ops.adapt_datefield_value
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        _insert(
            Organization,
            ["id", "name", "name_en", "credit_code", "type", "region_id", "address", "website",
             "description", "created_at", "updated_at"],
            [(o.id, o.name, o.name_en, o.credit_code, o.type, o.region_id, "", "", "", now, now)
             for o in self.organizations],
        )  # fmt: skip
        Community.objects.bulk_create(self.communities, batch_size=BATCH_SIZE)
        _insert(
            Membership,
            ["id", "community_id", "organization_id", "role", "duties", "joined", "left",
             "left_reason"],
            [(m.id, m.community_id, m.organization_id, m.role, m.duties, adapt_date(m.joined),
              adapt_date(m.left), m.left_reason) for m in self.memberships],
        )  # fmt: skip
        _insert(
            Person,
            ["id", "name", "organization_id", "title", "email", "phone"],
            [(*person, "", "") for person in self.people],
        )
        _insert(
            CouncilSeat,
            ["community_id", "person_id", "organization_id", "position", "term_start", "term_end"],
            [(c, p, o, position, adapt_date(start), adapt_date(end))
             for c, p, o, position, start, end in self.seats],
        )  # fmt: skip
        # Explicit ids leave PostgreSQL's sequences behind: move them past the new rows.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [Organization, Community, Membership, Person, CouncilSeat]
            ):
                cursor.execute(statement)
        active = (
            Membership.objects.filter(community=OuterRef("pk"), left__isnull=True)
            .order_by()
            .values("community")
            .annotate(count=Count("pk"))
            .values("count")
        )
        Community.objects.update(member_count=Coalesce(Subquery(active), Value(0)))


def _insert(model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    quote = connection.ops.quote_name
    # Table and column names come from model metadata, never from input.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[start : start + BATCH_SIZE])
