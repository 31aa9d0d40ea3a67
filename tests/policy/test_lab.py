"""The policy lab's pages and API: building a calibrated scenario (the values shown beside
the defaults before anything is saved), the scenario page with each parameter's origin,
the run's state while it is queued, running, failed (with why) and done, and who sees what.
The hand-built ledger is ``tests/policy/conftest.py``'s (its figures: test_calibration.py)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from iecommons.common.models import JobLease
from iecommons.policy.labels import STABILITY_LABELS
from iecommons.policy.models import PolicyScenario
from iecommons.policy.services.scenario_runs import (
    scenario_execute,
    scenario_job_key,
    scenario_run_lost,
)

pytestmark = pytest.mark.django_db

YEARS = {"first_year": "2024", "last_year": "2025"}


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_values_are_shown_beside_the_defaults_before_anything_is_saved(ledger):
    client = signed_in(ledger.provincial_supervisor)
    form = client.get("/policy/lab/").content.decode()
    # The Jiangsu supervisor chooses among Jiangsu and its cities, never Guangdong.
    assert 'value="320000"' in form
    assert 'value="440000"' not in form
    assert "Calibrate from platform data" in form
    preview = client.post(
        "/policy/lab/",
        {"action": "preview", "jurisdiction": "320000", "calibrate": "on", **YEARS},
    )
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "3.3333" in page  # C_e, beside its default 4
    assert "1000000.00 CNY over 3 organisation-years (enterprises)" in page
    assert "Calibrated from the records of 2024–2025" in page
    assert "no record in the period; the default stays" in page  # S_c
    assert not PolicyScenario.objects.exists()


def test_a_calibrated_scenario_is_saved_queued_and_shows_where_each_value_came_from(
    ledger, django_capture_on_commit_callbacks
):
    client = signed_in(ledger.provincial_supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/policy/lab/",
            {
                "action": "save",
                "title": "江苏：补贴加码",
                "jurisdiction": "320000",
                "calibrate": "on",
                "parameter_S_e": "4.5",
                "document": json.dumps({"t_end": 30}),
                **YEARS,
            },
        )
    scenario = PolicyScenario.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/policy/lab/{scenario.pk}/"
    assert scenario.status == "queued"
    assert JobLease.objects.filter(key=scenario_job_key(scenario.pk)).exists()
    assert scenario.document["parameters"]["S_e"] == 4.5
    assert scenario.document["parameters"]["C_e"] == 3.3333

    queued = client.get(f"/policy/lab/{scenario.pk}/").content.decode()
    assert "The run waits for a background worker" in queued
    assert 'hx-trigger="every 2s"' in queued
    assert "set by you" in queued
    assert "calibrated" in queued
    assert "model default" in queued

    scenario_execute(scenario_id=scenario.pk)
    state = client.get(f"/policy/lab/{scenario.pk}/state", HTTP_HX_REQUEST="true")
    assert state["HX-Refresh"] == "true"  # finished: the page reloads to draw the charts
    done = client.get(f"/policy/lab/{scenario.pk}/").content.decode()
    assert "lab-data" in done
    assert "every 2s" not in done
    assert "How each value was computed" in done
    assert "SUM(projects_contribution.value)" in done
    scenario.refresh_from_db()
    for corner in scenario.result["corners"]:  # each corner's stability, in words
        assert str(STABILITY_LABELS[corner["stability"]]) in done
    for outsider in (ledger.guangdong_supervisor, ledger.representative, ledger.stranger):
        assert signed_in(outsider).get(f"/policy/lab/{scenario.pk}/").status_code == 404
        assert signed_in(outsider).get(f"/policy/lab/{scenario.pk}/state").status_code == 404


def test_a_refused_field_is_named_on_the_page_and_nothing_is_saved(ledger):
    client = signed_in(ledger.provincial_supervisor)
    for data, field, words in [
        ({"parameter_S_e": "much"}, "id_parameter_S_e", "Enter a number."),
        ({"document": "{not json"}, "id_document", "Not valid JSON"),
        ({"calibrate": "on", "first_year": "2025", "last_year": "2024"}, "id_last_year", "before"),
        # Calibrating needs a jurisdiction the supervisor supervises.
        ({"calibrate": "on", "jurisdiction": ""}, "id_jurisdiction", "jurisdiction you supervise"),
        ({"title": ""}, "id_title", "Give the scenario a title."),
    ]:
        values = {"action": "save", "title": "坏输入", "jurisdiction": "320000", **data}
        response = client.post("/policy/lab/", values)
        page = response.content.decode()
        assert response.status_code == 422, data
        assert f'id="{field}_error"' in page, data
        assert words in page, data
    assert not PolicyScenario.objects.exists()


def test_a_failed_run_says_why_and_a_lost_worker_is_told(ledger):
    client = signed_in(ledger.supervisor)
    # A document saved before the checks at save time existed: it fails when it runs.
    broken = PolicyScenario.objects.create(
        title="旧情景", document={"t_end": "long"}, created_by=ledger.supervisor
    )
    failed = scenario_execute(scenario_id=broken.pk)
    assert (failed.status, failed.error) == ("failed", "t_end is 'long': expected a number")
    page = client.get(f"/policy/lab/{broken.pk}/").content.decode()
    assert "The run failed" in page
    assert "t_end is &#x27;long&#x27;" in page
    assert "lab-data" not in page
    state = client.get(f"/api/policy/scenarios/{broken.pk}/state").json()
    assert (state["status"], state["error"]) == ("failed", "t_end is 'long': expected a number")

    lost = PolicyScenario.objects.create(
        title="中断", document={}, status="running", created_by=ledger.supervisor
    )
    scenario_run_lost(lost.pk, reason="no heartbeat for 120 s", retrying=True)
    lost.refresh_from_db()
    assert lost.status == "queued"
    scenario_run_lost(lost.pk, reason="no heartbeat for 120 s", retrying=False)
    lost.refresh_from_db()
    assert lost.status == "failed"
    assert "no heartbeat for 120 s" in lost.error
    running = PolicyScenario.objects.create(
        title="进行中", document={}, status="running", created_by=ledger.supervisor
    )
    assert "The game is being computed" in client.get(f"/policy/lab/{running.pk}/").content.decode()


def test_the_api_lists_creates_reads_and_reports_the_state_of_scenarios(ledger):
    jiangsu = signed_in(ledger.provincial_supervisor)
    body = {
        "title": "江苏：现行政策",
        "jurisdiction_code": "320000",
        "calibrate": True,
        "first_year": 2024,
        "last_year": 2025,
        "parameters": {"W": 8},
        "document": {"t_end": 20, "points": 41},
    }
    created = jiangsu.post("/api/policy/scenarios", body, content_type="application/json")
    assert created.status_code == 201, created.content
    scenario = created.json()
    assert scenario["status"] == "queued"
    origins = {row["name"]: (row["origin"], row["value"]) for row in scenario["parameters"]}
    assert origins["W"] == ("set", 8.0)
    assert origins["C_e"] == ("calibrated", 3.3333)
    assert origins["L"] == ("default", 2.0)
    assert scenario["calibration"]["parameters"]["C_e"]["count"] == 3
    scenario_execute(scenario_id=scenario["id"])
    state = jiangsu.get(f"/api/policy/scenarios/{scenario['id']}/state").json()
    assert (state["status"], state["error"]) == ("done", "")
    read = jiangsu.get(f"/api/policy/scenarios/{scenario['id']}").json()
    assert read["result"]["parameters"]["W"] == 8.0
    listing = jiangsu.get("/api/policy/scenarios").json()
    assert [row["title"] for row in listing["results"]] == ["江苏：现行政策"]
    preview = jiangsu.get("/api/policy/calibration?jurisdiction_code=320000&first_year=2024")
    assert preview.json()["parameters"]["S_e"]["value"] == 2.0

    guangdong = signed_in(ledger.guangdong_supervisor)
    assert guangdong.get(f"/api/policy/scenarios/{scenario['id']}").status_code == 404
    assert guangdong.get("/api/policy/scenarios").json()["results"] == []
    assert guangdong.get("/api/policy/calibration?jurisdiction_code=320000").status_code == 403
    refused = guangdong.post("/api/policy/scenarios", body, content_type="application/json")
    assert refused.status_code == 403
    for outsider in (ledger.representative, ledger.stranger):
        assert signed_in(outsider).get("/api/policy/scenarios").status_code == 403
        assert signed_in(outsider).get("/api/policy/calibration").status_code == 403
    assert Client().get("/api/policy/scenarios").status_code == 401

    bad = jiangsu.post(
        "/api/policy/scenarios",
        {**body, "parameters": {"S_e": "much"}},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert list(bad.json()["errors"]) == ["parameters.S_e"]
    assert PolicyScenario.objects.count() == 1


def test_the_queued_run_is_worked_by_the_background_job(
    ledger, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = signed_in(ledger.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/policy/lab/", {"action": "save", "title": "全国：默认", "document": ""})
    scenario = PolicyScenario.objects.get()
    assert scenario.status == "done"
    assert scenario.finished_at is not None
    assert scenario.result["sweep"] is not None  # the default run sweeps S_e × F_e
