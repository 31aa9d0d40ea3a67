"""``manage.py seed_projects``: demo joint projects in the national communities and a
sample of regional ones (run after ``seed_demo`` has made the registry)."""

from __future__ import annotations

import random
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iecommons.projects.demo import seed_projects
from iecommons.projects.models import Project
from iecommons.registry.models import Community


class Command(BaseCommand):
    help = "Seed demo joint projects, allocations and commitments (deterministic)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2023, help="random seed")
        parser.add_argument(
            "--regional", type=int, default=60, help="how many regional communities get projects"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Project.objects.exists():
            self.stdout.write("Projects already seeded; nothing to do.")
            return
        rng = random.Random(options["seed"])
        national = list(Community.objects.filter(level=Community.Level.NATIONAL).order_by("pk"))
        regional = list(
            Community.objects.exclude(level=Community.Level.NATIONAL)
            .filter(status=Community.Status.ACTIVE)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        sample = sorted(rng.sample(regional, min(options["regional"], len(regional))))
        communities = national + list(Community.objects.filter(pk__in=sample).order_by("pk"))
        counts = seed_projects(rng=rng, communities=communities)
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
