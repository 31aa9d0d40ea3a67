"""Benchmark of offline reproduction (issue 14): ``iecommons reproduce`` on the snapshot of a
1,000-community × 40-indicator TOPSIS run with 500 sensitivity draws, process start included,
under 3 s.

The snapshot document is built by the same code the platform's download uses
(:func:`iecommons.assessment.engine.reproduction.build_document`); the command runs as a user would
run it, in a fresh Python process, and must exit 0. Printed beside it, in the same run: the
bare interpreter start (``python -c pass``) and the engine's evaluation inside one process,
so the share of start-up and of computation can be read off.
Run: ``make bench`` or ``uv run python bench/reproduce_bench.py [--communities N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
TARGET_SECONDS = 3.0


def build(communities: int, indicators: int) -> dict:
    import numpy as np

    from iecommons.assessment import engine
    from iecommons.assessment.engine import reproduction

    generator = np.random.default_rng(2025)
    values = generator.lognormal(3.0, 0.8, size=(communities, indicators)).round(3)
    weights = generator.dirichlet(np.ones(indicators))
    run_input = engine.RunInput(
        community_ids=tuple(range(1, communities + 1)),
        peer_groups=tuple(
            f"f{i % 14}:{'provincial' if i % 3 else 'municipal'}" for i in range(communities)
        ),
        indicator_codes=tuple(f"I{j:02d}" for j in range(indicators)),
        dimensions=tuple(f"D{j % 6}" for j in range(indicators)),
        weights=tuple(float(w) for w in weights),
        cost=tuple(j % 7 == 0 for j in range(indicators)),
        values=tuple(tuple(float(v) for v in row) for row in values),
    )
    return reproduction.build_document(
        run_input,
        run={"id": 1, "cycle": "bench"},
        framework={"code": "bench", "version": 1},
        indicators=[{"code": code} for code in run_input.indicator_codes],
        weighting={"method": "entropy"},
        communities=[{"id": pk, "name": f"C{pk}"} for pk in run_input.community_ids],
    )


def timed(command: list[str], repeats: int) -> tuple[list[float], list[float]]:
    """Wall-clock seconds of each run, and CPU seconds (user + system) of the child: on a
    busy machine the second says what the command itself costs."""
    walls, cpus = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communities", type=int, default=1000)
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    from iecommons.assessment import engine
    from iecommons.assessment.engine import reproduction

    document = build(args.communities, args.indicators)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "snapshot.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        size = path.stat().st_size
        command = [sys.executable, "-m", "iecommons.cli", "reproduce", str(path), "--format", "csv"]
        reproduce, reproduce_cpu = timed(command, args.repeats)
        bare, bare_cpu = timed([sys.executable, "-c", "pass"], args.repeats)
        start = time.perf_counter()
        engine.evaluate(reproduction.verify(document))
        in_process = time.perf_counter() - start

    best = min(reproduce)
    load = os.getloadavg()[0]
    print(
        f"snapshot: {args.communities} communities x {args.indicators} indicators, "
        f"{size / 1e6:.1f} MB; load average {load:.1f} on {os.cpu_count()} cores"
    )
    rows = [
        ("iecommons reproduce (process start included)", reproduce, reproduce_cpu),
        ("python -c pass (interpreter start)", bare, bare_cpu),
    ]
    print(f"{'what':<46} {'best s':>7} {'median s':>9} {'CPU s':>7}")
    for name, walls, cpus in rows:
        print(f"{name:<46} {min(walls):>7.3f} {statistics.median(walls):>9.3f} {min(cpus):>7.3f}")
    print(f"{'verify + evaluate inside one process':<46} {in_process:>7.3f}")
    verdict = "PASS" if best < TARGET_SECONDS else "MISS"
    print(f"target < {TARGET_SECONDS:.0f} s wall-clock: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
