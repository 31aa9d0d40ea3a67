"""Participation account benchmark (issue 5): one member across 1,000 joint projects.

Builds a fresh SQLite database in a temporary directory (``IECOMMONS_VAR_DIR``), migrates
it, and writes one organisation taking part in 1,000 projects in two communities, each
with contributions, a credited outcome and an allocation, beside 4,000 other
participations as noise. Then it times ``participation_account`` (the database read
included) and the account page rendered through Django's test client. Target: p95 under
100 ms.

Run: ``make bench`` or ``uv run python bench/participation_bench.py [--runs 200]``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 100.0
PROJECTS = 1000


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
    from django.conf import settings
    from django.core.management import call_command

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)


def build(rng: random.Random) -> tuple[int, object]:
    """The member, and an operator to open its page; returns (organization id, user)."""
    from iecommons.accounts.models import User
    from iecommons.projects.models import (
        AllocationShare,
        BenefitAllocation,
        Contribution,
        Outcome,
        Participant,
        Project,
    )
    from iecommons.registry.models import Community, Field, Membership, Organization, Region

    province = Region.objects.create(code="320000", name_zh="江苏省", level="province")
    city = Region.objects.create(code="320400", name_zh="常州市", level="city", parent=province)
    field = Field.objects.create(code="rail", name_zh="轨道交通装备")
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                name=f"基准企业{index}",
                credit_code=f"BENCH{index:013d}",
                type="enterprise",
                region=city,
            )
            for index in range(5)
        ]
    )
    member = organizations[0]
    communities = [
        Community.objects.create(
            name=f"基准共同体{index}",
            kind="industry",
            level="provincial",
            field=field,
            region=city,
            province=province,
            founded=datetime.date(2023, 1, 1),
        )
        for index in range(2)
    ]
    Membership.objects.bulk_create(
        [
            Membership(
                community=community, organization=organization, joined=datetime.date(2023, 2, 1)
            )
            for community in communities
            for organization in organizations
        ]
    )
    projects = Project.objects.bulk_create(
        [
            Project(
                community=communities[index % 2],
                type="joint_rd",
                title=f"项目{index}",
                start=datetime.date(2023 + index % 3, 3, 1),
                budget=1_000_000,
            )
            for index in range(PROJECTS)
        ]
    )
    participants = Participant.objects.bulk_create(
        [
            Participant(project=project, organization=organization)
            for project in projects
            for organization in organizations
        ]
    )
    contributions = []
    shares = []
    outcomes = []
    allocations = BenefitAllocation.objects.bulk_create(
        [
            BenefitAllocation(
                project=project,
                description="收入",
                amount=Decimal(500_000),
                date=datetime.date(2023 + index % 3, 12, 1),
                rule="proportional",
            )
            for index, project in enumerate(projects)
        ]
    )
    for participant in participants:
        project_index = (participant.project_id - projects[0].pk) if participant.project_id else 0
        year = 2023 + project_index % 3
        for kind in ("cash", "in_kind", "staff_hours"):
            contributions.append(
                Contribution(
                    participant=participant,
                    organization_id=participant.organization_id,
                    kind=kind,
                    hours=Decimal(100) if kind == "staff_hours" else None,
                    rate=Decimal(200) if kind == "staff_hours" else None,
                    value=Decimal(rng.randrange(1_000, 100_000)),
                    date=datetime.date(year, 6, 1),
                    year=year,
                )
            )
        shares.append(
            AllocationShare(
                allocation=allocations[project_index],
                participant=participant,
                organization_id=participant.organization_id,
                basis=Decimal(1),
                fraction=Decimal("0.2"),
                amount=Decimal(100_000),
                year=year,
            )
        )
        outcomes.append(
            Outcome(
                project_id=participant.project_id,
                kind="interns",
                title="实习生",
                quantity=Decimal(5),
                date=datetime.date(year, 9, 1),
                attributed_to=participant,
                organization_id=participant.organization_id,
            )
        )
    Contribution.objects.bulk_create(contributions, batch_size=5000)
    AllocationShare.objects.bulk_create(shares, batch_size=5000)
    Outcome.objects.bulk_create(outcomes, batch_size=5000)
    operator = User.objects.create_superuser("bench", password=None)
    return member.pk, operator


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(function, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    function()  # warm the caches once, as a running server would be
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="iecommons-bench-") as var_dir:
        setup_django(var_dir)
        from django.test import Client

        from iecommons.projects.accounts import participation_account

        started = time.perf_counter()
        organization_id, operator = build(random.Random(5))
        print(f"built {PROJECTS} projects in {time.perf_counter() - started:.1f} s")
        account = participation_account(organization_id)
        assert account.projects == PROJECTS, account.projects
        client = Client()
        client.force_login(operator)
        url = f"/projects/accounts/{organization_id}/"
        assert client.get(url).status_code == 200
        if os.environ.get("BENCH_EXPLAIN"):
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                participation_account(organization_id)
            for query in queries.captured_queries:
                print(query["time"], query["sql"][:300])
        rows = [
            (
                "participation_account()",
                measure(lambda: participation_account(organization_id), arguments.runs),
            ),
            (
                "participation_account(year=2024)",
                measure(lambda: participation_account(organization_id, year=2024), arguments.runs),
            ),
            ("GET " + url, measure(lambda: client.get(url), arguments.runs)),
        ]
    print(f"{'measure':<36} {'p50 ms':>8} {'p95 ms':>8} {'target':>8}  result")
    failed = False
    for name, samples in rows:
        p50 = statistics.median(samples)
        p95 = percentile(samples, 0.95)
        verdict = "PASS" if p95 < TARGET_MS else "MISS"
        failed |= verdict == "MISS"
        print(f"{name:<36} {p50:>8.1f} {p95:>8.1f} {TARGET_MS:>8.0f}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
