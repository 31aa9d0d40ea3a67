"""``manage.py load_default_framework``: create the default indicator framework once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from iecommons.assessment.services.frameworks import default_framework_load


class Command(BaseCommand):
    help = "Create the default indicator framework (six dimensions) unless it exists."

    def handle(self, *args: Any, **options: Any) -> None:
        framework = default_framework_load()
        leaves = framework.indicators.filter(parent__isnull=False).count()
        self.stdout.write(f"{framework} (id {framework.pk}): {leaves} indicators")
