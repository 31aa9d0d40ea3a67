r"""A tripartite evolutionary game as data, and the default government–enterprise–college model.

The three populations and their shares of the "active" strategy:

=========  ===========  ===============================================
share      player       strategy counted by the share
=========  ===========  ===============================================
``x``      government   active incentive and regulation (vs. passive)
``y``      enterprises  deep participation (vs. shallow, formal only)
``z``      colleges     active participation (vs. passive)
=========  ===========  ===============================================

Replicator dynamics (Taylor & Jonker 1978; Friedman 1991) move each share by the
advantage of its active strategy over the other one:

.. math::

    \dot x = x(1-x)\,\Delta U_x(x,y,z;\theta),\quad
    \dot y = y(1-y)\,\Delta U_y(x,y,z;\theta),\quad
    \dot z = z(1-z)\,\Delta U_z(x,y,z;\theta)

A model is the three payoff differences :math:`\Delta U` as expressions over named
parameters :math:`\theta` and the shares (see :mod:`.expressions` for the grammar),
so the model of another paper can be typed in without writing Python.

The default model
-----------------
Its structure follows the family of tripartite school–enterprise–government games
in the literature, e.g. Liu, Wang & Dai, "Sustainable Cooperation between Schools,
Enterprises, and Government: An Evolutionary Game Theory Analysis", *Sustainability*
15(18):13997 (2023), doi:10.3390/su151813997, and Zhang, "Educational cooperation in
the perspective of tripartite evolutionary game among government, enterprises and
universities", *PLOS ONE* 19(1):e0294742 (2024). Honest provenance: the titles,
venues and the structure (government subsidies and penalties conditional on its
active strategy, cooperation returns conditional on the partner's participation) were
checked against the papers' abstracts; their exact payoff matrices were *not*
checked, and the payoff table below is ours, derived here in full. Expected payoffs
per strategy (the other players mixing with shares x, y, z):

* Enterprise, deep minus shallow: deep participation costs ``C_e`` and earns the
  cooperation return ``R_e`` when the college is active (probability z); an active
  government pays it the subsidy ``S_e`` and fines shallow participation ``F_e``, so
  deep is ahead by ``S_e + F_e`` when the government is active (probability x):
  :math:`\Delta U_y = z R_e - C_e + x (S_e + F_e)`.
* College, active minus passive, symmetrically:
  :math:`\Delta U_z = y R_c - C_c + x (S_c + F_c)`.
* Government, active minus passive: acting costs ``C_g``, pays the subsidies to those
  who participate (``y S_e + z S_c``), collects the fines from those who do not
  (``(1-y) F_e + (1-z) F_c``), and earns the reputation ``W`` of a policy that works
  when both participate (probability ``yz``); a passive government bears the loss of
  credibility ``L`` whenever cooperation fails (probability ``1 - yz``), which acting
  avoids: :math:`\Delta U_x = -C_g - y S_e - z S_c + (1-y)F_e + (1-z)F_c + yz W +
  (1-yz) L`.

At a pure corner every off-diagonal Jacobian entry carries a factor
:math:`s(1-s) = 0`, so the eigenvalues are :math:`(1-2s_i)\,\Delta U_i` at the corner;
for example at (1, 1, 1) they are :math:`-(W - C_g - S_e - S_c)`, :math:`-(R_e - C_e
+ S_e + F_e)` and :math:`-(R_c - C_c + S_c + F_c)`: full participation with an active
government is evolutionarily stable when the government's reputation covers its cost
and subsidies and each partner's return plus incentives covers its cost.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from iecommons.analytics.games.expressions import (
    ExpressionError,
    Node,
    derivative,
    names_in,
    parse,
)

#: The shares, in the order of every state vector.
SHARES = ("x", "y", "z")
#: The players, in the same order.
PLAYERS = ("government", "enterprises", "colleges")


@dataclasses.dataclass(frozen=True)
class Parameter:
    """A named model parameter with its default value and a human description."""

    name: str
    value: float
    description: str = ""


@dataclasses.dataclass(frozen=True, repr=False)
class GameModel:
    """A tripartite replicator system: three payoff differences over named parameters.

    Build one with :func:`game_model` (from plain values) or :func:`default_model`.

    Attributes
    ----------
    name : str
        A short title.
    parameters : mapping of str to Parameter
        Declared parameters with their default values (read-only).
    payoff_differences : tuple of str
        The three expressions as written, in the order government, enterprises, colleges.
    trees : tuple of Node
        The parsed expressions.
    jacobian_trees : tuple of tuple of Node
        ``jacobian_trees[i][j]`` is the exact derivative of payoff difference *i*
        with respect to share *j*.
    source : str
        Where the model comes from (citation or note).
    """

    name: str
    parameters: Mapping[str, Parameter]
    payoff_differences: tuple[str, str, str]
    trees: tuple[Node, Node, Node]
    jacobian_trees: tuple[tuple[Node, Node, Node], ...]
    source: str = ""

    def __repr__(self) -> str:
        return f"GameModel(name={self.name!r}, parameters={list(self.parameters)})"

    def values(self, overrides: Mapping[str, Any] | None = None) -> dict[str, float]:
        """Parameter values: the defaults updated by ``overrides``, each checked.

        Refuses an unknown parameter name and a value that is not a finite number,
        naming the parameter.

        Examples
        --------
        >>> model = default_model()
        >>> model.values({"S_e": 4})["S_e"]
        4.0
        >>> model.values({"Se": 4})
        Traceback (most recent call last):
        ...
        ValueError: unknown parameter 'Se' (the model's parameters: C_c, C_e, C_g, F_c, \
F_e, L, R_c, R_e, S_c, S_e, W)
        """
        result = {name: parameter.value for name, parameter in self.parameters.items()}
        for name, value in (overrides or {}).items():
            if name not in self.parameters:
                known = ", ".join(sorted(self.parameters))
                raise ValueError(f"unknown parameter {name!r} (the model's parameters: {known})")
            result[name] = _finite(value, f"parameter {name!r}")
        return result

    def to_dict(self) -> dict[str, Any]:
        """The model as plain data, in the shape :func:`game_model` reads back."""
        return {
            "name": self.name,
            "source": self.source,
            "parameters": {
                name: {"value": p.value, "description": p.description}
                for name, p in self.parameters.items()
            },
            "payoff_differences": dict(zip(PLAYERS, self.payoff_differences, strict=True)),
        }


def _finite(value: Any, what: str) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{what} is {value!r}: expected a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} is {value!r}: expected a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} is {number}: expected a finite number")
    return number


def game_model(
    payoff_differences: Mapping[str, str],
    parameters: Mapping[str, Any],
    *,
    name: str = "custom model",
    source: str = "",
) -> GameModel:
    """Build a model from its three payoff differences and its parameters.

    Parameters
    ----------
    payoff_differences : mapping
        ``{"government": ..., "enterprises": ..., "colleges": ...}``: each the payoff
        of the active strategy minus that of the other one, as an expression over the
        parameters and the shares ``x``, ``y``, ``z``.
    parameters : mapping
        Parameter name to a default value, or to ``{"value": ..., "description": ...}``.
        Names are identifiers; ``x``, ``y``, ``z``, ``min`` and ``max`` are reserved.
    name, source : str
        A title and a citation.

    Returns
    -------
    GameModel

    Examples
    --------
    >>> model = game_model(
    ...     {"government": "L - C", "enterprises": "x*S - c", "colleges": "y*R - k"},
    ...     {"L": 2, "C": 1, "S": 3, "c": 1, "R": 2, "k": 1},
    ... )
    >>> model.payoff_differences[1]
    'x*S - c'
    >>> game_model({"government": "1", "enterprises": "q", "colleges": "1"}, {})
    Traceback (most recent call last):
    ...
    iecommons.analytics.games.expressions.ExpressionError: payoff difference of \
enterprises: unknown name (known: x, y, z): 'q' at position 0 of 'q'
    """
    if not isinstance(payoff_differences, Mapping):
        raise ValueError("payoff_differences must map each player to an expression")
    missing = [p for p in PLAYERS if p not in payoff_differences]
    extra = sorted(set(payoff_differences) - set(PLAYERS))
    if missing or extra:
        raise ValueError(
            "payoff_differences needs exactly the players "
            f"{', '.join(PLAYERS)}; missing: {', '.join(missing) or 'none'}; "
            f"unknown: {', '.join(extra) or 'none'}"
        )
    declared: dict[str, Parameter] = {}
    for key, spec in parameters.items():
        key = str(key)
        if not key.isidentifier() or key.startswith("_"):
            raise ValueError(f"parameter name {key!r} must be an identifier not starting with _")
        if key in SHARES or key in {"min", "max"}:
            raise ValueError(f"parameter name {key!r} is reserved (shares x, y, z; min, max)")
        if isinstance(spec, Mapping):
            if "value" not in spec:
                raise ValueError(f"parameter {key!r} needs a 'value'")
            value, description = spec["value"], str(spec.get("description", ""))
        else:
            value, description = spec, ""
        declared[key] = Parameter(key, _finite(value, f"parameter {key!r}"), description)
    allowed = frozenset(declared) | frozenset(SHARES)
    texts = tuple(payoff_differences[p] for p in PLAYERS)
    trees = tuple(
        parse(text, allowed, what=f"payoff difference of {player}")
        for player, text in zip(PLAYERS, texts, strict=True)
    )
    unused = sorted(set(declared) - frozenset().union(*(names_in(t) for t in trees)))
    if unused:
        raise ExpressionError(
            f"parameter(s) {', '.join(repr(u) for u in unused)} appear in no payoff "
            "difference: remove them or use them"
        )
    jacobian = tuple(
        (derivative(tree, "x"), derivative(tree, "y"), derivative(tree, "z")) for tree in trees
    )
    return GameModel(
        name=str(name),
        parameters=MappingProxyType(declared),
        payoff_differences=(texts[0], texts[1], texts[2]),
        trees=(trees[0], trees[1], trees[2]),
        jacobian_trees=jacobian,
        source=str(source),
    )


DEFAULT_PARAMETERS: dict[str, tuple[float, str]] = {
    "C_g": (2.0, "government's cost of active incentive and regulation"),
    "S_e": (2.0, "subsidy to an enterprise that participates deeply"),
    "S_c": (1.0, "subsidy to a college that participates actively"),
    "F_e": (2.5, "penalty on an enterprise that participates only formally"),
    "F_c": (1.0, "penalty on a college that participates passively"),
    "W": (6.0, "government's reputation gain when both participate under active policy"),
    "L": (2.0, "government's credibility loss when cooperation fails under passive policy"),
    "R_e": (3.0, "enterprise's extra return from deep participation with an active college"),
    "C_e": (4.0, "enterprise's cost of deep participation"),
    "R_c": (2.5, "college's extra return from active participation with a deep enterprise"),
    "C_c": (3.0, "college's cost of active participation"),
}

DEFAULT_PAYOFF_DIFFERENCES = {
    "government": "-C_g - y*S_e - z*S_c + (1 - y)*F_e + (1 - z)*F_c + y*z*W + (1 - y*z)*L",
    "enterprises": "z*R_e - C_e + x*(S_e + F_e)",
    "colleges": "y*R_c - C_c + x*(S_c + F_c)",
}

DEFAULT_SOURCE = (
    "Structure after Liu, Wang & Dai, Sustainability 15(18):13997 (2023), "
    "doi:10.3390/su151813997, and Zhang, PLOS ONE 19(1):e0294742 (2024); payoff table "
    "derived in iecommons.analytics.games.model and docs/games.md"
)


def default_model() -> GameModel:
    """The documented government–enterprise–college model (see the module docstring).

    Examples
    --------
    >>> model = default_model()
    >>> model.payoff_differences[1]
    'z*R_e - C_e + x*(S_e + F_e)'
    >>> sorted(model.values())[:3]
    ['C_c', 'C_e', 'C_g']
    """
    return game_model(
        DEFAULT_PAYOFF_DIFFERENCES,
        {
            name: {"value": value, "description": text}
            for name, (value, text) in DEFAULT_PARAMETERS.items()
        },
        name="government–enterprise–college (IE Commons default)",
        source=DEFAULT_SOURCE,
    )
