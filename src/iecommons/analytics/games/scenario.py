"""A scenario document (plain data, e.g. from JSON or TOML) run end to end.

One reader for the command line (``iecommons game FILE``) and the platform's policy
lab, so both accept the same documents and refuse bad ones with the same messages.
A document::

    {
      "model": {                      # optional; the default model when absent
        "name": "...", "source": "...",
        "parameters": {"S": 2.0, "C": {"value": 1.0, "description": "..."}},
        "payoff_differences": {"government": "...", "enterprises": "...", "colleges": "..."}
      },
      "parameters": {"S_e": 3.0},     # optional overrides
      "start": [0.5, 0.5, 0.5],       # optional
      "t_end": 50, "points": 201,     # optional, the trajectory
      "sweep": {                      # optional
        "first":  {"parameter": "S_e", "from": 0, "to": 5, "count": 101},
        "second": {"parameter": "F_e", "from": 0, "to": 5, "count": 101},
        "t_end": 200
      }
    }
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np

from iecommons.analytics.games.dynamics import (
    _as_start,
    corner_stability,
    jacobian,
    sweep,
    trajectory,
)
from iecommons.analytics.games.model import GameModel, default_model, game_model

_KEYS = {"model", "parameters", "start", "t_end", "points", "sweep"}
_SWEEP_KEYS = {"first", "second", "t_end", "step"}
_AXIS_KEYS = {"parameter", "from", "to", "count"}
#: The largest sweep grid a scenario may ask for (both axes together).
MAX_SWEEP_POINTS = 201 * 201


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where} must be a table/object, got {type(value).__name__}")
    return value


def _unknown(document: Mapping[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(document) - allowed)
    if extra:
        raise ValueError(
            f"{where} has unknown key(s) {', '.join(map(repr, extra))}; "
            f"allowed: {', '.join(sorted(allowed))}"
        )


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{where} is {value!r}: expected a number")
    if not np.isfinite(value):
        raise ValueError(f"{where} is {value}: expected a finite number")
    return float(value)


def scenario_model(document: Mapping[str, Any]) -> GameModel:
    """The model a scenario document names (the default model when it names none)."""
    spec = document.get("model")
    if spec is None:
        return default_model()
    spec = _mapping(spec, "model")
    _unknown(spec, {"name", "source", "parameters", "payoff_differences"}, "model")
    if "payoff_differences" not in spec:
        raise ValueError("model needs 'payoff_differences' (government, enterprises, colleges)")
    return game_model(
        _mapping(spec["payoff_differences"], "model.payoff_differences"),
        _mapping(spec.get("parameters", {}), "model.parameters"),
        name=str(spec.get("name", "custom model")),
        source=str(spec.get("source", "")),
    )


def _axis(spec: Any, where: str) -> tuple[str, np.ndarray]:
    spec = _mapping(spec, where)
    _unknown(spec, _AXIS_KEYS, where)
    for key in _AXIS_KEYS:
        if key not in spec:
            raise ValueError(f"{where} needs {key!r}")
    count = spec["count"]
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 401:
        raise ValueError(f"{where}.count is {count!r}: expected an integer from 1 to 401")
    low, high = _number(spec["from"], f"{where}.from"), _number(spec["to"], f"{where}.to")
    return str(spec["parameter"]), np.linspace(low, high, count)


@dataclasses.dataclass(frozen=True)
class _Plan:
    """A scenario document read and checked: everything but the integration."""

    model: GameModel
    values: dict[str, float]
    start: np.ndarray
    t_end: float
    points: int
    sweep: tuple[tuple[str, np.ndarray], tuple[str, np.ndarray], float, float | None] | None


def _read(document: Any) -> _Plan:
    document = _mapping(document, "the scenario")
    _unknown(document, _KEYS, "the scenario")
    model = scenario_model(document)
    overrides = dict(_mapping(document.get("parameters", {}), "parameters"))
    values = model.values(overrides)
    start = _as_start(document.get("start", [0.5, 0.5, 0.5]))
    t_end = _number(document.get("t_end", 50.0), "t_end")
    if t_end <= 0:
        raise ValueError(f"t_end is {t_end:g}: expected a positive number")
    points = document.get("points", 201)
    if isinstance(points, bool) or not isinstance(points, int) or not 2 <= points <= 5001:
        raise ValueError(f"points is {points!r}: expected an integer from 2 to 5001")
    plan_sweep = None
    if document.get("sweep") is not None:
        spec = _mapping(document["sweep"], "sweep")
        _unknown(spec, _SWEEP_KEYS, "sweep")
        for key in ("first", "second"):
            if key not in spec:
                raise ValueError(f"sweep needs {key!r}")
        first, second = _axis(spec["first"], "sweep.first"), _axis(spec["second"], "sweep.second")
        for name, _values in (first, second):
            if name not in model.parameters:
                known = ", ".join(sorted(model.parameters))
                raise ValueError(
                    f"unknown sweep parameter {name!r} (the model's parameters: {known})"
                )
        if first[0] == second[0]:
            raise ValueError(f"sweep the parameter {first[0]!r} only once")
        if first[1].size * second[1].size > MAX_SWEEP_POINTS:
            raise ValueError(f"sweep has more than {MAX_SWEEP_POINTS:,} grid points")
        sweep_end = _number(spec.get("t_end", 200.0), "sweep.t_end")
        if sweep_end <= 0:
            raise ValueError(f"sweep.t_end is {sweep_end:g}: expected a positive number")
        step = spec.get("step")
        plan_sweep = (
            first,
            second,
            sweep_end,
            None if step is None else _number(step, "sweep.step"),
        )
    return _Plan(model, values, start, t_end, points, plan_sweep)


def check_scenario(document: Any) -> dict[str, float]:
    """Check a scenario document without running it; return its parameter values.

    Everything :func:`run_scenario` would refuse before integrating is refused here with
    the same message (unknown keys, a bad model, unknown or non-numeric parameters, a bad
    start, horizon or sweep), and so is a system that is undefined at a corner or at the
    start (a division by zero, say), naming the expression and its parameters.

    Examples
    --------
    >>> check_scenario({"parameters": {"S_e": 3}})["S_e"]
    3.0
    >>> check_scenario({"model": {"parameters": {"a": 0, "b": 1},
    ...     "payoff_differences": {"government": "b / a", "enterprises": "b",
    ...                            "colleges": "b"}}})
    Traceback (most recent call last):
    ...
    iecommons.analytics.games.expressions.UndefinedError: payoff difference of government: \
division by zero in '(b / a)': the denominator 'a' is 0 with a=0
    """
    plan = _read(document)
    corner_stability(plan.model, plan.values)
    jacobian(plan.model, plan.start, plan.values)
    return plan.values


def run_scenario(document: Mapping[str, Any]) -> dict[str, Any]:
    """Run a scenario document: the corners' stability, one trajectory, an optional sweep.

    Returns plain, JSON-ready data.

    Examples
    --------
    >>> result = run_scenario({"parameters": {"S_e": 0, "F_e": 0}, "t_end": 80})
    >>> [c["label"] for c in result["corners"] if c["stability"] == "stable"]
    ['(1, 0, 0)']
    >>> result["trajectory"]["final_corner"]
    '(1, 0, 0)'
    >>> run_scenario({"t_end": "long"})
    Traceback (most recent call last):
    ...
    ValueError: t_end is 'long': expected a number
    """
    plan = _read(document)
    model, values = plan.model, plan.values
    corners = corner_stability(model, values)
    path = trajectory(model, plan.start, parameters=values, t_end=plan.t_end, points=plan.points)
    result: dict[str, Any] = {
        "model": model.to_dict(),
        "parameters": values,
        "start": [float(s) for s in plan.start],
        "corners": [
            {
                "label": c.label,
                "corner": list(c.corner),
                "eigenvalues": c.eigenvalues.tolist(),
                "payoff_differences": c.payoff_differences.tolist(),
                "stability": c.stability,
            }
            for c in corners
        ],
        "trajectory": {
            "times": path.times.tolist(),
            "shares": path.shares.tolist(),
            "final_corner": path.final_corner,
        },
        "sweep": None,
    }
    if plan.sweep is not None:
        first, second, sweep_end, step = plan.sweep
        grid = sweep(
            model,
            first,
            second,
            start=plan.start,
            parameters=values,
            t_end=sweep_end,
            step=step,
        )
        result["sweep"] = {
            "parameters": list(grid.parameter_names),
            "first_values": grid.first_values.tolist(),
            "second_values": grid.second_values.tolist(),
            "corner_index": grid.corner_index.tolist(),
            "corner_labels": list(grid.corner_labels),
            "final_shares": grid.final_shares.tolist(),
            "t_end": grid.t_end,
            "step": grid.step,
        }
    return result
