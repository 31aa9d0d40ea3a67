"""``manage.py seed_talent``: the talent demo (run after ``seed_demo`` made the registry)."""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iecommons.registry.models import Community
from iecommons.talent.demo import regional_sample, seed_talent
from iecommons.talent.models import PlacementRound, TalentNeed

SMALL_REGISTRY = 100


class Command(BaseCommand):
    help = "Seed the demo lists, majors and completed internship rounds (deterministic)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2024, help="random seed")
        parser.add_argument(
            "--regional", type=int, default=40, help="how many regional communities get lists"
        )
        parser.add_argument(
            "--students",
            type=int,
            default=None,
            help="students in the rail-transit round (default 3,000; 200 on a small registry)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if TalentNeed.objects.exists() or PlacementRound.objects.exists():
            self.stdout.write("Talent data already seeded; nothing to do.")
            return
        started = time.perf_counter()
        rng = random.Random(options["seed"])
        students = options["students"]
        if students is None:
            # The small demo of the tests (tens of communities) gets small rounds.
            students = 3_000 if Community.objects.count() > SMALL_REGISTRY else 200
        counts = seed_talent(
            rng=rng, regional=regional_sample(rng, options["regional"]), students=students
        )
        self.stdout.write(
            ", ".join(f"{count} {name}" for name, count in counts.items())
            + f" in {time.perf_counter() - started:.1f} s"
        )
