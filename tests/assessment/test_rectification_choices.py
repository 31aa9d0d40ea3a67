"""Generating rectification tasks with a chosen deadline and communities (a checklist with
counts, all at first), and a single task made by hand; bad input names its field and
writes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from iecommons.assessment.models import EvaluationRun, RectificationTask
from iecommons.assessment.selectors import rectification as rectification_selectors
from iecommons.assessment.services import rectification as rectification_services
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.common.models import AuditEntry
from tests.assessment.runs_world import AssessmentWorld, assessment_world
from tests.factories import CommunityFactory
from tests.fixtures import World


@pytest.fixture
def assessed(world: World) -> AssessmentWorld:
    return assessment_world(world)


@pytest.fixture
def run(world: World, assessed: AssessmentWorld) -> EvaluationRun:
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    return run_execution.evaluation_run_execute(run_id=started.pk)


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _client(world: World, who: str | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if who is not None:
        client.force_login(getattr(world, who))
    return client


# --- generating, with choices ------------------------------------------------------------


def test_the_confirmation_lists_every_eligible_community_with_its_count_all_ticked(world, run):
    candidates = rectification_selectors.generation_candidates(run, top=3)
    assert candidates
    total = sum(candidate.count for candidate in candidates)
    url = reverse("assessment:rectification_generate", args=[run.pk])
    response = _client(world, "supervisor").get(url)
    page = response.content.decode()
    assert f"Generate {total} rectification tasks" in page
    form = response.context["form"]
    assert form["communities"].initial == [c.community_id for c in candidates]
    first = candidates[0]
    label = f"{first.name} — {first.count} task"
    assert label in page


def test_generating_for_the_chosen_communities_only_with_the_deadline(world, run):
    candidates = rectification_selectors.generation_candidates(run, top=3)
    chosen = candidates[0]
    url = reverse("assessment:rectification_generate", args=[run.pk])
    response = _client(world, "supervisor").post(
        url,
        {
            "confirmed": "yes",
            "deadline": _in(60).isoformat(),
            "top": "3",
            "communities": [chosen.community_id],
        },
    )
    assert response.status_code == 302
    tasks = RectificationTask.objects.filter(run=run)
    assert {task.community_id for task in tasks} == {chosen.community_id}
    assert tasks.count() == chosen.count
    assert {task.deadline for task in tasks} == {_in(60)}


def test_a_deadline_in_the_past_is_refused_on_its_field_and_nothing_is_written(world, run):
    candidates = rectification_selectors.generation_candidates(run, top=3)
    url = reverse("assessment:rectification_generate", args=[run.pk])
    response = _client(world, "supervisor").post(
        url,
        {
            "confirmed": "yes",
            "deadline": _in(-1).isoformat(),
            "top": "3",
            "communities": [c.community_id for c in candidates],
        },
    )
    assert response.status_code == 422
    assert "must be in the future" in response.context["form"].errors["deadline"][0]
    assert not RectificationTask.objects.exists()


def test_a_community_not_in_the_run_is_refused_on_its_field(world, run):
    stranger = CommunityFactory(name="丙共同体")
    url = reverse("assessment:rectification_generate", args=[run.pk])
    response = _client(world, "supervisor").post(
        url,
        {
            "confirmed": "yes",
            "deadline": _in(30).isoformat(),
            "top": "3",
            "communities": [stranger.pk],
        },
    )
    assert response.status_code == 422
    error = response.context["form"].errors["communities"][0]
    assert str(stranger.pk) in error
    assert "not a community of this run" in error
    assert not RectificationTask.objects.exists()


def test_no_community_chosen_is_refused(world, run):
    url = reverse("assessment:rectification_generate", args=[run.pk])
    response = _client(world, "supervisor").post(
        url, {"confirmed": "yes", "deadline": _in(30).isoformat(), "top": "3"}
    )
    assert response.status_code == 422
    assert "Choose at least one community" in response.context["form"].errors["communities"][0]
    assert not RectificationTask.objects.exists()


def test_the_service_refuses_a_community_not_evaluated_naming_it(world, run):
    stranger = CommunityFactory(name="丙共同体")
    with pytest.raises(ValidationError) as refused:
        rectification_services.rectification_generate(
            actor=world.supervisor, run=run, deadline=_in(30), communities=[stranger]
        )
    assert str(stranger) in refused.value.message_dict["communities"][0]
    assert not RectificationTask.objects.exists()


def test_once_generated_a_community_is_no_longer_a_candidate(world, run):
    before = rectification_selectors.generation_candidates(run, top=3)
    rectification_services.rectification_generate(actor=world.supervisor, run=run)
    assert rectification_selectors.generation_candidates(run, top=3) == []
    assert before


# --- one task by hand -------------------------------------------------------------------------


def _weak_indicator(run: EvaluationRun, world: World):
    candidate = rectification_selectors.generation_candidates(run, top=1)[0]
    from iecommons.assessment.models import Indicator, Result
    from iecommons.registry.models import Community

    weakest = Result.objects.get(run=run, community_id=candidate.community_id).weakest_indicators
    code = next(w["code"] for w in weakest if w["gap"] > 0)
    return (
        Community.objects.get(pk=candidate.community_id),
        Indicator.objects.get(framework_id=run.framework_id, code=code),
    )


def test_a_supervisor_makes_one_task_by_hand_and_it_is_audited(world, run):
    community, indicator = _weak_indicator(run, world)
    task = rectification_services.rectification_task_create(
        actor=world.supervisor, run=run, community=community, indicator=indicator, deadline=_in(90)
    )
    assert task.community == community
    assert task.deadline == _in(90)
    assert task.baseline_value is not None
    assert indicator.name in task.description  # the generated words when none given
    assert AuditEntry.objects.filter(operation="rectification_task_create").count() == 1
    with pytest.raises(ValidationError, match="already has a task"):
        rectification_services.rectification_task_create(
            actor=world.supervisor,
            run=run,
            community=community,
            indicator=indicator,
            deadline=_in(90),
        )


def test_the_task_page_creates_one_task_with_its_own_words(world, run):
    community, indicator = _weak_indicator(run, world)
    url = reverse("assessment:rectification_task_create", args=[run.pk])
    client = _client(world, "supervisor")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "community": community.pk,
            "indicator": indicator.pk,
            "deadline": _in(45).isoformat(),
            "description": "补齐实训基地建设台账。",
        },
    )
    assert response.status_code == 302
    task = RectificationTask.objects.get()
    assert task.description == "补齐实训基地建设台账。"
    assert response["Location"] == reverse("assessment:rectification_detail", args=[task.pk])


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"deadline": "2000-01-01"}, "deadline", "must be in the future"),
        ({"deadline": ""}, "deadline", "required"),
        ({"community": "outside"}, "community", "evaluated in this run"),
        ({"indicator": 999999}, "indicator", "framework"),
    ],
)
def test_bad_input_for_a_task_by_hand_names_its_field_and_writes_nothing(
    world, run, change, field, words
):
    community, indicator = _weak_indicator(run, world)
    outside = CommunityFactory(name="丁共同体")
    data = {"community": community.pk, "indicator": indicator.pk, "deadline": _in(30).isoformat()}
    data.update({k: (outside.pk if v == "outside" else v) for k, v in change.items()})
    url = reverse("assessment:rectification_task_create", args=[run.pk])
    response = _client(world, "supervisor").post(url, data)
    assert response.status_code == 422
    assert words in " ".join(response.context["form"].errors[field])
    assert not RectificationTask.objects.exists()


PEOPLE = [
    ("operator", 200),
    ("supervisor", 200),
    ("provincial_supervisor", 403),
    ("guangdong_supervisor", 403),
    ("secretary", 403),
    ("outsider", 403),
    ("expert", 403),
    ("representative", 403),
    ("stranger", 403),
    (None, 302),
]


@pytest.mark.parametrize(("who", "status"), PEOPLE)
def test_only_the_cycles_supervisors_make_a_task_by_hand(world, run, who, status):
    community, indicator = _weak_indicator(run, world)
    url = reverse("assessment:rectification_task_create", args=[run.pk])
    assert _client(world, who).get(url).status_code == status
    data = {"community": community.pk, "indicator": indicator.pk, "deadline": _in(30).isoformat()}
    posted = _client(world, who).post(url, data)
    assert posted.status_code == (302 if status == 200 else status)
    assert RectificationTask.objects.exists() == (status == 200)


@pytest.mark.parametrize("who", ["secretary", "outsider", "expert", "guangdong_supervisor"])
def test_the_service_refuses_a_task_by_anyone_else(world, run, who):
    community, indicator = _weak_indicator(run, world)
    with pytest.raises(PermissionDenied):
        rectification_services.rectification_task_create(
            actor=getattr(world, who),
            run=run,
            community=community,
            indicator=indicator,
            deadline=_in(30),
        )


def test_asking_again_with_fewer_indicators_counts_again(world, run):
    one_each = rectification_selectors.generation_candidates(run, top=1)
    url = reverse("assessment:rectification_generate", args=[run.pk])
    response = _client(world, "supervisor").get(
        url, {"top": "1", "deadline": _in(20).isoformat()}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert f"Generate {len(one_each)} rectification task" in page
    assert f'value="{_in(20).isoformat()}"' in page
    assert 'hx-get="' in page  # the number of indicators asks again when it changes
