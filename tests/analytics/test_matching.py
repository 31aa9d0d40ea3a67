"""The matching engine: stability, student-optimality, the optimum, and bad input."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iecommons.analytics import blocking_pairs, optimal_assignment, stable_matching


@st.composite
def instances(draw, max_students=8, max_positions=5):
    n_students = draw(st.integers(1, max_students))
    n_positions = draw(st.integers(1, max_positions))
    capacities = draw(st.lists(st.integers(0, 3), min_size=n_positions, max_size=n_positions))
    students, positions, ranks, scores = [], [], [], []
    for s in range(n_students):
        chosen = draw(st.permutations(range(n_positions)))
        length = draw(st.integers(0, n_positions))
        gaps = draw(st.lists(st.integers(1, 3), min_size=length, max_size=length))
        rank = 0
        for p, gap in zip(chosen[:length], gaps, strict=True):
            rank += gap
            students.append(s)
            positions.append(p)
            ranks.append(rank)
            # Few distinct scores, so that ties (and the lottery) matter.
            scores.append(draw(st.integers(0, 3)))
    order = draw(st.permutations(range(len(students))))
    pick = np.asarray(order, dtype=np.int64)
    return {
        "students": np.asarray(students, dtype=np.int64)[pick],
        "positions": np.asarray(positions, dtype=np.int64)[pick],
        "ranks": np.asarray(ranks, dtype=np.int64)[pick],
        "scores": np.asarray(scores, dtype=np.float64)[pick],
        "capacities": np.asarray(capacities, dtype=np.int64),
        "n_students": n_students,
    }


def _feasible_assignments(instance):
    """Every assignment: each student unplaced or at one position it applied to, seats kept."""
    n = instance["n_students"]
    options = [[-1] for _ in range(n)]
    for s, p in zip(instance["students"], instance["positions"], strict=True):
        options[int(s)].append(int(p))
    capacities = instance["capacities"]
    for choice in itertools.product(*options):
        counts = np.bincount([p for p in choice if p >= 0], minlength=capacities.size)
        if (counts <= capacities).all():
            yield np.asarray(choice, dtype=np.int64)


def _rank_of(instance):
    table = {}
    for s, p, r in zip(instance["students"], instance["positions"], instance["ranks"], strict=True):
        table[int(s), int(p)] = int(r)
    return table


def _check(instance, assignment, lottery=None):
    return blocking_pairs(
        instance["students"],
        instance["positions"],
        instance["ranks"],
        instance["scores"],
        instance["capacities"],
        assignment,
        lottery=lottery,
    )


@settings(max_examples=300, deadline=None)
@given(instances(max_students=12, max_positions=6), st.integers(0, 2**16))
def test_the_matching_has_no_blocking_pair_and_keeps_every_seat_limit(instance, seed):
    result = stable_matching(**instance, seed=seed)
    assert len(_check(instance, result.assignment, result.lottery)) == 0
    placed = result.assignment[result.assignment >= 0]
    assert (
        np.bincount(placed, minlength=instance["capacities"].size) <= instance["capacities"]
    ).all()
    ranks = _rank_of(instance)
    for s, p in enumerate(result.assignment):
        if p >= 0:
            assert result.assigned_ranks[s] == ranks[s, int(p)]
        else:
            assert result.assigned_ranks[s] == 0


@settings(max_examples=150, deadline=None)
@given(instances(max_students=5, max_positions=3), st.integers(0, 1000))
def test_every_student_likes_its_match_at_least_as_much_as_in_any_stable_matching(instance, seed):
    result = stable_matching(**instance, seed=seed)
    ranks = _rank_of(instance)

    def value(s, p):
        return ranks[s, int(p)] if p >= 0 else 10**9

    stable = [
        a for a in _feasible_assignments(instance) if len(_check(instance, a, result.lottery)) == 0
    ]
    assert any((a == result.assignment).all() for a in stable)
    for other in stable:
        for s in range(instance["n_students"]):
            assert value(s, result.assignment[s]) <= value(s, other[s])


@settings(max_examples=100, deadline=None)
@given(instances(max_students=5, max_positions=3))
def test_the_optimum_places_the_most_students_then_minimises_their_total_rank(instance):
    optimum = optimal_assignment(
        instance["students"],
        instance["positions"],
        instance["ranks"],
        instance["capacities"],
        n_students=instance["n_students"],
    )
    ranks = _rank_of(instance)
    best = min(
        (-(a >= 0).sum(), sum(ranks[s, int(p)] for s, p in enumerate(a) if p >= 0))
        for a in _feasible_assignments(instance)
    )
    assert (-optimum.placed, optimum.total_rank) == best
    stable = stable_matching(**instance)
    assert (-optimum.placed, optimum.total_rank) <= (-stable.placed, stable.total_rank)


def test_cutoffs_tell_a_student_why_it_missed_a_position():
    result = stable_matching(
        students=[0, 0, 1, 1, 2],
        positions=[0, 1, 0, 1, 1],
        ranks=[1, 2, 1, 2, 1],
        scores=[70.5, 80, 90.25, 60, 50],
        capacities=[1, 3],
    )
    assert result.assignment.tolist() == [1, 0, 1]
    assert result.cutoffs[0] == 90.25
    assert result.cutoffs[1] == -np.inf  # a seat left: anyone who applied got in
    assert result.filled.tolist() == [1, 2]
    full = stable_matching([0, 1], [0, 0], [1, 1], [3.5, 2.0], [1])
    assert full.cutoffs.tolist() == [3.5]


def test_equal_scores_are_settled_by_the_seeded_lottery():
    instance = {
        "students": np.arange(50),
        "positions": np.zeros(50, dtype=int),
        "ranks": np.ones(50, dtype=int),
        "scores": np.zeros(50),
        "capacities": [1],
    }
    winners = {
        int(np.flatnonzero(stable_matching(**instance, seed=k).assignment == 0)[0])
        for k in range(20)
    }
    assert len(winners) > 1
    first = stable_matching(**instance, seed=7)
    again = stable_matching(**instance, seed=7)
    assert (first.assignment == again.assignment).all()
    winner = int(np.flatnonzero(first.assignment == 0)[0])
    assert first.lottery[winner] == first.lottery.min()
    assert first.cutoff_lottery[0] == first.lottery[winner]


def test_float_scores_give_the_same_matching_as_their_order():
    rng = np.random.default_rng(3)
    n = 400
    students = np.repeat(np.arange(100), 4)
    positions = np.concatenate([rng.choice(20, 4, replace=False) for _ in range(100)])
    ranks = np.tile(np.arange(1, 5), 100)
    scores = rng.random(n)
    order = np.argsort(np.argsort(scores))  # whole-number scores in the same order
    capacities = rng.integers(1, 5, 20)
    a = stable_matching(students, positions, ranks, scores, capacities, seed=1)
    b = stable_matching(students, positions, ranks, order, capacities, seed=1)
    assert (a.assignment == b.assignment).all()
    full = np.isfinite(a.cutoffs)
    assert np.isin(a.cutoffs[full], scores).all()


def test_the_result_cannot_be_changed_by_accident():
    result = stable_matching([0], [0], [1], [1.0], [1])
    for name in ("assignment", "assigned_ranks", "cutoffs", "filled", "lottery", "capacities"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(result, name)[0] = 5


def test_an_override_that_moves_the_favourite_away_shows_its_blocking_pair():
    pairs = blocking_pairs(
        students=[0, 0, 1, 1],
        positions=[0, 1, 0, 1],
        ranks=[1, 2, 1, 2],
        scores=[70, 80, 90, 60],
        capacities=[1, 1],
        assignment=[0, 1],
    )
    assert pairs.applications.tolist() == [2]
    assert len(pairs) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"students": [0, -1]}, r"students\[1\] is -1: expected a student number"),
        ({"positions": [0, 2]}, r"positions\[1\] is 2: expected a position number from 0 to 1"),
        ({"ranks": [1, 0]}, r"ranks\[1\] is 0: expected a rank >= 1"),
        ({"ranks": [1, 1.5]}, r"ranks\[1\] is 1.5: expected a whole number"),
        ({"scores": [1.0, np.nan]}, r"scores\[1\] is nan: expected a finite number"),
        ({"scores": [1.0]}, r"scores has shape \(1,\), expected \(2,\)"),
        ({"capacities": [1, -1]}, r"capacities\[1\] is -1: expected a number of seats >= 0"),
        ({"positions": [0]}, r"positions has 1 entries, expected 2"),
    ],
)
def test_bad_input_is_refused_naming_the_array_and_row(change, message):
    instance = {
        "students": [0, 1],
        "positions": [0, 1],
        "ranks": [1, 1],
        "scores": [1.0, 2.0],
        "capacities": [1, 1],
    }
    instance.update(change)
    with pytest.raises(ValueError, match=message):
        stable_matching(**instance)


def test_two_positions_at_the_same_rank_are_refused_naming_both_rows():
    with pytest.raises(
        ValueError, match=r"student 0 gives rank 2 to two applications \(rows 0 and 2\)"
    ):
        stable_matching([0, 1, 0], [0, 0, 1], [2, 1, 2], [1, 1, 1], [1, 1])


def test_the_checker_refuses_an_assignment_to_a_position_not_applied_for():
    with pytest.raises(ValueError, match="student 0 did not apply to"):
        blocking_pairs([0], [0], [1], [1.0], [1, 1], [1])
    with pytest.raises(ValueError, match="position 0 holds 2 students"):
        blocking_pairs([0, 1], [0, 0], [1, 1], [1.0, 1.0], [1], [0, 0])


def test_students_without_applications_and_positions_without_seats_are_fine():
    result = stable_matching([1, 2], [0, 1], [1, 1], [5, 5], [1, 0], n_students=4)
    assert result.assignment.tolist() == [-1, 0, -1, -1]
    assert result.cutoffs.tolist() == [5.0, -np.inf]
    empty = stable_matching([], [], [], [], [2], n_students=0)
    assert empty.assignment.size == 0
    assert empty.rounds == 0
