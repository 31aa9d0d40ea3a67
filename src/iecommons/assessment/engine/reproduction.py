"""A run's snapshot as a document anyone can check, and its reproduction — without Django.

The platform's worker and the ``iecommons reproduce`` command share this module and
:mod:`iecommons.assessment.engine`: the worker stores :func:`result_record` of each
:class:`~iecommons.assessment.engine.CommunityResult`, and the command prints the same
records recomputed from a downloaded document, so the two cannot drift apart.

The document (format ``iecommons-run-snapshot/1``, described in ``docs/snapshots.md``):

- ``run``, ``framework``, ``indicators``, ``weighting``, ``communities``: what the numbers
  mean (names, directions, units, how the weights were made);
- ``input``: the engine's input exactly as the run froze it, whose hash together with the
  engine version is the run's recorded ``input_sha256``;
- ``checks``: a SHA-256 per part and per community's values, so that a changed document is
  refused naming what changed;
- ``sha256``: over the canonical serialisation (sorted keys, no spaces, UTF-8, floats as
  Python's shortest round-trip form) of everything else.

A public copy of a run whose framework marks an indicator confidential leaves that
indicator's values out (``withheld``); it verifies, but cannot be reproduced.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from typing import Any

from iecommons.assessment import engine

FORMAT = "iecommons-run-snapshot/1"
#: The parts of a document covered by their own check.
PARTS = ("run", "framework", "indicators", "weighting", "communities", "parameters")


class SnapshotError(ValueError):
    """A document that cannot be trusted or reproduced; the message names what differs."""


def _sha256(data: Any) -> str:
    return hashlib.sha256(engine.canonical_json(data).encode()).hexdigest()


def _parameters(run_input: engine.RunInput) -> dict[str, Any]:
    data = run_input.to_json()
    return {key: data[key] for key in sorted(data) if key != "values"}


def _checks(document: Mapping[str, Any]) -> dict[str, Any]:
    run_input = document["input"]
    return {
        **{part: _sha256(document[part]) for part in PARTS if part != "parameters"},
        "parameters": _sha256({k: v for k, v in run_input.items() if k != "values"}),
        "values": {
            str(community_id): _sha256(row)
            for community_id, row in zip(
                run_input["community_ids"], run_input["values"], strict=True
            )
        },
    }


def document_hash(document: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical serialisation of ``document`` without its ``sha256``."""
    return _sha256({key: value for key, value in document.items() if key != "sha256"})


def build_document(
    run_input: engine.RunInput,
    *,
    run: Mapping[str, Any],
    framework: Mapping[str, Any],
    indicators: list[dict[str, Any]],
    weighting: Mapping[str, Any],
    communities: list[dict[str, Any]],
    withheld: Iterable[str] = (),
) -> dict[str, Any]:
    """The document of a run; ``withheld`` indicator codes have their values left out."""
    hidden = sorted(set(withheld))
    data = run_input.to_json()
    if hidden:
        columns = [run_input.indicator_codes.index(code) for code in hidden]
        data["values"] = [
            [None if j in columns else value for j, value in enumerate(row)]
            for row in data["values"]
        ]
    document: dict[str, Any] = {
        "format": FORMAT,
        "engine_version": engine.ENGINE_VERSION,
        "input_sha256": engine.run_hash(run_input),
        "run": dict(run),
        "framework": dict(framework),
        "indicators": indicators,
        "weighting": dict(weighting),
        "communities": communities,
        "input": data,
        "withheld": hidden,
    }
    document["checks"] = _checks(document)
    document["sha256"] = document_hash(document)
    return document


def verify(document: Any) -> engine.RunInput:
    """The engine input of a document, once everything about it has been checked.

    Raises :class:`SnapshotError` naming what does not match: the format, a missing part,
    a changed part or community's values, the engine version, the run's hash.
    """
    if not isinstance(document, dict):
        raise SnapshotError("the file is not a snapshot document (expected a JSON object)")
    if document.get("format") != FORMAT:
        raise SnapshotError(f"format: expected {FORMAT!r}, found {document.get('format')!r}")
    missing = [
        key
        for key in ("engine_version", "input_sha256", "input", "checks", "sha256", *PARTS[:-1])
        if key not in document
    ]
    if missing:
        raise SnapshotError(f"the document lacks {', '.join(missing)} (truncated or edited?)")
    try:
        recomputed = _checks(document)
    except (KeyError, TypeError, ValueError) as error:
        raise SnapshotError(f"input: the engine input is malformed ({error})") from None
    stated = document["checks"] if isinstance(document["checks"], dict) else {}
    changed = [part for part in PARTS if stated.get(part) != recomputed[part]]
    given_values = stated.get("values")
    stated_values: dict[str, Any] = given_values if isinstance(given_values, dict) else {}
    changed_rows = [
        community_id
        for community_id, digest in recomputed["values"].items()
        if stated_values.get(community_id) != digest
    ]
    if document_hash(document) != document.get("sha256") or changed or changed_rows:
        details = [f"{part} changed" for part in changed]
        if changed_rows:
            shown = ", ".join(changed_rows[:5]) + (" …" if len(changed_rows) > 5 else "")
            details.append(f"values of community {shown} changed")
        reason = "; ".join(details) or "the document's hash does not match its content"
        raise SnapshotError(f"the snapshot was modified: {reason}")
    if document["engine_version"] != engine.ENGINE_VERSION:
        raise SnapshotError(
            f"engine version: the snapshot was made by {document['engine_version']}, "
            f"this is {engine.ENGINE_VERSION}; reproduce it with that version"
        )
    try:
        run_input = engine.RunInput.from_json(document["input"])
    except (KeyError, TypeError, ValueError) as error:
        raise SnapshotError(f"input: the engine input is malformed ({error})") from None
    if document["withheld"]:
        raise SnapshotError(
            "values withheld: this public copy leaves out the confidential indicator(s) "
            f"{', '.join(document['withheld'])}; reproduction needs the supervisor's copy"
        )
    if engine.run_hash(run_input) != document["input_sha256"]:
        raise SnapshotError("input: the engine input does not match the run's recorded hash")
    return run_input


def result_record(result: engine.CommunityResult) -> dict[str, Any]:
    """A community's result as the platform stores it and the API gives it."""
    return {
        "community_id": result.community_id,
        "score": result.score,
        "grade": result.grade,
        "rank": result.rank,
        "peer_rank": result.peer_rank,
        "peer_count": result.peer_count,
        "peer_group": result.peer_group,
        "dimension_scores": result.dimension_scores,
        "stability": {
            "probability_same": result.keep_probability,
            "probability_band": result.band_probability,
            "mean_rank": result.expected_rank,
        },
        "weakest_indicators": result.weaknesses,
    }


def reproduce(document: Any) -> list[dict[str, Any]]:
    """Verify the document and recompute every community's result, as the worker does."""
    run_input = verify(document)
    return [result_record(result) for result in engine.evaluate(run_input).results]


#: Compared exactly: scores and stability to the last bit, ranks and grades as they are.
COMPARED = ("score", "grade", "rank", "peer_rank", "peer_count", "dimension_scores", "stability")


def _result_items(against: Any) -> tuple[list[Any], list[dict[str, Any]]]:
    """(the result items, the pages they came in) of a results file: one API page
    (``{"run_id", "input_sha256", "results": [...]}``), a list of such pages, or a plain
    list of results."""
    pages = [against] if isinstance(against, dict) else []
    if (
        isinstance(against, list)
        and against
        and all(isinstance(item, dict) and "results" in item for item in against)
    ):
        pages = against
    if pages:
        items: list[Any] = []
        for page in pages:
            found = page.get("results", page.get("items"))
            if not isinstance(found, list):
                raise SnapshotError("the results file has a page without a list of results")
            items.extend(found)
        return items, pages
    if isinstance(against, list):
        return against, []
    raise SnapshotError("the results file is not a list of results (expected JSON)")


def compare(
    records: list[dict[str, Any]], against: Any, *, document: Mapping[str, Any]
) -> list[str]:
    """Every difference between recomputed ``records`` and a results file from the API.

    ``against`` is what ``GET /api/assessment/runs/{id}/results`` gives (a page, or a list
    of pages), or a plain list of results. A file of another run is refused.
    """
    items, pages = _result_items(against)
    for page in pages:
        run_hash = page.get("input_sha256")
        if run_hash is not None and run_hash != document.get("input_sha256"):
            raise SnapshotError(
                f"the results file is of run {page.get('run_id')} (hash {str(run_hash)[:12]}…), "
                f"the snapshot of run {document.get('run', {}).get('id')} "
                f"(hash {str(document.get('input_sha256'))[:12]}…)"
            )
    given = {item.get("community_id"): item for item in items if isinstance(item, dict)}
    ours = {record["community_id"]: record for record in records}
    if given and not set(given) & set(ours):
        raise SnapshotError("the results file shares no community with the snapshot: another run?")
    foreign = sorted(set(given) - set(ours), key=str)
    differences = [f"community {pk}: in the results file, not in the snapshot" for pk in foreign]
    for community_id, record in ours.items():
        item = given.get(community_id)
        if item is None:
            differences.append(f"community {community_id}: missing from the results file")
            continue
        for key in COMPARED:
            if key in item and not _equal(record[key], item[key]):
                differences.append(
                    f"community {community_id}: {key} is {item[key]!r} in the file, "
                    f"{record[key]!r} recomputed"
                )
    return differences


def _equal(ours: Any, theirs: Any) -> bool:
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return ours.keys() == theirs.keys() and all(_equal(ours[k], theirs[k]) for k in ours)
    if isinstance(ours, float) and isinstance(theirs, int | float):
        return ours == theirs or (math.isnan(ours) and math.isnan(float(theirs)))
    return bool(ours == theirs)
