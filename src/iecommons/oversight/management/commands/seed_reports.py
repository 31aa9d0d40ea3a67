"""``manage.py seed_reports``: the demo's annual quality reports (run by ``seed_demo`` after
the other areas, whose records the reports' figures count)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from iecommons.accounts.models import User
from iecommons.oversight.models import AnnualReport
from iecommons.oversight.reports.demo import seed_reports


class Command(BaseCommand):
    help = (
        "Seed three demo annual quality reports: the rail-transit community's 2025 report, "
        "accepted and public; a Jiangsu community's, submitted and awaiting its supervisor; "
        "and the rail-transit community's 2026 draft. Draws no PDF."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if AnnualReport.objects.exists():
            self.stdout.write("Annual reports already seeded; nothing to do.")
            return
        by_name = {
            user.username: user
            for user in User.objects.filter(username__in=["admin", "supervisor", "secretariat"])
        }
        if set(by_name) != {"admin", "supervisor", "secretariat"}:
            raise CommandError("The report demo needs the demo accounts: run seed_demo first.")
        started = time.perf_counter()
        counts = seed_reports(
            secretariat=by_name["secretariat"],
            operator=by_name["admin"],
            supervisor=by_name["supervisor"],
        )
        self.stdout.write(
            ", ".join(f"{count} {state}" for state, count in counts.items())
            + f" annual reports in {time.perf_counter() - started:.1f} s"
        )
