"""Secrets the platform makes for itself once and keeps in a file under ``var/``.

Used before Django has read its settings (the embedded default's ``SECRET_KEY``) as well as
after (the survey anonymity secret), so it imports nothing from Django.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

#: Characters of a generated secret: 64 URL-safe characters carry 384 bits.
SECRET_BYTES = 48


def read_or_create_secret(path: Path) -> str:
    """The secret stored in ``path``; made (random, readable by its owner only) if missing.

    Safe when several processes start at once: the file is written under a temporary name
    and linked into place, so exactly one secret wins and every process reads that one.
    """
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secrets.token_urlsafe(SECRET_BYTES) + "\n")
        with contextlib.suppress(FileExistsError):  # another process was first: use its secret
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return _read(path)


def _read(path: Path) -> str:
    value = path.read_text(encoding="ascii").strip()
    if not value:
        raise ValueError(f"{path}: the secret file is empty; remove it to make a new one")
    return value
