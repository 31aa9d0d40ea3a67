"""Benchmark of the evaluation engine against pymcdm, scikit-criteria and a bare numpy floor.

Run: ``python bench/analytics_bench.py`` (``make bench``). One run, one table. Each
timing is the best of several interleaved repeats (robust against a busy machine).
The "numpy floor" is a minimal hand-written implementation of the same definition,
without any validation; the engine's timings include its validation.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from iecommons.analytics import (
    ahp,
    critic_weights,
    entropy_weights,
    rank_stability,
    shapley_values,
    topsis,
)

ROWS, COLUMNS = 100_000, 40
REPEATS = 7


def floor_entropy(x: np.ndarray, cost: np.ndarray) -> np.ndarray:
    y = x.copy()
    y[:, cost] = 1.0 / x[:, cost]
    p = y / y.sum(axis=0)
    e = -(p * np.log(p)).sum(axis=0) / np.log(x.shape[0])
    d = 1.0 - e
    return d / d.sum()


def floor_critic(x: np.ndarray, cost: np.ndarray) -> np.ndarray:
    low, high = x.min(axis=0), x.max(axis=0)
    r = (x - low) / (high - low)
    r[:, cost] = 1.0 - r[:, cost]
    c = r.std(axis=0) * (1.0 - np.corrcoef(r, rowvar=False)).sum(axis=0)
    return c / c.sum()


def floor_topsis(x: np.ndarray, w: np.ndarray, cost: np.ndarray) -> np.ndarray:
    v = x / np.sqrt((x**2).sum(axis=0)) * w
    best = np.where(cost, v.min(axis=0), v.max(axis=0))
    worst = np.where(cost, v.max(axis=0), v.min(axis=0))
    d_best = np.sqrt(((v - best) ** 2).sum(axis=1))
    d_worst = np.sqrt(((v - worst) ** 2).sum(axis=1))
    return d_worst / (d_best + d_worst)


def best_times(functions: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Best wall time (s) of each function, repeats interleaved round-robin."""
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(repeats):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> int:
    rng = np.random.default_rng(20260725)
    x = rng.uniform(1.0, 100.0, (ROWS, COLUMNS))
    cost = np.zeros(COLUMNS, dtype=bool)
    cost[3::4] = True
    types = np.where(cost, -1, 1)
    w = rng.dirichlet(np.ones(COLUMNS))

    print("loading peers (pymcdm, scikit-criteria) ...", flush=True)
    import pymcdm
    import skcriteria as skc
    from skcriteria.agg import topsis as skc_topsis
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing import weighters as skc_weighters
    from skcriteria.preprocessing.scalers import VectorScaler

    warnings.simplefilter("ignore")

    def skc_matrix() -> object:
        return skc.mkdm(x, types, weights=w)

    tasks = {
        "entropy": {
            "engine": lambda: entropy_weights(x, cost),
            "floor": lambda: floor_entropy(x, cost),
            "pymcdm": lambda: pymcdm.weights.entropy_weights(x),
            "scikit-criteria": lambda: skc_weighters.EntropyWeighter().transform(skc_matrix()),
        },
        "CRITIC": {
            "engine": lambda: critic_weights(x, cost),
            "floor": lambda: floor_critic(x, cost),
            "pymcdm": lambda: pymcdm.weights.critic_weights(x),
            "scikit-criteria": lambda: skc_weighters.CRITIC().transform(skc_matrix()),
        },
        "TOPSIS": {
            "engine": lambda: topsis(x, w, cost=cost),
            "floor": lambda: floor_topsis(x, w, cost),
            "pymcdm": lambda: pymcdm.methods.TOPSIS()(x, w, types),
            "scikit-criteria": lambda: mkpipe(
                VectorScaler(target="matrix"), skc_topsis.TOPSIS()
            ).evaluate(skc_matrix()),
        },
    }
    # The engine must compute what the floor computes.
    np.testing.assert_allclose(entropy_weights(x, cost).weights, floor_entropy(x, cost), atol=1e-12)
    np.testing.assert_allclose(critic_weights(x, cost).weights, floor_critic(x, cost), atol=1e-12)
    np.testing.assert_allclose(topsis(x, w, cost=cost).scores, floor_topsis(x, w, cost), atol=1e-12)

    print(f"\nmatrix {ROWS:,} x {COLUMNS}, every fourth criterion a cost; best of {REPEATS}, ms\n")
    header = (
        f"{'task':<8} {'engine':>8} {'floor':>8} {'pymcdm':>8} {'skcrit':>8}"
        f" {'eng/floor':>9} {'eng/pymcdm':>10} {'eng/skcrit':>10}  target"
    )
    print(header)
    print("-" * (len(header) + 40))
    all_pass = True
    for task, functions in tasks.items():
        t = best_times(functions, REPEATS)
        ms = {k: v * 1e3 for k, v in t.items()}
        ratio_floor = t["engine"] / t["floor"]
        ok = ratio_floor <= 1.2 and t["engine"] < t["pymcdm"] and t["engine"] < t["scikit-criteria"]
        all_pass &= ok
        print(
            f"{task:<8} {ms['engine']:8.1f} {ms['floor']:8.1f} {ms['pymcdm']:8.1f}"
            f" {ms['scikit-criteria']:8.1f} {ratio_floor:9.2f}"
            f" {t['engine'] / t['pymcdm']:10.3f} {t['engine'] / t['scikit-criteria']:10.3f}"
            f"  <= 1.2x floor, < peers  {'PASS' if ok else 'MISS'}"
        )

    print("\nother targets")
    # A 15 x 15 pairwise matrix with small random inconsistency (CR < 0.1).
    priorities = rng.uniform(1, 9, 15)
    noise = np.exp(np.triu(rng.normal(0, 0.1, (15, 15)), 1))
    upper = np.triu(np.outer(priorities, 1 / priorities) * noise, 1)
    pairwise = upper + np.tril(1 / upper.T, -1)
    np.fill_diagonal(pairwise, 1.0)
    runs = 2000
    start = time.perf_counter()
    for _ in range(runs):
        ahp(pairwise)
    ahp_ms = (time.perf_counter() - start) / runs * 1e3
    ok = ahp_ms < 1.0
    all_pass &= ok
    print(
        f"  AHP 15 x 15 (CR {ahp(pairwise).cr:.3f})        {ahp_ms:8.3f} ms   target < 1 ms   "
        f"{'PASS' if ok else 'MISS'}"
    )
    inconsistent = pairwise.copy()
    for i, j in ((0, 14), (1, 13), (2, 12), (3, 11), (4, 10), (5, 9)):
        judgment = 1 / 9 if pairwise[i, j] > 1 else 9.0
        inconsistent[i, j], inconsistent[j, i] = judgment, 1 / judgment
    start = time.perf_counter()
    result = ahp(inconsistent)
    print(
        f"  AHP 15 x 15 inconsistent (CR {result.cr:.3f}), with the search for the judgment "
        f"to revise: {(time.perf_counter() - start) * 1e3:.1f} ms (information, no target)"
    )

    table = rng.normal(size=1 << 20)
    table[0] = 0.0
    start = time.perf_counter()
    shapley_values(table)
    shapley_s = time.perf_counter() - start
    ok = shapley_s < 2.0
    all_pass &= ok
    print(
        f"  exact Shapley, 20 players (2^20 table)    {shapley_s:8.3f} s    target < 2 s    "
        f"{'PASS' if ok else 'MISS'}"
    )

    small = rng.uniform(1, 100, (1000, COLUMNS))
    start = time.perf_counter()
    rank_stability(small, w, method="topsis", cost=cost, draws=1000, seed=1)
    stability_s = time.perf_counter() - start
    ok = stability_s < 1.0
    all_pass &= ok
    print(
        f"  rank_stability TOPSIS, 1000 draws, 1000x40 {stability_s:8.3f} s    target < 1 s    "
        f"{'PASS' if ok else 'MISS'}"
    )
    print(f"\noverall: {'PASS' if all_pass else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
