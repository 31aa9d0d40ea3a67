"""The steps of one community's computation in a run, for the public check page — no Django.

Recomputed from the run's input by the engine's own preparation: the raw values, the
normalised values the method used, each indicator's weighted contribution, for TOPSIS the
distances to the ideal and anti-ideal points, the score, and the grade boundaries it fell
between. Numbers only; the page puts names and words around them.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from iecommons.analytics import normalize, topsis
from iecommons.assessment import engine


@dataclasses.dataclass(frozen=True)
class Explanation:
    """One community's computation, step by step."""

    community_id: int
    method: str
    normalization: str
    codes: tuple[str, ...]
    weights: tuple[float, ...]
    raw: tuple[float, ...]
    normalised: tuple[float, ...]
    contributions: tuple[float, ...]  # weight × normalised value (score points for WSM)
    distance_to_ideal: float | None
    distance_to_anti_ideal: float | None
    score: float
    rank: int
    grade: str
    #: The score range of its grade in this run: the lowest score that still has the grade
    #: and the lowest score of the next better grade (``None`` at the top).
    grade_floor: float | None
    next_grade: str | None
    next_grade_floor: float | None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def explain(run_input: engine.RunInput, community_id: int) -> Explanation:
    """The steps by which ``community_id`` got its score and grade in the run."""
    x, keep, _imputed = engine._impute(run_input, engine._matrix(run_input))
    rows = np.flatnonzero(keep)
    ids = [run_input.community_ids[i] for i in rows]
    if community_id not in ids:
        raise ValueError(f"community {community_id} was not evaluated in this run")
    x = x[rows]
    row = ids.index(community_id)
    cost = list(run_input.cost)
    w = np.array(run_input.weights, dtype=np.float64)
    w = w / w.sum()
    scores = engine._scores(run_input, x, w, cost)
    ranks = engine._ranks(scores)
    method = run_input.method
    normalization = run_input.normalization if method != "fuzzy" else "minmax"
    normalised = np.asarray(normalize(x, normalization, cost=cost))  # type: ignore[arg-type]
    contributions = normalised[row] * w * (100.0 if method == "wsm" else 1.0)
    to_ideal = to_anti = None
    if method == "topsis":
        result = topsis(x, w, cost=cost, normalization=normalization)  # type: ignore[arg-type]
        to_ideal = float(result.distance_to_ideal[row])
        to_anti = float(result.distance_to_anti_ideal[row])
    if run_input.grading == "quota":
        grades = engine.grades_by_quota(ranks, run_input.grades)
    else:
        grades = [engine.grade_of(float(score), run_input.grades) for score in scores]
    names = [name for name, _ in run_input.grades]
    grade = grades[row]
    index = names.index(grade)

    def floor(name: str) -> float | None:
        if run_input.grading == "score":
            return float(dict(run_input.grades)[name])
        held = [float(s) for s, g in zip(scores, grades, strict=True) if g == name]
        return min(held) if held else None

    next_grade = names[index - 1] if index > 0 else None
    return Explanation(
        community_id=community_id,
        method=method,
        normalization=normalization,
        codes=run_input.indicator_codes,
        weights=tuple(float(v) for v in w),
        raw=tuple(float(v) for v in x[row]),
        normalised=tuple(float(v) for v in normalised[row]),
        contributions=tuple(float(v) for v in contributions),
        distance_to_ideal=to_ideal,
        distance_to_anti_ideal=to_anti,
        score=float(scores[row]),
        rank=int(ranks[row]),
        grade=grade,
        grade_floor=floor(grade),
        next_grade=next_grade,
        next_grade_floor=None if next_grade is None else floor(next_grade),
    )
