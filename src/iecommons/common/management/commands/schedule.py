"""``schedule``: the periodic jobs, their periods and last runs; ``--due`` enqueues the due
ones now (what every ``db_worker`` does beside its loop), for a host that runs jobs by cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from iecommons.common.schedule import schedule_due, schedule_table


class Command(BaseCommand):
    help = "List the periodic jobs; with --due, enqueue those whose period has begun."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--due", action="store_true", help="enqueue the jobs whose current period has no run"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["due"]:
            enqueued = schedule_due()
            self.stdout.write("enqueued: " + ", ".join(enqueued) if enqueued else "nothing is due")
            return
        for row in schedule_table():
            last = row["last_run"]
            last_run = f"{timezone.localtime(last):%Y-%m-%d %H:%M}" if last else "never"
            period = f"{timezone.localtime(row['current_period']):%Y-%m-%d %H:%M}"
            self.stdout.write(
                f"{row['job']:<36} every {row['every']:<4} at {row['at']:<6} "
                f"period from {period}  last run {last_run}"
            )
