"""``restore FILE``: put a backup made by ``backup`` back, after checking all of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from iecommons.common.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the embedded SQLite database and the "
        "uploads directory. Everything is checked first; a bad file changes nothing."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup to restore")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite a database that already holds data (the old uploads are kept aside)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The migrations this code has, read from disk (no database query).
        known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
        connections.close_all()
        try:
            summary = backup_restore(
                source=options["file"],
                database=settings.DATABASES["default"],
                media_root=Path(settings.MEDIA_ROOT),
                known_migrations=known,
                replace=options["replace"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {summary.rows} rows in {summary.tables} tables and {summary.files} "
            f"uploaded files from {summary.path}. `iecommons run` (or `iecommons manage "
            "migrate`) brings an older backup up to this version."
        )
