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


def _position_form(**change):
    data = {
        "position-title": "机器人装调实习",
        "position-seats": 3,
        "position-major_codes": "460305",
        "position-location": "常州市武进区",
        "position-monthly_pay": 3200,
        "position-regular_wage": 3600,
        "position-host_staff": 300,
        "position-position_staff": 100,
        "position-months": 6,
        "position-insured": "on",
    }
    data.update(change)
    return data


def test_the_ten_percent_refusal_is_shown_beside_the_seats_naming_the_rule(talent):
    placement_round = open_round(talent)
    response = _client(talent.hr).post(
        f"/talent/rounds/{placement_round.pk}/positions/",
        _position_form(**{"position-seats": 31}),
    )
    assert response.status_code == 422
    page = response.content.decode()
    rule = "interns at most 10% of the enterprise&#x27;s staff"
    assert rule in page
    assert "31 interns at an enterprise of 300 staff exceed 10% of its staff" in page
    # in the summary, linked to the field, and beside the field itself
    assert 'href="#id_position-seats"' in page
    assert 'id="id_position-seats_error"' in page
    assert not placement_round.positions.exists()


def test_every_rule_a_position_breaks_is_shown_at_once(talent):
    placement_round = open_round(talent)
    response = _client(talent.hr).post(
        f"/talent/rounds/{placement_round.pk}/positions/",
        _position_form(**{"position-seats": 31, "position-monthly_pay": 1000}),
    )
    page = response.content.decode()
    assert "interns at most 10% of the enterprise" in page
    assert "pay at least 80% of the same position" in page


def test_a_position_open_to_every_major_may_leave_the_majors_empty(talent):
    placement_round = open_round(talent)
    response = _client(talent.hr).post(
        f"/talent/rounds/{placement_round.pk}/positions/",
        _position_form(**{"position-major_codes": ""}),
    )
    assert response.status_code == 302
    assert placement_round.positions.get().major_codes == []


def test_a_refused_publication_shows_each_breach_naming_the_rule(talent):
    placement_round = open_round(talent, rules_parameters={"max_share_of_host_staff": 0.5})
    post(talent, placement_round, seats=5, host_staff=20, position_staff=100)
    rounds.round_rules_update(
        actor=talent.dean, placement_round=placement_round, rules_parameters={}
    )
    response = _client(talent.dean).post(
        f"/talent/rounds/{placement_round.pk}/publish/", follow=True
    )
    page = response.content.decode()
    assert "interns at most 10% of the enterprise" in page
    assert "5 interns at an enterprise of 20 staff" in page
    placement_round.refresh_from_db()
    assert placement_round.status == "draft"


def test_the_refusal_names_the_regulation_in_chinese(talent):
    placement_round = open_round(talent)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(talent.hr)
    response = client.post(
        f"/talent/rounds/{placement_round.pk}/positions/",
        _position_form(**{"position-seats": 31}),
    )
    page = response.content.decode()
    assert "违反《职业学校学生实习管理规定》（2021年）" in page
    assert "实习学生人数不超过实习单位在岗职工总数的10%" in page
