"""The booking conflict check at p95, on a resource with 10,000 bookings.

Sets up its own SQLite database in a temporary directory (``IECOMMONS_VAR_DIR``), or uses
``DATABASE_URL`` if set, migrates it, fills one resource with 10,000 bookings spread over
about four years, then times the check a booking request makes under its row lock —
the database read of the overlapping holding bookings plus the peak-load sweep — for 500
random slots. Prints p50, p95, the target and PASS/MISS.
"""

from __future__ import annotations

import datetime
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

BOOKINGS = 10_000
SAMPLES = 500
TARGET_MS = 100.0


def main() -> int:
    workdir = tempfile.TemporaryDirectory(prefix="iecommons-bench-")
    os.environ.setdefault("IECOMMONS_VAR_DIR", workdir.name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iecommons.config.settings")
    # Production settings (DEBUG off) want a real key and named hosts: a throwaway key.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")
    from iecommons.config.embedded import use_embedded_defaults

    use_embedded_defaults(create=True)  # the local key and hosts, as `iecommons run` has them
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from iecommons.collaboration.models import Booking, Resource
    from iecommons.collaboration.services.bookings import booking_conflict_load
    from iecommons.registry.models import Community, Field, Organization, Region

    call_command("migrate", verbosity=0)
    rng = random.Random(2023)
    province = Region.objects.create(code="329900", name_zh="基准省", level="province")
    city = Region.objects.create(code="329901", name_zh="基准市", level="city", parent=province)
    field = Field.objects.create(code="bench-field", name_zh="基准领域")
    community = Community.objects.create(
        name="基准共同体",
        kind="industry",
        level="provincial",
        field=field,
        region=city,
        province=province,
        founded=datetime.date(2023, 7, 25),
    )
    owner = Organization.objects.create(
        name="基准企业", credit_code="91329901BENCH00001", type="enterprise", region=city
    )
    resource = Resource.objects.create(
        community=community, owner=owner, name="基准实训工位", type="training_base", capacity=4
    )
    tz = timezone.get_current_timezone()
    origin = datetime.datetime(2024, 1, 1, 8, tzinfo=tz)
    statuses = ["pending", "approved", "approved", "completed", "declined", "cancelled"]
    rows = []
    for index in range(BOOKINGS):
        # Four bookings a working day, mostly two hours, over ~2,500 days of slots.
        start = origin + datetime.timedelta(days=index // 4, hours=2 * (index % 4))
        rows.append(
            Booking(
                resource=resource,
                organization=owner,
                start=start,
                end=start + datetime.timedelta(hours=2),
                quantity=1,
                purpose="基准",
                status=rng.choice(statuses),
            )
        )
    Booking.objects.bulk_create(rows, batch_size=2000)
    span_days = BOOKINGS // 4

    slots = []
    for _ in range(SAMPLES):
        start = origin + datetime.timedelta(days=rng.randrange(span_days), hours=rng.randrange(10))
        slots.append((start, start + datetime.timedelta(hours=rng.choice([1, 2, 3, 8]))))

    def check_only(start: datetime.datetime, end: datetime.datetime) -> None:
        booking_conflict_load(resource_id=resource.pk, start=start, end=end)

    def in_transaction(start: datetime.datetime, end: datetime.datetime) -> None:
        # What a request pays before it inserts: begin, lock the resource, check, commit.
        with transaction.atomic():
            Resource.objects.select_for_update().get(pk=resource.pk)
            booking_conflict_load(resource_id=resource.pk, start=start, end=end)

    print(f"booking conflict check on {connection.vendor}, {BOOKINGS:,} bookings, {SAMPLES} checks")
    print(f"{'measure':<34}{'p50 ms':>10}{'p95 ms':>10}{'target':>10}{'result':>8}")
    verdicts = []
    for label, check in (
        ("read + sweep", check_only),
        ("begin + lock + read + sweep + commit", in_transaction),
    ):
        timings = []
        for start, end in slots:
            began = time.perf_counter()
            check(start, end)
            timings.append((time.perf_counter() - began) * 1000)
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(0.95 * len(timings)) - 1]
        verdict = "PASS" if p95 < TARGET_MS else "MISS"
        verdicts.append(verdict)
        target = "<" + str(int(TARGET_MS))
        print(f"{label:<34}{p50:>10.2f}{p95:>10.2f}{target:>10}{verdict:>8}")
    workdir.cleanup()
    return 0 if all(v == "PASS" for v in verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
