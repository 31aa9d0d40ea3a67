"""``backup FILE``: the embedded SQLite database and the uploaded files, in one file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from iecommons.common.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the embedded SQLite database and the uploads into FILE (a .tar.gz)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="where to write the backup")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_create(
                destination=options["file"],
                database=settings.DATABASES["default"],
                media_root=Path(settings.MEDIA_ROOT),
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up {summary.rows} rows in {summary.tables} tables and {summary.files} "
            f"uploaded files into {summary.path} ({summary.size / 1e6:.1f} MB)."
        )
