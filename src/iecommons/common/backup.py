"""Backup and restore of the embedded default: the SQLite database and the uploaded files.

A backup is one gzipped tar file:

- ``database.sqlite3``: a consistent copy made with SQLite's online backup API, so the
  platform may keep serving (and writing) while it is taken;
- ``media/...``: every uploaded file, copied after the database, so that every file the
  copied rows name is there;
- ``manifest.json`` (last): the format and its version, when and from which migrations it
  was made, and the size and SHA-256 of every other member.

A restore checks everything before it touches anything: a file that is not such an
archive, a manifest of another format or a newer version, a member that is missing, extra,
not a plain file, outside the archive's own folders or whose checksum differs, a database
that SQLite finds damaged, or migrations this version of the platform does not know, is
refused with the reason. It then copies the database in with the same backup API and moves
the files into place. It refuses to overwrite a database that already holds data unless
asked to (``replace``); the uploads it replaces are kept aside, never deleted.

PostgreSQL is backed up with its own tools (``pg_dump``/``pg_restore``, see the README).
The local secrets (``var/secrets/``) are deliberately not included.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import os
import sqlite3
import tarfile
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

FORMAT = "iecommons-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.sqlite3"
MEDIA = "media"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    tables: int
    rows: int
    files: int
    size: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sqlite_path(database: Mapping[str, Any]) -> Path:
    if database.get("ENGINE") != "django.db.backends.sqlite3":
        raise BackupError(
            "The database is not the embedded SQLite: back up PostgreSQL with pg_dump and "
            "restore it with pg_restore (see the README, section Backup and restore)."
        )
    return Path(str(database["NAME"]))


def _media_files(media_root: Path) -> Iterator[tuple[Path, str]]:
    if not media_root.is_dir():
        return
    for path in sorted(media_root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, path.relative_to(media_root).as_posix()


def _table_counts(connection: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
        for name in names
    }


def _applied_migrations(connection: sqlite3.Connection) -> list[list[str]]:
    try:
        rows = connection.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    except sqlite3.DatabaseError:
        return []
    return [[app, name] for app, name in rows]


def backup_create(
    *,
    destination: Path,
    database: Mapping[str, Any],
    media_root: Path,
    live_connection: sqlite3.Connection | None = None,
) -> BackupSummary:
    """Write a backup of ``database`` (a Django ``DATABASES`` entry) and ``media_root``.

    ``live_connection``: an open connection to copy from (the test suite's in-memory
    database); by default the file the settings name is opened.
    """
    source_path = _sqlite_path(database)
    if live_connection is None and not source_path.exists():
        raise BackupError(f"There is no database at {source_path} to back up.")
    destination = destination.resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".backup-") as work:
        copy_path = Path(work) / DATABASE
        with contextlib.closing(sqlite3.connect(copy_path)) as copy:
            if live_connection is not None:
                live_connection.backup(copy)
            else:
                with contextlib.closing(sqlite3.connect(source_path)) as source:
                    source.backup(copy)
            counts = _table_counts(copy)
            migrations = _applied_migrations(copy)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "migrations": migrations,
            "tables": counts,
            "members": {DATABASE: {"size": copy_path.stat().st_size, "sha256": _sha256(copy_path)}},
        }
        partial = Path(work) / "backup.tar.gz"
        with tarfile.open(partial, "w:gz", compresslevel=1) as archive:
            archive.add(copy_path, arcname=DATABASE, recursive=False)
            files = 0
            for path, relative in _media_files(media_root):
                name = f"{MEDIA}/{relative}"
                # Hashed from the very bytes written into the archive.
                data = path.read_bytes()
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mtime = int(path.stat().st_mtime)
                info.mode = 0o644
                archive.addfile(info, io.BytesIO(data))
                manifest["members"][name] = {
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
                files += 1
            encoded = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(encoded)
            info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
            archive.addfile(info, io.BytesIO(encoded))
        # It holds password hashes: readable by its owner only, and complete or absent.
        partial.chmod(0o600)
        os.replace(partial, destination)
    return BackupSummary(
        path=destination,
        tables=len(counts),
        rows=sum(counts.values()),
        files=files,
        size=destination.stat().st_size,
    )


def _refuse(source: Path, reason: str) -> BackupError:
    return BackupError(f"{source} cannot be restored: {reason}")


def _read_manifest(source: Path, archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
        extracted = archive.extractfile(member)
        manifest = json.loads(extracted.read() if extracted else b"")
    except KeyError:
        raise _refuse(source, f"it has no {MANIFEST}, so it is not an IE Commons backup") from None
    except (ValueError, UnicodeDecodeError):
        raise _refuse(source, f"its {MANIFEST} is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(source, f"its {MANIFEST} is not that of an IE Commons backup")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise _refuse(
            source,
            f"it is in backup format {version!r}; this version of IE Commons reads format "
            f"{FORMAT_VERSION} and older: restore it with the version that made it",
        )
    if not isinstance(manifest.get("members"), dict) or DATABASE not in manifest["members"]:
        raise _refuse(source, f"its {MANIFEST} does not list the database")
    return manifest


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and (name == DATABASE or (len(path.parts) > 1 and path.parts[0] == MEDIA))
    )


def _extract_checked(
    source: Path, archive: tarfile.TarFile, manifest: dict[str, Any], staging: Path
) -> None:
    expected: dict[str, dict[str, Any]] = manifest["members"]
    seen: set[str] = set()
    for member in archive.getmembers():
        if member.name == MANIFEST:
            continue
        if not member.isfile() or not _safe_member_name(member.name):
            raise _refuse(source, f"it holds {member.name!r}, which a backup never does")
        if member.name not in expected or member.name in seen:
            raise _refuse(source, f"{member.name!r} is not listed once in its manifest")
        seen.add(member.name)
        target = staging / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        extracted = archive.extractfile(member)
        assert extracted is not None  # a regular file, checked above
        digest = hashlib.sha256()
        with target.open("wb") as out:
            while chunk := extracted.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
        listed = expected[member.name]
        if digest.hexdigest() != listed.get("sha256") or member.size != listed.get("size"):
            raise _refuse(source, f"{member.name!r} differs from its checksum: the file is damaged")
    missing = sorted(set(expected) - seen)
    if missing:
        raise _refuse(source, f"it lacks {', '.join(missing[:3])}: the file is incomplete")


def _check_database(source: Path, path: Path, known_migrations: set[tuple[str, str]]) -> None:
    try:
        read_only = path.resolve().as_uri() + "?mode=ro"
        with contextlib.closing(sqlite3.connect(read_only, uri=True)) as database:
            result = database.execute("PRAGMA integrity_check").fetchone()[0]
            applied = _applied_migrations(database)
    except sqlite3.DatabaseError as error:
        raise _refuse(source, f"its database is not a readable SQLite file ({error})") from None
    if result != "ok":
        raise _refuse(source, f"SQLite finds its database damaged ({result})")
    if not applied:
        raise _refuse(source, "its database is not an IE Commons database")
    unknown = [f"{app}.{name}" for app, name in applied if (app, name) not in known_migrations]
    if unknown:
        raise _refuse(
            source,
            "it was made by a newer version of IE Commons (migrations "
            f"{', '.join(unknown[:3])} are unknown here): upgrade first",
        )


def _holds_data(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    with contextlib.closing(sqlite3.connect(path)) as database:
        return bool(_applied_migrations(database))


def backup_restore(
    *,
    source: Path,
    database: Mapping[str, Any],
    media_root: Path,
    known_migrations: set[tuple[str, str]],
    replace: bool = False,
) -> BackupSummary:
    """Restore ``source`` into ``database`` and ``media_root``, or refuse and change nothing.

    ``known_migrations``: ``(app, name)`` of every migration this code has; a backup that
    applied others comes from a newer version and is refused.
    """
    target = _sqlite_path(database)
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    if _holds_data(target) and not replace:
        raise BackupError(
            f"The database {target} already holds data; restoring would overwrite it. "
            "Restore into an empty location, or pass --replace."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as work:
        staging = Path(work)
        try:
            with tarfile.open(source, "r:*") as archive:
                manifest = _read_manifest(source, archive)
                _extract_checked(source, archive, manifest, staging)
        except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
            raise _refuse(source, f"it is not a readable backup archive ({error})") from None
        staged_database = staging / DATABASE
        _check_database(source, staged_database, known_migrations)

        # Everything is checked: now the database, in one step for any reader...
        with (
            contextlib.closing(sqlite3.connect(staged_database)) as restored,
            contextlib.closing(sqlite3.connect(target)) as live,
        ):
            restored.backup(live)
            counts = _table_counts(live)
        # ...then the uploads, the old ones kept aside.
        staged_media = staging / MEDIA
        staged_media.mkdir(exist_ok=True)
        if media_root.exists():
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S")
            media_root.rename(media_root.with_name(f"{media_root.name}.before-restore-{stamp}"))
        staged_media.rename(media_root)
        files = sum(1 for name in manifest["members"] if name.startswith(f"{MEDIA}/"))
    return BackupSummary(
        path=source,
        tables=len(counts),
        rows=sum(counts.values()),
        files=files,
        size=source.stat().st_size,
    )
