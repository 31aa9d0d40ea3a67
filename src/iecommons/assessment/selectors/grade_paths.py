"""The path to the next grade and the steps of a computation, in the words of the pages.

The numbers come from :mod:`iecommons.assessment.engine` (the run's own scoring of its
frozen input); this module adds names, units and plain sentences, and caches the answer:
a run never changes, so neither does its path.
"""

from __future__ import annotations

import math
from typing import Any

from django.core.cache import cache
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from iecommons.assessment import engine
from iecommons.assessment.engine.explanation import explain
from iecommons.assessment.engine.grade_path import NextGradePath, next_grade_path
from iecommons.assessment.labels import GRADE_LABELS, NORMALIZATION_LABELS
from iecommons.assessment.models import EvaluationRun, Indicator
from iecommons.assessment.selectors import snapshots


def written(value: float, *, up: bool) -> str:
    """A value as people write it: grouped thousands, at most two decimals, rounded in the
    direction that still reaches the target (up for a rise, down for a fall)."""
    scaled = value * 100.0
    rounded = (math.ceil(scaled - 1e-6) if up else math.floor(scaled + 1e-6)) / 100.0
    places = 0 if rounded == int(rounded) else 2
    return formats.number_format(rounded, places, use_l10n=True, force_grouping=True)


def _ranges(run: EvaluationRun) -> tuple[dict[str, float | None], dict[str, float | None]]:
    rows = Indicator.objects.filter(framework_id=run.framework_id, parent__isnull=False)
    lower, upper = {}, {}
    for code, low, high in rows.values_list("code", "min_value", "max_value"):
        lower[code], upper[code] = low, high
    return lower, upper


def _path(run: EvaluationRun, community_id: int, only: list[str] | None) -> NextGradePath:
    lower, upper = _ranges(run)
    return next_grade_path(
        engine.RunInput.from_json(run.snapshot),
        community_id,
        lower=lower,
        upper=upper,
        only=only,
        combined=only is None,
    )


def _phrase(current: float, required: float, name: str, unit: str) -> str:
    rising = required > current
    values = {
        "indicator": name,
        "current": written(current, up=not rising),
        "required": written(required, up=rising),
        "unit": unit,
    }
    if rising:
        return _("raise “%(indicator)s” from %(current)s to %(required)s %(unit)s") % values
    return _("lower “%(indicator)s” from %(current)s to %(required)s %(unit)s") % values


def next_grade_view(run: EvaluationRun, community_id: int) -> dict[str, Any] | None:
    """The path of a community to its next grade in ``run``, ready for the result page;
    ``None`` when the run cannot say (no result, or it is already in the best grade)."""
    key = f"next-grade:{run.pk}:{run.input_sha256[:16]}:{community_id}:{get_language()}"
    found = cache.get(key)
    if found is not None:
        return found or None
    try:
        path = _path(run, community_id, None)
    except ValueError:
        cache.set(key, {}, 3600)
        return None
    if path.next_grade is None:
        cache.set(key, {}, 3600)
        return None
    names, units = snapshots.indicator_names(run), snapshots.indicator_units(run)
    steps = []
    for step in path.steps:
        name, unit = names.get(step.code, step.code), units.get(step.code, "")
        phrase = "" if step.required is None else _phrase(step.current, step.required, name, unit)
        steps.append(
            {
                "code": step.code,
                "name": name,
                "unit": unit,
                "current": written(step.current, up=False),
                "required": (
                    None
                    if step.required is None
                    else written(step.required, up=step.required > step.current)
                ),
                "bound": written(step.bound, up=False),
                "phrase": phrase,
            }
        )
    reachable = [step["phrase"] for step in steps if step["phrase"]]
    current = {step.code: step.current for step in path.steps}
    combined = [
        _phrase(current[code], value, names.get(code, code), units.get(code, ""))
        for code, value in (path.combined or {}).items()
    ]
    view = {
        "grade": str(GRADE_LABELS.get(path.grade, path.grade)),
        "next_grade": str(GRADE_LABELS.get(path.next_grade, path.next_grade)),
        "steps": steps,
        "summary": _(", or ").join(reachable[:3]),
        "combined": _("; ").join(combined),
    }
    cache.set(key, view, 3600)
    return view


def task_path_phrase(run: EvaluationRun, community_id: int, code: str) -> str:
    """One sentence for a rectification task: what this indicator alone would need to
    reach the next grade, or that it cannot get there alone."""
    try:
        path = _path(run, community_id, [code])
    except ValueError:
        return ""
    if path.next_grade is None:
        return ""
    step = next((s for s in path.steps if s.code == code), None)
    grade = str(GRADE_LABELS.get(path.next_grade, path.next_grade))
    if step is None or step.required is None:
        return _("This indicator alone cannot lift the community to “%(grade)s”.") % {
            "grade": grade
        }
    names, units = snapshots.indicator_names(run), snapshots.indicator_units(run)
    phrase = _phrase(step.current, step.required, names.get(code, code), units.get(code, ""))
    return _("To reach “%(grade)s” with this indicator alone: %(phrase)s.") % {
        "grade": grade,
        "phrase": phrase,
    }


def check_view(run: EvaluationRun, community_id: int) -> dict[str, Any]:
    """The steps of one community's computation for the public check page."""
    explanation = explain(engine.RunInput.from_json(run.snapshot), community_id)
    names, units = snapshots.indicator_names(run), snapshots.indicator_units(run)
    rows = [
        {
            "code": code,
            "name": names.get(code, code),
            "unit": units.get(code, ""),
            "raw": explanation.raw[j],
            "weight": explanation.weights[j],
            "normalised": explanation.normalised[j],
            "contribution": explanation.contributions[j],
        }
        for j, code in enumerate(explanation.codes)
    ]
    return {
        "explanation": explanation,
        "normalization_label": str(
            NORMALIZATION_LABELS.get(explanation.normalization, explanation.normalization)
        ),
        "rows": rows,
        "grade": str(GRADE_LABELS.get(explanation.grade, explanation.grade)),
        "next_grade": (
            str(GRADE_LABELS.get(explanation.next_grade, explanation.next_grade))
            if explanation.next_grade
            else ""
        ),
    }
