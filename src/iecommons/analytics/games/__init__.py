"""Tripartite evolutionary games: replicator dynamics of government, enterprises and colleges.

The model is data (three payoff differences as safe expressions over named
parameters); the engine finds the stability of the eight pure-strategy corners from
the exact Jacobian, integrates trajectories with SciPy, and sweeps two parameters at
once with a vectorised RK4::

    >>> from iecommons.analytics.games import corner_stability, default_model
    >>> [c.label for c in corner_stability(default_model(), {"S_e": 0, "F_e": 0}) if c.is_ess]
    ['(1, 0, 0)']

See ``docs/games.md`` for the default model's derivation and sources.
"""

from iecommons.analytics.games.dynamics import (
    CORNERS,
    CornerStability,
    Sweep,
    Trajectory,
    corner_stability,
    jacobian,
    sweep,
    trajectory,
)
from iecommons.analytics.games.expressions import ExpressionError, UndefinedError, parse
from iecommons.analytics.games.model import (
    PLAYERS,
    SHARES,
    GameModel,
    Parameter,
    default_model,
    game_model,
)
from iecommons.analytics.games.scenario import check_scenario, run_scenario

__all__ = [
    "CORNERS",
    "PLAYERS",
    "SHARES",
    "CornerStability",
    "ExpressionError",
    "GameModel",
    "Parameter",
    "Sweep",
    "Trajectory",
    "UndefinedError",
    "check_scenario",
    "corner_stability",
    "default_model",
    "game_model",
    "jacobian",
    "parse",
    "run_scenario",
    "sweep",
    "trajectory",
]
