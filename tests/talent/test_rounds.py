"""Internship rounds: the internship rules, rankings, the matching, overrides, second rounds."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from iecommons.analytics import blocking_pairs
from iecommons.common.models import AuditEntry
from iecommons.talent import matching
from iecommons.talent.models import Application, Placement, PlacementRound
from iecommons.talent.selectors import eligible_students, placement_explanation
from iecommons.talent.services import rounds
from tests.talent.conftest import MECHATRONICS, open_round, post

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


@pytest.mark.parametrize(
    ("change", "rule", "words"),
    [
        ({"seats": 3, "host_staff": 20, "position_staff": 100}, "max_share_of_host_staff", "10%"),
        ({"seats": 5, "position_staff": 20}, "max_share_of_position_staff", "20%"),
        ({"night_shifts": True}, "no_night_or_overtime", "registered exception"),
        ({"overtime": True}, "no_night_or_overtime", "registered exception"),
        ({"monthly_pay": 2000}, "min_pay_ratio", "80%"),
        ({"insured": False}, "insurance", "insurance"),
        ({"months": 8}, "duration", "8 months"),
    ],
)
def test_a_position_that_breaks_a_rule_is_refused_naming_position_and_rule(
    talent, change, rule, words
):
    placement_round = open_round(talent)
    with pytest.raises(ValidationError) as caught:
        post(talent, placement_round, **change)
    text = messages(caught.value)[rule][0]
    assert "工业机器人运维实习" in text
    assert words in text
    assert not placement_round.positions.exists()


def test_a_registered_exception_allows_night_shifts(talent):
    position = post(talent, open_round(talent), night_shifts=True, exception_registered=True)
    assert position.pk


def test_the_ten_percent_rule_counts_all_of_an_enterprises_positions(talent):
    placement_round = open_round(talent)
    post(talent, placement_round, seats=10, host_staff=150, position_staff=100)
    with pytest.raises(ValidationError) as caught:
        post(talent, placement_round, seats=10, host_staff=150, position_staff=100)
    assert "20 interns" in messages(caught.value)["max_share_of_host_staff"][0]


def test_the_rules_are_parameters_of_the_round(talent):
    placement_round = open_round(talent, rules_parameters={"max_share_of_host_staff": 0.2})
    assert post(talent, placement_round, seats=3, host_staff=20, position_staff=100).pk
    with pytest.raises(ValidationError) as caught:
        open_round(talent, rules_parameters={"max_share_of_host_staff": 3})
    assert "out of range" in messages(caught.value)["rules"][0]
    with pytest.raises(ValidationError):
        open_round(talent, rules_parameters={"bedtime": 22})


def test_publishing_is_refused_while_a_student_is_under_sixteen(talent):
    young = talent.students[3]
    young.birth_date = datetime.date(2010, 6, 1)
    young.save()
    placement_round = open_round(talent)
    post(talent, placement_round)
    with pytest.raises(ValidationError) as caught:
        rounds.round_publish(actor=talent.dean, placement_round=placement_round)
    text = " ".join(messages(caught.value)["rules"])
    assert "刘洋" in text
    assert "at least 16" in text
    placement_round.refresh_from_db()
    assert placement_round.status == PlacementRound.Status.DRAFT


def test_only_the_college_publishes_and_only_members_post(talent):
    placement_round = open_round(talent)
    with pytest.raises(PermissionDenied):
        post(talent, placement_round, enterprise=talent.world.member_b)
    post(talent, placement_round)
    with pytest.raises(PermissionDenied):
        rounds.round_publish(actor=talent.hr, placement_round=placement_round)
    with pytest.raises(PermissionDenied):
        rounds.round_publish(actor=talent.other_dean, placement_round=placement_round)


@pytest.fixture
def published(talent):
    placement_round = open_round(talent)
    lathe = post(talent, placement_round, title="机器人装调岗", seats=1)
    weld = post(
        talent, placement_round, title="焊接工作站岗", seats=2, enterprise=talent.other_enterprise
    )
    placement_round = rounds.round_publish(actor=talent.dean, placement_round=placement_round)
    return placement_round, lathe, weld


@pytest.mark.parametrize(
    ("choices", "words"),
    [
        (["lathe", "lathe"], "ranked twice (choices 1 and 2)"),
        (["lathe", "weld", "lathe", "weld"], "At most 3 positions"),
        (["mech"], "not open to major 460305"),
        ([None], "Choice 1 is not a position of this round"),
    ],
)
def test_bad_rankings_are_refused_naming_the_choice(talent, published, choices, words):
    placement_round, lathe, weld = published
    mech = post(talent, open_round(talent), title="机电岗", major_codes=[MECHATRONICS])
    mech.round = placement_round  # a position of this round for a major the student lacks
    mech.save()
    named = {"lathe": lathe, "weld": weld, "mech": mech, None: None}
    with pytest.raises(ValidationError) as caught:
        rounds.ranking_submit(
            actor=talent.student_user,
            placement_round=placement_round,
            student=talent.students[0],
            positions=[named[c] for c in choices],
        )
    assert words in messages(caught.value).get("positions", [str(caught.value)])[0]
    assert not Application.objects.filter(student=talent.students[0]).exists()


def test_a_student_ranks_for_itself_and_not_for_others(talent, published):
    placement_round, lathe, weld = published
    rounds.ranking_submit(
        actor=talent.student_user,
        placement_round=placement_round,
        student=talent.students[0],
        positions=[weld, lathe],
    )
    with pytest.raises(PermissionDenied):
        rounds.ranking_submit(
            actor=talent.student_user,
            placement_round=placement_round,
            student=talent.students[1],
            positions=[lathe],
        )
    with pytest.raises(PermissionDenied):
        rounds.ranking_submit(
            actor=talent.other_dean,
            placement_round=placement_round,
            student=talent.students[1],
            positions=[lathe],
        )


def _rank_and_score(talent, published):
    placement_round, lathe, weld = published
    a, b, c, d = talent.students
    for student, choices in ((a, [lathe, weld]), (b, [lathe, weld]), (c, [lathe]), (d, [weld])):
        rounds.ranking_submit(
            actor=talent.dean, placement_round=placement_round, student=student, positions=choices
        )
    rounds.scores_set(actor=talent.hr, position=lathe, scores={a.pk: 70, b.pk: 90, c.pk: 80})
    rounds.scores_set(actor=talent.other_hr, position=weld, scores={a.pk: 60, b.pk: 50, d.pk: 55})
    rounds.round_run(actor=talent.dean, placement_round=placement_round, enqueue=False)
    return matching.round_execute(round_id=placement_round.pk)


def test_the_round_gives_the_student_optimal_stable_matching_and_explains_it(talent, published):
    placement_round = _rank_and_score(talent, published)
    _, lathe, weld = published
    a, b, c, d = talent.students
    placed = dict(
        Placement.objects.filter(round=placement_round).values_list("student_id", "position_id")
    )
    assert placed == {a.pk: weld.pk, b.pk: lathe.pk, c.pk: None, d.pk: weld.pk}
    assert placement_round.status == PlacementRound.Status.MATCHED
    assert matching.round_blocking_pairs(placement_round) == []
    lathe.refresh_from_db()
    assert lathe.cutoff_score == 90
    reasons = placement_explanation(Placement.objects.get(round=placement_round, student=a))
    assert [r.position.pk for r in reasons] == [lathe.pk]
    assert "below the cutoff 90" in reasons[0].text


def test_only_the_enterprise_scores_its_own_applicants(talent, published):
    _, lathe, _ = published
    rounds.ranking_submit(
        actor=talent.dean,
        placement_round=published[0],
        student=talent.students[0],
        positions=[lathe],
    )
    with pytest.raises(PermissionDenied):
        rounds.scores_set(actor=talent.other_hr, position=lathe, scores={talent.students[0].pk: 1})
    with pytest.raises(ValidationError) as caught:
        rounds.scores_set(actor=talent.hr, position=lathe, scores={talent.students[1].pk: 1})
    assert "did not apply" in messages(caught.value)["scores"][0]


def test_an_override_needs_a_reason_is_audited_and_shows_the_blocking_pair(talent, published):
    placement_round = _rank_and_score(talent, published)
    _, lathe, weld = published
    b = talent.students[1]
    placement_b = Placement.objects.get(round=placement_round, student=b)
    with pytest.raises(ValidationError):
        rounds.placement_override(
            actor=talent.dean, placement=placement_b, position=weld, reason=""
        )
    with pytest.raises(PermissionDenied):
        rounds.placement_override(actor=talent.hr, placement=placement_b, position=weld, reason="x")
    rounds.placement_override(
        actor=talent.dean, placement=placement_b, position=None, reason="学生因病暂缓实习"
    )
    assert AuditEntry.objects.filter(operation="placement_override").exists()
    pairs = matching.round_blocking_pairs(placement_round)
    assert (b.pk, lathe.pk) in pairs  # b still wants the lathe seat, now free


def test_a_second_round_takes_the_unplaced_students_and_the_seats_left(talent, published):
    placement_round = _rank_and_score(talent, published)
    second = rounds.round_second(actor=talent.dean, placement_round=placement_round)
    assert second.previous == placement_round
    assert list(second.positions.values_list("title", "seats")) == []  # every seat was taken
    unplaced = set(eligible_students(second).values_list("pk", flat=True))
    assert unplaced == {talent.students[2].pk}


def test_the_engine_and_the_platform_agree_on_stability(talent, published):
    placement_round = _rank_and_score(talent, published)
    data = matching._instance(placement_round)
    placed = dict(
        Placement.objects.filter(round=placement_round).values_list("student_id", "position_id")
    )
    index = {pk: k for k, pk in enumerate(data["position_ids"].tolist())}
    assignment = [
        index.get(placed[pk], -1) if placed[pk] else -1 for pk in data["student_ids"].tolist()
    ]
    assert (
        len(
            blocking_pairs(
                data["students"],
                data["positions"],
                data["ranks"],
                data["scores"],
                data["seats"],
                assignment,
            )
        )
        == 0
    )
