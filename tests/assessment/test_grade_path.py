"""The path to the next grade of a run: applied to the run's input, it moves the community
into the next grade, and a little less would not (checked with the engine itself)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from iecommons.assessment import engine
from iecommons.assessment.engine.grade_path import next_grade_path


def _run_input(method: str, grading: str, seed: int = 3) -> engine.RunInput:
    generator = np.random.default_rng(seed)
    m, n = 30, 4
    values = generator.uniform(5.0, 95.0, size=(m, n)).round(2)
    grades = engine.DEFAULT_GRADES if grading == "quota" else (
        ("excellent", 70.0), ("good", 55.0), ("pass", 40.0), ("fail", 0.0),
    )  # fmt: skip
    return engine.RunInput(
        community_ids=tuple(range(1, m + 1)),
        peer_groups=tuple("rail:national" if i % 2 else "it:provincial" for i in range(m)),
        indicator_codes=("A1", "A2", "B1", "B2"),
        dimensions=("A", "A", "B", "B"),
        weights=(0.4, 0.2, 0.25, 0.15),
        cost=(False, False, False, True),
        values=tuple(tuple(float(v) for v in row) for row in values),
        method=method,
        normalization="vector" if method == "topsis" else "minmax",
        grading=grading,
        grades=grades,
        draws=20,
    )


def _with(run_input: engine.RunInput, community_id: int, code: str, value: float):
    j = run_input.indicator_codes.index(code)
    rows = [list(row) for row in run_input.values]
    rows[run_input.community_ids.index(community_id)][j] = value
    return dataclasses.replace(run_input, values=tuple(tuple(row) for row in rows))


def _grade(run_input: engine.RunInput, community_id: int) -> str:
    output = engine.evaluate(run_input)
    return next(r.grade for r in output.results if r.community_id == community_id)


@pytest.mark.parametrize("method", ["topsis", "wsm", "fuzzy"])
@pytest.mark.parametrize("grading", ["quota", "score"])
def test_the_cheapest_step_lifts_the_community_into_the_next_grade_and_is_minimal(method, grading):
    run_input = _run_input(method, grading)
    output = engine.evaluate(run_input)
    names = [name for name, _ in run_input.grades]
    candidates = [r for r in output.results if names.index(r.grade) >= 2]
    assert candidates, "the world has communities below the second grade"
    result = candidates[0]
    path = next_grade_path(run_input, result.community_id)
    assert path.grade == result.grade
    assert path.next_grade == names[names.index(result.grade) - 1]
    reachable = [step for step in path.steps if step.required is not None]
    assert reachable, "some single indicator can lift it"
    step = reachable[0]
    lifted = _with(run_input, result.community_id, step.code, step.required)
    assert names.index(_grade(lifted, result.community_id)) <= names.index(path.next_grade)
    short_value = step.required - 1e-3 * (step.bound - step.current)
    short = _with(run_input, result.community_id, step.code, short_value)
    assert _grade(short, result.community_id) == result.grade


def test_the_combined_path_of_a_weighted_sum_run_reaches_the_next_grade():
    run_input = _run_input("wsm", "quota")
    output = engine.evaluate(run_input)
    worst = max(output.results, key=lambda r: r.rank)
    path = next_grade_path(run_input, worst.community_id)
    assert path.combined
    lifted = run_input
    for code, value in path.combined.items():
        lifted = _with(lifted, worst.community_id, code, value)
    names = [name for name, _ in run_input.grades]
    assert names.index(_grade(lifted, worst.community_id)) <= names.index(path.next_grade)


def test_the_best_grade_has_no_next_grade():
    run_input = _run_input("topsis", "quota")
    best = min(engine.evaluate(run_input).results, key=lambda r: r.rank)
    path = next_grade_path(run_input, best.community_id)
    assert path.next_grade is None
    assert path.steps == ()


def test_a_range_too_narrow_makes_an_indicator_unreachable():
    run_input = _run_input("wsm", "quota")
    worst = max(engine.evaluate(run_input).results, key=lambda r: r.rank)
    j = 1  # A2, a light indicator
    current = run_input.values[run_input.community_ids.index(worst.community_id)][j]
    path = next_grade_path(run_input, worst.community_id, upper={"A2": current + 0.01})
    step = next(step for step in path.steps if step.code == "A2")
    assert step.required is None
    assert step.bound == pytest.approx(current + 0.01)


def test_a_community_outside_the_run_is_refused():
    with pytest.raises(ValueError, match="community 999 was not evaluated"):
        next_grade_path(_run_input("wsm", "quota"), 999)
