"""Expert judgment writes: an AHP pairwise matrix per node, checked for scale and
reciprocity, with its consistency ratio."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from iecommons.analytics import AHPResult, ahp, check_pairwise
from iecommons.assessment.models import AssessmentCycle, ExpertJudgment, Indicator
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse

#: Saaty's scale as the select offers it, strongest preference for the row first.
SAATY_SCALE: tuple[Fraction, ...] = (
    *(Fraction(n) for n in range(9, 1, -1)),
    Fraction(1),
    *(Fraction(1, n) for n in range(2, 10)),
)
SAATY_VALUES = frozenset(float(v) for v in SAATY_SCALE)


def saaty_label(value: float) -> str:
    """``3`` or ``1/3``: the nearest value of the scale, written as people write it."""
    nearest = min(SAATY_SCALE, key=lambda v: abs(float(v) - value))
    return str(nearest.numerator) if nearest.denominator == 1 else f"1/{nearest.denominator}"


def parse_saaty(text: str) -> float:
    """``"3"`` → 3.0, ``"1/3"`` → 0.333…; ValueError for anything off the scale."""
    value = float(Fraction(text.strip()))
    if not any(abs(value - allowed) < 1e-9 for allowed in SAATY_VALUES):
        raise ValueError(text)
    return value


def node_children(cycle: AssessmentCycle, node: Indicator | None) -> list[Indicator]:
    """What a node compares: the dimensions at the root, else the node's indicators."""
    queryset = Indicator.objects.filter(framework_id=cycle.framework_id)
    queryset = (
        queryset.filter(parent__isnull=True) if node is None else queryset.filter(parent=node)
    )
    return list(queryset.order_by("order", "code"))


def matrix_from_upper(size: int, upper: dict[tuple[int, int], float]) -> list[list[float]]:
    """A reciprocal matrix from its upper triangle (missing cells count as 1)."""
    matrix = [[1.0] * size for _row in range(size)]
    for (row, column), value in upper.items():
        matrix[row][column] = value
        matrix[column][row] = 1.0 / value
    return matrix


def evaluate_matrix(matrix: Sequence[Sequence[float]], names: Sequence[str]) -> AHPResult:
    """Check scale and reciprocity, then AHP; ValueError with a message naming the cell."""
    for i, row in enumerate(matrix):
        for j, cell in enumerate(row):
            if i != j and not any(abs(float(cell) - v) < 1e-3 for v in SAATY_VALUES):
                raise ValueError(
                    _("Cell (%(row)s, %(column)s) is %(value)s: use Saaty's scale 1/9 … 9.")
                    % {"row": names[i], "column": names[j], "value": cell}
                )
    for i, row in enumerate(matrix):
        for j in range(i + 1, len(row)):
            if abs(float(row[j]) * float(matrix[j][i]) - 1.0) > 0.01:
                raise ValueError(
                    _(
                        "Not reciprocal: (%(row)s, %(column)s) is %(value)s but "
                        "(%(column)s, %(row)s) is %(mirror)s; it must be 1/%(value)s."
                    )
                    % {
                        "row": names[i],
                        "column": names[j],
                        "value": saaty_label(float(row[j])),
                        "mirror": saaty_label(float(matrix[j][i])),
                    }
                )
    check_pairwise(matrix, criteria=list(names), tolerance=0.01)
    return ahp(matrix, criteria=list(names))


@transaction.atomic
def judgment_submit(
    *,
    actor: Any,
    cycle: AssessmentCycle,
    node: Indicator | None,
    matrix: Sequence[Sequence[float]],
    accept_inconsistent: bool = False,
) -> ExpertJudgment:
    """Store (or replace) the expert's pairwise matrix over the children of ``node``.

    Refused: a matrix of the wrong size, off Saaty's scale or not reciprocal. An
    inconsistent matrix (CR ≥ 0.1) is refused too unless the expert confirms it
    (``accept_inconsistent``): it is then kept, flagged by its CR; the page names the
    judgment to reconsider."""
    require(rules.can_judge(actor, cycle))
    if node is not None and (node.framework_id != cycle.framework_id or node.parent_id):
        raise refuse("node", _("Choose a dimension of the cycle's framework."))
    children = node_children(cycle, node)
    size = len(children)
    if size < 2:
        raise refuse("node", _("There is nothing to compare under this node."))
    if len(matrix) != size or any(len(row) != size for row in matrix):
        raise refuse(
            "matrix",
            _("The matrix must be %(n)d × %(n)d: one row and column per item compared.")
            % {"n": size},
        )
    codes = [child.code for child in children]
    try:
        result = evaluate_matrix(matrix, codes)
    except ValueError as error:
        raise refuse("matrix", str(error)) from None
    if not result.consistent and not accept_inconsistent:
        raise refuse(
            "accept_inconsistent",
            _(
                "The consistency ratio is %(cr)s, above 0.1: the comparisons contradict each "
                "other. Reconsider them, or confirm that you want to save them as they are."
            )
            % {"cr": f"{float(result.cr):.3f}"},
        )
    judgment = ExpertJudgment.objects.filter(cycle=cycle, expert=actor, node=node).first()
    before = audit.snapshot(judgment) if judgment else None
    if judgment is None:
        judgment = ExpertJudgment(cycle=cycle, expert=actor, node=node)
    judgment.criteria = codes
    judgment.matrix = [[float(cell) for cell in row] for row in matrix]
    judgment.consistency_ratio = round(float(result.cr), 6)
    judgment.save()
    audit.record(actor=actor, instance=judgment, operation="judgment_submit", before=before)
    return judgment
