"""Close the surveys whose closing day has passed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iecommons.assessment.tasks import close_due_surveys


class Command(BaseCommand):
    help = "Close every open survey whose closing day (closes on) has passed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Put the task on the job queue for a worker instead of running it here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = close_due_surveys.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        closed = close_due_surveys.call()
        self.stdout.write(f"closed {len(closed)} survey(s)")
