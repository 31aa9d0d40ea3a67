"""An independent stability check: the blocking pairs of any assignment."""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

from iecommons.analytics._results import ResultMixin
from iecommons.analytics.matching._applications import (
    IntArray,
    _integers,
    as_capacities,
    check_range,
)


@dataclasses.dataclass(frozen=True, repr=False)
class BlockingPairs(ResultMixin):
    """Applications whose student and position would both rather have each other.

    Attributes
    ----------
    applications : numpy.ndarray of int64
        Row numbers of the blocking applications, in the caller's rows.
    students, positions : numpy.ndarray of int64
        Their students and positions.
    """

    applications: IntArray
    students: IntArray
    positions: IntArray

    def __post_init__(self) -> None:
        for array in (self.applications, self.students, self.positions):
            array.flags.writeable = False

    def __len__(self) -> int:
        return int(self.applications.shape[0])


def blocking_pairs(
    students: npt.ArrayLike,
    positions: npt.ArrayLike,
    ranks: npt.ArrayLike,
    scores: npt.ArrayLike,
    capacities: npt.ArrayLike,
    assignment: npt.ArrayLike,
    *,
    lottery: npt.ArrayLike | None = None,
) -> BlockingPairs:
    r"""Find every blocking pair of an assignment.

    Application *(s, p)* blocks when student *s* ranks *p* above its own position (or
    is unplaced) and position *p* either has a free seat or prefers *s* to the worst
    student it holds. With ``lottery`` a position prefers, among equal scores, the
    lower lottery number (strict priorities, as :func:`stable_matching` uses them);
    without it, equal scores are indifference and never block.

    The check shares no code with :func:`stable_matching`: it looks at every
    application once, with per-position minima instead of deferred acceptance. Use it
    to test a matching, or to show what an override breaks.

    Parameters
    ----------
    students, positions, ranks, scores, capacities : array_like
        The instance, as for :func:`stable_matching`.
    assignment : array_like of int, shape (n_students,)
        The position of each student, ``-1`` for none.
    lottery : array_like of int, shape (n_students,), optional
        Tie-breaking numbers (for instance ``StableMatching.lottery``).

    Returns
    -------
    BlockingPairs

    Raises
    ------
    ValueError
        If a student holds a position it did not apply to, or a position holds more
        students than it has seats.

    Examples
    --------
    Moving student 1 (the position's favourite) away from position 0 creates a
    blocking pair:

    >>> from iecommons.analytics import blocking_pairs
    >>> pairs = blocking_pairs(
    ...     students=[0, 0, 1, 1], positions=[0, 1, 0, 1], ranks=[1, 2, 1, 2],
    ...     scores=[70, 80, 90, 60], capacities=[1, 1], assignment=[0, 1],
    ... )
    >>> pairs.students, pairs.positions
    (array([1]), array([0]))
    """
    seats = as_capacities(capacities)
    student = _integers(students, "students").astype(np.int64)
    n = student.shape[0]
    position = _integers(positions, "positions", n).astype(np.int64)
    rank = _integers(ranks, "ranks", n).astype(np.int64)
    score = np.asarray(scores, dtype=np.float64)
    if score.shape != (n,):
        raise ValueError(f"scores has shape {score.shape}, expected ({n},)")
    placed_at = _integers(assignment, "assignment").astype(np.int64)
    n_s, n_p = placed_at.shape[0], seats.shape[0]
    check_range(student, "students", 0, n_s - 1, "a student number")
    check_range(position, "positions", 0, n_p - 1, "a position number")
    check_range(placed_at, "assignment", -1, n_p - 1, "a position number (or -1)")
    tie = np.zeros(n_s, dtype=np.int64)
    if lottery is not None:
        tie = _integers(lottery, "lottery", n_s).astype(np.int64)

    # The application each placed student holds, found by matching its row.
    holds = placed_at[student] == position
    own_rank = np.full(n_s, np.iinfo(np.int64).max, dtype=np.int64)
    own_rank[student[holds]] = rank[holds]
    placed = placed_at >= 0
    orphan = placed & (own_rank == np.iinfo(np.int64).max)
    if orphan.any():
        s = int(np.flatnonzero(orphan)[0])
        raise ValueError(
            f"assignment[{s}] is position {int(placed_at[s])}, which student {s} did not apply to"
        )
    filled = np.bincount(placed_at[placed], minlength=n_p)
    if (filled > seats).any():
        p = int(np.flatnonzero(filled > seats)[0])
        raise ValueError(
            f"position {p} holds {int(filled[p])} students in assignment, more than its "
            f"{int(seats[p])} seat(s)"
        )
    # The worst held student of each position: lowest score, then highest lottery number.
    worst_score = np.full(n_p, np.inf)
    np.minimum.at(worst_score, position[holds], score[holds])
    at_worst = holds & (score == worst_score[position])
    worst_tie = np.full(n_p, -1, dtype=np.int64)
    np.maximum.at(worst_tie, position[at_worst], tie[student[at_worst]])

    prefers = rank < own_rank[student]
    seat_left = filled[position] < seats[position]
    better = score > worst_score[position]
    if lottery is not None:
        better |= (score == worst_score[position]) & (tie[student] < worst_tie[position])
    blocking = np.flatnonzero(prefers & (seat_left | better)).astype(np.int64)
    return BlockingPairs(
        applications=blocking, students=student[blocking], positions=position[blocking]
    )
