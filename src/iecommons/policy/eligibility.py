"""Eligibility as data: conditions over platform facts, checked and evaluated with reasons.

A programme's conditions are a list of ``{"fact": ..., "op": ..., "value": ...}``. The facts
an applicant (an organisation applying through one community it is an active member of)
can be judged on, their kinds and the operators each kind allows:

============================  =======  ===========================================
fact                          kind     meaning
============================  =======  ===========================================
certified                     yes/no   a certified industry–education integration enterprise
organization_type             choice   the organisation's type (enterprise, college, …)
community_level               choice   national, provincial or municipal
community_field               choice   the community's field code
latest_grade                  grade    the community's grade in its latest published run
overdue_rectifications        number   the community's rectification tasks past deadline
membership_years              number   whole years of membership in the community
joint_project_contribution    number   CNY the organisation contributed to joint projects
============================  =======  ===========================================

Operators: yes/no ``is``; choice ``is`` and ``in``; grade ``at_least``; number ``>=``,
``<=``, ``>``, ``<``, ``==``. :func:`check_conditions` refuses an unknown fact or operator
or a value of the wrong kind, naming the condition by its position. :func:`evaluate`
takes the facts as columns (one array per fact, one entry per candidate) and compares
whole columns at once, so 10,000 candidates cost a handful of numpy operations per
condition; :meth:`Evaluation.explain` gives the per-condition reasons for one candidate.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

#: Grades from best to worst; "at least good" admits excellent and good.
GRADE_ORDER = ("excellent", "good", "pass", "fail")

FACT_KINDS: dict[str, str] = {
    "certified": "bool",
    "organization_type": "choice",
    "community_level": "choice",
    "community_field": "choice",
    "latest_grade": "grade",
    "overdue_rectifications": "number",
    "membership_years": "number",
    "joint_project_contribution": "number",
}
OPERATORS: dict[str, tuple[str, ...]] = {
    "bool": ("is",),
    "choice": ("is", "in"),
    "grade": ("at_least",),
    "number": (">=", "<=", ">", "<", "=="),
}


class ConditionError(ValueError):
    """A condition that cannot be evaluated; ``field`` is e.g. ``"conditions[2].fact"``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclasses.dataclass(frozen=True)
class Condition:
    """One checked condition."""

    fact: str
    op: str
    value: Any

    @property
    def kind(self) -> str:
        return FACT_KINDS[self.fact]

    def as_dict(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"fact": self.fact, "op": self.op, "value": value}


def check_conditions(raw: Any) -> list[Condition]:
    """Check a list of condition dictionaries; refusals name the condition and the key.

    Examples
    --------
    >>> check_conditions([{"fact": "membership_years", "op": ">=", "value": 2}])
    [Condition(fact='membership_years', op='>=', value=2.0)]
    >>> check_conditions([{"fact": "turnover", "op": ">=", "value": 1}])
    Traceback (most recent call last):
    ...
    iecommons.policy.eligibility.ConditionError: conditions[0].fact: unknown fact \
'turnover' (known: certified, community_field, community_level, joint_project_contribution, \
latest_grade, membership_years, organization_type, overdue_rectifications)
    """
    if not isinstance(raw, list | tuple):
        raise ConditionError("conditions", "expected a list of conditions")
    conditions = []
    for index, item in enumerate(raw):
        where = f"conditions[{index}]"
        if not isinstance(item, Mapping):
            raise ConditionError(where, "expected an object with fact, op and value")
        extra = sorted(set(item) - {"fact", "op", "value"})
        if extra:
            raise ConditionError(where, f"unknown key(s) {', '.join(map(repr, extra))}")
        fact = item.get("fact")
        if fact not in FACT_KINDS:
            known = ", ".join(sorted(FACT_KINDS))
            raise ConditionError(f"{where}.fact", f"unknown fact {fact!r} (known: {known})")
        kind = FACT_KINDS[str(fact)]
        op = item.get("op")
        if op not in OPERATORS[kind]:
            allowed = ", ".join(OPERATORS[kind])
            raise ConditionError(
                f"{where}.op", f"{op!r} does not apply to {fact} (allowed: {allowed})"
            )
        conditions.append(Condition(str(fact), str(op), _value(kind, op, item.get("value"), where)))
    return conditions


def _value(kind: str, op: Any, value: Any, where: str) -> Any:
    field = f"{where}.value"
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConditionError(field, f"{value!r}: expected true or false")
        return value
    if kind == "grade":
        if value not in GRADE_ORDER:
            raise ConditionError(field, f"{value!r}: expected one of {', '.join(GRADE_ORDER)}")
        return value
    if kind == "choice":
        if op == "in":
            if (
                not isinstance(value, list)
                or not value
                or not all(isinstance(v, str) for v in value)
            ):
                raise ConditionError(field, f"{value!r}: expected a non-empty list of codes")
            return tuple(value)
        if not isinstance(value, str) or not value:
            raise ConditionError(field, f"{value!r}: expected a code")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConditionError(field, f"{value!r}: expected a number")
    return float(value)


@dataclasses.dataclass(frozen=True)
class Evaluation:
    """The conditions evaluated for every candidate.

    Attributes
    ----------
    conditions : list of Condition
    passed : numpy.ndarray of bool, shape (n, k)
        Whether candidate *i* meets condition *j*.
    eligible : numpy.ndarray of bool, shape (n,)
        All conditions met.
    facts : mapping of str to numpy.ndarray
        The fact columns the evaluation used.
    """

    conditions: list[Condition]
    passed: npt.NDArray[np.bool_]
    eligible: npt.NDArray[np.bool_]
    facts: Mapping[str, npt.NDArray[Any]]

    def explain_all(self) -> list[list[dict[str, Any]]]:
        """:meth:`explain` for every candidate, built from plain lists in one pass."""
        rules = [condition.as_dict() for condition in self.conditions]
        actual = [[_plain(v) for v in self.facts[c.fact].tolist()] for c in self.conditions]
        passed = self.passed.tolist()
        return [
            [{**rule, "actual": actual[j][i], "passed": row[j]} for j, rule in enumerate(rules)]
            for i, row in enumerate(passed)
        ]

    def explain(self, index: int) -> list[dict[str, Any]]:
        """Per condition: the fact, the rule, the candidate's actual value and the verdict."""
        rows = []
        for j, condition in enumerate(self.conditions):
            actual = self.facts[condition.fact][index]
            rows.append(
                {
                    **condition.as_dict(),
                    "actual": _plain(actual),
                    "passed": bool(self.passed[index, j]),
                }
            )
        return rows


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def evaluate(conditions: Sequence[Condition], facts: Mapping[str, Any]) -> Evaluation:
    """Evaluate checked ``conditions`` over fact columns (one entry per candidate).

    Missing values: a number column may hold NaN and a grade or choice column ``""``;
    a missing fact never meets a condition.

    Examples
    --------
    >>> import numpy as np
    >>> facts = {"membership_years": np.array([1.0, 3.0]), "certified": np.array([True, True])}
    >>> result = evaluate(check_conditions([
    ...     {"fact": "membership_years", "op": ">=", "value": 2},
    ...     {"fact": "certified", "op": "is", "value": True},
    ... ]), facts)
    >>> result.eligible.tolist()
    [False, True]
    >>> result.explain(0)[0]["passed"], result.explain(0)[0]["actual"]
    (False, 1.0)
    """
    columns = {name: np.asarray(values) for name, values in facts.items()}
    sizes = {column.shape[0] for column in columns.values()}
    if len(sizes) > 1:
        raise ValueError("every fact column needs one entry per candidate")
    count = sizes.pop() if sizes else 0
    passed = np.ones((count, len(conditions)), dtype=bool)
    for j, condition in enumerate(conditions):
        if condition.fact not in columns:
            raise ValueError(f"the fact {condition.fact!r} was not gathered")
        passed[:, j] = _compare(condition, columns[condition.fact])
    eligible: npt.NDArray[np.bool_] = np.asarray(passed.all(axis=1), dtype=bool)
    return Evaluation(list(conditions), passed, eligible, columns)


def _compare(condition: Condition, column: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    op, value = condition.op, condition.value
    if condition.kind == "bool":
        return column.astype(bool) == value
    if condition.kind == "grade":
        rank = {grade: k for k, grade in enumerate(GRADE_ORDER)}
        ranks = np.array([rank.get(str(g), len(GRADE_ORDER)) for g in column.tolist()])
        return ranks <= rank[value]
    if condition.kind == "choice":
        return np.isin(column, list(value)) if op == "in" else column == value
    numbers = column.astype(np.float64)
    with np.errstate(invalid="ignore"):
        result = {
            ">=": numbers >= value,
            "<=": numbers <= value,
            ">": numbers > value,
            "<": numbers < value,
            "==": numbers == value,
        }[op]
    return result & ~np.isnan(numbers)
