"""Programmes built with industry: courses, cohorts and their outcomes, agreements, teachers'
enterprise practice and mentors — each refusal names its field, nothing is half-written."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from iecommons.common.models import AuditEntry
from iecommons.talent import selectors
from iecommons.talent.models import Cohort, Course, EnterprisePractice, TripartiteAgreement
from iecommons.talent.practice import practice_months, practice_status
from iecommons.talent.services import faculty, programmes
from tests.factories import OrganizationFactory
from tests.talent.conftest import MECHATRONICS, ROBOTS

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def course(talent, **change):
    fields = {
        "kind": Course.Kind.COURSE,
        "title": "工业机器人现场编程",
        "major_code": ROBOTS,
        "year": 2025,
        "hours": 64,
        "partners": [talent.enterprise],
        "skills": "机器人编程、示教编程",
    }
    fields.update(change)
    return programmes.course_record(
        actor=talent.dean, community=talent.world.community_a, college=talent.college, **fields
    )


def cohort(talent, actor=None, **change):
    fields = {
        "kind": Cohort.Kind.ORDER_CLASS,
        "title": "中车订单班2023级",
        "enterprise": talent.enterprise,
        "college": talent.college,
        "major_code": ROBOTS,
        "intake_year": 2023,
        "size": 3,
        "school_hours": 1800,
        "enterprise_hours": 900,
    }
    fields.update(change)
    return programmes.cohort_record(
        actor=actor or talent.hr, community=talent.world.community_a, **fields
    )


def pdf(name="协议.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_a_college_records_a_course_with_its_partner_and_the_skills_by_code(talent):
    recorded = course(talent)
    assert list(recorded.partners.all()) == [talent.enterprise]
    assert recorded.skills == ["MF03", "MF04"]
    assert AuditEntry.objects.filter(operation="course_record").count() == 1


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"partners": []}, "partners", "at least one partner"),
        ({"major_code": "999999"}, "major_code", "999999"),
        ({"skills": "机器人编程、跳舞"}, "skills", "跳舞"),
        ({"kind": "video"}, "kind", "video"),
    ],
)
def test_a_bad_course_is_refused_naming_the_field(talent, change, field, words):
    with pytest.raises(ValidationError) as caught:
        course(talent, **change)
    assert words in " ".join(caught.value.message_dict[field])
    assert not Course.objects.exists()


def test_a_partner_must_be_an_active_member_enterprise(talent):
    elsewhere = OrganizationFactory(name="外地公司", type="enterprise")
    with pytest.raises(ValidationError) as caught:
        course(talent, partners=[elsewhere])
    assert str(elsewhere) in caught.value.message_dict["partners"][0]


def test_only_the_college_records_its_courses(talent):
    for person in (talent.hr, talent.other_dean, talent.world.outsider):
        with pytest.raises(PermissionDenied):
            programmes.course_record(
                actor=person,
                community=talent.world.community_a,
                college=talent.college,
                kind="course",
                title="x",
                major_code=ROBOTS,
                year=2025,
                partners=[talent.enterprise],
            )


def test_the_enterprise_or_the_college_records_a_cohort_not_another_member(talent):
    assert cohort(talent).pk
    assert cohort(talent, actor=talent.dean).pk
    with pytest.raises(PermissionDenied):
        cohort(talent, actor=talent.other_hr)


def test_an_apprenticeship_needs_hours_at_the_enterprise(talent):
    with pytest.raises(ValidationError) as caught:
        cohort(talent, kind=Cohort.Kind.APPRENTICESHIP, enterprise_hours=0)
    assert "enterprise_hours" in caught.value.message_dict
    assert not Cohort.objects.exists()


@pytest.mark.parametrize(
    ("outcomes", "field", "words"),
    [
        ({"completed": 4, "certified": 0, "hired": 0}, "completed", "3 students"),
        ({"completed": 2, "certified": 4, "hired": 0}, "certified", "3 students"),
        ({"completed": 2, "certified": 2, "hired": 3}, "hired", "2 who completed"),
        ({"completed": 3, "certified": 2, "hired": 2, "retained": 3}, "retained", "2 hired"),
    ],
)
def test_outcomes_stay_within_what_they_follow_from(talent, outcomes, field, words):
    recorded = cohort(talent)
    with pytest.raises(ValidationError) as caught:
        programmes.cohort_outcomes_report(actor=talent.dean, cohort=recorded, **outcomes)
    assert words in caught.value.message_dict[field][0]
    recorded.refresh_from_db()
    assert recorded.completed is None


def test_outcomes_are_reported_and_audited(talent):
    recorded = programmes.cohort_outcomes_report(
        actor=talent.hr, cohort=cohort(talent), completed=3, certified=2, hired=2, retained=1
    )
    assert (recorded.completed, recorded.certified, recorded.hired, recorded.retained) == (
        3,
        2,
        2,
        1,
    )
    assert AuditEntry.objects.filter(operation="cohort_outcomes_report").exists()
    with pytest.raises(PermissionDenied):
        programmes.cohort_outcomes_report(
            actor=talent.other_hr, cohort=recorded, completed=1, certified=1, hired=1
        )


def test_an_agreement_is_for_a_student_of_the_cohorts_college_and_major(talent):
    recorded = cohort(talent, size=1)
    day = datetime.date(2023, 9, 1)
    with pytest.raises(ValidationError) as caught:
        programmes.agreement_record(
            actor=talent.dean,
            cohort=recorded,
            student=talent.stranger_student,
            signed_on=day,
            document=pdf(),
        )
    assert "student" in caught.value.message_dict
    other_major = talent.students[1]
    other_major.major_code = MECHATRONICS
    other_major.save()
    with pytest.raises(ValidationError) as caught:
        programmes.agreement_record(
            actor=talent.dean, cohort=recorded, student=other_major, signed_on=day, document=pdf()
        )
    assert MECHATRONICS in caught.value.message_dict["student"][0]
    programmes.agreement_record(
        actor=talent.dean,
        cohort=recorded,
        student=talent.students[0],
        signed_on=day,
        document=pdf(),
    )
    with pytest.raises(ValidationError) as caught:
        programmes.agreement_record(
            actor=talent.dean,
            cohort=recorded,
            student=talent.students[2],
            signed_on=day,
            document=pdf(),
        )
    assert "1 places are taken" in caught.value.message_dict["student"][0]
    assert TripartiteAgreement.objects.count() == 1


def test_an_agreement_needs_its_signed_document(talent):
    with pytest.raises(ValidationError) as caught:
        programmes.agreement_record(
            actor=talent.dean,
            cohort=cohort(talent),
            student=talent.students[0],
            signed_on=datetime.date(2023, 9, 1),
            document=None,
        )
    assert "document" in caught.value.message_dict


def test_agreements_are_seen_by_the_college_the_enterprise_and_the_student_only(talent):
    recorded = cohort(talent)
    programmes.agreement_record(
        actor=talent.hr,
        cohort=recorded,
        student=talent.students[0],
        signed_on=datetime.date(2023, 9, 1),
        document=pdf(),
    )
    seen = {
        name: len(selectors.cohort_agreements(getattr(talent, name), recorded))
        for name in ("dean", "hr", "student_user", "other_hr", "other_dean")
    }
    assert seen == {"dean": 1, "hr": 1, "student_user": 1, "other_hr": 0, "other_dean": 0}


# --- teachers, practice and mentors ----------------------------------------------------------


def test_six_months_in_five_years_meets_the_rule_overlaps_counted_once():
    day = datetime.date(2026, 12, 1)
    periods = [
        (datetime.date(2022, 7, 1), datetime.date(2022, 10, 31)),
        (datetime.date(2022, 9, 1), datetime.date(2022, 12, 31)),  # overlaps the first
    ]
    assert round(practice_months(periods, day), 1) == 6.0
    assert practice_status(periods, day).compliant
    # Practice older than five years no longer counts.
    assert not practice_status(periods, datetime.date(2028, 1, 1)).compliant
    # The rule is for teachers of specialised courses only.
    assert practice_status([], day, specialised=False).compliant


def test_a_college_sees_which_teachers_are_short_of_practice(talent):
    ready = faculty.teacher_register(
        actor=talent.dean,
        college=talent.college,
        name="周建国",
        staff_number="T001",
        major_code=ROBOTS,
        dual_qualified=True,
        dual_qualified_since=datetime.date(2022, 1, 1),
    )
    faculty.teacher_register(
        actor=talent.dean, college=talent.college, name="吴敏", staff_number="T002"
    )
    faculty.practice_record(
        actor=talent.dean,
        teacher=ready,
        enterprise=talent.enterprise,
        starts=datetime.date(2024, 1, 1),
        ends=datetime.date(2024, 7, 31),
    )
    rows = selectors.college_teachers(talent.dean, talent.college, datetime.date(2026, 1, 1))
    assert [(r.teacher.staff_number, r.status.compliant) for r in rows] == [
        ("T001", True),
        ("T002", False),
    ]
    assert (
        selectors.college_teachers(talent.other_dean, talent.college, datetime.date.today()) == []
    )


def test_practice_that_overlaps_or_ends_before_it_starts_is_refused(talent):
    teacher = faculty.teacher_register(
        actor=talent.dean, college=talent.college, name="周建国", staff_number="T001"
    )
    faculty.practice_record(
        actor=talent.dean,
        teacher=teacher,
        enterprise=talent.enterprise,
        starts=datetime.date(2024, 1, 1),
        ends=datetime.date(2024, 3, 31),
    )
    with pytest.raises(ValidationError) as caught:
        faculty.practice_record(
            actor=talent.dean,
            teacher=teacher,
            enterprise=talent.enterprise,
            starts=datetime.date(2024, 3, 1),
            ends=datetime.date(2024, 5, 31),
        )
    assert "2024-01-01" in caught.value.message_dict["starts"][0]
    with pytest.raises(ValidationError) as caught:
        faculty.practice_record(
            actor=talent.dean,
            teacher=teacher,
            enterprise=talent.enterprise,
            starts=datetime.date(2025, 3, 1),
            ends=datetime.date(2025, 2, 1),
        )
    assert "ends" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        faculty.practice_record(
            actor=talent.hr,
            teacher=teacher,
            enterprise=talent.enterprise,
            starts=datetime.date(2025, 3, 1),
            ends=datetime.date(2025, 4, 1),
        )
    assert EnterprisePractice.objects.count() == 1


def test_a_dual_qualified_date_needs_the_status(talent):
    with pytest.raises(ValidationError) as caught:
        faculty.teacher_register(
            actor=talent.dean,
            college=talent.college,
            name="周建国",
            staff_number="T001",
            dual_qualified_since=datetime.date(2022, 1, 1),
        )
    assert "dual_qualified_since" in caught.value.message_dict


def test_mentor_names_stay_with_their_enterprise_and_college(talent):
    faculty.mentor_record(
        actor=talent.hr,
        community=talent.world.community_a,
        enterprise=talent.enterprise,
        college=talent.college,
        name="孙师傅",
        qualification="高级技师",
        year=2025,
        teaching_hours=48,
    )
    community = talent.world.community_a
    names = {
        person: [m.name for m in selectors.community_mentors(getattr(talent, person), community)]
        for person in ("hr", "dean", "other_hr", "other_dean")
    }
    assert names == {"hr": ["孙师傅"], "dean": ["孙师傅"], "other_hr": [], "other_dean": []}
    assert selectors.mentor_hours_by_year(community) == [{"year": 2025, "mentors": 1, "hours": 48}]
    with pytest.raises(ValidationError) as caught:
        faculty.mentor_record(
            actor=talent.hr,
            community=community,
            enterprise=talent.enterprise,
            college=talent.college,
            name="钱师傅",
            year=2025,
            teaching_hours=0,
        )
    assert "teaching_hours" in caught.value.message_dict
