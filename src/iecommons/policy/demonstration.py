"""Demonstration selection (示范) as one pure computation: the inputs document in, the list
out. No Django: the platform's service, the API's reproduction check and the tests call the
same :func:`select`, so the stored list and a recomputed one cannot drift apart.

The inputs document (format ``iecommons-demonstration-inputs/1``; the API serves it at
``GET /api/policy/demonstrations/{id}/inputs``):

- ``run``: the published evaluation run it starts from, with the run's ``input_sha256``
  (the hash of its snapshot, which reproduces every score and grade);
- ``grades``: the run's grades, best first (the minimum-grade gate reads this order);
- ``as_of``: the day the facts were taken (years since founding and overdue rectification
  are counted on that day, so a recomputation next year gives the same list);
- ``candidates``: for each community of the run inside the selection's jurisdiction, its
  score and grade in the run and its registry facts: province and field codes, founding date,
  rectification tasks overdue on ``as_of``;
- ``gates``: ``min_grade`` (a grade name, or ``""`` for none), ``no_overdue_rectification``
  (bool), ``min_years_founded`` (int, 0 for none);
- ``quotas``: ``total`` (int or null), ``provinces`` and ``fields`` (``{code: places}``);
- ``removed``: the entries taken out by upheld objections (``community_id``, ``objection_id``).

The rules, each applied once:

1. **Ranking**: by the run's score, highest first; ties by founding date, older first (the
   longer record), then by community id, lower first (registered earlier). Every candidate
   gets a rank, whether it passes the gates or not.
2. **Gates**: a candidate is eligible when it passes every gate and no upheld objection
   removed it.
3. **Quotas**: down the ranking, an eligible candidate takes a place when its province and
   its field both have a place left and the total is not reached. When quotas are given for
   a dimension they are all its places: a province (or field) not named has none. A place
   freed by an upheld objection therefore goes to the next eligible candidate of the same
   province and field, exactly as if the removed one had never been eligible.

>>> inputs = {
...     "format": FORMAT, "run": {"id": 1, "input_sha256": "0" * 64},
...     "grades": ["excellent", "good", "pass", "fail"], "as_of": "2026-03-01",
...     "gates": {"min_grade": "good", "no_overdue_rectification": True,
...               "min_years_founded": 0},
...     "quotas": {"total": None, "provinces": {"320000": 1}, "fields": {}},
...     "removed": [],
...     "candidates": [
...         {"community_id": 1, "score": 90.0, "grade": "excellent", "province": "320000",
...          "field": "rail", "founded": "2023-07-25", "overdue_tasks": 1},
...         {"community_id": 2, "score": 80.0, "grade": "good", "province": "320000",
...          "field": "rail", "founded": "2023-07-25", "overdue_tasks": 0},
...     ],
... }
>>> [(p.community_id, p.rank, p.outcome) for p in select(inputs)]
[(1, 1, 'gate'), (2, 2, 'selected')]
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

FORMAT = "iecommons-demonstration-inputs/1"

#: The gates, in the order they are shown.
GATES = ("min_grade", "no_overdue_rectification", "min_years_founded")

#: Why a candidate is or is not on the list.
SELECTED = "selected"
FAILED_GATE = "gate"
REMOVED = "removed"
PROVINCE_FULL = "province_quota"
FIELD_FULL = "field_quota"
TOTAL_REACHED = "total"
OUTCOMES = (SELECTED, FAILED_GATE, REMOVED, PROVINCE_FULL, FIELD_FULL, TOTAL_REACHED)


@dataclasses.dataclass(frozen=True)
class GateCheck:
    """One gate for one candidate: what was required, what the candidate has."""

    gate: str
    passed: bool
    required: Any
    actual: Any


@dataclasses.dataclass(frozen=True)
class Placement:
    """A candidate's place: its rank among all candidates, its gates, and the outcome
    (:data:`OUTCOMES`); ``position`` is its number on the list when selected."""

    community_id: int
    rank: int
    gates: tuple[GateCheck, ...]
    outcome: str
    position: int | None

    @property
    def eligible(self) -> bool:
        return self.outcome not in (FAILED_GATE, REMOVED)

    @property
    def selected(self) -> bool:
        return self.outcome == SELECTED

    @property
    def within_quota(self) -> bool:
        """Passed the gates and found a place under the quotas."""
        return self.selected


def canonical_json(data: Any) -> str:
    """Sorted keys, no spaces, UTF-8 text, floats as Python's shortest round-trip repr:
    the serialisation the hash is taken over (the same as the run snapshot's)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def inputs_hash(inputs: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the inputs document."""
    return hashlib.sha256(canonical_json(inputs).encode()).hexdigest()


def years_between(start: datetime.date, day: datetime.date) -> int:
    """Whole years from ``start`` to ``day`` (a birthday rule: 2023-07-25 → 2026-07-24 is 2)."""
    return day.year - start.year - ((day.month, day.day) < (start.month, start.day))


def _ranking_key(candidate: Mapping[str, Any]) -> tuple[float, str, int]:
    return (-float(candidate["score"]), str(candidate["founded"]), int(candidate["community_id"]))


def _gates(
    candidate: Mapping[str, Any],
    gates: Mapping[str, Any],
    grade_order: dict[str, int],
    as_of: datetime.date,
) -> tuple[GateCheck, ...]:
    checks = []
    minimum = str(gates.get("min_grade") or "")
    if minimum:
        grade = str(candidate["grade"])
        passed = grade in grade_order and grade_order[grade] <= grade_order[minimum]
        checks.append(GateCheck("min_grade", passed, minimum, grade))
    if gates.get("no_overdue_rectification"):
        overdue = int(candidate["overdue_tasks"])
        checks.append(GateCheck("no_overdue_rectification", overdue == 0, 0, overdue))
    years = int(gates.get("min_years_founded") or 0)
    if years > 0:
        founded = datetime.date.fromisoformat(str(candidate["founded"]))
        actual = years_between(founded, as_of)
        checks.append(GateCheck("min_years_founded", actual >= years, years, actual))
    return tuple(checks)


def select(inputs: Mapping[str, Any]) -> list[Placement]:
    """Every candidate's placement, in ranking order (see the module's rules).

    ``inputs`` is the document described above, already checked by the platform's service
    (quotas consistent, grades known); a malformed one raises ``KeyError`` or ``ValueError``.
    """
    grade_order = {str(name): index for index, name in enumerate(inputs["grades"])}
    minimum = str(inputs["gates"].get("min_grade") or "")
    if minimum and minimum not in grade_order:
        raise ValueError(f"gates.min_grade: {minimum!r} is not a grade of the run")
    as_of = datetime.date.fromisoformat(str(inputs["as_of"]))
    quotas = inputs["quotas"]
    provinces: Mapping[str, int] | None = quotas.get("provinces") or None
    fields: Mapping[str, int] | None = quotas.get("fields") or None
    total = quotas.get("total")
    removed = {int(item["community_id"]) for item in inputs.get("removed", [])}
    taken_province: Counter[str] = Counter()
    taken_field: Counter[str] = Counter()
    placements = []
    selected = 0
    for rank, candidate in enumerate(sorted(inputs["candidates"], key=_ranking_key), start=1):
        community_id = int(candidate["community_id"])
        checks = _gates(candidate, inputs["gates"], grade_order, as_of)
        province, field = str(candidate["province"]), str(candidate["field"])
        if not all(check.passed for check in checks):
            outcome = FAILED_GATE
        elif community_id in removed:
            outcome = REMOVED
        elif provinces is not None and taken_province[province] >= int(provinces.get(province, 0)):
            outcome = PROVINCE_FULL
        elif fields is not None and taken_field[field] >= int(fields.get(field, 0)):
            outcome = FIELD_FULL
        elif total is not None and selected >= int(total):
            outcome = TOTAL_REACHED
        else:
            outcome = SELECTED
        position = None
        if outcome == SELECTED:
            selected += 1
            taken_province[province] += 1
            taken_field[field] += 1
            position = selected
        placements.append(Placement(community_id, rank, checks, outcome, position))
    return placements
