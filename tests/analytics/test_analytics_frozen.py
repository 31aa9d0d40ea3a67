"""Frozen results are frozen to the numbers: their arrays refuse writes."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from iecommons.analytics import (
    ahp,
    entropy_weights,
    shapley_values,
    topsis,
    weighted_sum,
)

MATRIX = np.array([[3.0, 200.0, 0.5], [5.0, 150.0, 0.7], [4.0, 180.0, 0.9], [2.0, 120.0, 0.4]])
WEIGHTS = np.array([0.5, 0.3, 0.2])


def _arrays(value):  # type: ignore[no-untyped-def]
    if isinstance(value, np.ndarray):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _arrays(getattr(value, field.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _arrays(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _arrays(item)


RESULTS = {
    "entropy weights": lambda: entropy_weights(MATRIX),
    "TOPSIS": lambda: topsis(MATRIX, WEIGHTS),
    "weighted sum": lambda: weighted_sum(MATRIX, WEIGHTS),
    "AHP": lambda: ahp([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]),
    "Shapley": lambda: shapley_values({(): 0, ("a",): 1, ("b",): 2, ("a", "b"): 4}),
}


@pytest.mark.parametrize("make", RESULTS.values(), ids=RESULTS.keys())
def test_every_array_of_a_result_refuses_writes(make) -> None:  # type: ignore[no-untyped-def]
    result = make()
    arrays = list(_arrays(result))
    assert arrays, "the result holds arrays"
    for array in arrays:
        assert not array.flags.writeable
        if array.size:
            with pytest.raises(ValueError, match="read-only"):
                array.flat[0] = 0


def test_the_callers_own_array_stays_writable() -> None:
    weights = WEIGHTS.copy()
    result = weighted_sum(MATRIX, weights)
    weights[0] = 0.9  # the caller still owns its array
    assert not np.asarray(result.scores).flags.writeable
