"""The talent world: two colleges and two enterprises in community A, students, a round.

- ``dean`` represents ``college`` (an active member of A); ``other_dean`` represents
  ``other_college`` (also in A);
- ``hr`` represents ``enterprise`` (in A); ``other_hr`` represents ``other_enterprise`` (in A);
- ``students``: four students of ``college``, intake 2023, major 460305 (industrial robots),
  one of them (``students[0]``) with its own account ``student_user``;
- ``stranger_student``: a student of ``other_college``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from iecommons.accounts.models import Role, User
from iecommons.registry.models import Organization
from iecommons.talent.models import PlacementRound, Student
from iecommons.talent.services import rounds
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, grant
from tests.fixtures import World

ROBOTS = "460305"
MECHATRONICS = "460301"


@dataclass
class Talent:
    world: World
    college: Organization
    other_college: Organization
    enterprise: Organization
    other_enterprise: Organization
    dean: User
    other_dean: User
    hr: User
    other_hr: User
    student_user: User
    students: list[Student]
    stranger_student: Student


def _member(world: World, name: str, kind: str) -> Organization:
    organization = OrganizationFactory(name=name, type=kind)
    MembershipFactory(community=world.community_a, organization=organization)
    return organization


@pytest.fixture
def talent(world: World) -> Talent:
    college = _member(world, "常州机电职业技术学院", Organization.Type.HIGHER_VOCATIONAL)
    other_college = _member(world, "常州工程职业技术学院", Organization.Type.HIGHER_VOCATIONAL)
    enterprise = _member(world, "中车戚墅堰机车有限公司", Organization.Type.ENTERPRISE)
    other_enterprise = _member(world, "常州智能装备有限公司", Organization.Type.ENTERPRISE)
    people = {}
    for username, organization in (
        ("dean", college),
        ("other_dean", other_college),
        ("hr", enterprise),
        ("other_hr", other_enterprise),
    ):
        people[username] = UserFactory(username=username)
        grant(people[username], Role.MEMBER, organization=organization)
    student_user = UserFactory(username="student")
    students = [
        Student.objects.create(
            college=college,
            name=name,
            student_number=f"2023{k:04d}",
            major_code=ROBOTS,
            year=2023,
            birth_date=datetime.date(2005, 3, 1),
            user=student_user if k == 0 else None,
        )
        for k, name in enumerate(["王小明", "李华", "张伟", "刘洋"])
    ]
    stranger_student = Student.objects.create(
        college=other_college,
        name="陈静",
        student_number="20230001",
        major_code=ROBOTS,
        year=2023,
        birth_date=datetime.date(2005, 5, 1),
    )
    return Talent(
        world=world,
        college=college,
        other_college=other_college,
        enterprise=enterprise,
        other_enterprise=other_enterprise,
        dean=people["dean"],
        other_dean=people["other_dean"],
        hr=people["hr"],
        other_hr=people["other_hr"],
        student_user=student_user,
        students=students,
        stranger_student=stranger_student,
    )


GOOD_POSITION = {
    "title": "工业机器人运维实习",
    "seats": 2,
    "location": "常州市武进区",
    "monthly_pay": 3000,
    "regular_wage": 3500,
    "host_staff": 200,
    "position_staff": 20,
    "major_codes": [ROBOTS],
    "insured": True,
    "months": 6,
}


def open_round(talent: Talent, **overrides) -> PlacementRound:
    fields = {
        "title": "2026年岗位实习",
        "cohort_year": 2023,
        "starts": datetime.date(2026, 3, 1),
        "max_choices": 3,
    }
    fields.update(overrides)
    return rounds.round_open(
        actor=talent.dean, community=talent.world.community_a, college=talent.college, **fields
    )


def post(talent: Talent, placement_round: PlacementRound, enterprise=None, **overrides):
    fields = {**GOOD_POSITION, **overrides}
    return rounds.position_post(
        actor=talent.hr if enterprise is None else talent.other_hr,
        placement_round=placement_round,
        enterprise=enterprise or talent.enterprise,
        **fields,
    )
