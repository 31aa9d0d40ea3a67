"""Demo talent data: the three lists, majors with enrolment, and completed internship rounds.

The two national communities get lists, their colleges' majors with four years of enrolment
and graduates, and each a completed placement round (about 5,000 students in all), matched
through the platform's own path (:func:`iecommons.talent.matching.round_execute`); a sample
of regional communities gets lists. Deterministic for a given ``rng``; rows are written with
``bulk_create``.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from iecommons.accounts.models import Role, RoleAssignment, User
from iecommons.registry.demo import DEMO_TODAY
from iecommons.registry.models import Community, Organization
from iecommons.talent import catalogues
from iecommons.talent.demo_programmes import seed_programmes
from iecommons.talent.matching import insert_rows, round_execute
from iecommons.talent.models import (
    Application,
    CollegeMajor,
    CoreProduct,
    InternshipPosition,
    ListStatus,
    PlacementRound,
    Student,
    TalentNeed,
    TechnologyNeed,
)
from iecommons.talent.services.students import COLLEGE_TYPES
from iecommons.talent.skills import check_skills

#: Demo accounts of the talent chain: (username, password, what it is).
DEMO_ACCOUNTS = [
    ("college", "college-demo", "representative of a college of the rail-transit community"),
    ("intern", "intern-demo", "a student of that college, placed in the demo round"),
]

NEEDS = [
    ("6-23-01-03", "铁路车辆制修工", ["转向架检修", "制动系统调试", "质量检验"], "3"),
    ("6-18-02-04", "焊工", ["机器人焊接", "焊缝无损检测"], "4"),
    ("6-31-01-10", "工业机器人系统运维员", ["机器人编程", "PLC", "视觉检测"], "3"),
    ("6-18-01-07", "加工中心操作工", ["数控编程", "五轴加工", "CAD/CAM"], "4"),
    ("6-31-01-03", "电工", ["电气控制", "变频调速", "安全用电"], "4"),
    ("2-02-10-13", "工业互联网工程技术人员", ["工业网络", "边缘计算", "数据采集"], "2"),
    ("2-02-10-09", "人工智能工程技术人员", ["机器学习", "Python", "数据标注"], "2"),
    ("6-30-99-00", "工业机器人系统操作员", ["示教编程", "工作站调试"], "5"),
]
PROBLEMS = [
    "转向架焊缝缺陷智能识别",
    "牵引电机轴承寿命预测",
    "车体铝合金焊接变形控制",
    "产线设备数据采集与边缘分析",
    "关键零部件视觉检测",
    "工业APP低代码开发平台",
]
PRODUCTS = ["和谐号动车组转向架", "城轨车辆牵引系统", "工业互联网标识解析节点", "智能焊接工作站"]
MAJORS_BY_FIELD = {
    "rail-transit-equipment": ["460402", "460401", "500601", "500603", "460305", "460301"],
    "industrial-internet": ["510212", "510201", "510205", "510209", "460305", "510203"],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉兰"


def _members(community: Community) -> dict[str, list[Organization]]:
    out: dict[str, list[Organization]] = {"college": [], "enterprise": []}
    for organization in Organization.objects.filter(
        memberships__community=community, memberships__left__isnull=True
    ).order_by("pk"):
        if organization.type in COLLEGE_TYPES:
            out["college"].append(organization)
        elif organization.type == Organization.Type.ENTERPRISE:
            out["enterprise"].append(organization)
    return out


def _lists(
    rng: random.Random, community: Community, members: dict[str, list[Organization]], size: int
) -> tuple[int, int, int]:
    enterprises = members["enterprise"] or members["college"]
    if not enterprises:
        return 0, 0, 0
    now = timezone.now()
    majors = MAJORS_BY_FIELD.get(community.field.code, MAJORS_BY_FIELD["industrial-internet"])
    talent = []
    for index in range(size):
        code, title, skills, level = NEEDS[(index + rng.randrange(len(NEEDS))) % len(NEEDS)]
        low = rng.choice([4500, 5500, 6500, 8000])
        start = datetime.date(2026, rng.randint(1, 6), 1)
        talent.append(
            TalentNeed(
                community=community,
                organization=rng.choice(enterprises),
                occupation_code=code,
                title=title,
                skill_level=level,
                skills=check_skills(skills),
                headcount=rng.randint(3, 60),
                region_id=community.region_id,
                salary_min=low,
                salary_max=low + rng.choice([1500, 2500, 4000]),
                period_start=start,
                period_end=start + datetime.timedelta(days=365),
                major_codes=rng.sample(majors, 2),
                status=ListStatus.PUBLISHED if index % 5 else ListStatus.SUBMITTED,
                published_at=now if index % 5 else None,
            )
        )
    TalentNeed.objects.bulk_create(talent)
    technology = [
        TechnologyNeed(
            community=community,
            organization=rng.choice(enterprises),
            problem=PROBLEMS[(index + rng.randrange(len(PROBLEMS))) % len(PROBLEMS)],
            field_id=community.field_id,
            budget=rng.choice([300000, 500000, 800000, 1500000]),
            deadline=DEMO_TODAY + datetime.timedelta(days=rng.randint(90, 720)),
            status=ListStatus.PUBLISHED,
            published_at=now,
        )
        for index in range(max(1, size // 2))
    ]
    TechnologyNeed.objects.bulk_create(technology)
    products = [
        CoreProduct(
            community=community,
            organization=rng.choice(enterprises),
            name=PRODUCTS[index % len(PRODUCTS)],
            field_id=community.field_id,
            status=ListStatus.PUBLISHED,
            published_at=now,
        )
        for index in range(max(1, size // 3))
    ]
    CoreProduct.objects.bulk_create(products)
    return len(talent), len(technology), len(products)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def seed_round(
    *,
    rng: random.Random,
    community: Community,
    college: Organization,
    enterprises: list[Organization],
    students: int,
    majors: list[str],
    choices: int = 5,
    match: bool = True,
) -> PlacementRound:
    """A placement round of ``students`` students of ``college`` at member enterprises,
    ranked and scored, then matched through the platform (used by the bench too)."""
    placement_round = PlacementRound.objects.create(
        community=community,
        college=college,
        title=f"{DEMO_TODAY.year}届岗位实习双选",
        cohort_year=DEMO_TODAY.year - 3,
        starts=datetime.date(DEMO_TODAY.year, 3, 1),
        max_choices=choices,
        seed=rng.randint(0, 10_000),
        status=PlacementRound.Status.PUBLISHED,
    )
    seats_total = int(students * 1.1)
    count = max(4, students // 25)
    positions = []
    for index in range(count):
        seats = max(1, seats_total // count + rng.randint(-5, 5))
        staff = seats * rng.randint(12, 40)
        wage = rng.choice([4000, 4500, 5000, 6000])
        positions.append(
            InternshipPosition(
                round=placement_round,
                enterprise=enterprises[index % len(enterprises)],
                title=NEEDS[index % len(NEEDS)][1] + "实习岗",
                seats=seats,
                major_codes=rng.sample(majors, 3),
                location=community.region.name_zh,
                monthly_pay=int(wage * 0.85),
                regular_wage=wage,
                host_staff=staff * 4,
                position_staff=staff,
                insured=True,
                months=6,
            )
        )
    InternshipPosition.objects.bulk_create(positions)
    people = [
        Student(
            college=college,
            name=_name(rng),
            student_number=f"{placement_round.cohort_year}{college.pk % 1000:03d}{k:05d}",
            major_code=rng.choice(majors),
            year=placement_round.cohort_year,
            birth_date=datetime.date(placement_round.cohort_year - 18, rng.randint(1, 12), 1),
        )
        for k in range(students)
    ]
    Student.objects.bulk_create(people, batch_size=2000)
    people = list(Student.objects.filter(college=college, year=placement_round.cohort_year))
    by_major: dict[str, list[InternshipPosition]] = {}
    for position in positions:
        for code in position.major_codes:
            by_major.setdefault(code, []).append(position)
    popularity = {p.pk: rng.random() for p in positions}
    applications: list[tuple[int, int, int, int, float]] = []
    for student in people:
        open_to = by_major.get(student.major_code, [])
        weighted = sorted(open_to, key=lambda p: 0.3 * popularity[p.pk] + rng.random())
        aptitude = rng.randint(40, 90)
        applications.extend(
            (placement_round.pk, student.pk, position.pk, rank, aptitude + rng.randint(0, 10))
            for rank, position in enumerate(weighted[:choices], start=1)
        )
    insert_rows(
        Application, ["round_id", "student_id", "position_id", "rank", "score"], applications
    )
    if match:
        placement_round.status = PlacementRound.Status.RUNNING
        placement_round.save(update_fields=["status"])
        round_execute(round_id=placement_round.pk)
    return placement_round


def _accounts(college: Organization, placement_round: PlacementRound) -> None:
    users = {
        username: User.objects.create_user(
            username, email=f"{username}@example.org", password=password
        )
        for username, password, _what in DEMO_ACCOUNTS
    }
    RoleAssignment.objects.create(user=users["college"], role=Role.MEMBER, organization=college)
    student = (
        Student.objects.filter(
            college=college,
            placements__round=placement_round,
            placements__position__isnull=False,
        )
        .order_by("pk")
        .first()
    )
    if student is not None:
        student.user = users["intern"]
        student.save(update_fields=["user"])


@transaction.atomic
def seed_talent(
    *, rng: random.Random, regional: Iterable[Community], students: int = 3_000
) -> dict[str, int]:
    """Seed the talent demo (``students`` in the first national round, two thirds of that
    in the second); returns the number of rows written per kind."""
    counts = {"talent needs": 0, "technology needs": 0, "core products": 0, "students": 0}
    national = list(
        Community.objects.filter(level=Community.Level.NATIONAL)
        .select_related("field", "region")
        .order_by("pk")
    )
    first_round = None
    first_college = None
    for index, community in enumerate(national):
        members = _members(community)
        t, k, p = _lists(rng, community, members, 24)
        counts["talent needs"] += t
        counts["technology needs"] += k
        counts["core products"] += p
        majors = MAJORS_BY_FIELD.get(community.field.code, MAJORS_BY_FIELD["industrial-internet"])
        rows = []
        for college in members["college"][:12]:
            for code in rng.sample(majors, 3):
                for year in range(DEMO_TODAY.year - 3, DEMO_TODAY.year + 1):
                    enrolment = rng.randint(40, 240)
                    rows.append(
                        CollegeMajor(
                            college=college,
                            major_code=code,
                            year=year,
                            enrolment=enrolment,
                            graduates=int(enrolment * rng.uniform(0.85, 0.97)),
                        )
                    )
        CollegeMajor.objects.bulk_create(rows)
        if not members["college"] or not members["enterprise"]:
            continue
        college = members["college"][0]
        size = students if index == 0 else students * 2 // 3
        placement_round = seed_round(
            rng=rng,
            community=community,
            college=college,
            enterprises=members["enterprise"][:40],
            students=size,
            majors=majors,
        )
        counts["students"] += size
        seeded = seed_programmes(
            rng=rng,
            community=community,
            colleges=members["college"],
            enterprises=members["enterprise"][:40],
            majors=majors,
        )
        for kind, number in seeded.items():
            counts[kind] = counts.get(kind, 0) + number
        if first_round is None:
            first_round, first_college = placement_round, college
    for community in regional:
        t, k, p = _lists(rng, community, _members(community), rng.randint(2, 6))
        counts["talent needs"] += t
        counts["technology needs"] += k
        counts["core products"] += p
    if first_round is not None and first_college is not None:
        _accounts(first_college, first_round)
    assert all(code in catalogues.majors() for codes in MAJORS_BY_FIELD.values() for code in codes)
    return counts


def regional_sample(rng: random.Random, size: int) -> list[Community]:
    ids = list(
        Community.objects.exclude(level=Community.Level.NATIONAL)
        .filter(status=Community.Status.ACTIVE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = sorted(rng.sample(ids, min(size, len(ids))))
    return list(Community.objects.filter(pk__in=chosen).select_related("field", "region"))


__all__: list[Any] = ["DEMO_ACCOUNTS", "regional_sample", "seed_round", "seed_talent"]
