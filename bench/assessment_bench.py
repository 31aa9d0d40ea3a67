"""Benchmark of an evaluation run (issue 4): 1,000 communities × 40 indicators, with
sensitivity, database read and write included, end to end under 10 s.

Builds a fresh SQLite database in a temporary directory (``IECOMMONS_VAR_DIR``), migrates
it, writes the data (not timed), then times one evaluation run through the same services
the pages use: reading the values and freezing the snapshot with its weights and hash
(``evaluation_run_create``), then the background job itself (``evaluation_run_execute``:
TOPSIS, 500 draws of weight sensitivity, peers, gaps, and writing the results). A second
run on the same cycle checks that the hash and every stored number are reproduced.
Run: ``make bench`` or ``uv run python bench/assessment_bench.py [--communities N]``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 10.0
DIMENSIONS = 6


def setup_django(var_dir: str) -> None:
    os.environ["IECOMMONS_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iecommons.config.settings")
    # Production settings (DEBUG off) want a real key and named hosts: a throwaway key.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")
    sys.path.insert(0, str(ROOT / "src"))
    from iecommons.config.embedded import use_embedded_defaults

    use_embedded_defaults(create=True)  # the local key and hosts, as `iecommons run` has them
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_data(communities: int, indicators: int, seed: int) -> int:
    """Regions, fields, communities, a 40-indicator framework, a cycle and its values."""
    import numpy as np

    from iecommons.assessment.demo_cycles import _insert
    from iecommons.assessment.models import (
        AssessmentCycle,
        Indicator,
        IndicatorFramework,
        IndicatorValue,
    )
    from iecommons.registry.models import Community, Field, Region

    rng = np.random.default_rng(seed)
    province = Region.objects.create(code="320000", name_zh="江苏省", level="province")
    city = Region.objects.create(code="320400", name_zh="常州市", level="city", parent=province)
    fields = [
        Field.objects.create(code=f"field-{k}", name_zh=f"领域{k}", order=k) for k in range(14)
    ]
    levels = ["national", "provincial", "municipal"]
    Community.objects.bulk_create(
        [
            Community(
                name=f"基准共同体{i}",
                kind="industry",
                level=levels[i % 3],
                field=fields[i % len(fields)],
                region=city,
                province=province,
                founded=datetime.date(2023, 1, 1),
            )
            for i in range(communities)
        ],
        batch_size=1000,
    )
    framework = IndicatorFramework.objects.create(name="基准框架", status="frozen")
    parents = [
        Indicator.objects.create(framework=framework, code=f"D{d}", name_zh=f"维度{d}", order=d)
        for d in range(DIMENSIONS)
    ]
    leaves = Indicator.objects.bulk_create(
        [
            Indicator(
                framework=framework,
                parent=parents[j % DIMENSIONS],
                code=f"I{j:02d}",
                name_zh=f"指标{j}",
                direction="lower" if j % 9 == 4 else "higher",
                order=j,
            )
            for j in range(indicators)
        ]
    )
    cycle = AssessmentCycle.objects.create(
        name="基准周期",
        year=2025,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        framework=framework,
        submission_deadline=datetime.date(2026, 3, 1),
        verification_deadline=datetime.date(2026, 4, 1),
        judgment_deadline=datetime.date(2026, 4, 1),
    )
    ids = list(Community.objects.order_by("pk").values_list("pk", flat=True))
    cycle.communities.set(ids)
    quality = rng.normal(size=len(ids))
    values = np.exp(0.6 * quality[:, None] + 0.5 * rng.normal(size=(len(ids), indicators)))
    rows = [
        (cycle.pk, community_id, leaf.pk, float(values[i, j]), "verified", "{}", "", "2026-01-01")
        for i, community_id in enumerate(ids)
        for j, leaf in enumerate(leaves)
    ]
    _insert(
        IndicatorValue,
        [
            "cycle_id",
            "community_id",
            "indicator_id",
            "value",
            "status",
            "trace",
            "comment",
            "updated_at",
        ],
        rows,
        json_columns={"trace"},
    )
    return int(cycle.pk)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communities", type=int, default=1000)
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--seed", type=int, default=4)
    options = parser.parse_args()
    var_dir = tempfile.mkdtemp(prefix="iecommons-assessment-bench-")
    try:
        setup_django(var_dir)
        started = time.perf_counter()
        cycle_id = build_data(options.communities, options.indicators, options.seed)
        setup_seconds = time.perf_counter() - started

        from django.db import transaction

        from iecommons.assessment.models import AssessmentCycle, EvaluationRun, Result
        from iecommons.assessment.services import run_execution
        from iecommons.assessment.services import runs as run_services

        phases: list[tuple[str, float]] = []
        cycle = AssessmentCycle.objects.get(pk=cycle_id)
        clock = time.perf_counter()
        with transaction.atomic():
            run = run_services.evaluation_run_create(actor=None, cycle=cycle, enqueue=False)
        phases.append(
            ("read values, weights, snapshot, hash, run row", time.perf_counter() - clock)
        )
        clock = time.perf_counter()
        run_execution.evaluation_run_execute(run_id=run.pk)
        phases.append(
            ("compute (TOPSIS + 500 draws) and write results", time.perf_counter() - clock)
        )
        total = sum(seconds for _name, seconds in phases)

        again = run_services.evaluation_run_create(actor=None, cycle=cycle, enqueue=False)
        run_execution.evaluation_run_execute(run_id=again.pk)

        def numbers(run_id: int) -> list[tuple[object, ...]]:
            return list(
                Result.objects.filter(run_id=run_id)
                .order_by("community_id")
                .values_list("community_id", "score", "rank", "grade", "stability")
            )

        reproduced = again.input_sha256 == run.input_sha256 and numbers(run.pk) == numbers(again.pk)
        done = EvaluationRun.objects.get(pk=run.pk)
        rows = Result.objects.filter(run=run).count()
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)

    print(
        f"Evaluation run: {options.communities} communities × {options.indicators} indicators "
        f"(SQLite, setup {setup_seconds:.1f} s not timed)"
    )
    print(f"{'phase':<52} {'seconds':>8}")
    for name, seconds in phases:
        print(f"{name:<52} {seconds:>8.2f}")
    print(f"{'total':<52} {total:>8.2f}")
    print(f"{'target':<52} {TARGET_SECONDS:>8.2f}")
    print(f"results written: {rows}; status: {done.status}; reproduced: {reproduced}")
    verdict = "PASS" if total < TARGET_SECONDS and reproduced else "MISS"
    print(verdict)
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
