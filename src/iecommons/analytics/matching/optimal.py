"""The rank-minimal assignment, to show what stability costs."""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from iecommons.analytics._results import ResultMixin
from iecommons.analytics.matching._applications import (
    IntArray,
    as_applications,
    as_capacities,
)


@dataclasses.dataclass(frozen=True, repr=False)
class OptimalAssignment(ResultMixin):
    """An assignment that places the most students, then minimises their total rank.

    Attributes
    ----------
    assignment : numpy.ndarray of int64, shape (n_students,)
        Position per student, ``-1`` when unplaced. Read-only.
    assigned_ranks : numpy.ndarray of int64, shape (n_students,)
        The student's rank of it, ``0`` when unplaced. Read-only.
    """

    assignment: IntArray
    assigned_ranks: IntArray

    def __post_init__(self) -> None:
        self.assignment.flags.writeable = False
        self.assigned_ranks.flags.writeable = False

    @property
    def placed(self) -> int:
        """Number of students placed."""
        return int((self.assignment >= 0).sum())

    @property
    def total_rank(self) -> int:
        """Sum of the placed students' ranks."""
        return int(self.assigned_ranks.sum())


def optimal_assignment(
    students: npt.ArrayLike,
    positions: npt.ArrayLike,
    ranks: npt.ArrayLike,
    capacities: npt.ArrayLike,
    *,
    n_students: int | None = None,
) -> OptimalAssignment:
    r"""Place as many students as the seats allow, with the least total rank.

    The students' welfare optimum, ignoring the positions' scores: compare its
    ``total_rank`` with that of :func:`stable_matching` to see what stability costs
    (a stable matching may leave a student on its 3rd choice so that nobody envies
    with justification). Each position is expanded into one column per seat and every
    student gets a private "unplaced" column whose cost, ``n_students * max_rank + 1``,
    exceeds any total rank, so placing one more student always wins; then
    :func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching` (LAPJVsp) solves
    the assignment. Memory and time grow with applications times seats per position:
    meant for instances up to some ten thousand students.

    Parameters
    ----------
    students, positions, ranks, capacities : array_like
        As for :func:`stable_matching` (scores are not needed).
    n_students : int, optional
        Number of students.

    Returns
    -------
    OptimalAssignment

    Examples
    --------
    Both students prefer position 0 (one seat). The stable matching gives it to the
    one it scores higher, student 0, who then pushes student 1 off the list; the optimum
    places both:

    >>> from iecommons.analytics import optimal_assignment, stable_matching
    >>> instance = dict(students=[0, 0, 1], positions=[0, 1, 0], ranks=[1, 2, 1])
    >>> optimal_assignment(**instance, capacities=[1, 1]).assignment
    array([1, 0])
    >>> stable_matching(**instance, scores=[2, 1, 1], capacities=[1, 1]).assignment
    array([ 0, -1])
    """
    seats = as_capacities(capacities)
    apps = as_applications(
        students, positions, ranks, None, n_positions=seats.shape[0], n_students=n_students
    )
    n_s = apps.n_students
    if n_s == 0:
        empty = np.zeros(0, dtype=np.int64)
        return OptimalAssignment(assignment=empty, assigned_ranks=empty.copy())
    seat_start = np.cumsum(seats) - seats
    total_seats = int(seats.sum())
    student = apps.students.astype(np.int64)
    position = apps.positions.astype(np.int64)
    rank = apps.ranks.astype(np.int64)
    per_row = seats[position]
    row_offsets = np.cumsum(per_row) - per_row
    edges = int(per_row.sum())
    edge_row = np.repeat(student, per_row)
    edge_column = np.repeat(seat_start[position] - row_offsets, per_row) + np.arange(
        edges, dtype=np.int64
    )
    edge_weight = np.repeat(rank, per_row).astype(np.float64)
    max_rank = int(rank.max()) if rank.size else 1
    penalty = float(n_s * max_rank + 1)
    rows = np.concatenate((edge_row, np.arange(n_s, dtype=np.int64)))
    columns = np.concatenate((edge_column, total_seats + np.arange(n_s, dtype=np.int64)))
    weights = np.concatenate((edge_weight, np.full(n_s, penalty)))
    graph = csr_array((weights, (rows, columns)), shape=(n_s, total_seats + n_s))
    graph.sum_duplicates()
    matched_rows, matched_columns = min_weight_full_bipartite_matching(graph)
    seat_position = np.repeat(np.arange(seats.shape[0], dtype=np.int64), seats)
    assignment = np.full(n_s, -1, dtype=np.int64)
    on_seat = matched_columns < total_seats
    assignment[matched_rows[on_seat]] = seat_position[matched_columns[on_seat]]
    # The rank of each placed student's position: its best rank among its rows there.
    pair = student * seats.shape[0] + position
    order = np.lexsort((rank, pair))
    pair, best_rank = pair[order], rank[order]
    placed = np.flatnonzero(assignment >= 0)
    found = np.searchsorted(pair, placed * seats.shape[0] + assignment[placed])
    assigned_ranks = np.zeros(n_s, dtype=np.int64)
    assigned_ranks[placed] = best_rank[found]
    return OptimalAssignment(assignment=assignment, assigned_ranks=assigned_ranks)
