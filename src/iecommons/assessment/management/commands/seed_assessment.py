"""``manage.py seed_assessment``: three demo assessment cycles over the seeded registry."""

from __future__ import annotations

import random
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iecommons.assessment.demo_cycles import seed_assessment
from iecommons.assessment.models import AssessmentCycle
from iecommons.registry.models import Community


class Command(BaseCommand):
    help = (
        "Seed three annual assessment cycles (2023-2025) for every active community: values, "
        "surveys, expert judgments, runs, publications and rectification tasks. Does nothing "
        "if cycles exist."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")

    def handle(self, *args: Any, **options: Any) -> None:
        if AssessmentCycle.objects.exists():
            self.stdout.write("Assessment cycles exist already; nothing seeded.")
            return
        communities = list(Community.objects.filter(status=Community.Status.ACTIVE))
        if len(communities) < 2:
            raise CommandError("Seed the registry first (manage.py seed_demo).")
        report = seed_assessment(rng=random.Random(options["seed"]), communities=communities)
        self.stdout.write(
            f"Seeded {report.cycles} cycles: {report.values} values, {report.responses} survey "
            f"responses, {report.judgments} expert judgments, {report.results} results, "
            f"{report.tasks} rectification tasks in {report.seconds:.1f} s."
        )
