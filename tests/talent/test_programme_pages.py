"""The programmes pages and API: who sees what, what each person may record, refusals
beside their field, and an outsider who gets nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from iecommons.talent.models import Cohort, Course, Teacher
from iecommons.talent.services import programmes
from tests.talent.conftest import ROBOTS

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def _person(talent, name):
    return (
        None if name == "anonymous" else getattr(talent, name, None) or getattr(talent.world, name)
    )


def _cohort(talent) -> Cohort:
    return programmes.cohort_record(
        actor=talent.hr,
        community=talent.world.community_a,
        kind=Cohort.Kind.ORDER_CLASS,
        title="中车订单班2023级",
        enterprise=talent.enterprise,
        college=talent.college,
        major_code=ROBOTS,
        intake_year=2023,
        size=4,
        school_hours=1800,
        enterprise_hours=900,
    )


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("dean", 200),
        ("hr", 200),
        ("other_dean", 200),
        ("secretary", 200),
        ("stranger", 404),
        ("outsider", 404),
        ("anonymous", 404),
    ],
)
def test_the_programmes_are_the_communitys_private_area(talent, person, status):
    url = f"/talent/community/{talent.world.community_a.pk}/programmes/"
    assert _client(_person(talent, person)).get(url).status_code == status
    cohort = _cohort(talent)
    assert _client(_person(talent, person)).get(f"/talent/cohorts/{cohort.pk}/").status_code == (
        status
    )
    api = f"/api/talent/communities/{talent.world.community_a.pk}/cohorts"
    assert _client(_person(talent, person)).get(api).status_code in (
        (200,) if status == 200 else (401, 404)
    )


def test_a_college_records_a_course_on_the_page(talent):
    community = talent.world.community_a
    client = _client(talent.dean)
    response = client.post(
        f"/talent/community/{community.pk}/courses/",
        {
            "course-college": talent.college.pk,
            "course-kind": "textbook",
            "course-title": "轨道车辆制动系统",
            "course-major_code": ROBOTS,
            "course-year": 2025,
            "course-hours": 0,
            "course-status": "developing",
            "course-partners": [talent.enterprise.pk],
            "course-skills": "制动系统调试",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/talent/community/{community.pk}/programmes/").content.decode()
    assert "轨道车辆制动系统" in page
    assert "Brake system commissioning" in page
    # The enterprise has no course form: courses are the college's to record.
    hr_page = _client(talent.hr).get(f"/talent/community/{community.pk}/programmes/")
    assert "Record the course" not in hr_page.content.decode()
    assert _client(talent.hr).post(f"/talent/community/{community.pk}/courses/").status_code == 403


def test_a_course_with_an_unknown_skill_is_refused_beside_the_field(talent):
    community = talent.world.community_a
    response = _client(talent.dean).post(
        f"/talent/community/{community.pk}/courses/",
        {
            "course-college": talent.college.pk,
            "course-kind": "course",
            "course-title": "现场编程",
            "course-major_code": ROBOTS,
            "course-year": 2025,
            "course-hours": 32,
            "course-status": "planned",
            "course-partners": [talent.enterprise.pk],
            "course-skills": "机器人编程, 跳舞",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "“跳舞” is not in the skills vocabulary." in page
    assert 'id="id_course-skills_error"' in page
    assert not Course.objects.exists()


def test_the_college_uploads_an_agreement_that_only_the_parties_may_download(talent):
    cohort = _cohort(talent)
    client = _client(talent.dean)
    response = client.post(
        f"/talent/cohorts/{cohort.pk}/agreements/",
        {
            "agreement-student": talent.students[0].pk,
            "agreement-signed_on": "2023-09-01",
            "agreement-document": SimpleUploadedFile("协议.pdf", PDF),
        },
    )
    assert response.status_code == 302
    page = client.get(f"/talent/cohorts/{cohort.pk}/").content.decode()
    assert talent.students[0].name in page
    agreement = cohort.agreements.get()
    url = f"/talent/agreements/{agreement.pk}/document/"
    assert client.get(url).status_code == 200
    assert _client(talent.hr).get(url).status_code == 200
    assert _client(talent.student_user).get(url).status_code == 200
    for person in ("other_hr", "other_dean", "outsider", "secretary"):
        assert _client(_person(talent, person)).get(url).status_code == 404
    # Another member sees the cohort, never its students.
    other_page = _client(talent.other_hr).get(f"/talent/cohorts/{cohort.pk}/").content.decode()
    assert talent.students[0].name not in other_page
    assert "Record a signed agreement" not in other_page


def test_outcomes_beyond_the_cohort_are_refused_on_the_page(talent):
    cohort = _cohort(talent)
    response = _client(talent.hr).post(
        f"/talent/cohorts/{cohort.pk}/outcomes/",
        {"outcomes-completed": 4, "outcomes-certified": 3, "outcomes-hired": 5},
    )
    assert response.status_code == 422
    assert "5 is more than the 4 who completed." in response.content.decode()
    response = _client(talent.other_hr).post(
        f"/talent/cohorts/{cohort.pk}/outcomes/",
        {"outcomes-completed": 4, "outcomes-certified": 3, "outcomes-hired": 2},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("person", "status"),
    [("dean", 200), ("hr", 404), ("other_dean", 404), ("outsider", 404), ("anonymous", 404)],
)
def test_a_colleges_teachers_are_its_own(talent, person, status):
    url = f"/talent/colleges/{talent.college.pk}/teachers/"
    assert _client(_person(talent, person)).get(url).status_code == status
    api = f"/api/talent/colleges/{talent.college.pk}/teachers"
    assert _client(_person(talent, person)).get(api).status_code in (
        (200,) if status == 200 else (401, 404)
    )


def test_the_college_registers_a_teacher_and_records_practice_on_the_page(talent):
    client = _client(talent.dean)
    base = f"/talent/colleges/{talent.college.pk}"
    response = client.post(
        f"{base}/teachers/add/",
        {
            "teacher-name": "周建国",
            "teacher-staff_number": "T001",
            "teacher-major_code": ROBOTS,
            "teacher-specialised": "on",
            "teacher-dual_qualified": "on",
        },
    )
    assert response.status_code == 302
    teacher = Teacher.objects.get()
    assert "short of 6 months" in client.get(f"{base}/teachers/").content.decode()
    today = datetime.date.today()
    response = client.post(
        f"{base}/practice/",
        {
            "practice-teacher": teacher.pk,
            "practice-enterprise": talent.enterprise.pk,
            "practice-starts": (today - datetime.timedelta(days=400)).isoformat(),
            "practice-ends": (today - datetime.timedelta(days=200)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert "meets the rule" in client.get(f"{base}/teachers/").content.decode()


def test_the_api_records_a_course_and_refuses_a_stranger(talent):
    community = talent.world.community_a
    url = f"/api/talent/communities/{community.pk}/courses"
    payload = {
        "college_id": talent.college.pk,
        "kind": "course",
        "title": "工业网络组网",
        "major_code": ROBOTS,
        "year": 2025,
        "partner_ids": [talent.enterprise.pk],
        "skills": ["Industrial networking"],
    }
    response = _client(talent.dean).post(url, payload, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["skills"] == ["IT01"]
    assert _client(talent.hr).post(url, payload, content_type="application/json").status_code == 403
    bad = {**payload, "major_code": "12"}
    response = _client(talent.dean).post(url, bad, content_type="application/json")
    assert response.status_code == 422
    assert "major_code" in response.json()["errors"]
    assert _client(talent.world.outsider).get(url).status_code == 404
    assert [c["title"] for c in _client(talent.other_dean).get(url).json()] == ["工业网络组网"]
