"""Helpers shared by the frozen result objects: read-only arrays, JSON-ready dictionaries
and ranks."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import numpy.typing as npt


def plain(value: Any) -> Any:
    """Convert numpy values (recursively) into JSON-serialisable Python values."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def read_only(value: Any) -> Any:
    """``value`` with every array in it (also inside dicts, lists, tuples) read-only.

    Arrays become read-only *views*: the caller's own array, when a result keeps it,
    stays writable for the caller, while the result's copy of the reference refuses
    writes with ``ValueError``.
    """
    if isinstance(value, np.ndarray):
        if not value.flags.writeable:
            return value
        view = value.view()
        view.setflags(write=False)
        return view
    if isinstance(value, dict):
        return {key: read_only(item) for key, item in value.items()}
    if isinstance(value, list):
        return [read_only(item) for item in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(read_only(item) for item in value)
    return value


class ResultMixin:
    """Read-only arrays, ``to_dict()`` and a short ``repr`` for the frozen result
    dataclasses: "frozen" holds for the numbers too, so a result that was shown or
    stored cannot be changed by a later line of code."""

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            frozen = read_only(value)
            if frozen is not value:
                # The dataclass is frozen; this is its own initialisation.
                object.__setattr__(self, field.name, frozen)

    def to_dict(self) -> dict[str, Any]:
        """Return the result as a dictionary of plain Python values (JSON-ready)."""
        out: dict[str, Any] = plain(self)
        return out

    def __repr__(self) -> str:
        parts = []
        for field in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            if isinstance(value, np.ndarray):
                text = np.array2string(value, precision=4, threshold=12, separator=", ")
            else:
                text = repr(value)
                if len(text) > 80:
                    text = text[:77] + "..."
            parts.append(f"{field.name}={text}")
        return f"{type(self).__name__}({', '.join(parts)})"


def rank_descending(scores: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """Competition ranks (1 = best, ties share the better rank) of ``scores``, high first."""
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(scores.shape[0], dtype=np.int64)
    sorted_scores = scores[order]
    # A new rank starts wherever the score changes; ties keep the first position.
    starts = np.ones(scores.shape[0], dtype=bool)
    starts[1:] = sorted_scores[1:] != sorted_scores[:-1]
    positions = np.arange(1, scores.shape[0] + 1)
    ranks[order] = np.maximum.accumulate(np.where(starts, positions, 0))
    return ranks
