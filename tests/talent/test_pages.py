"""The talent pages: who sees a round, what each person may do there, and the public lists."""

from __future__ import annotations

import pytest
from django.test import Client

from iecommons.talent import matching
from iecommons.talent.services import rounds
from tests.talent.conftest import open_round, post

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def test_the_lists_page_is_public(talent):
    response = _client().get(f"/talent/community/{talent.world.community_a.pk}/")
    assert response.status_code == 200
    assert "Talent needs" in response.content.decode()


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("dean", 200),
        ("hr", 200),
        ("other_dean", 200),
        ("student_user", 200),
        ("stranger", 404),
        ("outsider", 404),
        ("anonymous", 404),
    ],
)
def test_a_round_page_is_for_the_community_and_the_colleges_students(talent, person, status):
    placement_round = open_round(talent)
    user = (
        None
        if person == "anonymous"
        else getattr(talent, person, None) or getattr(talent.world, person)
    )
    assert _client(user).get(f"/talent/rounds/{placement_round.pk}/").status_code == status


def test_only_the_college_may_publish_or_run_from_the_page(talent):
    placement_round = open_round(talent)
    post(talent, placement_round)
    url = f"/talent/rounds/{placement_round.pk}/publish/"
    assert _client(talent.hr).post(url).status_code == 403
    assert _client(talent.dean).post(url).status_code == 302
    placement_round.refresh_from_db()
    assert placement_round.status == "published"


def test_the_college_sees_every_placement_an_enterprise_only_its_interns(talent):
    placement_round = open_round(talent)
    position = post(talent, placement_round, seats=1)
    placement_round = rounds.round_publish(actor=talent.dean, placement_round=placement_round)
    for student in talent.students[:2]:
        rounds.ranking_submit(
            actor=talent.dean,
            placement_round=placement_round,
            student=student,
            positions=[position],
        )
    rounds.round_run(actor=talent.dean, placement_round=placement_round, enqueue=False)
    matching.round_execute(round_id=placement_round.pk)
    url = f"/talent/rounds/{placement_round.pk}/"
    college_page = _client(talent.dean).get(url).content.decode()
    enterprise_page = _client(talent.hr).get(url).content.decode()
    other_page = _client(talent.other_hr).get(url).content.decode()
    names = [s.name for s in talent.students]
    assert all(name in college_page for name in names)
    assert sum(name in enterprise_page for name in names) == 1
    assert not any(name in other_page for name in names)
