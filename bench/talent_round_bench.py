"""Benchmark of an internship placement round through the platform: 5,000 students, under 5 s.

Builds a fresh SQLite database in a temporary directory (``IECOMMONS_VAR_DIR``), migrates
it, writes a community, a college, 40 member enterprises, 5,000 students, 200 positions and
25,000 ranked and scored applications with the demo's own generator (not timed), then times
the background job of the round, :func:`iecommons.talent.matching.round_execute`: reading the
applications (database in), the student-optimal stable matching, and writing 5,000
placements and every position's cutoff (database out). Prints wall and CPU time, and checks
the result independently for blocking pairs.

Run: ``make bench`` or ``uv run python bench/talent_round_bench.py [--students N]``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 5.0


def setup_django(var_dir: str) -> None:
    os.environ["IECOMMONS_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iecommons.config.settings")
    # Production settings (DEBUG off) want a real key and named hosts: a throwaway key.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(students: int) -> int:
    from iecommons.registry.models import Community, Field, Membership, Organization, Region
    from iecommons.talent.demo import MAJORS_BY_FIELD, seed_round
    from iecommons.talent.models import PlacementRound

    province = Region.objects.create(code="320000", name_zh="江苏省", level="province")
    city = Region.objects.create(code="320400", name_zh="常州市", level="city", parent=province)
    field = Field.objects.create(code="rail-transit-equipment", name_zh="先进轨道交通装备")
    community = Community.objects.create(
        name="基准共同体", kind="industry", level="national", field=field, region=city,
        province=province, founded=datetime.date(2023, 7, 25),
    )  # fmt: skip
    organizations = [
        Organization.objects.create(
            name=f"基准单位{k}",
            credit_code=f"{k:018d}",
            type="higher_vocational" if k == 0 else "enterprise",
            region=city,
        )
        for k in range(41)
    ]
    for organization in organizations:
        Membership.objects.create(
            community=community, organization=organization, joined=datetime.date(2023, 8, 1)
        )
    placement_round = seed_round(
        rng=random.Random(11),
        community=community,
        college=organizations[0],
        enterprises=organizations[1:],
        students=students,
        majors=MAJORS_BY_FIELD["rail-transit-equipment"],
        match=False,
    )
    placement_round.status = PlacementRound.Status.RUNNING
    placement_round.save(update_fields=["status"])
    return int(placement_round.pk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=5_000)
    args = parser.parse_args()
    var_dir = tempfile.mkdtemp(prefix="iecommons-talent-bench-")
    try:
        setup_django(var_dir)
        from iecommons.talent.matching import round_blocking_pairs, round_execute
        from iecommons.talent.models import Application, Placement

        round_id = build(args.students)
        applications = Application.objects.filter(round_id=round_id).count()
        wall, cpu = time.perf_counter(), time.process_time()
        placement_round = round_execute(round_id=round_id)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        placed = Placement.objects.filter(round_id=round_id, position__isnull=False).count()
        pairs = round_blocking_pairs(placement_round)
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(
            f"placement round, {args.students:,} students, {applications:,} applications, "
            f"SQLite: database in, stable matching, database out"
        )
        print(f"  wall                  {wall:.2f} s    target < {TARGET_SECONDS:.0f} s")
        print(f"  CPU time              {cpu:.2f} s")
        print(
            f"  placed {placed:,}, proposals {placement_round.proposals:,}, "
            f"rounds {placement_round.rounds}, blocking pairs {len(pairs)}"
        )
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
