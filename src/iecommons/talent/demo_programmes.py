"""Demo programmes built with industry, for the national communities: co-developed courses
and textbooks, teachers with 双师型 status and enterprise practice, enterprise mentors,
order classes and apprenticeships with their outcomes, and a few signed agreements.

Deterministic for a given ``rng``; rows are written with ``bulk_create``.
"""

from __future__ import annotations

import datetime
import random

from django.core.files.base import ContentFile

from iecommons.registry.demo import DEMO_TODAY
from iecommons.registry.models import Community, Organization
from iecommons.talent import skills
from iecommons.talent.models import (
    Cohort,
    Course,
    EnterpriseMentor,
    EnterprisePractice,
    Student,
    Teacher,
    TripartiteAgreement,
)

COURSE_TITLES = [
    "{major}岗位能力综合实训",
    "{major}现场工程师项目化教程",
    "{major}典型工作任务",
    "{major}新技术新工艺",
    "{major}设备维护与故障诊断",
]
QUALIFICATIONS = ["高级技师", "技师", "高级工程师", "工程师", "首席技能专家"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静强磊洋艳勇军杰娟涛明超秀霞平刚"
#: A minimal, valid one-page PDF: what a scanned agreement is stood in for by in the demo.
AGREEMENT_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _field_skills(community: Community) -> list[str]:
    field = community.field.code
    own = [code for code, entry in skills.vocabulary().items() if entry.field == field]
    common = [code for code, entry in skills.vocabulary().items() if not entry.field]
    related = [
        code
        for code, entry in skills.vocabulary().items()
        if entry.field in ("cnc-machine-tools-robots", "new-generation-it")
    ]
    return (own or related) + common


def seed_programmes(
    *,
    rng: random.Random,
    community: Community,
    colleges: list[Organization],
    enterprises: list[Organization],
    majors: list[str],
) -> dict[str, int]:
    """Seed one national community's programmes; returns the rows written per kind."""
    if not colleges or not enterprises:
        return {}
    from iecommons.talent import catalogues

    names = catalogues.majors()
    pool = _field_skills(community)
    year = DEMO_TODAY.year
    courses = []
    partners: list[list[Organization]] = []
    for college in colleges[:6]:
        for index in range(3):
            major = rng.choice(majors)
            courses.append(
                Course(
                    community=community,
                    college=college,
                    kind=Course.Kind.TEXTBOOK if index == 2 else Course.Kind.COURSE,
                    title=rng.choice(COURSE_TITLES).format(major=names[major].name_zh),
                    major_code=major,
                    year=rng.randint(year - 4, year),
                    hours=0 if index == 2 else rng.choice([32, 48, 64, 96]),
                    status=rng.choice(list(Course.Status.values)[:3]),
                    skills=rng.sample(pool, min(3, len(pool))),
                )
            )
            partners.append(rng.sample(enterprises, min(len(enterprises), rng.randint(1, 2))))
    Course.objects.bulk_create(courses)
    through = Course.partners.through
    through.objects.bulk_create(
        through(course_id=course.pk, organization_id=partner.pk)
        for course, chosen in zip(courses, partners, strict=True)
        for partner in chosen
    )

    teachers = [
        Teacher(
            college=college,
            name=_name(rng),
            staff_number=f"T{college.pk % 10_000:04d}{k:03d}",
            major_code=rng.choice(majors),
            specialised=k % 5 != 0,
            dual_qualified=rng.random() < 0.58,
        )
        for college in colleges[:6]
        for k in range(30)
    ]
    for teacher in teachers:
        if teacher.dual_qualified:
            teacher.dual_qualified_since = datetime.date(rng.randint(year - 8, year - 1), 9, 1)
    Teacher.objects.bulk_create(teachers)
    practices = []
    for teacher in teachers:
        if rng.random() < 0.7:
            starts = datetime.date(rng.randint(year - 4, year - 1), rng.choice([1, 7]), 1)
            months = rng.choice([2, 3, 4, 6, 7])
            practices.append(
                EnterprisePractice(
                    teacher=teacher,
                    enterprise=rng.choice(enterprises),
                    starts=starts,
                    ends=starts + datetime.timedelta(days=int(months * 30.5)),
                    description="顶岗实践，参与产线工艺改进",
                )
            )
    EnterprisePractice.objects.bulk_create(practices)

    mentors = [
        EnterpriseMentor(
            community=community,
            enterprise=rng.choice(enterprises),
            college=rng.choice(colleges[:6]),
            name=_name(rng),
            qualification=rng.choice(QUALIFICATIONS),
            year=rng.randint(year - 2, year),
            teaching_hours=rng.choice([16, 24, 32, 48, 64, 96]),
        )
        for _ in range(24)
    ]
    EnterpriseMentor.objects.bulk_create(mentors)

    cohorts = []
    for index in range(8):
        intake = year - 3 + index % 4
        size = rng.randint(30, 60)
        kind = Cohort.Kind.ORDER_CLASS if index % 2 else Cohort.Kind.APPRENTICESHIP
        enterprise = enterprises[index % len(enterprises)]
        cohort = Cohort(
            community=community,
            kind=kind,
            title=f"{enterprise.name[:8]}{'订单班' if index % 2 else '现代学徒制班'}{intake}级",
            enterprise=enterprise,
            college=colleges[index % min(len(colleges), 6)],
            major_code=rng.choice(majors),
            intake_year=intake,
            size=size,
            school_hours=rng.choice([1600, 1800, 2000]),
            enterprise_hours=rng.choice([600, 900, 1200]),
        )
        if intake <= year - 3:  # graduated: outcomes reported
            cohort.completed = size - rng.randint(0, 3)
            cohort.certified = int(cohort.completed * rng.uniform(0.7, 0.95))
            cohort.hired = int(cohort.completed * rng.uniform(0.5, 0.85))
            cohort.retained = int(cohort.hired * rng.uniform(0.7, 0.95))
        cohorts.append(cohort)
    Cohort.objects.bulk_create(cohorts)

    agreements = 0
    first = cohorts[0]
    students = Student.objects.filter(
        college=first.college, year=first.intake_year, major_code=first.major_code
    ).order_by("pk")[: min(10, first.size)]
    for student in students:
        agreement = TripartiteAgreement(
            cohort=first, student=student, signed_on=datetime.date(first.intake_year, 9, 15)
        )
        agreement.document.save(
            f"agreement-{first.pk}-{student.pk}.pdf", ContentFile(AGREEMENT_PDF), save=False
        )
        agreement.save()
        agreements += 1
    return {
        "courses": len(courses),
        "teachers": len(teachers),
        "practice": len(practices),
        "mentors": len(mentors),
        "cohorts": len(cohorts),
        "agreements": agreements,
    }
