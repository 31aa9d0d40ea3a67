"""A run's snapshot, downloaded as its supervisor (or anyone once published), reproduces the
stored results exactly with ``iecommons reproduce``, for every method and imputation rule."""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from iecommons.assessment.engine import reproduce_cli
from iecommons.assessment.models import EvaluationRun, IndicatorValue
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from tests.assessment.runs_world import AssessmentWorld, assessment_world
from tests.fixtures import World


@pytest.fixture
def assessed(world: World) -> AssessmentWorld:
    return assessment_world(world)


def _run(world: World, assessed: AssessmentWorld, method: str, imputation: str) -> EvaluationRun:
    if imputation != "none":  # a gap for the rule to fill (or to exclude its community)
        IndicatorValue.objects.filter(
            cycle=assessed.cycle, community=assessed.communities[-1]
        ).order_by("pk").first().delete()
    started = run_services.evaluation_run_start(
        actor=world.supervisor,
        cycle=assessed.cycle,
        method=method,
        imputation=imputation,
        enqueue=False,
    )
    return run_execution.evaluation_run_execute(run_id=started.pk)


def _client(world: World, who: str | None) -> Client:
    client = Client()
    if who:
        client.force_login(getattr(world, who))
    return client


def _download(client: Client, run: EvaluationRun, tmp_path: Path) -> tuple[Path, Path]:
    snapshot = client.get(f"/api/assessment/runs/{run.pk}/snapshot")
    assert snapshot.status_code == 200
    results = client.get(f"/api/assessment/runs/{run.pk}/results?page_size=100")
    assert results.status_code == 200
    snapshot_path, results_path = tmp_path / "snapshot.json", tmp_path / "results.json"
    snapshot_path.write_bytes(snapshot.content)
    results_path.write_bytes(results.content)
    return snapshot_path, results_path


def _reproduce(snapshot: Path, against: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    arguments = argparse.Namespace(snapshot=str(snapshot), format="json", against=str(against))
    stderr, sys.stderr = sys.stderr, err
    try:
        status = reproduce_cli.run(arguments, out=out)
    finally:
        sys.stderr = stderr
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("method", ["topsis", "wsm", "fuzzy"])
@pytest.mark.parametrize("imputation", ["none", "peer_median", "zero", "exclude"])
def test_the_downloaded_snapshot_reproduces_the_stored_results_exactly(
    world, assessed, tmp_path, method, imputation
):
    run = _run(world, assessed, method, imputation)
    snapshot, results = _download(_client(world, "supervisor"), run, tmp_path)
    status, out, err = _reproduce(snapshot, results)
    assert status == 0, err
    assert "no difference" in err
    stored = {r.community_id: r for r in run.results.all()}
    for record in json.loads(out):
        assert record["score"] == stored[record["community_id"]].score  # to the last bit
        assert record["grade"] == stored[record["community_id"]].grade


def test_the_command_line_reproduces_a_download_and_refuses_a_one_byte_change(
    world, assessed, tmp_path
):
    run = _run(world, assessed, "topsis", "none")
    snapshot, results = _download(_client(world, "supervisor"), run, tmp_path)
    command = [sys.executable, "-m", "iecommons.cli", "reproduce", str(snapshot)]
    done = subprocess.run(  # noqa: S603
        [*command, "--against", str(results)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert run.input_sha256 in done.stderr
    data = bytearray(snapshot.read_bytes())
    at = re.search(rb'"values": ?\[\[\D*', bytes(data)).end()  # the first digit of a value
    data[at] = ord("9") if data[at] != ord("9") else ord("8")
    snapshot.write_bytes(bytes(data))
    changed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    assert changed.returncode == 2
    assert "the snapshot was modified: values of community" in changed.stderr


@pytest.mark.parametrize(
    ("who", "before", "after"),
    [
        ("operator", 200, 200),
        ("supervisor", 200, 200),
        ("secretary", 404, 200),
        ("representative", 404, 200),
        ("outsider", 404, 200),
        (None, 404, 200),
    ],
)
def test_only_supervisors_download_an_unpublished_snapshot_and_anyone_a_published_one(
    world, assessed, who, before, after
):
    run = _run(world, assessed, "topsis", "none")
    client = _client(world, who)
    for url in (
        f"/api/assessment/runs/{run.pk}/snapshot",
        f"/assessment/runs/{run.pk}/snapshot.json",
    ):
        assert client.get(url).status_code == before, url
    run_services.evaluation_run_publish(actor=world.supervisor, run=run)
    for url in (
        f"/api/assessment/runs/{run.pk}/snapshot",
        f"/assessment/runs/{run.pk}/snapshot.json",
    ):
        assert client.get(url).status_code == after, url


def test_the_public_copy_leaves_confidential_values_out_and_says_so(world, assessed, tmp_path):
    confidential = next(i for i in assessed.indicators.values() if i.parent_id)
    confidential.confidential = True
    confidential.save(update_fields=["confidential"])
    run = _run(world, assessed, "wsm", "none")
    run_services.evaluation_run_publish(actor=world.supervisor, run=run)
    public = Client().get(f"/api/assessment/runs/{run.pk}/snapshot").json()
    column = public["input"]["indicator_codes"].index(confidential.code)
    assert public["withheld"] == [confidential.code]
    assert all(row[column] is None for row in public["input"]["values"])
    path = tmp_path / "public.json"
    path.write_text(json.dumps(public))
    status, _out, err = _reproduce(path, path)
    assert status == 2
    assert "supervisor's copy" in err
    full = _client(world, "supervisor").get(f"/api/assessment/runs/{run.pk}/snapshot").json()
    assert full["withheld"] == []
    assert all(row[column] is not None for row in full["input"]["values"])
    assert full["input_sha256"] == public["input_sha256"] == run.input_sha256
