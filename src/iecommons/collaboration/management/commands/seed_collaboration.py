"""Add the collaboration demo to an already-seeded registry."""

from __future__ import annotations

import random
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iecommons.collaboration.demo import seed_collaboration
from iecommons.collaboration.models import Resource
from iecommons.registry.models import Community


class Command(BaseCommand):
    help = "Seed resources, bookings, announcements, threads and meetings (demo data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2023, help="Random seed (default 2023).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not Community.objects.exists():
            raise CommandError("The registry is empty: run seed_demo first.")
        if Resource.objects.exists():
            self.stdout.write("The collaboration demo is already there; nothing to do.")
            return
        counts = seed_collaboration(
            rng=random.Random(options["seed"]),
            communities=Community.objects.select_related("region").order_by("pk"),
        )
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in counts.items()))
