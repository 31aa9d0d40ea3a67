"""Checking and arranging the applications that every matching function takes.

A matching instance is given sparsely, one row per application: the student, the
position, the student's rank of that position (1 = first choice) and the position's
score of that student (higher is better). Each check is one cheap reduction over the
whole array; only when it fails do we search for the row to name in the message.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: Integral scores whose range fits in this many bits are compared as they are;
#: others are first replaced by their exact rank among the distinct scores.
_INTEGER_SCORE_BITS = 31


def _integers(values: npt.ArrayLike, name: str, length: int | None = None) -> npt.NDArray[np.int_]:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got {array.ndim} dimension(s)")
    if length is not None and array.shape[0] != length:
        raise ValueError(
            f"{name} has {array.shape[0]} entries, expected {length} (one per application)"
        )
    if array.dtype.kind in "iu":
        return array
    if array.dtype.kind == "b" or array.size == 0:
        return array.astype(np.int64)
    try:
        as_float = array.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold whole numbers, got {array.dtype}") from None
    whole = np.isfinite(as_float) & (as_float == np.floor(as_float))
    if not whole.all():
        row = int(np.flatnonzero(~whole)[0])
        raise ValueError(f"{name}[{row}] is {array[row].item()!r}: expected a whole number")
    return as_float.astype(np.int64)


def check_range(array: npt.NDArray[np.int_], name: str, low: int, high: int, what: str) -> None:
    """Raise naming the first entry of ``array`` outside ``low..high``."""
    if array.size == 0:
        return
    if int(array.min()) < low or int(array.max()) > high:
        row = int(np.flatnonzero((array < low) | (array > high))[0])
        raise ValueError(
            f"{name}[{row}] is {int(array[row])}: expected {what} from {low} to {high}"
        )


def as_capacities(capacities: npt.ArrayLike) -> IntArray:
    """Seats per position: whole numbers >= 0."""
    seats = _integers(capacities, "capacities").astype(np.int64)
    if seats.size and int(seats.min()) < 0:
        row = int(np.flatnonzero(seats < 0)[0])
        raise ValueError(f"capacities[{row}] is {int(seats[row])}: expected a number of seats >= 0")
    return seats


#: Rows checked at a time: small enough for the temporaries to stay in the CPU cache.
_CHUNK = 1 << 18


def _grouped(student: npt.NDArray[np.int_], rank: npt.NDArray[np.int_]) -> bool:
    """Whether rows are grouped by student with ranks increasing inside each group."""
    n = student.shape[0]
    for low in range(0, n - 1, _CHUNK):
        high = min(n, low + _CHUNK + 1)
        s, r = student[low:high], rank[low:high]
        later = s[1:] > s[:-1]
        if not (later | ((s[1:] == s[:-1]) & (r[1:] > r[:-1]))).all():
            return False
    return True


@dataclasses.dataclass(frozen=True)
class Applications:
    """Validated applications, grouped by student in the order of the student's ranks.

    ``order`` maps a grouped row back to the caller's row (``None`` when the caller's
    rows were already grouped, the common case of data read ``ORDER BY student, rank``).
    """

    students: npt.NDArray[np.int_]
    positions: npt.NDArray[np.int_]
    ranks: npt.NDArray[np.int_]
    scores: npt.NDArray[np.float64] | npt.NDArray[np.int_] | None
    n_students: int
    n_positions: int
    order: IntArray | None
    starts: IntArray
    counts: IntArray

    def caller_row(self, row: int) -> int:
        """The caller's row number of grouped row ``row``."""
        return row if self.order is None else int(self.order[row])


def as_applications(
    students: npt.ArrayLike,
    positions: npt.ArrayLike,
    ranks: npt.ArrayLike,
    scores: npt.ArrayLike | None,
    *,
    n_positions: int,
    n_students: int | None,
) -> Applications:
    """Validate the application arrays and group them by student, best rank first."""
    student = _integers(students, "students")
    n = student.shape[0]
    position = _integers(positions, "positions", n)
    rank = _integers(ranks, "ranks", n)
    score: npt.NDArray[np.float64] | npt.NDArray[np.int_] | None = None
    if scores is not None:
        raw = np.asarray(scores)
        if raw.ndim != 1 or raw.shape[0] != n:
            raise ValueError(f"scores has shape {raw.shape}, expected ({n},) (one per application)")
        if raw.dtype.kind in "iu":
            score = raw
        else:
            try:
                score = raw.astype(np.float64, copy=False)
            except (TypeError, ValueError):
                raise ValueError(f"scores must hold numbers, got {raw.dtype}") from None
            if n and not np.isfinite(score.sum()):
                row = int(np.flatnonzero(~np.isfinite(score))[0])
                raise ValueError(f"scores[{row}] is {score[row]}: expected a finite number")
    if n_students is None:
        n_students = int(student.max()) + 1 if n else 0
    check_range(student, "students", 0, n_students - 1, "a student number")
    check_range(position, "positions", 0, n_positions - 1, "a position number")
    if n and int(rank.min()) < 1:
        row = int(np.flatnonzero(rank < 1)[0])
        raise ValueError(
            f"ranks[{row}] is {int(rank[row])}: expected a rank >= 1 (1 is the first choice)"
        )
    order: IntArray | None = None
    if n > 1 and not _grouped(student, rank):
        order = np.lexsort((rank, student)).astype(np.int64)
        student, position, rank = student[order], position[order], rank[order]
        if score is not None:
            score = score[order]
        tie = (np.diff(student) == 0) & (np.diff(rank) == 0)
        if tie.any():
            row = int(np.flatnonzero(tie)[0])
            first, second = sorted((int(order[row]), int(order[row + 1])))
            raise ValueError(
                f"student {int(student[row])} gives rank {int(rank[row])} to two "
                f"applications (rows {first} and {second}): a student's ranks must differ"
            )
    # Grouped rows: each student's first row is found by bisection, no pass over all rows.
    starts = np.searchsorted(student, np.arange(n_students, dtype=student.dtype)).astype(np.int64)
    counts = np.diff(np.append(starts, n)).astype(np.int64)
    return Applications(
        students=student,
        positions=position,
        ranks=rank,
        scores=score,
        n_students=n_students,
        n_positions=n_positions,
        order=order,
        starts=starts,
        counts=counts,
    )


def score_codes(
    scores: npt.NDArray[np.float64] | npt.NDArray[np.int_],
) -> tuple[npt.NDArray[np.int64] | None, int, float, FloatArray | None]:
    """An exact, order-reversing integer code per score: 0 for the best score.

    Returns ``(codes, bits, top, distinct)``. Whole-number scores whose range fits in
    31 bits (points, a position's own ranking of its applicants) need no table: the code
    is ``top - score`` and ``codes`` is ``None`` (computed on demand). Other scores are
    replaced by their rank among the distinct values (one sort of all applications),
    and ``distinct`` (descending) turns a code back into its score.
    """
    if scores.size == 0:
        return None, 1, 0.0, None
    high, low = scores.max(), scores.min()
    integral = True if scores.dtype.kind in "iu" else bool(np.array_equal(scores, np.floor(scores)))
    span = float(high) - float(low)
    if integral and span < 2**_INTEGER_SCORE_BITS:
        return None, max(1, int(span).bit_length()), float(high), None
    distinct, inverse = np.unique(-scores.astype(np.float64), return_inverse=True)
    codes = inverse.astype(np.int64).ravel()
    return codes, max(1, int(distinct.shape[0] - 1).bit_length()), float(high), -distinct
