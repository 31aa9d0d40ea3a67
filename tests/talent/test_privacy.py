"""Students' personal information: who sees which student, on every endpoint, and the log."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from iecommons.talent import matching
from iecommons.talent.exports import placements_workbook, pseudonym
from iecommons.talent.models import Placement, StudentAccess
from iecommons.talent.services import rounds
from tests.talent.conftest import open_round, post

pytestmark = pytest.mark.django_db

PEOPLE = [
    "dean",
    "other_dean",
    "hr",
    "other_hr",
    "student_user",
    "secretary",
    "supervisor",
    "stranger",
    "anonymous",
]


def client_for(talent, person) -> Client:
    client = Client()
    if person == "anonymous":
        return client
    user = getattr(talent, person, None) or getattr(talent.world, person)
    client.force_login(user)
    return client


@pytest.fixture
def matched(talent):
    placement_round = open_round(talent)
    position = post(talent, placement_round, seats=2)
    placement_round = rounds.round_publish(actor=talent.dean, placement_round=placement_round)
    a, b = talent.students[:2]
    for student in (a, b):
        rounds.ranking_submit(
            actor=talent.dean,
            placement_round=placement_round,
            student=student,
            positions=[position],
        )
    rounds.round_run(actor=talent.dean, placement_round=placement_round, enqueue=False)
    return matching.round_execute(round_id=placement_round.pk), position


@pytest.mark.parametrize("person", PEOPLE)
def test_a_college_sees_only_its_students_and_an_enterprise_only_its_interns(
    talent, matched, person
):
    placement_round, _ = matched
    client = client_for(talent, person)
    college_list = client.get(f"/api/talent/colleges/{talent.college.pk}/students")
    other_list = client.get(f"/api/talent/colleges/{talent.other_college.pk}/students")
    placements = client.get(f"/api/talent/rounds/{placement_round.pk}/placements")
    own = Placement.objects.get(round=placement_round, student=talent.students[0])
    unplaced = Placement.objects.get(round=placement_round, student=talent.students[2])
    detail = client.get(f"/api/talent/placements/{own.pk}")
    unplaced_detail = client.get(f"/api/talent/placements/{unplaced.pk}")

    assert (college_list.status_code == 200) == (person == "dean")
    if person == "dean":
        assert len(college_list.json()) == 4
    assert (other_list.status_code == 200) == (person == "other_dean")
    expected = {"dean": 4, "hr": 2, "student_user": 1}
    if person in expected:
        assert placements.status_code == 200
        assert len(placements.json()) == expected[person]
    elif placements.status_code == 200:
        assert placements.json() == []
    else:
        assert placements.status_code in (401, 404)
    assert (detail.status_code == 200) == (person in {"dean", "hr", "student_user"})
    assert (unplaced_detail.status_code == 200) == (person == "dean")


def test_every_read_of_a_student_list_is_logged(talent, matched):
    before = StudentAccess.objects.count()
    client_for(talent, "dean").get(f"/api/talent/colleges/{talent.college.pk}/students")
    entry = StudentAccess.objects.order_by("-pk").first()
    assert StudentAccess.objects.count() == before + 1
    assert entry.actor == talent.dean
    assert entry.rows == 4
    assert entry.what == "college_students"


def test_an_export_carries_pseudonyms_not_names(talent, matched):
    placement_round, _ = matched
    placements = list(
        Placement.objects.filter(round=placement_round).select_related(
            "student", "position__enterprise"
        )
    )
    sheet = load_workbook(io.BytesIO(placements_workbook(placements))).active
    text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    for student in talent.students:
        assert student.name not in text
        assert student.student_number not in text
    assert pseudonym(talent.students[0].pk) in text
