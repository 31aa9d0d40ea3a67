"""Demonstration selection through its pages and its API: a supervisor creates, publishes
(behind the confirmation) and finalises; anyone signed in objects during the notice; the
public reads the list, its inputs and the CSV/XLSX; and the table of who sees what: a
provincial supervisor only its province's selections, outsiders nothing, the public only
published and final ones."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from iecommons.policy import demonstration
from iecommons.policy.models import DemonstrationObjection, DemonstrationSelection
from iecommons.policy.services import demonstration as services
from tests.fixtures import World
from tests.policy.demonstration_world import Demo, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(world: World) -> Demo:
    return build(world)


def _client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def _api(user, method: str, url: str, body=None):
    kwargs = {}
    if body is not None:
        kwargs = {"data": json.dumps(body, default=str), "content_type": "application/json"}
    return getattr(_client(user), method)(url, **kwargs)


def _today() -> datetime.date:
    return timezone.localdate()


def _in_notice(demo: Demo, **changes) -> DemonstrationSelection:
    selection = demo.create(today=_today(), **changes)
    actor = changes.get("actor", demo.world.supervisor)
    return services.selection_publish(
        actor=actor,
        selection=selection,
        notice_starts=_today(),
        notice_ends=_today() + datetime.timedelta(days=6),
    )


def _jiangsu(demo: Demo, **changes) -> DemonstrationSelection:
    values = {
        "actor": demo.world.provincial_supervisor,
        "jurisdiction": demo.world.community_a.province,
        "title": "江苏省示范共同体遴选",
        "total": 2,
        "province_quotas": {"320000": 2},
        "field_quotas": {},
        "today": _today(),
    }
    values.update(changes)
    return demo.create(**values)


# --- the workflow through the pages ------------------------------------------------------


def test_a_supervisor_creates_a_selection_through_the_form(demo):
    client = _client(demo.world.supervisor)
    form = client.get("/policy/demonstrations/new")
    assert form.status_code == 200
    assert f"run #{demo.run.pk}" in form.content.decode()
    response = client.post(
        "/policy/demonstrations/new",
        {
            "title": "2026年示范共同体遴选",
            "run": demo.run.pk,
            "jurisdiction": "",
            "total": "4",
            "province_quotas": "320000 3\n440000：1",
            "field_quotas": "rail-transit 3\naerospace 1",
            "min_grade": "good",
            "no_overdue_rectification": "on",
            "min_years_founded": "2",
        },
    )
    selection = DemonstrationSelection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/policy/demonstrations/{selection.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Draft list" in page
    assert selection.inputs_sha256 in page
    candidates = client.get(f"/policy/demonstrations/{selection.pk}/candidates/").content.decode()
    assert "1 overdue rectification task" in candidates
    assert "its province&#x27;s places are taken" in candidates


def test_quotas_that_do_not_add_up_are_shown_beside_their_box_with_nothing_written(demo):
    response = _client(demo.world.supervisor).post(
        "/policy/demonstrations/new",
        {
            "title": "遴选",
            "run": demo.run.pk,
            "jurisdiction": "",
            "total": "4",
            "province_quotas": "320000 2\n999999 -1",
            "field_quotas": "",
            "min_grade": "",
            "min_years_founded": "0",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "999999: A number of places cannot be negative." in page
    assert not DemonstrationSelection.objects.exists()


def test_publishing_goes_through_the_confirmation_and_opens_the_notice(demo):
    selection = demo.create(today=_today())
    client = _client(demo.world.supervisor)
    url = f"/policy/demonstrations/{selection.pk}/publish"
    dialog = client.get(url, HTTP_HX_REQUEST="true")
    assert "Publish the list of 4 communities for public notice?" in dialog.content.decode()
    # A post without the confirmation's own field changes nothing.
    client.post(url, {"notice_starts": _today(), "notice_ends": _today()})
    assert DemonstrationSelection.objects.get().status == "draft"
    refused = client.post(
        url,
        {
            "confirmed": "yes",
            "notice_starts": _today() - datetime.timedelta(days=1),
            "notice_ends": _today(),
        },
    )
    assert refused.status_code == 422
    assert "cannot start in the past" in refused.content.decode()
    done = client.post(
        url,
        {
            "confirmed": "yes",
            "notice_starts": _today(),
            "notice_ends": _today() + datetime.timedelta(days=6),
        },
    )
    assert done.status_code == 302
    assert DemonstrationSelection.objects.get().status == "notice"


def test_during_the_notice_anyone_signed_in_objects_and_the_supervisor_answers(demo):
    selection = _in_notice(demo)
    entry = selection.entries.get(community=demo.by_name["C2"])
    public = _client().get(f"/policy/demonstrations/{selection.pk}/").content.decode()
    assert "Sign in" in public
    assert "File the objection" not in public
    stranger = _client(demo.world.stranger)
    response = stranger.post(
        f"/policy/demonstrations/{selection.pk}/",
        {"entry": entry.pk, "reason": "材料不实"},
    )
    assert response.status_code == 302
    again = stranger.post(
        f"/policy/demonstrations/{selection.pk}/",
        {"entry": entry.pk, "reason": "再次"},
    )
    assert again.status_code == 422
    assert "already objected" in again.content.decode()
    objection = DemonstrationObjection.objects.get()
    answered = _client(demo.world.supervisor).post(
        f"/policy/demonstration-objections/{objection.pk}/answer",
        {
            f"objection-{objection.pk}-upheld": "1",
            f"objection-{objection.pk}-answer": "经核实属实，取消资格。",
        },
    )
    assert answered.status_code == 302
    page = _client().get(f"/policy/demonstrations/{selection.pk}/").content.decode()
    assert "Removed after an objection" in page
    assert "经核实属实，取消资格。" in page
    assert "Candidate C4" in page  # moved up into the freed place
    mine = stranger.get(f"/policy/demonstrations/{selection.pk}/").content.decode()
    assert "Your objections" in mine


def test_finalising_before_the_end_of_the_period_is_refused_and_says_why(demo):
    selection = _in_notice(demo)
    response = _client(demo.world.supervisor).post(
        f"/policy/demonstrations/{selection.pk}/finalise", {"confirmed": "yes"}, follow=True
    )
    assert "finalise the list after it" in response.content.decode()
    assert DemonstrationSelection.objects.get().status == "notice"


def test_the_final_list_is_public_with_its_exports(demo):
    selection = _in_notice(demo)
    DemonstrationSelection.objects.filter(pk=selection.pk).update(
        notice_starts=_today() - datetime.timedelta(days=10),
        notice_ends=_today() - datetime.timedelta(days=1),
    )
    client = _client(demo.world.supervisor)
    dialog = client.get(f"/policy/demonstrations/{selection.pk}/finalise", HTTP_HX_REQUEST="true")
    assert "Make the list of 4 communities final?" in dialog.content.decode()
    client.post(f"/policy/demonstrations/{selection.pk}/finalise", {"confirmed": "yes"})
    selection.refresh_from_db()
    assert selection.status == "final"
    page = _client().get(f"/policy/demonstrations/{selection.pk}/").content.decode()
    assert "Final list" in page
    assert selection.inputs_sha256 in page
    csv = _client().get(f"/policy/demonstrations/{selection.pk}/list.csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Place,Community")
    assert lines[1].startswith("1,Community A")
    assert csv["X-Inputs-SHA256"] == selection.inputs_sha256
    xlsx = _client().get(f"/policy/demonstrations/{selection.pk}/list.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(2, 2).value == selection.inputs_sha256
    assert [sheet.cell(row, 2).value for row in range(4, 8)] == [
        "Community A",
        "Community B",
        "Candidate C3",
        "Candidate C2",
    ]


def test_the_public_menu_links_the_demonstration_page(demo):
    page = _client().get("/policy/demonstrations/").content.decode()
    assert 'href="/policy/demonstrations/"' in page
    assert "No demonstration selection is published yet." in page


# --- who sees what ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("supervisor", 200),
        ("provincial_supervisor", 404),
        ("guangdong_supervisor", 404),
        ("secretary", 404),
        ("stranger", 404),
        (None, 404),
    ],
)
def test_a_national_draft_is_its_supervisors_alone(demo, who, status):
    selection = demo.create(today=_today())
    user = getattr(demo.world, who) if who else None
    for url in (
        f"/policy/demonstrations/{selection.pk}/",
        f"/api/policy/demonstrations/{selection.pk}",
        f"/api/policy/demonstrations/{selection.pk}/inputs",
        f"/api/policy/demonstrations/{selection.pk}/entries",
    ):
        assert _client(user).get(url).status_code == status, url
    listed = _api(user, "get", "/api/policy/demonstrations").json()["results"]
    assert bool(listed) == (status == 200)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("provincial_supervisor", 200),
        ("supervisor", 200),
        ("guangdong_supervisor", 404),
        ("stranger", 404),
    ],
)
def test_a_provincial_draft_is_its_province_s(demo, who, status):
    selection = _jiangsu(demo)
    response = _client(getattr(demo.world, who)).get(
        f"/policy/demonstrations/{selection.pk}/candidates/"
    )
    assert response.status_code == status


def test_a_provincial_supervisor_cannot_publish_or_answer_for_the_country(demo):
    selection = demo.create(today=_today())
    jiangsu = demo.world.provincial_supervisor
    assert (
        _client(jiangsu)
        .post(f"/policy/demonstrations/{selection.pk}/publish", {"confirmed": "yes"})
        .status_code
        == 404
    )
    response = _api(
        jiangsu,
        "post",
        "/api/policy/demonstrations",
        {"title": "越权", "run_id": demo.run.pk, "total": 1},
    )
    assert response.status_code == 403
    published = _in_notice(demo, title="已公示")
    objection = services.objection_file(
        actor=demo.world.stranger,
        entry=published.entries.get(position=1),
        reason="理由",
    )
    for who in ("provincial_supervisor", "secretary"):
        answered = _api(
            getattr(demo.world, who),
            "post",
            f"/api/policy/demonstration-objections/{objection.pk}/answer",
            {"upheld": True, "answer": "x"},
        )
        assert answered.status_code == 404, who
    assert DemonstrationObjection.objects.get().status == "pending"


def test_once_published_the_public_sees_the_list_not_the_other_candidates_gates(demo):
    selection = _in_notice(demo)
    public = _api(None, "get", f"/api/policy/demonstrations/{selection.pk}/entries").json()
    outcomes = {row["outcome"] for row in public["results"]}
    assert outcomes == {demonstration.SELECTED}
    assert public["count"] == 4
    full = _api(
        demo.world.supervisor, "get", f"/api/policy/demonstrations/{selection.pk}/entries"
    ).json()
    assert full["count"] == 8
    assert (
        _client(demo.world.stranger)
        .get(f"/policy/demonstrations/{selection.pk}/candidates/")
        .status_code
        == 403
    )
    # Objections: the supervisors see all, a signed-in person only its own, the public none.
    services.objection_file(
        actor=demo.world.stranger, entry=selection.entries.get(position=1), reason="理由"
    )
    url = f"/api/policy/demonstrations/{selection.pk}/objections"
    assert _api(demo.world.supervisor, "get", url).json()["count"] == 1
    assert _api(demo.world.stranger, "get", url).json()["count"] == 1
    assert _api(demo.world.secretary, "get", url).json()["count"] == 0
    assert _api(None, "get", url).status_code == 401


# --- the API ------------------------------------------------------------------------------


def test_the_api_runs_the_whole_workflow_and_refuses_naming_the_field(demo):
    supervisor = demo.world.supervisor
    refused = _api(
        supervisor,
        "post",
        "/api/policy/demonstrations",
        {
            "title": "遴选",
            "run_id": demo.run.pk,
            "total": 4,
            "province_quotas": {"320000": 3},
        },
    )
    assert refused.status_code == 422
    assert "province_quotas" in refused.json()["errors"]
    unknown = _api(
        supervisor, "post", "/api/policy/demonstrations", {"title": "遴选", "run_id": 999999}
    )
    assert unknown.status_code == 422
    assert "run_id" in unknown.json()["errors"]
    created = _api(
        supervisor,
        "post",
        "/api/policy/demonstrations",
        {
            "title": "遴选",
            "run_id": demo.run.pk,
            "total": 4,
            "province_quotas": {"320000": 3, "440000": 1},
            "field_quotas": {"rail-transit": 3, "aerospace": 1},
            "min_grade": "good",
            "no_overdue_rectification": True,
            "min_years_founded": 2,
        },
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["selected_count"] == 4
    published = _api(
        supervisor,
        "post",
        f"/api/policy/demonstrations/{pk}/publish",
        {"notice_starts": _today(), "notice_ends": _today() + datetime.timedelta(days=5)},
    )
    assert published.json()["status"] == "notice"
    entries = _api(None, "get", f"/api/policy/demonstrations/{pk}/entries").json()["results"]
    first = entries[0]
    filed = _api(
        demo.world.stranger,
        "post",
        f"/api/policy/demonstrations/{pk}/objections",
        {"entry_id": first["id"], "reason": "数据存疑"},
    )
    assert filed.status_code == 201
    foreign = _api(
        demo.world.stranger,
        "post",
        f"/api/policy/demonstrations/{pk}/objections",
        {"entry_id": 987654, "reason": "数据存疑"},
    )
    assert foreign.status_code == 422
    assert "entry_id" in foreign.json()["errors"]
    answered = _api(
        supervisor,
        "post",
        f"/api/policy/demonstration-objections/{filed.json()['id']}/answer",
        {"upheld": False, "answer": "数据无误"},
    )
    assert answered.json()["status"] == "dismissed"
    early = _api(supervisor, "post", f"/api/policy/demonstrations/{pk}/finalise")
    assert early.status_code == 422
    assert "notice_ends" in early.json()["errors"]
    inputs = _api(None, "get", f"/api/policy/demonstrations/{pk}/inputs").json()
    recomputed = demonstration.select(inputs["inputs"])
    assert [p.community_id for p in recomputed if p.selected] == inputs["selected"]
    assert demonstration.inputs_hash(inputs["inputs"]) == inputs["inputs_sha256"]


def test_a_supervisor_revises_the_draft_through_its_form(demo):
    selection = demo.create(today=_today())
    client = _client(demo.world.supervisor)
    form = client.get(f"/policy/demonstrations/{selection.pk}/revise").content.decode()
    assert "320000 3" in form
    response = client.post(
        f"/policy/demonstrations/{selection.pk}/revise",
        {
            "title": "修订后的遴选",
            "total": "2",
            "province_quotas": "",
            "field_quotas": "",
            "min_grade": "good",
            "no_overdue_rectification": "on",
            "min_years_founded": "2",
        },
    )
    assert response.status_code == 302
    selection.refresh_from_db()
    assert selection.title == "修订后的遴选"
    assert selection.entries.filter(outcome=demonstration.SELECTED).count() == 2
    assert (
        _client(demo.world.provincial_supervisor)
        .get(f"/policy/demonstrations/{selection.pk}/revise")
        .status_code
        == 404
    )


def test_the_api_names_the_field_the_caller_sent_when_it_refuses_the_run(demo):
    """The service refuses the "run"; the caller sent "run_id", and finds it there."""
    from iecommons.assessment.models import Publication

    Publication.objects.filter(pk=demo.publication.pk).delete()
    response = _api(
        demo.world.supervisor,
        "post",
        "/api/policy/demonstrations",
        {"title": "未公布", "run_id": demo.run.pk, "total": 1},
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert list(errors) == ["run_id"]
    assert "not published" in errors["run_id"][0]
    assert not DemonstrationSelection.objects.exists()
