"""Benchmark of ``stable_matching`` at national scale, beside the ``matching`` package.

Run: ``python bench/matching_bench.py`` (``make bench``). Prints one table.

1. ``stable_matching`` on 1,000,000 students x 50,000 positions, lists of 30
   (30 million applications), target under 5 s and under 3 GiB peak memory. Wall time is
   the best of three runs; CPU time is shown beside it because on a shared machine the
   wall time also counts the time other processes held the cores.
2. The ``matching`` package (1.4.3, ``HospitalResident``) on growing instances, each in a
   subprocess with a 60 s limit, until one fails or times out; our engine solves the same
   strict instances and the assignments are compared.
3. What stability costs: the total rank of the stable matching against the rank-minimal
   assignment (``optimal_assignment``) on a smaller instance.

``--check`` also runs the independent blocking-pair check on the large result.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from iecommons.analytics import blocking_pairs, optimal_assignment, stable_matching

LARGE = (1_000_000, 50_000, 30)
TARGET_SECONDS = 5.0
TARGET_BYTES = 3 * 2**30
PEER_TIMEOUT = 60.0
PEER_SIZES = [
    (100, 10, 5),
    (200, 20, 10),
    (300, 30, 10),
    (500, 50, 10),
    (700, 70, 10),
    (1_000, 100, 10),
]


def instance(students: int, positions: int, length: int, seed: int = 1) -> dict[str, np.ndarray]:
    """Distinct choices per student; scores are points 0..999 from aptitude plus fit."""
    rng = np.random.default_rng(seed)
    step = max(1, (positions - 1) // length)
    start = rng.integers(0, positions, (students, 1))
    # Increasing offsets below `positions` make each student's choices distinct.
    offsets = np.cumsum(rng.integers(1, step + 1, (students, length)), axis=1)
    chosen = rng.permuted((start + offsets) % positions, axis=1).astype(np.int32).ravel()
    who = np.repeat(np.arange(students, dtype=np.int32), length)
    aptitude = rng.integers(0, 600, students)
    return {
        "students": who,
        "positions": chosen,
        "ranks": np.tile(np.arange(1, length + 1, dtype=np.int16), students),
        "scores": (aptitude[who] + rng.integers(0, 400, who.size)).astype(np.int32),
        "capacities": rng.integers(1, 2 * (students // positions), positions) + 1,
    }


def strict(data: dict[str, np.ndarray]) -> np.ndarray:
    """Each position's own strict order of its applicants, as whole-number scores."""
    order = np.lexsort((data["students"], -data["scores"].astype(np.int64), data["positions"]))
    place = np.empty(order.size, dtype=np.int64)
    place[order] = np.arange(order.size)
    return -place


def large(check: bool) -> dict[str, object]:
    data = instance(*LARGE)
    input_bytes = sum(a.nbytes for a in data.values())
    walls, cpus = [], []
    result = None
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        result = stable_matching(**data, seed=1)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    tracemalloc.start()
    stable_matching(**data, seed=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result is not None
    out: dict[str, object] = {
        "wall": min(walls),
        "cpu": min(cpus),
        "engine_peak": peak,
        "inputs": input_bytes,
        "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "placed": result.placed,
        "proposals": result.proposals,
        "rounds": result.rounds,
    }
    if check:
        pairs = blocking_pairs(
            data["students"],
            data["positions"],
            data["ranks"],
            data["scores"],
            data["capacities"],
            result.assignment,
            lottery=result.lottery,
        )
        out["blocking"] = len(pairs)
    return out


def peer(students: int, positions: int, length: int) -> None:
    """Child process: solve with the matching package, print seconds and the assignment."""
    from matching.games import HospitalResident

    data = instance(students, positions, length)
    score = strict(data)
    resident_prefs: dict[int, list[int]] = {s: [] for s in range(students)}
    for s, p in zip(data["students"].tolist(), data["positions"].tolist(), strict=True):
        resident_prefs[s].append(p)
    applicants: dict[int, list[tuple[int, int]]] = {p: [] for p in range(positions)}
    for s, p, v in zip(
        data["students"].tolist(), data["positions"].tolist(), score.tolist(), strict=True
    ):
        applicants[p].append((-v, s))
    hospital_prefs = {p: [s for _, s in sorted(a)] for p, a in applicants.items()}
    capacities = {p: int(c) for p, c in enumerate(data["capacities"])}
    started = time.perf_counter()
    game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
    solution = game.solve(optimal="resident")
    seconds = time.perf_counter() - started
    assignment = [-1] * students
    for hospital, residents in solution.items():
        for resident in residents:
            assignment[resident.name] = hospital.name
    print(json.dumps({"seconds": seconds, "assignment": assignment}))


def compare_with_peer() -> list[tuple[str, str, str, str]]:
    rows = []
    for size in PEER_SIZES:
        label = f"{size[0]:,} x {size[1]:,}, lists of {size[2]}"
        data = instance(*size)
        score = strict(data)
        wall = time.perf_counter()
        ours = stable_matching(
            data["students"], data["positions"], data["ranks"], score, data["capacities"]
        )
        our_seconds = time.perf_counter() - wall
        try:
            child = subprocess.run(
                [sys.executable, __file__, "--peer", *(str(v) for v in size)],
                capture_output=True,
                text=True,
                timeout=PEER_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            rows.append((label, f"{our_seconds * 1000:.1f} ms", f"> {PEER_TIMEOUT:.0f} s", "-"))
            break
        if child.returncode != 0:
            lines = child.stderr.strip().splitlines() or ["failed"]
            rows.append((label, f"{our_seconds * 1000:.1f} ms", lines[-1][:60], "-"))
            break
        answer = json.loads(child.stdout.strip().splitlines()[-1])
        same = answer["assignment"] == ours.assignment.tolist()
        rows.append(
            (
                label,
                f"{our_seconds * 1000:.1f} ms",
                f"{answer['seconds'] * 1000:.1f} ms",
                "identical" if same else "DIFFERENT",
            )
        )
    return rows


def stability_cost() -> tuple[str, int, int, int, int]:
    size = (3_000, 300, 10)
    data = instance(*size)
    stable = stable_matching(**data, seed=1)
    optimum = optimal_assignment(
        data["students"], data["positions"], data["ranks"], data["capacities"]
    )
    label = f"{size[0]:,} x {size[1]:,}, lists of {size[2]}"
    return label, stable.placed, stable.total_rank, optimum.placed, optimum.total_rank


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--peer", nargs=3, type=int, metavar=("STUDENTS", "POSITIONS", "LENGTH"))
    parser.add_argument("--check", action="store_true", help="check the large result's stability")
    args = parser.parse_args()
    if args.peer:
        peer(*args.peer)
        return
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    big = large(args.check)
    gib = 2**30
    total = int(big["inputs"]) + int(big["engine_peak"])  # type: ignore[call-overload]
    print()
    print("stable_matching, 1,000,000 students x 50,000 positions, lists of 30 (30M applications)")
    print(f"  wall (best of 3)      {big['wall']:.2f} s    target < {TARGET_SECONDS:.0f} s")
    print(f"  CPU time              {big['cpu']:.2f} s")
    print(
        f"  peak memory           {total / gib:.2f} GiB = inputs {int(big['inputs']) / gib:.2f}"  # type: ignore[call-overload]
        f" + engine {int(big['engine_peak']) / gib:.2f}   target < 3 GiB"  # type: ignore[call-overload]
    )
    print(f"  process peak RSS      {int(big['rss']) / gib:.2f} GiB (includes making the instance)")  # type: ignore[call-overload]
    print(
        f"  placed {big['placed']:,}, proposals {big['proposals']:,}, rounds {big['rounds']}"
        + (f", blocking pairs {big['blocking']}" if "blocking" in big else "")
    )
    print()
    print("beside the matching package 1.4.3 (HospitalResident, resident-optimal), same instances")
    rows = compare_with_peer()
    header = ("instance", "stable_matching", "matching 1.4.3", "assignments")
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(4)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    print()
    label, placed, total_rank, best_placed, best_rank = stability_cost()
    print(f"what stability costs ({label})")
    print(f"  stable matching       placed {placed:,}, total rank {total_rank:,}")
    print(f"  optimal_assignment    placed {best_placed:,}, total rank {best_rank:,}")


if __name__ == "__main__":
    main()
