"""Shapley values of a cooperative game, exact (n <= 20) or by permutation sampling."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from iecommons.analytics._results import ResultMixin
from iecommons.analytics._validation import FloatArray, as_names

#: Largest game solved exactly: the 2^20-entry value table (8 MiB) takes well under 1 s.
MAX_EXACT_PLAYERS = 20

CoalitionFunction = Callable[[frozenset[Hashable]], float]
Game = npt.ArrayLike | Mapping[Iterable[Hashable], float] | CoalitionFunction


@dataclasses.dataclass(frozen=True, repr=False)
class ShapleyResult(ResultMixin):
    """Shapley value of each player.

    Attributes
    ----------
    values : numpy.ndarray
        Shapley value per player; they sum to ``v(N) - v(∅)`` (efficiency), exactly
        for both methods.
    players : tuple
        Player labels, in the order of ``values``.
    standard_errors : numpy.ndarray
        Monte Carlo standard error of each value (zeros for the exact method).
    method : str
        ``"exact"`` or ``"sampling"``.
    permutations : int
        Permutations drawn (0 for exact).
    grand_value : float
        ``v(N) - v(∅)``, the amount shared.
    """

    values: FloatArray
    players: tuple[Hashable, ...]
    standard_errors: FloatArray
    method: str
    permutations: int
    grand_value: float
    seed: int | None = None


@dataclasses.dataclass(frozen=True, repr=False)
class Allocation(ResultMixin):
    """Amounts allocated to each player, and their shares of the total."""

    amounts: FloatArray
    shares: FloatArray
    players: tuple[str, ...]


def _size_weights(n: int) -> FloatArray:
    # weight of a coalition S not containing i: |S|! (n - |S| - 1)! / n!
    return np.array(
        [math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n) for s in range(n)]
    )


def _exact(table: FloatArray, n: int) -> FloatArray:
    masks = np.arange(table.shape[0], dtype=np.uint32)
    sizes = np.bitwise_count(masks)
    weight_table = _size_weights(n)
    # Coalitions of size n never lack a player; clip so the lookup stays in range.
    weights = weight_table[np.minimum(sizes, n - 1)]
    values = np.empty(n)
    for i in range(n):
        # Masks split as (high bits, bit i, low bits): [:, 0, :] lacks i, [:, 1, :] has it.
        v3 = table.reshape(-1, 2, 1 << i)
        w3 = weights.reshape(-1, 2, 1 << i)
        values[i] = np.einsum("ab,ab->", w3[:, 0, :], v3[:, 1, :] - v3[:, 0, :])
    return values


def _resolve_players(
    game: Game, players: int | Sequence[Hashable] | None
) -> tuple[Hashable, ...] | None:
    if isinstance(players, int):
        if players < 1:
            raise ValueError(f"players is {players}: expected at least one player")
        return tuple(range(players))
    if players is not None:
        labels = tuple(players)
        if len(set(labels)) != len(labels):
            raise ValueError("player labels must be distinct")
        return labels
    if isinstance(game, Mapping):
        seen: dict[Hashable, None] = {}
        for key in game:
            for player in _coalition_members(key):
                seen.setdefault(player, None)
        try:
            return tuple(sorted(seen))  # type: ignore[type-var]
        except TypeError:
            return tuple(seen)
    return None


def _coalition_members(key: object) -> tuple[Hashable, ...]:
    if isinstance(key, str | int):
        return (key,)
    if isinstance(key, Iterable):
        return tuple(key)
    raise ValueError(f"coalition {key!r} is not a set or tuple of players")


def _table_from_mapping(
    game: Mapping[Iterable[Hashable], float], labels: tuple[Hashable, ...]
) -> FloatArray:
    n = len(labels)
    bit = {player: 1 << k for k, player in enumerate(labels)}
    table = np.full(1 << n, np.nan)
    table[0] = 0.0
    for key, value in game.items():
        mask = 0
        for player in _coalition_members(key):
            if player not in bit:
                raise ValueError(f"coalition {key!r} names unknown player {player!r}")
            mask |= bit[player]
        table[mask] = float(value)
    missing = np.flatnonzero(np.isnan(table))
    if missing.size:
        mask = int(missing[0])
        members = [labels[k] for k in range(n) if mask >> k & 1]
        raise ValueError(
            f"the value table has no entry for coalition {members}: every one of the "
            f"2^{n} coalitions needs a value ({missing.size} missing)"
        )
    return table


def _table_from_function(game: CoalitionFunction, labels: tuple[Hashable, ...]) -> FloatArray:
    n = len(labels)
    table = np.empty(1 << n)
    for mask in range(1 << n):
        table[mask] = float(game(frozenset(labels[k] for k in range(n) if mask >> k & 1)))
    return table


def shapley_values(
    game: Game,
    players: int | Sequence[Hashable] | None = None,
    *,
    method: Literal["auto", "exact", "sampling"] = "auto",
    permutations: int = 2000,
    seed: int | None = None,
) -> ShapleyResult:
    r"""Shapley values :math:`\phi_i = \sum_{S \not\ni i} \frac{|S|!\,(n-|S|-1)!}{n!}
    \,(v(S \cup \{i\}) - v(S))`.

    Parameters
    ----------
    game : array_like, mapping or callable
        The characteristic function *v*, as

        * an array of length :math:`2^n` indexed by bitmask (bit *k* set = player *k*
          in the coalition);
        * a mapping from coalitions (frozenset, set or tuple of players) to values —
          every coalition must be present, except the empty one (taken as 0);
        * a function called with a ``frozenset`` of player labels.
    players : int or sequence, optional
        Player labels (or their number). Inferred from an array's length or a
        mapping's keys; required for a function.
    method : {"auto", "exact", "sampling"}
        ``"exact"`` evaluates all :math:`2^n` coalitions (n <= 20) with vectorised
        bitmask arithmetic; ``"sampling"`` averages marginal contributions over
        random orders of the players (Castro, Gómez & Tejada 2009), with standard
        errors. ``"auto"`` is exact up to 20 players.
    permutations : int
        Number of random orders for sampling.
    seed : int, optional
        Seed of ``numpy.random.default_rng``, for sampling.

    Examples
    --------
    >>> from iecommons.analytics import shapley_values
    >>> game = {("a",): 10, ("b",): 20, ("a", "b"): 50}
    >>> shapley_values(game).values
    array([20., 30.])
    """
    labels = _resolve_players(game, players)
    table: FloatArray | None = None
    function: CoalitionFunction | None = None
    if callable(game) and not isinstance(game, Mapping | np.ndarray):
        if labels is None:
            raise ValueError("a coalition function needs players (their number or labels)")
        function = game
    elif isinstance(game, Mapping):
        assert labels is not None
        if len(labels) > MAX_EXACT_PLAYERS + 4:
            raise ValueError(f"a value table for {len(labels)} players is too large")
        table = _table_from_mapping(game, labels)
    else:
        table = np.ascontiguousarray(game, dtype=np.float64)
        if table.ndim != 1 or table.shape[0] < 2 or table.shape[0] & (table.shape[0] - 1):
            raise ValueError(
                f"a value table must be 1-D with 2^n entries (bitmask-indexed), "
                f"got shape {table.shape}"
            )
        n = table.shape[0].bit_length() - 1
        if labels is None:
            labels = tuple(range(n))
        elif len(labels) != n:
            raise ValueError(f"{len(labels)} players given, the table has 2^{n} entries")
        if not np.isfinite(table.sum()):
            k = int(np.flatnonzero(~np.isfinite(table))[0])
            raise ValueError(f"the value of coalition bitmask {k} is {table[k]}: expected a number")
    assert labels is not None
    n = len(labels)
    exact = method == "exact" or (method == "auto" and n <= MAX_EXACT_PLAYERS)
    if method not in ("auto", "exact", "sampling"):
        raise ValueError(f"unknown method {method!r}: expected 'auto', 'exact' or 'sampling'")
    if exact:
        if n > MAX_EXACT_PLAYERS:
            raise ValueError(
                f"exact Shapley values are limited to {MAX_EXACT_PLAYERS} players "
                f"(2^{n} coalitions): use method='sampling'"
            )
        if table is None:
            assert function is not None
            table = _table_from_function(function, labels)
        values = _exact(table, n)
        return ShapleyResult(
            values=values,
            players=labels,
            standard_errors=np.zeros(n),
            method="exact",
            permutations=0,
            grand_value=float(table[-1] - table[0]),
            seed=None,
        )
    if permutations < 2:
        raise ValueError(f"permutations is {permutations}: expected at least 2")
    rng = np.random.default_rng(seed)
    orders = np.argsort(rng.random((permutations, n)), axis=1)
    contributions = np.empty((permutations, n))
    if table is not None:
        prefix = np.cumsum(np.left_shift(1, orders, dtype=np.int64), axis=1)
        prefix_values = table[prefix]
        marginal = np.diff(prefix_values, axis=1, prepend=table[0])
        np.put_along_axis(contributions, orders, marginal, axis=1)
        empty, full = float(table[0]), float(table[-1])
    else:
        assert function is not None
        empty = float(function(frozenset()))
        full = float(function(frozenset(labels)))
        for p in range(permutations):
            members: set[Hashable] = set()
            previous = empty
            for k in orders[p]:
                members.add(labels[int(k)])
                current = float(function(frozenset(members)))
                contributions[p, k] = current - previous
                previous = current
    return ShapleyResult(
        values=contributions.mean(axis=0),
        players=labels,
        standard_errors=contributions.std(axis=0, ddof=1) / math.sqrt(permutations),
        method="sampling",
        permutations=permutations,
        grand_value=full - empty,
        seed=seed,
    )


def proportional_allocation(
    total: float,
    contributions: npt.ArrayLike,
    *,
    players: Sequence[str] | None = None,
    decimals: int | None = None,
) -> Allocation:
    """Share ``total`` in proportion to non-negative ``contributions``.

    With ``decimals`` (e.g. 2 for fen), amounts are rounded by the largest-remainder
    method so that they still add up exactly to the rounded total.

    Examples
    --------
    >>> from iecommons.analytics import proportional_allocation
    >>> proportional_allocation(100.0, [1, 1, 1], decimals=2).amounts
    array([33.34, 33.33, 33.33])
    """
    c = np.asarray(contributions, dtype=np.float64)
    if c.ndim != 1 or c.shape[0] == 0:
        raise ValueError("contributions must be a non-empty 1-D sequence")
    names = as_names(players, c.shape[0], what="player", prefix="P")
    if not np.isfinite(c).all() or (c < 0).any():
        k = int(np.flatnonzero(~np.isfinite(c) | (c < 0))[0])
        raise ValueError(
            f"contribution of {names[k]!r} is {c[k]}: expected a finite non-negative number"
        )
    if c.sum() <= 0:
        raise ValueError("contributions are all zero: nothing to share in proportion to")
    if not math.isfinite(total):
        raise ValueError(f"total is {total}: expected a finite amount")
    shares = c / c.sum()
    amounts = total * shares
    if decimals is not None:
        unit = 10.0 ** (-decimals)
        units = np.round(total / unit)
        scaled = amounts / unit
        floors = np.floor(scaled)
        remainder = int(units - floors.sum())
        order = np.argsort(-(scaled - floors), kind="stable")
        floors[order[:remainder]] += 1
        amounts = np.round(floors * unit, decimals)
    return Allocation(amounts=amounts, shares=shares, players=names)
