"""Secrets the platform generates once for its own purposes, apart from ``SECRET_KEY``.

``SECRET_KEY`` signs sessions and links and may be rotated or, on a careless install, be
known; a secret that protects people's anonymity must be neither. Each lives in a file of
its own under ``var/secrets/`` (shared by every app process, like the uploads), is made on
first use, is not in the database (a database reader cannot use it) and not in backups.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings

from iecommons.common.secret_files import read_or_create_secret


def survey_anonymity_key() -> bytes:
    """The HMAC key of survey respondent tokens."""
    return _secret_at(Path(settings.SURVEY_SECRET_FILE)).encode()


@functools.cache
def _secret_at(path: Path) -> str:
    return read_or_create_secret(path)
