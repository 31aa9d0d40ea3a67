"""``manage.py compute_dashboards``: compute and store every jurisdiction's dashboard figures
now (the nation, each province, each city), as the nightly job does."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from iecommons.oversight.dashboards.services import dashboards_compute_all


class Command(BaseCommand):
    help = "Compute and store the dashboard figures of the nation, every province and city."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        count = dashboards_compute_all()
        self.stdout.write(
            f"{count} jurisdictions' figures computed in {time.perf_counter() - started:.1f} s"
        )
