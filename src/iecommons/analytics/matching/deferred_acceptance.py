"""Student-proposing deferred acceptance with capacities, vectorised in rounds."""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

from iecommons.analytics._results import ResultMixin
from iecommons.analytics.matching._applications import (
    FloatArray,
    IntArray,
    as_applications,
    as_capacities,
    score_codes,
)


def _read_only(*arrays: np.ndarray) -> None:
    for array in arrays:
        array.flags.writeable = False


@dataclasses.dataclass(frozen=True, repr=False)
class StableMatching(ResultMixin):
    """The student-optimal stable matching of a capacitated instance.

    Every array is read-only.

    Attributes
    ----------
    assignment : numpy.ndarray of int64, shape (n_students,)
        The position each student is placed at, ``-1`` when unplaced.
    assigned_ranks : numpy.ndarray of int64, shape (n_students,)
        The student's own rank of that position, ``0`` when unplaced.
    cutoffs : numpy.ndarray of float64, shape (n_positions,)
        The score of the last student a full position admitted; ``-inf`` when seats are
        left (any applicant was taken). A student ranked below a position's cutoff, or at
        it and behind in the lottery, could not have been admitted there.
    cutoff_lottery : numpy.ndarray of int64, shape (n_positions,)
        The lottery number of that last admitted student (``-1`` when seats are left).
    filled : numpy.ndarray of int64, shape (n_positions,)
        Students placed at each position.
    capacities : numpy.ndarray of int64, shape (n_positions,)
        Seats per position, as given.
    lottery : numpy.ndarray of int64, shape (n_students,)
        The tie-breaking lottery: among equal scores a lower number wins.
    proposals : int
        Applications a student actually made during the algorithm.
    rounds : int
        Rounds of simultaneous proposals until no unplaced student had a choice left.
    seed : int or None
        The lottery's seed.
    """

    assignment: IntArray
    assigned_ranks: IntArray
    cutoffs: FloatArray
    cutoff_lottery: IntArray
    filled: IntArray
    capacities: IntArray
    lottery: IntArray
    proposals: int
    rounds: int
    seed: int | None

    def __post_init__(self) -> None:
        _read_only(
            self.assignment,
            self.assigned_ranks,
            self.cutoffs,
            self.cutoff_lottery,
            self.filled,
            self.capacities,
            self.lottery,
        )

    @property
    def placed(self) -> int:
        """Number of students placed."""
        return int((self.assignment >= 0).sum())

    @property
    def total_rank(self) -> int:
        """Sum of the placed students' ranks of their positions (lower is better)."""
        return int(self.assigned_ranks.sum())


def stable_matching(
    students: npt.ArrayLike,
    positions: npt.ArrayLike,
    ranks: npt.ArrayLike,
    scores: npt.ArrayLike,
    capacities: npt.ArrayLike,
    *,
    n_students: int | None = None,
    seed: int | None = 0,
) -> StableMatching:
    r"""Student-optimal stable matching by student-proposing deferred acceptance.

    Gale & Shapley (1962), with capacities (the college admissions / hospitals-residents
    problem, Roth & Sotomayor 1990). Every unplaced student proposes to the best position
    it has not yet been refused by; each position keeps the best ``capacity`` of all the
    proposals it has received and refuses the rest; this repeats until no refused student
    has a choice left. The result is stable — no student and position both prefer each
    other to what they got — and the best stable matching for every student at once, and
    it is strategy-proof for students: ranking positions truthfully is always best.

    Positions rank applicants by ``scores``, higher first. Equal scores are broken by one
    lottery over students (single tie-breaking, as Abdulkadiroğlu, Pathak & Roth 2009
    recommend for school choice): a seeded random permutation, so a run is reproducible
    and the lottery is part of the result.

    All free students propose at once in each round: the proposals of a round are one
    vectorised step. A position's held students are kept in its own block of
    ``capacity`` slots, sorted best first, as packed 64-bit keys
    ``(position, score code, lottery)``; a proposal below the position's cutoff is
    refused without touching the block, and only blocks that received a proposal above
    their cutoff are merged and re-sorted. The work is proportional to the proposals
    made, not to the length of the preference lists.

    Parameters
    ----------
    students, positions : array_like of int, shape (n_applications,)
        One row per application: the student (``0 .. n_students - 1``) and the position
        (``0 .. len(capacities) - 1``).
    ranks : array_like of int, shape (n_applications,)
        The student's rank of the position, 1 = first choice; a student's ranks must
        differ (gaps are fine: only their order counts). If a student names a position
        twice, the better rank counts (the later one can never be reached).
    scores : array_like of float, shape (n_applications,)
        The position's score of the student, higher is better. Whole-number scores
        (points, or a position's own order of its applicants negated) are used as they
        are; other scores are first replaced by their exact rank among the distinct
        values, which costs one sort of all applications.
    capacities : array_like of int, shape (n_positions,)
        Seats per position, >= 0.
    n_students : int, optional
        Number of students (default: the largest student number plus one); students
        with no application stay unplaced.
    seed : int or None, default 0
        Seed of the tie-breaking lottery.

    Returns
    -------
    StableMatching

    Rows grouped by student in rank order (as read ``ORDER BY student, rank``) are used
    in place; other orders are grouped first with one sort.

    Examples
    --------
    Three students, two positions with one seat each. Students 0 and 1 both want
    position 0, which scores student 1 higher:

    >>> from iecommons.analytics import stable_matching
    >>> result = stable_matching(
    ...     students=[0, 0, 1, 1, 2],
    ...     positions=[0, 1, 0, 1, 1],
    ...     ranks=[1, 2, 1, 2, 1],
    ...     scores=[70, 80, 90, 60, 50],
    ...     capacities=[1, 1],
    ... )
    >>> result.assignment
    array([ 1,  0, -1])
    >>> result.cutoffs
    array([90., 80.])
    >>> result.proposals, result.rounds
    (4, 2)
    """
    seats = as_capacities(capacities)
    apps = as_applications(
        students, positions, ranks, scores, n_positions=seats.shape[0], n_students=n_students
    )
    assert apps.scores is not None
    n_s, n_p = apps.n_students, apps.n_positions
    rng = np.random.default_rng(seed)
    lottery = rng.permutation(n_s).astype(np.int64)
    by_lottery = np.empty(n_s, dtype=np.int64)
    by_lottery[lottery] = np.arange(n_s, dtype=np.int64)

    codes, code_bits, top, distinct = score_codes(apps.scores)
    lottery_bits = max(1, n_s.bit_length())
    low_bits = code_bits + lottery_bits
    position_bits = max(1, (n_p - 1).bit_length())
    if position_bits + low_bits > 63:
        raise ValueError(
            f"{n_p} positions, {n_s} students and scores needing {code_bits} bits do not fit "
            "the 63-bit keys of the engine: give the scores as whole numbers in a narrower "
            "range (for example each position's order of its applicants)"
        )
    low_mask = np.int64((1 << low_bits) - 1)
    lottery_mask = np.int64((1 << lottery_bits) - 1)
    integral_top = np.int64(int(top)) if codes is None else np.int64(0)

    # Each position's block of slots, filled with its sentinel: a key above every real
    # key of that position and below every key of the next one.
    slot_start = np.cumsum(seats) - seats
    total_seats = int(seats.sum())
    slot_position = np.repeat(np.arange(n_p, dtype=np.int64), seats)
    slots = (slot_position << low_bits) | low_mask
    # A proposal is held when its key is below the position's cutoff key: the worst
    # held key, or the sentinel while seats are left; a position without seats refuses all.
    cutoff_key = np.arange(n_p, dtype=np.int64) << low_bits
    has_seats = seats > 0
    cutoff_key[has_seats] = slots[slot_start[has_seats] + seats[has_seats] - 1]

    pointer = np.zeros(n_s, dtype=np.int64)
    free = np.flatnonzero(apps.counts > 0).astype(np.int64)
    proposals = 0
    rounds = 0
    del slot_position
    while free.size:
        rounds += 1
        proposals += int(free.size)
        row = apps.starts[free] + pointer[free]
        position = apps.positions[row].astype(np.int64)
        code = integral_top - apps.scores[row].astype(np.int64) if codes is None else codes[row]
        key = (position << low_bits) | (code << lottery_bits) | lottery[free]
        above = key < cutoff_key[position]
        refused = free[~above]
        candidates = np.sort(key[above])
        if candidates.size:
            candidate_position = candidates >> low_bits
            first = np.ones(candidates.size, dtype=bool)
            first[1:] = candidate_position[1:] != candidate_position[:-1]
            touched = candidate_position[first]
            arrivals = np.diff(np.append(np.flatnonzero(first), candidates.size))
            touched_seats = seats[touched]
            block_offsets = np.cumsum(touched_seats) - touched_seats
            gather = np.repeat(slot_start[touched] - block_offsets, touched_seats) + np.arange(
                int(touched_seats.sum()), dtype=np.int64
            )
            merged = np.concatenate((slots[gather], candidates))
            merged.sort()
            segment = touched_seats + arrivals
            segment_start = np.cumsum(segment) - segment
            place = np.arange(merged.size, dtype=np.int64) - np.repeat(segment_start, segment)
            keep = place < np.repeat(touched_seats, segment)
            slots[gather] = merged[keep]
            out = merged[~keep]
            out = out[(out & low_mask) != low_mask]
            evicted = by_lottery[out & lottery_mask]
            cutoff_key[touched] = slots[slot_start[touched] + touched_seats - 1]
            losers = np.concatenate((refused, evicted))
        else:
            losers = refused
        pointer[losers] += 1
        free = losers[pointer[losers] < apps.counts[losers]]

    held = slots[(slots & low_mask) != low_mask] if total_seats else slots
    held_students = by_lottery[held & lottery_mask]
    assignment = np.full(n_s, -1, dtype=np.int64)
    assignment[held_students] = held >> low_bits
    assigned_ranks = np.zeros(n_s, dtype=np.int64)
    assigned_ranks[held_students] = apps.ranks[apps.starts[held_students] + pointer[held_students]]
    filled = np.bincount(assignment[assignment >= 0], minlength=n_p).astype(np.int64)

    full = has_seats & (filled == seats)
    cutoffs = np.full(n_p, -np.inf)
    cutoff_lottery = np.full(n_p, -1, dtype=np.int64)
    last = cutoff_key[full]
    last_code = (last & low_mask) >> lottery_bits
    if distinct is None:
        cutoffs[full] = (integral_top - last_code).astype(np.float64)
    else:
        cutoffs[full] = distinct[last_code]
    cutoff_lottery[full] = last & lottery_mask
    return StableMatching(
        assignment=assignment,
        assigned_ranks=assigned_ranks,
        cutoffs=cutoffs,
        cutoff_lottery=cutoff_lottery,
        filled=filled,
        capacities=seats.copy(),
        lottery=lottery,
        proposals=proposals,
        rounds=rounds,
        seed=seed,
    )
