"""Escalate booking requests left unanswered past their community's time limit."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iecommons.collaboration.services.bookings import bookings_escalate_overdue
from iecommons.collaboration.tasks import escalate_overdue_bookings


class Command(BaseCommand):
    help = "Escalate overdue booking requests to their community's secretariat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Put the task on the job queue for a worker instead of running it here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = escalate_overdue_bookings.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        escalated = bookings_escalate_overdue()
        self.stdout.write(f"escalated {len(escalated)} booking request(s)")
