"""The list cases of the talent chain's programmes: courses, cohorts, agreements, mentors
and teachers, each added as the app's own records."""

from __future__ import annotations

import datetime

from iecommons.accounts.models import Role, User
from iecommons.registry.models import Organization
from iecommons.talent.models import (
    Cohort,
    Course,
    EnterpriseMentor,
    EnterprisePractice,
    Student,
    Teacher,
    TripartiteAgreement,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, grant
from tests.list_scene import ListCase, Scene, community_pk, page, parent

ROBOTS = "460305"


@parent
def _college(scene: Scene) -> Organization:
    college = OrganizationFactory(name="常州机电职业技术学院", type="higher_vocational")
    MembershipFactory(community=scene.community, organization=college)
    return college


@parent
def _enterprise(scene: Scene) -> Organization:
    enterprise = OrganizationFactory(name="中车戚墅堰机车有限公司", type="enterprise")
    MembershipFactory(community=scene.community, organization=enterprise)
    return enterprise


@parent
def _dean(scene: Scene) -> User:
    dean = UserFactory(username="programme_dean")
    grant(dean, Role.MEMBER, organization=_college(scene))
    return dean


@parent
def _cohort(scene: Scene) -> Cohort:
    return Cohort.objects.create(
        community=scene.community,
        kind=Cohort.Kind.ORDER_CLASS,
        title="订单班",
        enterprise=_enterprise(scene),
        college=_college(scene),
        major_code=ROBOTS,
        intake_year=2023,
        size=100,
    )


def _course(scene: Scene) -> None:
    course = Course.objects.create(
        community=scene.community,
        college=_college(scene),
        kind=Course.Kind.COURSE,
        title=f"课程{scene.next()}",
        major_code=ROBOTS,
        year=2025,
        skills=["MF03"],
    )
    course.partners.add(_enterprise(scene))


def _cohort_row(scene: Scene) -> None:
    Cohort.objects.create(
        community=scene.community,
        kind=Cohort.Kind.APPRENTICESHIP,
        title=f"学徒制班{scene.next()}",
        enterprise=_enterprise(scene),
        college=_college(scene),
        major_code=ROBOTS,
        intake_year=2024,
        size=40,
        enterprise_hours=900,
    )


def _agreement(scene: Scene) -> None:
    number = scene.next()
    student = Student.objects.create(
        college=_college(scene),
        name=f"学生{number}",
        student_number=f"2023{number:04d}",
        major_code=ROBOTS,
        year=2023,
        birth_date=datetime.date(2005, 3, 1),
    )
    TripartiteAgreement.objects.create(
        cohort=_cohort(scene),
        student=student,
        signed_on=datetime.date(2023, 9, 1),
        document="talent/agreements/2023/a.pdf",
    )


def _mentor(scene: Scene) -> None:
    EnterpriseMentor.objects.create(
        community=scene.community,
        enterprise=_enterprise(scene),
        college=_college(scene),
        name=f"导师{scene.next()}",
        year=2025,
        teaching_hours=32,
    )


def _teacher(scene: Scene) -> None:
    teacher = Teacher.objects.create(
        college=_college(scene), name=f"教师{scene.next()}", staff_number=f"T{scene.serial:04d}"
    )
    EnterprisePractice.objects.create(
        teacher=teacher,
        enterprise=_enterprise(scene),
        starts=datetime.date(2024, 1, 1),
        ends=datetime.date(2024, 6, 30),
    )


def _programme_rows(scene: Scene) -> None:
    _course(scene)
    _cohort_row(scene)
    _mentor(scene)


TALENT_LISTS = [
    ListCase(
        "api:course_list",
        _dean,
        _course,
        lambda scene: f"/api/talent/communities/{scene.community.pk}/courses",
    ),
    ListCase(
        "api:cohort_list",
        _dean,
        _cohort_row,
        lambda scene: f"/api/talent/communities/{scene.community.pk}/cohorts",
    ),
    ListCase(
        "api:agreement_list",
        _dean,
        _agreement,
        lambda scene: f"/api/talent/cohorts/{_cohort(scene).pk}/agreements",
    ),
    ListCase(
        "api:mentor_list",
        _dean,
        _mentor,
        lambda scene: f"/api/talent/communities/{scene.community.pk}/mentors",
    ),
    ListCase(
        "api:teacher_list",
        _dean,
        _teacher,
        lambda scene: f"/api/talent/colleges/{_college(scene).pk}/teachers",
    ),
    ListCase(
        "talent:community_programmes",
        _dean,
        _programme_rows,
        page("talent:community_programmes", community_id=community_pk),
    ),
    ListCase(
        "talent:college_teachers",
        _dean,
        _teacher,
        page("talent:college_teachers", college_id=lambda scene: _college(scene).pk),
    ),
]
