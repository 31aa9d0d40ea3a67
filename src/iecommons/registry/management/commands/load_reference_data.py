"""``manage.py load_reference_data``: GB/T 2260 regions and the industry field taxonomy."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from iecommons.registry.regions import load_fields, load_regions


class Command(BaseCommand):
    help = "Create or update the regions (GB/T 2260) and industry fields shipped with IE Commons."

    def handle(self, *args: Any, **options: Any) -> None:
        regions = load_regions()
        fields = load_fields()
        self.stdout.write(
            f"regions: {regions.created} created, {regions.updated} updated; "
            f"industry fields: {fields.created} created, {fields.updated} updated"
        )
