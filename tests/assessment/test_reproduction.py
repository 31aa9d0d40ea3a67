"""A snapshot document verifies, reproduces the engine's results exactly, and refuses any
change, truncation, other engine version or results file of another run, naming it."""

from __future__ import annotations

import copy
import json
import math
import subprocess
import sys

import pytest

from iecommons.assessment import engine
from iecommons.assessment.engine import reproduction
from tests.assessment.test_grade_path import _run_input


def _document(run_input: engine.RunInput, **kwargs) -> dict:
    return reproduction.build_document(
        run_input,
        run={"id": 7, "cycle": "2025"},
        framework={"code": "default", "version": 1},
        indicators=[{"code": code} for code in run_input.indicator_codes],
        weighting={"method": "expert"},
        communities=[{"id": pk, "name": f"共同体{pk}"} for pk in run_input.community_ids],
        **kwargs,
    )


@pytest.fixture
def document() -> dict:
    return _document(_run_input("topsis", "quota"))


def test_a_document_reproduces_the_engine_results_to_the_last_bit(document):
    expected = [
        reproduction.result_record(result)
        for result in engine.evaluate(_run_input("topsis", "quota")).results
    ]
    # Through JSON and back, as a downloaded file is.
    assert reproduction.reproduce(json.loads(json.dumps(document))) == expected


def test_a_changed_value_is_refused_naming_the_community(document):
    document["input"]["values"][2][1] += 0.5
    with pytest.raises(reproduction.SnapshotError, match="values of community 3 changed"):
        reproduction.reproduce(document)


@pytest.mark.parametrize(
    ("key", "change", "named"),
    [
        ("weights", lambda d: d["input"]["weights"].__setitem__(0, 0.41), "parameters changed"),
        ("seed", lambda d: d["input"].__setitem__("draws", 21), "parameters changed"),
        ("framework", lambda d: d["framework"].__setitem__("version", 2), "framework changed"),
    ],
)
def test_a_changed_weight_seed_or_framework_is_refused_naming_the_part(
    document, key, change, named
):
    change(document)
    with pytest.raises(reproduction.SnapshotError, match=named):
        reproduction.reproduce(document)


def test_a_document_rehashed_after_a_change_no_longer_matches_the_run(document):
    document["input"]["values"][0][0] += 1.0
    document["checks"] = reproduction._checks(document)
    document["sha256"] = reproduction.document_hash(document)
    with pytest.raises(reproduction.SnapshotError, match="recorded hash"):
        reproduction.reproduce(document)


def test_a_snapshot_of_another_engine_version_is_refused(document):
    document["engine_version"] = "runs-0.9/numpy-1.0"
    document["sha256"] = reproduction.document_hash(document)
    with pytest.raises(reproduction.SnapshotError, match=r"made by runs-0\.9"):
        reproduction.reproduce(document)


def test_a_truncated_document_is_refused(document):
    del document["input"]
    with pytest.raises(reproduction.SnapshotError, match="lacks input"):
        reproduction.reproduce(document)


def test_a_public_copy_with_withheld_values_verifies_but_asks_for_the_supervisors_copy():
    document = _document(_run_input("wsm", "quota"), withheld=["B2"])
    assert all(row[3] is None for row in document["input"]["values"])
    with pytest.raises(reproduction.SnapshotError, match="supervisor's copy"):
        reproduction.reproduce(document)


def test_comparing_with_the_results_finds_nothing_or_names_each_difference(document):
    records = reproduction.reproduce(document)
    page = {"run_id": 7, "input_sha256": document["input_sha256"]}
    page["results"] = copy.deepcopy(records)
    assert reproduction.compare(records, page, document=document) == []
    page["results"][0]["score"] = math.nextafter(records[0]["score"], 1e9)  # one bit
    page["results"][1]["grade"] = "excellent" if records[1]["grade"] != "excellent" else "fail"
    differences = reproduction.compare(records, page, document=document)
    assert len(differences) == 2
    assert f"community {records[0]['community_id']}: score" in differences[0]


def test_a_results_file_of_another_run_is_refused(document):
    records = reproduction.reproduce(document)
    other = {"run_id": 8, "input_sha256": "ab" * 32, "results": records}
    with pytest.raises(reproduction.SnapshotError, match=r"is of run 8 .* the snapshot of run 7"):
        reproduction.compare(records, other, document=document)


def test_the_command_reproduces_a_file_and_refuses_a_modified_one(document, tmp_path):
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    command = [sys.executable, "-m", "iecommons.cli", "reproduce", str(path), "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == reproduction.reproduce(document)
    assert document["input_sha256"] in done.stderr
    results = tmp_path / "results.json"
    results.write_text(json.dumps([{"results": json.loads(done.stdout)}]))
    against = subprocess.run(  # noqa: S603
        [*command, "--against", str(results)], capture_output=True, text=True, check=False
    )
    assert against.returncode == 0
    assert "no difference" in against.stderr
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"draws": 20', '"draws": 21', 1), encoding="utf-8")
    changed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    assert changed.returncode == 2
    assert "refused: the snapshot was modified" in changed.stderr
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    truncated = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    assert truncated.returncode == 2
    assert "not valid JSON (truncated?)" in truncated.stderr
