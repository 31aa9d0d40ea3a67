"""The path to the next grade of one community in a run — without Django.

The run's own preparation (imputation, exclusion) and its own scoring
(:mod:`iecommons.assessment.engine`) are handed to
:func:`iecommons.analytics.grade_paths`, so the path is computed by the code that graded.
The target is the next better grade's boundary *in that run*: a score boundary under
grading "score"; under grading "quota" the last rank that the next grade's quota covers.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from iecommons.analytics import grade_paths
from iecommons.assessment import engine


@dataclasses.dataclass(frozen=True)
class IndicatorStep:
    """The smallest change of one indicator (others fixed) that reaches the next grade."""

    code: str
    current: float
    required: float | None  # None: not reachable within the indicator's range
    bound: float


@dataclasses.dataclass(frozen=True)
class NextGradePath:
    """What one community needs for the next grade of a run."""

    community_id: int
    grade: str
    next_grade: str | None  # None: already in the best grade
    target: str  # "rank <= N" or "score >= S", in plain terms for the page
    steps: tuple[IndicatorStep, ...]  # cheapest first (smallest share of the range)
    combined: dict[str, float] | None  # code -> new value; weighted-sum runs only

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def next_grade_path(
    run_input: engine.RunInput,
    community_id: int,
    *,
    lower: Mapping[str, float | None] | None = None,
    upper: Mapping[str, float | None] | None = None,
    only: Sequence[str] | None = None,
    combined: bool = True,
    tolerance: float = 1e-7,
) -> NextGradePath:
    """The path of ``community_id`` to the next grade; ``lower``/``upper`` are the
    indicators' valid ranges by code (missing: the best value any community has);
    ``only`` limits the single-indicator answers to these codes (a rectification task
    needs its own indicator's), ``combined`` asks for the combined path too."""
    x, keep, _imputed = engine._impute(run_input, engine._matrix(run_input))
    rows = np.flatnonzero(keep)
    ids = [run_input.community_ids[i] for i in rows]
    if community_id not in ids:
        raise ValueError(f"community {community_id} was not evaluated in this run")
    x = x[rows]
    row = ids.index(community_id)
    codes = list(run_input.indicator_codes)
    cost = list(run_input.cost)
    w = np.array(run_input.weights, dtype=np.float64)
    w = w / w.sum()

    def scorer(matrix: np.ndarray) -> np.ndarray:
        return engine._scores(run_input, matrix, w, cost)

    scores = scorer(x)
    ranks = engine._ranks(scores)
    grades = run_input.grades
    names = [name for name, _share in grades]
    if run_input.grading == "quota":
        grade = engine.grades_by_quota(ranks, grades)[row]
    else:
        grade = engine.grade_of(float(scores[row]), grades)
    index = names.index(grade)
    if index == 0:
        return NextGradePath(community_id, grade, None, "", (), None)
    next_grade = names[index - 1]
    target: dict[str, Any]
    if run_input.grading == "quota":
        shares = np.array([share for _name, share in grades], dtype=np.float64)
        limits = np.cumsum(shares / shares.sum()) * len(ids)
        last_rank = math.floor(float(limits[index - 1]) + 0.5)
        if last_rank < 1:
            return NextGradePath(community_id, grade, next_grade, "", (), None)
        target = {"target_rank": last_rank}
        described = f"rank <= {last_rank}"
    else:
        boundary = float(grades[index - 1][1])
        target = {"target_score": boundary}
        described = f"score >= {boundary:g}"

    def bounds(given: Mapping[str, float | None] | None) -> list[float]:
        given = given or {}
        return [math.nan if given.get(code) is None else float(given[code]) for code in codes]  # type: ignore[arg-type]

    path = grade_paths(
        x,
        w,
        community=row,
        cost=cost,
        method="wsm" if run_input.method == "wsm" else "topsis",
        normalization=run_input.normalization,
        lower=bounds(lower),
        upper=bounds(upper),
        scorer=scorer,
        criteria=None if only is None else [codes.index(code) for code in only if code in codes],
        combined=combined,
        tolerance=tolerance,
        **target,
    )
    spread = np.where(np.ptp(x, axis=0) > 0, np.ptp(x, axis=0), 1.0)
    steps = [
        IndicatorStep(
            code=codes[j],
            current=float(path.current[j]),
            required=float(path.required[j]) if path.reachable[j] else None,
            bound=float(path.bound[j]),
        )
        for j in range(len(codes))
    ]
    steps.sort(
        key=lambda step: (
            step.required is None,
            abs((step.required or 0.0) - step.current) / spread[codes.index(step.code)],
        )
    )
    changes = None
    if path.combined is not None and run_input.method == "wsm":
        changes = {
            codes[j]: float(path.combined[j])
            for j in range(len(codes))
            if path.combined[j] != path.current[j]
        }
    return NextGradePath(community_id, grade, next_grade, described, tuple(steps), changes)
