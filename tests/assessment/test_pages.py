"""Assessment pages as people use them: live consistency feedback, surveys and their
anonymity, frozen frameworks, submission refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from iecommons.accounts.models import Role, User
from iecommons.assessment.models import (
    AssessmentCycle,
    IndicatorValue,
    Survey,
    SurveyInvitation,
    SurveyResponse,
)
from iecommons.assessment.services import surveys
from tests.assessment.conftest import indicator
from tests.factories import MembershipFactory, UserFactory, grant
from tests.fixtures import World


def _as(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


# --- expert judgments ------------------------------------------------------------------


def test_the_live_partial_shows_cr_and_names_the_judgment_to_reconsider(
    world: World, cycle: AssessmentCycle
) -> None:
    node = indicator(cycle.framework, "D1")  # three indicators: D1.1, D1.2, D1.3
    url = reverse("assessment:judgment_check", kwargs={"pk": cycle.pk, "node": node.pk})
    # D1.1 ≫ D1.2, D1.2 ≫ D1.3, but D1.3 ≫ D1.1: badly inconsistent.
    response = _as(world.expert).post(
        url, {"cell_0_1": "5", "cell_1_2": "5", "cell_0_2": "1/5"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "not consistent" in html
    assert "Reconsider" in html
    assert "Enterprise share of members" in html or "Council meetings held" in html
    assert "would bring the ratio to" in html

    consistent = _as(world.expert).post(
        url, {"cell_0_1": "3", "cell_1_2": "2", "cell_0_2": "5"}, HTTP_HX_REQUEST="true"
    )
    assert "— consistent" in consistent.content.decode()
    assert "Reconsider" not in consistent.content.decode()


def test_the_judgment_page_saves_and_lists_the_cr(world: World, cycle: AssessmentCycle) -> None:
    client = _as(world.expert)
    url = reverse("assessment:judgment_node", kwargs={"pk": cycle.pk, "node": "root"})
    page = client.get(url)
    assert 'hx-post="' in page.content.decode()
    cells = {f"cell_{i}_{j}": "1" for i in range(6) for j in range(i + 1, 6)}
    cells["cell_0_1"] = "2"
    response = client.post(url, cells)
    assert response.status_code == 302
    listing = client.get(reverse("assessment:judgment_list", kwargs={"pk": cycle.pk}))
    assert "judged, CR" in listing.content.decode()


def test_an_off_scale_cell_in_the_form_is_refused(world: World, cycle: AssessmentCycle) -> None:
    node = indicator(cycle.framework, "D1")
    url = reverse("assessment:judgment_node", kwargs={"pk": cycle.pk, "node": node.pk})
    response = _as(world.expert).post(url, {"cell_0_1": "12", "cell_1_2": "1", "cell_0_2": "1"})
    assert response.status_code == 422
    assert "Saaty" in response.content.decode()


# --- surveys -----------------------------------------------------------------------------


@pytest.fixture
def survey(world: World, cycle: AssessmentCycle) -> Survey:
    return surveys.survey_create(
        actor=world.supervisor,
        cycle=cycle,
        title="成员满意度调查",
        title_en="Member satisfaction",
        questions=[
            (indicator(cycle.framework, "D5.1"), "合作顺畅", "Cooperation runs smoothly"),
            (indicator(cycle.framework, "D5.1"), "收益清晰", "Benefits are clear"),
            (indicator(cycle.framework, "D5.1"), "愿意继续", "We want to continue"),
        ],
    )


def _representatives(world: World, count: int) -> list[User]:
    people = []
    for number in range(count):
        membership = MembershipFactory(community=world.community_a)
        person = UserFactory(username=f"rep{number}")
        grant(person, Role.MEMBER, organization=membership.organization)
        people.append(person)
    return people


ANSWERS = [(5, 4, 5), (4, 4, 4), (2, 3, 2), (3, 3, 4)]


def _answer_all(world: World, survey: Survey) -> list[User]:
    people = _representatives(world, len(ANSWERS))
    surveys.survey_send(actor=world.supervisor, survey=survey)
    questions = list(survey.questions.order_by("order"))
    for person, answers in zip(people, ANSWERS, strict=True):
        invitation = SurveyInvitation.objects.get(survey=survey, user=person)
        response = _as(person).post(
            reverse("assessment:survey_respond", kwargs={"pk": invitation.pk}),
            {f"question_{q.pk}": a for q, a in zip(questions, answers, strict=True)},
        )
        assert response.status_code == 302
    return people


def test_one_response_per_representative(world: World, survey: Survey) -> None:
    people = _answer_all(world, survey)
    invitation = SurveyInvitation.objects.get(survey=survey, user=people[0])
    with pytest.raises(ValidationError):
        surveys.survey_respond(
            actor=people[0],
            invitation=invitation,
            answers={q.pk: 1 for q in survey.questions.all()},
        )
    again = _as(people[0]).post(
        reverse("assessment:survey_respond", kwargs={"pk": invitation.pk}),
        {f"question_{q.pk}": 1 for q in survey.questions.all()},
    )
    assert again.status_code in (422, 403)
    assert SurveyResponse.objects.filter(survey=survey).count() == len(ANSWERS)


def test_the_survey_feeds_its_indicator_as_mean_mapped_to_0_100(
    world: World, cycle: AssessmentCycle, survey: Survey
) -> None:
    _answer_all(world, survey)
    value = IndicatorValue.objects.get(
        cycle=cycle, community=world.community_a, indicator__code="D5.1"
    )
    mean = sum(sum(a) for a in ANSWERS) / (3 * len(ANSWERS))
    assert value.value == pytest.approx((mean - 1) * 25, abs=1e-3)
    assert value.trace["responses"] == len(ANSWERS)


def test_the_secretariat_sees_rate_and_alpha_but_never_respondents(
    world: World, survey: Survey
) -> None:
    people = _answer_all(world, survey)
    page = _as(world.secretary).get(reverse("assessment:survey_detail", kwargs={"pk": survey.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cronbach" in html
    alpha_cell = html.split('id="cronbach-alpha">', 1)[1].split("<", 1)[0]
    assert float(alpha_cell) > 0.5
    # The world's own representative of A was invited too and has not answered.
    assert "4 of 5 invited" in html
    for person in people:
        assert person.username not in html
        assert person.role_assignments.get().organization.name not in html


def test_a_response_stores_no_respondent(world: World, survey: Survey) -> None:
    people = _answer_all(world, survey)
    field_names = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not field_names & {"user", "respondent", "organization"}
    tokens = set(SurveyResponse.objects.values_list("respondent_token", flat=True))
    for person in people:
        assert str(person.pk) not in tokens
        assert person.username not in "".join(tokens)


def test_a_representative_cannot_answer_someone_elses_invitation(
    world: World, survey: Survey
) -> None:
    people = _answer_all(world, survey)
    invitation = SurveyInvitation.objects.get(survey=survey, user=people[0])
    response = _as(world.representative).get(
        reverse("assessment:survey_respond", kwargs={"pk": invitation.pk})
    )
    assert response.status_code == 404


# --- frameworks and values ---------------------------------------------------------------


def test_editing_a_frozen_framework_in_the_page_is_refused_with_a_message(
    world: World, cycle: AssessmentCycle
) -> None:
    target = indicator(cycle.framework, "D1.2")
    url = reverse("assessment:indicator_edit", kwargs={"pk": target.pk})
    data: dict[str, Any] = {
        "code": "D1.2",
        "name_zh": "会议",
        "direction": "higher",
        "source": "submitted",
        "parent": target.parent_id,
    }
    response = _as(world.supervisor).post(url, data)
    assert response.status_code == 422
    assert "frozen" in response.content.decode()
    target.refresh_from_db()
    assert target.name_zh == "理事会会议召开次数"
    created = _as(world.supervisor).post(
        reverse("assessment:framework_new_version", kwargs={"pk": cycle.framework_id})
    )
    assert created.status_code == 302


def test_the_submit_page_names_the_indicator_and_range_when_out_of_range(
    world: World, cycle: AssessmentCycle
) -> None:
    rate = indicator(cycle.framework, "D3.2")
    url = reverse(
        "assessment:value_submit",
        kwargs={"pk": cycle.pk, "community_pk": world.community_a.pk, "indicator_pk": rate.pk},
    )
    response = _as(world.secretary).post(url, {"value": "120"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "D3.2" in html
    assert "In-field employment rate" in html
    assert "100" in html


def test_the_status_board_counts_missing_values(world: World, cycle: AssessmentCycle) -> None:
    page = _as(world.supervisor).get(reverse("assessment:cycle_detail", kwargs={"pk": cycle.pk}))
    board = page.context["board"]
    assert {row.community for row in board} == {world.community_a, world.community_b}
    assert all(row.counts["missing"] == row.total == 19 for row in board)


# --- experts -------------------------------------------------------------------------------


def test_an_appointed_expert_may_judge_and_a_regional_supervisor_may_not_appoint(
    world: World, cycle: AssessmentCycle
) -> None:
    outside_expert = UserFactory(username="assessor")
    url = reverse("assessment:judgment_list", kwargs={"pk": cycle.pk})
    assert _as(outside_expert).get(url).status_code in (403, 404)
    appoint = reverse("assessment:cycle_expert_appoint", kwargs={"pk": cycle.pk})
    refused = _as(world.provincial_supervisor).post(appoint, {"username": "assessor"})
    assert refused.status_code == 403
    assert _as(world.supervisor).post(appoint, {"username": "assessor"}).status_code == 302
    assert _as(outside_expert).get(url).status_code == 200


def test_expert_scores_average_into_the_value(
    world: World, cycle: AssessmentCycle, framework: Any
) -> None:
    from iecommons.assessment.services import frameworks as framework_services
    from iecommons.assessment.services.cycles import cycle_open

    draft = framework_services.framework_new_version(actor=world.supervisor, framework=framework)
    dimension = indicator(draft, "D1")
    framework_services.indicator_create(
        actor=world.supervisor,
        framework=draft,
        parent=dimension,
        code="D1.4",
        name_zh="章程执行情况",
        name_en="Charter implementation",
        source="expert",
        min_value=0.0,
        max_value=100.0,
    )
    scored = cycle_open(
        actor=world.supervisor,
        name="专家评分",
        year=2025,
        period_start=cycle.period_start,
        period_end=cycle.period_end,
        framework=draft,
        communities=[world.community_a],
        submission_deadline=cycle.submission_deadline,
        verification_deadline=cycle.verification_deadline,
        judgment_deadline=cycle.judgment_deadline,
    )
    second = UserFactory(username="second-expert")
    grant(second, Role.EXPERT, community=world.community_a)
    target = indicator(draft, "D1.4")
    url = reverse(
        "assessment:expert_score",
        kwargs={"pk": scored.pk, "community_pk": world.community_a.pk, "indicator_pk": target.pk},
    )
    assert _as(world.expert).post(url, {"score": "80"}).status_code == 302
    assert _as(second).post(url, {"score": "90"}).status_code == 302
    assert _as(world.secretary).post(url, {"score": "100"}).status_code == 403
    value = IndicatorValue.objects.get(cycle=scored, community=world.community_a, indicator=target)
    assert value.value == pytest.approx(85.0)
    assert value.trace["experts"] == 2


def test_a_closed_survey_takes_no_more_answers(world: World, survey: Survey) -> None:
    people = _representatives(world, 1)
    surveys.survey_send(actor=world.supervisor, survey=survey)
    _as(world.supervisor).post(reverse("assessment:survey_close", kwargs={"pk": survey.pk}))
    invitation = SurveyInvitation.objects.get(survey=survey, user=people[0])
    response = _as(people[0]).get(
        reverse("assessment:survey_respond", kwargs={"pk": invitation.pk}), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("assessment:my_surveys")
    assert "This survey is closed; it takes no more answers." in response.content.decode()


# --- cycles ------------------------------------------------------------------------------


def test_a_provincial_supervisor_opens_a_cycle_over_its_province_only(
    world: World, framework: Any
) -> None:
    client = _as(world.provincial_supervisor)
    data = {
        "name": "江苏省 2025 年度评价",
        "year": "2025",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "framework": str(framework.pk),
        "jurisdiction": str(world.community_a.province_id),
        "submission_deadline": "2026-02-28",
        "verification_deadline": "2026-03-31",
        "judgment_deadline": "2026-03-31",
    }
    response = client.post(reverse("assessment:cycle_open"), data)
    assert response.status_code == 302
    cycle = AssessmentCycle.objects.get(name="江苏省 2025 年度评价")
    assert list(cycle.communities.all()) == [world.community_a]
    assert cycle.jurisdiction_id == world.community_a.province_id
    # Another province's supervisor neither sees it nor may open it nationally.
    assert (
        _as(world.guangdong_supervisor)
        .get(reverse("assessment:cycle_detail", kwargs={"pk": cycle.pk}))
        .status_code
        == 404
    )
    national = client.post(reverse("assessment:cycle_open"), {**data, "jurisdiction": ""})
    assert national.status_code == 422
    assert "jurisdiction" in national.content.decode()


def test_the_data_page_shows_a_derived_value_with_the_records_it_counted(
    world: World, cycle: AssessmentCycle
) -> None:
    from iecommons.assessment.services.derived import compute_derived

    compute_derived(cycle=cycle, community=world.community_a)
    page = _as(world.secretary).get(
        reverse(
            "assessment:community_data",
            kwargs={"pk": cycle.pk, "community_pk": world.community_a.pk},
        )
    )
    html = page.content.decode()
    assert "Trace: 1 of 1 records counted" in html
    assert world.member_a.name in html
