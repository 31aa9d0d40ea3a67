"""``manage.py seed_demo``: fill an empty registry with the deterministic demo data."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser

from iecommons.registry import demo
from iecommons.registry.models import Community


class Command(BaseCommand):
    help = (
        "Seed the demo: the two national communities, regional communities across every "
        "province, and one demo account per role. Does nothing if communities exist."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--communities",
            type=int,
            default=None,
            help=f"regional communities to seed (default {demo.DEFAULT_COMMUNITIES}, "
            f"or {demo.SMALL_COMMUNITIES} with --small)",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help=f"random seed; the same seed gives the same data (default {demo.DEFAULT_SEED})",
        )
        parser.add_argument(
            "--small",
            action="store_true",
            help="a small dataset for tests: few regional communities of 8 to 20 members",
        )
        parser.add_argument(
            "--registry-only",
            action="store_true",
            help="seed only the registry, not the other areas' demo data",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Community.objects.exists():
            self.stdout.write("The registry already has communities; nothing seeded.")
            return
        try:
            report = demo.seed(
                communities=options["communities"], seed=options["seed"], small=options["small"]
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Seeded {report.communities} communities, {report.organizations} organisations, "
            f"{report.memberships} memberships ({report.departures} ended, "
            f"{report.rejoins} re-joins), {report.council_seats} council seats, "
            f"{report.people} people and {report.users} demo accounts "
            f"in {report.seconds:.1f} s."
        )
        if options["registry_only"]:
            return
        # Each area seeds its own demo on top of the registry, in the order data flows:
        # collaboration records, then projects, then the evaluation that reads them, then
        # the annual reports that count them all.
        available = get_commands()
        for command in AREA_SEEDS:
            if command in available:
                call_command(command, stdout=self.stdout)


AREA_SEEDS = (
    "seed_collaboration",
    "seed_projects",
    "seed_talent",
    "seed_assessment",
    "seed_policy",
    "seed_reports",
)
