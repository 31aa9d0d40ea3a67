"""Expert judgment pages: the nodes to judge, the pairwise form per node, and the live
consistency partial (htmx) that re-renders CR and names the judgment to reconsider."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iecommons.assessment.models import AssessmentCycle, ExpertJudgment, Indicator
from iecommons.assessment.services import judgments as services
from iecommons.assessment.views.base import TEMPLATES, cycle_for
from iecommons.authz import assessment as rules
from iecommons.common.pages import REFUSED

ROOT = "root"


def _node(cycle: AssessmentCycle, node: str) -> Indicator | None:
    if node == ROOT:
        return None
    if not node.isdigit():
        raise Http404
    return get_object_or_404(
        Indicator, pk=int(node), framework_id=cycle.framework_id, parent__isnull=True
    )


def _scale() -> list[tuple[str, str]]:
    return [
        (services.saaty_label(float(v)), services.saaty_label(float(v)))
        for v in services.SAATY_SCALE
    ]


def _upper_indices(size: int) -> tuple[list[int], list[int]]:
    """Row and column of each upper-triangle cell, in the order of the form's pairs."""
    cells = [(i, j) for i in range(size) for j in range(i + 1, size)]
    return [i for i, _j in cells], [j for _i, j in cells]


def _upper_from_post(data: Any, size: int) -> tuple[dict[tuple[int, int], float], list[str]]:
    upper: dict[tuple[int, int], float] = {}
    bad: list[str] = []
    for i in range(size):
        for j in range(i + 1, size):
            raw = data.get(f"cell_{i}_{j}", "1")
            try:
                upper[(i, j)] = services.parse_saaty(raw)
            except (ValueError, ZeroDivisionError):
                bad.append(f"cell_{i}_{j}")
    return upper, bad


def _consistency(children: list[Indicator], matrix: list[list[float]]) -> dict[str, Any]:
    """What the live partial shows: CR, weights, and the judgment to reconsider."""
    codes = [c.code for c in children]
    result = services.evaluate_matrix(matrix, codes)
    names = {c.code: c for c in children}
    suggestion = None
    if not result.consistent and result.suggestion is not None:
        s = result.suggestion
        suggestion = {
            "row": names[s.row_name],
            "column": names[s.column_name],
            "current": services.saaty_label(s.current),
            "suggested": services.saaty_label(s.suggested),
            "cr_after": s.cr_after,
        }
    return {
        "cr": float(result.cr),
        "consistent": bool(result.consistent),
        "weights": list(zip(children, (float(w) for w in result.weights), strict=True)),
        "suggestion": suggestion,
        "ri_table": result.ri_table,
    }


@login_required
def judgment_list(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk, rules.is_cycle_expert)
    dimensions = list(
        Indicator.objects.filter(framework_id=cycle.framework_id, parent__isnull=True).order_by(
            "order", "code"
        )
    )
    mine = {
        j.node_id: j
        for j in ExpertJudgment.objects.filter(cycle=cycle, expert_id=request.user.pk or 0)
    }
    nodes = [(ROOT, _("The dimensions"), mine.get(None))]
    nodes += [(str(d.pk), d.name, mine.get(d.pk)) for d in dimensions]
    return render(
        request,
        TEMPLATES + "judgment_list.html",
        {"cycle": cycle, "nodes": nodes, "can_judge": rules.can_judge(request.user, cycle)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def judgment_node(request: HttpRequest, pk: int, node: str) -> HttpResponse:
    cycle = cycle_for(request, pk, rules.can_judge)
    indicator = _node(cycle, node)
    children = services.node_children(cycle, indicator)
    size = len(children)
    existing = ExpertJudgment.objects.filter(
        cycle=cycle, expert_id=request.user.pk or 0, node=indicator
    ).first()
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        upper, bad = _upper_from_post(request.POST, size)
        if bad:
            errors.append(_("Choose a value from Saaty's scale for every pair."))
            status = REFUSED
        else:
            try:
                services.judgment_submit(
                    actor=request.user,
                    cycle=cycle,
                    node=indicator,
                    matrix=services.matrix_from_upper(size, upper),
                    accept_inconsistent=request.POST.get("accept_inconsistent") == "1",
                )
            except ValidationError as error:
                errors.extend(error.messages)
                status = REFUSED
            else:
                messages.success(request, _("Your judgment is saved."))
                return redirect("assessment:judgment_list", pk=cycle.pk)
    if existing is not None and list(existing.criteria) == [c.code for c in children]:
        matrix = [[float(x) for x in row] for row in existing.matrix]
    else:
        matrix = [[1.0] * size for _row in range(size)]
    if request.method == "POST":
        posted, _bad = _upper_from_post(request.POST, size)
        for (i, j), value in posted.items():
            matrix[i][j], matrix[j][i] = value, 1.0 / value
    pairs = [
        {
            "name": f"cell_{i}_{j}",
            "row": children[i],
            "column": children[j],
            "value": services.saaty_label(matrix[i][j]),
        }
        for i in range(size)
        for j in range(i + 1, size)
    ]
    by_cell = {(i, j): pair for i, j, pair in zip(*_upper_indices(size), pairs, strict=True)}
    # The matrix as experts draw it: a row per item, a column per later item, the upper
    # triangle filled (the lower one is its reciprocal and is not asked).
    grid = [
        {"item": children[i], "cells": [by_cell.get((i, j)) for j in range(1, size)]}
        for i in range(size - 1)
    ]
    context: dict[str, Any] = {
        "cycle": cycle,
        "node": node,
        "indicator": indicator,
        "children": children,
        "pairs": pairs,
        "grid": grid,
        "columns": children[1:],
        "scale": _scale(),
        "errors": errors,
    }
    if size >= 2:
        current = services.matrix_from_upper(
            size, {(i, j): matrix[i][j] for i in range(size) for j in range(i + 1, size)}
        )
        context["consistency"] = _consistency(children, current)
    return render(request, TEMPLATES + "judgment_node.html", context, status=status)


@login_required
@require_POST
def judgment_check(request: HttpRequest, pk: int, node: str) -> HttpResponse:
    """The htmx partial: consistency of the matrix as it stands in the form, unsaved."""
    cycle = cycle_for(request, pk, rules.can_judge)
    children = services.node_children(cycle, _node(cycle, node))
    upper, bad = _upper_from_post(request.POST, len(children))
    context: dict[str, Any] = {"errors": []}
    if bad or len(children) < 2:
        context["errors"] = [_("Choose a value from Saaty's scale for every pair.")]
    else:
        try:
            context["consistency"] = _consistency(
                children, services.matrix_from_upper(len(children), upper)
            )
        except ValueError as error:
            context["errors"] = [str(error)]
    return render(request, TEMPLATES + "partials/consistency.html", context)
