"""``manage.py seed_policy``: the policy demo (run after ``seed_demo`` made the registry and
``seed_assessment`` published the grades the eligibility of some programmes reads)."""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iecommons.accounts.models import User
from iecommons.policy.demo import Actors, seed_policy
from iecommons.policy.models import IncentiveProgramme


class Command(BaseCommand):
    help = (
        "Seed the demo certified enterprises with investment histories, a national and two "
        "provincial incentive programmes with applications in every state and a ledger with "
        "a lapse, and two policy-lab scenarios (deterministic)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2025, help="random seed")

    def handle(self, *args: Any, **options: Any) -> None:
        if IncentiveProgramme.objects.exists():
            self.stdout.write("Policy data already seeded; nothing to do.")
            return
        # The demo's own accounts: its operator, the national and the Jiangsu supervisor.
        by_name = {
            user.username: user
            for user in User.objects.filter(username__in=["admin", "supervisor", "supervisor_js"])
        }
        operator = by_name.get("admin")
        if operator is None:
            raise CommandError("The policy demo needs the demo accounts: run seed_demo first.")
        actors = Actors(
            operator=operator,
            national=by_name.get("supervisor", operator),
            first_province=by_name.get("supervisor_js", operator),
        )
        started = time.perf_counter()
        counts = seed_policy(rng=random.Random(options["seed"]), actors=actors)
        self.stdout.write(
            ", ".join(f"{count} {name}" for name, count in counts.items())
            + f" in {time.perf_counter() - started:.1f} s"
        )
