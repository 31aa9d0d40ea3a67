"""The evaluation engine of a run: plain values in, plain results out.

No Django here: :mod:`iecommons.assessment.selectors.snapshots` turns rows into a :class:`RunInput`,
this module computes, and the service stores the :class:`RunOutput`. Everything that
decides a number is in the input (including the sensitivity seed, derived from the
hash of the input), so that the same input gives the same numbers, bit for bit.

Conventions:
- ``values[i][j]`` is the raw value of indicator *j* for community *i* (``None`` when
  missing); ``cost[j]`` says whether smaller is better.
- Scores are on a 0–100 scale; ranks start at 1 (ties share the better rank).
- Dimension scores, gaps and the radar use min-max normalised values (0 worst, 1 best,
  direction-aware) whatever the aggregation method, so they read the same everywhere.
- Peers: ``peer_groups[i]`` is ``"<field>:<level>"``; a community is compared with the
  smallest group of at least :data:`MIN_PEERS` — its field and level, else its level
  (``"*:<level>"``), else all (``"*"``) — and its result names the group used.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from iecommons.analytics import (
    IndicatorTree,
    fuzzy_evaluate,
    hierarchy_scores,
    normalize,
    rank_stability,
    topsis,
    triangular_grades,
    weighted_sum,
)

#: Bumped whenever a formula below changes; stored with every run.
ENGINE_VERSION = f"runs-1.1/numpy-{np.__version__}"

METHODS = ("topsis", "wsm", "fuzzy")
NORMALIZATIONS = ("vector", "minmax", "max")
IMPUTATIONS = ("none", "peer_median", "zero", "exclude")

GRADINGS = ("quota", "score")
#: Default grading "quota": (grade, share of the communities), best first. Scores of real
#: indicator data are skewed (a few very large communities), so fixed score boundaries
#: grade almost everyone alike; a quota keeps the grades meaningful, and mirrors the caps
#: on "excellent" common in Chinese evaluations. With grading "score" the numbers are the
#: lowest score of each grade instead (a framework's own boundaries).
DEFAULT_GRADES: tuple[tuple[str, float], ...] = (
    ("excellent", 0.15),
    ("good", 0.35),
    ("pass", 0.40),
    ("fail", 0.10),
)
#: Rank stability: the probability of staying within this share of the field of the base rank.
RANK_BAND_SHARE = 0.05
#: How many indicators are listed as holding a community back.
WEAKNESS_COUNT = 5
#: The smallest comparison group: a community is compared with the smallest group of at
#: least this many communities, trying its field and level, then its level, then all (a
#: group of one would rank it "1 of 1" against its own values).
MIN_PEERS = 5
#: The key of a widened group: "*:<level>" (every community of the level), "*" (all).
ANY = "*"
SENSITIVITY_DRAWS = 500

FloatArray = npt.NDArray[np.float64]


class MissingDataError(ValueError):
    """Values are missing and no imputation rule was chosen; ``pairs`` names them."""

    def __init__(self, pairs: list[tuple[int, str]]) -> None:
        self.pairs = pairs
        super().__init__(f"{len(pairs)} value(s) missing")


@dataclasses.dataclass(frozen=True)
class RunInput:
    """Everything a run computes from, in a canonical order (communities by id)."""

    community_ids: tuple[int, ...]
    peer_groups: tuple[str, ...]  # "field:level" of each community
    indicator_codes: tuple[str, ...]
    dimensions: tuple[str, ...]  # dimension code of each indicator
    weights: tuple[float, ...]  # global weight of each indicator, summing to one
    cost: tuple[bool, ...]
    values: tuple[tuple[float | None, ...], ...]
    method: str = "topsis"
    normalization: str = "vector"
    imputation: str = "none"
    grades: tuple[tuple[str, float], ...] = DEFAULT_GRADES
    grading: str = "quota"
    draws: int = SENSITIVITY_DRAWS

    def to_json(self) -> dict[str, Any]:
        return {
            "community_ids": list(self.community_ids),
            "peer_groups": list(self.peer_groups),
            "indicator_codes": list(self.indicator_codes),
            "dimensions": list(self.dimensions),
            "weights": list(self.weights),
            "cost": list(self.cost),
            "values": [list(row) for row in self.values],
            "method": self.method,
            "normalization": self.normalization,
            "imputation": self.imputation,
            "grades": [[name, low] for name, low in self.grades],
            "grading": self.grading,
            "draws": self.draws,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunInput:
        return cls(
            community_ids=tuple(int(pk) for pk in data["community_ids"]),
            peer_groups=tuple(data["peer_groups"]),
            indicator_codes=tuple(data["indicator_codes"]),
            dimensions=tuple(data["dimensions"]),
            weights=tuple(float(w) for w in data["weights"]),
            cost=tuple(bool(c) for c in data["cost"]),
            values=tuple(
                tuple(None if v is None else float(v) for v in row) for row in data["values"]
            ),
            method=data["method"],
            normalization=data["normalization"],
            imputation=data["imputation"],
            grades=tuple((str(name), float(low)) for name, low in data["grades"]),
            grading=data["grading"],
            draws=int(data["draws"]),
        )


def canonical_json(data: Any) -> str:
    """Sorted keys, no spaces, floats as Python's shortest round-trip repr."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def input_hash(run_input: RunInput) -> str:
    """SHA-256 of the canonical JSON of the input: equal inputs, equal hashes."""
    return hashlib.sha256(canonical_json(run_input.to_json()).encode()).hexdigest()


def run_hash(run_input: RunInput) -> str:
    """The hash a run records: its input together with the engine version."""
    payload = {"engine": ENGINE_VERSION, "input": run_input.to_json()}
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


@dataclasses.dataclass(frozen=True)
class CommunityResult:
    community_id: int
    score: float
    grade: str
    rank: int
    peer_rank: int
    peer_count: int
    peer_group: str
    dimension_scores: dict[str, float]
    keep_probability: float  # of holding exactly its rank
    band_probability: float  # of staying within RANK_BAND_SHARE of the field of its rank
    expected_rank: float
    # Indicators holding it back most, worst first: code, raw value, peer median (raw),
    # weighted gap to the peer median and to the best (score points).
    weaknesses: list[dict[str, Any]]


@dataclasses.dataclass(frozen=True)
class RunOutput:
    results: list[CommunityResult]
    excluded: list[int]
    imputed: list[tuple[int, str, float]]  # (community, indicator, value used)
    peer_dimension_medians: dict[str, dict[str, float]]  # peer group -> dimension -> median
    sensitivity_seed: int


def missing_pairs(run_input: RunInput) -> list[tuple[int, str]]:
    """Every (community id, indicator code) without a value, in input order."""
    return [
        (run_input.community_ids[i], run_input.indicator_codes[j])
        for i, row in enumerate(run_input.values)
        for j, value in enumerate(row)
        if value is None
    ]


def _matrix(run_input: RunInput) -> FloatArray:
    return np.array(
        [[np.nan if v is None else v for v in row] for row in run_input.values], dtype=np.float64
    ).reshape(len(run_input.community_ids), len(run_input.indicator_codes))


def _impute(
    run_input: RunInput, x: FloatArray
) -> tuple[FloatArray, npt.NDArray[np.bool_], list[tuple[int, str, float]]]:
    """Fill or drop missing values by the chosen rule; returns (matrix, kept rows, imputed)."""
    missing = np.isnan(x)
    keep = np.ones(x.shape[0], dtype=bool)
    imputed: list[tuple[int, str, float]] = []
    if not missing.any():
        return x, keep, imputed
    rule = run_input.imputation
    if rule == "none":
        raise MissingDataError(missing_pairs(run_input))
    if rule == "exclude":
        keep = np.asarray(~missing.any(axis=1), dtype=bool)
        return x, keep, imputed
    filled = x.copy()
    groups = np.array(run_input.peer_groups)
    for i, j in zip(*np.nonzero(missing), strict=True):
        if rule == "zero":
            value = 0.0
        elif rule == "peer_median":
            peers = x[groups == groups[i], j]
            peers = peers[~np.isnan(peers)]
            if peers.size == 0:  # no peer has it: the median of everyone
                peers = x[~np.isnan(x[:, j]), j]
            value = float(np.median(peers)) if peers.size else 0.0
        else:
            raise ValueError(f"unknown imputation rule {rule!r}")
        filled[i, j] = value
        imputed.append((run_input.community_ids[i], run_input.indicator_codes[j], value))
    return filled, keep, imputed


def grade_of(score: float, grades: Sequence[tuple[str, float]]) -> str:
    """The grade of a score under boundaries ``(grade, lowest score)``, best first."""
    for name, low in grades:
        if score >= low:
            return name
    return grades[-1][0]


def grades_by_quota(ranks: npt.NDArray[np.int64], grades: Sequence[tuple[str, float]]) -> list[str]:
    """Grades by rank: the best ``share`` of the field gets the first grade, and so on.
    Tied communities share a rank, so they share a grade."""
    m = ranks.shape[0]
    shares = np.array([share for _name, share in grades], dtype=np.float64)
    limits = np.cumsum(shares / shares.sum()) * m
    index = np.searchsorted(limits, ranks - 0.5)
    index = np.minimum(index, len(grades) - 1)
    return [grades[k][0] for k in index]


def _ranks(scores: FloatArray) -> npt.NDArray[np.int64]:
    order = np.argsort(-scores, kind="stable")
    sorted_scores = scores[order]
    starts = np.ones(scores.shape[0], dtype=bool)
    starts[1:] = sorted_scores[1:] != sorted_scores[:-1]
    ranks = np.empty(scores.shape[0], dtype=np.int64)
    ranks[order] = np.maximum.accumulate(np.where(starts, np.arange(1, scores.shape[0] + 1), 0))
    return ranks


def _scores(run_input: RunInput, x: FloatArray, w: FloatArray, cost: list[bool]) -> FloatArray:
    method, normalization = run_input.method, run_input.normalization
    if method == "topsis":
        return np.asarray(topsis(x, w, cost=cost, normalization=normalization).scores) * 100.0  # type: ignore[arg-type]
    if method == "wsm":
        return np.asarray(weighted_sum(x, w, cost=cost, normalization=normalization).scores) * 100.0  # type: ignore[arg-type]
    if method == "fuzzy":
        r = normalize(x, "minmax", cost=cost)
        centres = np.linspace(0.0, 1.0, len(run_input.grades))
        fuzzy = fuzzy_evaluate(
            w,
            values=r,
            grades=triangular_grades(centres),
            grade_scores=centres * 100.0,
        )
        assert fuzzy.scores is not None
        return np.asarray(fuzzy.scores)
    raise ValueError(f"unknown method {method!r}: expected one of {', '.join(METHODS)}")


def _level(group: str) -> str:
    return group.rpartition(":")[2]


def comparison_groups(groups: Sequence[str]) -> list[str]:
    """The group each community is compared with: its own ``"<field>:<level>"`` when that
    has at least :data:`MIN_PEERS` communities, else ``"*:<level>"`` when the level has,
    else ``"*"`` (all).

    >>> comparison_groups(["a:x"] * 5 + ["b:x"] + ["c:y"])
    ['a:x', 'a:x', 'a:x', 'a:x', 'a:x', '*:x', '*']
    """
    own: dict[str, int] = {}
    level: dict[str, int] = {}
    for group in groups:
        own[group] = own.get(group, 0) + 1
        level[_level(group)] = level.get(_level(group), 0) + 1
    chosen = []
    for group in groups:
        if own[group] >= MIN_PEERS:
            chosen.append(group)
        elif level[_level(group)] >= MIN_PEERS:
            chosen.append(f"{ANY}:{_level(group)}")
        else:
            chosen.append(ANY)
    return chosen


def _group_members(key: str, groups: npt.NDArray[np.str_]) -> npt.NDArray[np.intp]:
    """Row numbers (ascending) of the communities that make up comparison group ``key``."""
    if key == ANY:
        return np.arange(groups.size)
    if key.startswith(f"{ANY}:"):
        level = key[len(ANY) + 1 :]
        return np.flatnonzero(np.array([_level(g) == level for g in groups.tolist()]))
    return np.flatnonzero(groups == key)


def evaluate(run_input: RunInput) -> RunOutput:
    """Score, grade and rank every community; find what holds each back."""
    if run_input.method not in METHODS:
        raise ValueError(f"unknown method {run_input.method!r}")
    raw = _matrix(run_input)
    x, keep, imputed = _impute(run_input, raw)
    rows = np.flatnonzero(keep)
    excluded = [run_input.community_ids[i] for i in np.flatnonzero(~keep)]
    if rows.size < 2:
        raise ValueError("a run needs at least two communities with complete data")
    x = x[rows]
    ids = [run_input.community_ids[i] for i in rows]
    groups = [run_input.peer_groups[i] for i in rows]
    codes = list(run_input.indicator_codes)
    cost = list(run_input.cost)
    w = np.array(run_input.weights, dtype=np.float64)
    w = w / w.sum()

    scores = _scores(run_input, x, w, cost)
    ranks = _ranks(scores)
    seed = int(input_hash(run_input)[:8], 16)
    stability_method: Literal["topsis", "wsm"] = "topsis" if run_input.method == "topsis" else "wsm"
    stability_normalization = run_input.normalization if run_input.method != "fuzzy" else "minmax"
    stability = rank_stability(
        x,
        w,
        method=stability_method,
        cost=cost,
        normalization=stability_normalization,  # type: ignore[arg-type]
        draws=run_input.draws,
        seed=seed,
    )

    # Dimension sub-scores on min-max normalised values, through the indicator tree.
    normalised = normalize(x, "minmax", cost=cost)
    dimension_names = list(dict.fromkeys(run_input.dimensions))
    spec: dict[str, tuple[float, dict[str, float]]] = {}
    for name in dimension_names:
        members = [j for j, d in enumerate(run_input.dimensions) if d == name]
        total = float(w[members].sum())
        local = {
            codes[j]: (float(w[j]) / total if total > 0 else 1.0 / len(members)) for j in members
        }
        spec[name] = (total, local)
    tree = IndicatorTree.from_dict(spec, normalize_weights=True)
    hierarchy = hierarchy_scores(tree, normalised, criteria=codes)
    dimension_scores = np.asarray(hierarchy.dimension_scores) * 100.0
    tree_order = [tree.dimensions.index(name) for name in dimension_names]
    dimension_scores = dimension_scores[:, tree_order]

    if run_input.grading == "quota":
        grade_names = grades_by_quota(ranks, run_input.grades)
    elif run_input.grading == "score":
        grade_names = [grade_of(float(score), run_input.grades) for score in scores]
    else:
        raise ValueError(f"unknown grading {run_input.grading!r}: expected quota or score")
    m = len(ids)
    band = max(1, round(RANK_BAND_SHARE * m))
    positions = np.arange(m)[None, :]
    base = (stability.base_ranks - 1)[:, None]
    band_probability = (stability.probabilities * (np.abs(positions - base) <= band)).sum(axis=1)

    used = comparison_groups(groups)
    group_array = np.array(groups)
    used_array = np.array(used)
    peer_rank = np.empty(len(ids), dtype=np.int64)
    peer_count = np.empty(len(ids), dtype=np.int64)
    peer_norm_median = np.empty_like(normalised)
    peer_raw_median = np.empty_like(x)
    peer_dimension_medians: dict[str, dict[str, float]] = {}
    for key in sorted(set(used)):
        group_rows = _group_members(key, group_array)  # every community of the group
        compared = np.flatnonzero(used_array == key)  # those compared with it
        peer_rank[compared] = _ranks(scores[group_rows])[np.searchsorted(group_rows, compared)]
        peer_count[compared] = group_rows.size
        peer_norm_median[compared] = np.median(normalised[group_rows], axis=0)
        peer_raw_median[compared] = np.median(x[group_rows], axis=0)
        medians = np.median(dimension_scores[group_rows], axis=0)
        peer_dimension_medians[key] = {
            name: float(medians[k]) for k, name in enumerate(dimension_names)
        }
    # A weighted gap: how many score points the indicator costs against the peer median
    # (or against the best, where the community is already at or above the median).
    gap_median = (peer_norm_median - normalised) * w[None, :] * 100.0
    gap_best = (1.0 - normalised) * w[None, :] * 100.0

    results: list[CommunityResult] = []
    for i, community_id in enumerate(ids):
        key = np.where(gap_median[i] > 0, gap_median[i] + 100.0, gap_best[i])
        order = np.argsort(-key, kind="stable")[:WEAKNESS_COUNT]
        weaknesses = [
            {
                "code": codes[j],
                "value": float(x[i, j]),
                "peer_median": float(peer_raw_median[i, j]),
                "gap": float(gap_median[i, j]),
                "gap_to_best": float(gap_best[i, j]),
            }
            for j in order
            if gap_best[i, j] > 0
        ]
        results.append(
            CommunityResult(
                community_id=community_id,
                score=float(scores[i]),
                grade=grade_names[i],
                rank=int(ranks[i]),
                peer_rank=int(peer_rank[i]),
                peer_count=int(peer_count[i]),
                peer_group=used[i],
                dimension_scores={
                    name: float(dimension_scores[i, k]) for k, name in enumerate(dimension_names)
                },
                keep_probability=float(stability.keep_probability[i]),
                band_probability=float(band_probability[i]),
                expected_rank=float(stability.expected_rank[i]),
                weaknesses=weaknesses,
            )
        )
    return RunOutput(
        results=results,
        excluded=excluded,
        imputed=imputed,
        peer_dimension_medians=peer_dimension_medians,
        sensitivity_seed=seed,
    )
