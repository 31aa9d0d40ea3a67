"""``iecommons backup`` / ``iecommons restore``: every row and every uploaded file comes
back in a fresh location, and a wrong or damaged file is refused with nothing changed."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from iecommons.common.backup import BackupError, backup_create, backup_restore

REPOSITORY = Path(__file__).resolve().parent.parent
SQLITE = "django.db.backends.sqlite3"

MAKE_ROWS = """
from django.core.files.base import ContentFile
from iecommons.collaboration.models import Document, DocumentVersion
from tests.factories import CommunityFactory, MembershipFactory, UserFactory
community = CommunityFactory(name="轨道交通共同体", name_en="Rail")
for _ in range(3):
    MembershipFactory(community=community)
author = UserFactory(username="wang")
document = Document.objects.create(community=community, title="章程")
version = DocumentVersion(document=document, number=1, original_name="章程.pdf",
                          content_type="application/pdf", size=11, uploaded_by=author)
version.file.save("charter.pdf", ContentFile(b"%PDF-charter"), save=True)
"""


def iecommons(*arguments: str, var: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment["IECOMMONS_VAR_DIR"] = str(var)
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "iecommons.cli", *arguments],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def every_row(database: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(database) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()  # noqa: S608
            for table in tables
        }


def every_file(media: Path) -> dict[str, bytes]:
    return {
        path.relative_to(media).as_posix(): path.read_bytes()
        for path in media.rglob("*")
        if path.is_file()
    }


def test_a_backup_restores_every_row_and_file_into_a_fresh_location(tmp_path: Path) -> None:
    original, fresh, backup = tmp_path / "original", tmp_path / "fresh", tmp_path / "b.tar.gz"
    for step in (["manage", "migrate", "-v0"], ["manage", "shell", "-c", MAKE_ROWS]):
        result = iecommons(*step, var=original)
        assert result.returncode == 0, result.stderr

    made = iecommons("backup", str(backup), var=original)
    assert made.returncode == 0, made.stderr
    assert "1 uploaded files" in made.stdout
    assert oct(backup.stat().st_mode & 0o777) == "0o600"

    restored = iecommons("restore", str(backup), var=fresh)
    assert restored.returncode == 0, restored.stderr

    rows = every_row(original / "iecommons.sqlite3")
    assert rows == every_row(fresh / "iecommons.sqlite3")
    assert len(rows["registry_membership"]) == 3
    assert [row for row in rows["registry_community"] if "轨道交通共同体" in row]
    files = every_file(original / "media")
    assert len(files) == 1
    assert list(files.values()) == [b"%PDF-charter"]
    assert every_file(fresh / "media") == files

    # The restored platform reads its rows and files like the original.
    check = iecommons(
        "manage", "shell", "-c",
        "from iecommons.collaboration.models import DocumentVersion as V; "
        "print(V.objects.get().file.read().decode())",
        var=fresh,
    )  # fmt: skip
    assert check.stdout.strip().splitlines()[-1] == "%PDF-charter", check.stderr

    again = iecommons("restore", str(backup), var=fresh)
    assert again.returncode == 1
    assert "already holds data" in again.stderr
    assert "Traceback" not in again.stderr
    replaced = iecommons("restore", "--replace", str(backup), var=fresh)
    assert replaced.returncode == 0, replaced.stderr
    assert [p.name for p in fresh.iterdir() if p.name.startswith("media.before-restore-")]


# Refusals: checked in-process on a small database made by hand.

KNOWN = {("accounts", "0001_initial")}


@pytest.fixture
def small_backup(tmp_path: Path) -> Path:
    database = tmp_path / "small.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE django_migrations (app TEXT, name TEXT)")
        connection.execute("INSERT INTO django_migrations VALUES ('accounts', '0001_initial')")
        connection.execute("CREATE TABLE things (name TEXT)")
        connection.execute("INSERT INTO things VALUES ('一'), ('二')")
    media = tmp_path / "small-media"
    (media / "docs").mkdir(parents=True)
    (media / "docs" / "a.txt").write_bytes(b"hello")
    destination = tmp_path / "small.tar.gz"
    summary = backup_create(
        destination=destination, database={"ENGINE": SQLITE, "NAME": database}, media_root=media
    )
    assert (summary.rows, summary.files) == (3, 1)
    return destination


def restore_into(tmp_path: Path, source: Path, known: set[tuple[str, str]] = KNOWN) -> Path:
    target = tmp_path / "target"
    target.mkdir(exist_ok=True)
    backup_restore(
        source=source,
        database={"ENGINE": SQLITE, "NAME": target / "db.sqlite3"},
        media_root=target / "media",
        known_migrations=known,
    )
    return target


def rewrite(source: Path, destination: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of the archive with members replaced (bytes), dropped (None) or added."""
    with tarfile.open(source) as original, tarfile.open(destination, "w:gz") as copy:
        for member in original.getmembers():
            if member.name in change:
                continue
            extracted = original.extractfile(member)
            copy.addfile(member, extracted)
        for name, data in change.items():
            if data is not None:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                copy.addfile(info, io.BytesIO(data))
    return destination


def test_a_small_backup_round_trips(tmp_path: Path, small_backup: Path) -> None:
    target = restore_into(tmp_path, small_backup)
    assert every_row(target / "db.sqlite3")["things"] == [("一",), ("二",)]
    assert every_file(target / "media") == {"docs/a.txt": b"hello"}


def assert_refused(tmp_path: Path, source: Path, reason: str, **kwargs: object) -> None:
    with pytest.raises(BackupError, match=reason):
        restore_into(tmp_path, source, **kwargs)  # type: ignore[arg-type]
    target = tmp_path / "target"
    assert not (target / "db.sqlite3").exists(), "a refused restore wrote the database"
    assert not (target / "media").exists(), "a refused restore wrote files"


def test_a_file_that_is_no_archive_is_refused(tmp_path: Path) -> None:
    garbage = tmp_path / "photo.jpg"
    garbage.write_bytes(os.urandom(4096))
    assert_refused(tmp_path, garbage, "not a readable backup archive")


def test_an_archive_without_a_manifest_is_refused(tmp_path: Path, small_backup: Path) -> None:
    other = rewrite(small_backup, tmp_path / "other.tar.gz", {"manifest.json": None})
    assert_refused(tmp_path, other, "no manifest.json")


def test_a_truncated_backup_is_refused(tmp_path: Path, small_backup: Path) -> None:
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(small_backup.read_bytes()[: small_backup.stat().st_size // 2])
    assert_refused(tmp_path, truncated, "cannot be restored")


def test_a_damaged_member_is_refused_by_its_checksum(tmp_path: Path, small_backup: Path) -> None:
    damaged = rewrite(small_backup, tmp_path / "damaged.tar.gz", {"media/docs/a.txt": b"hellO"})
    assert_refused(tmp_path, damaged, "differs from its checksum")


def test_a_member_outside_the_backup_folders_is_refused(tmp_path: Path, small_backup: Path) -> None:
    evil = rewrite(small_backup, tmp_path / "evil.tar.gz", {"../outside.txt": b"x"})
    assert_refused(tmp_path, evil, "which a backup never does")
    assert not (tmp_path / "outside.txt").exists()


def test_a_backup_from_a_newer_version_is_refused(tmp_path: Path, small_backup: Path) -> None:
    assert_refused(tmp_path, small_backup, "newer version", known=set())


def test_a_newer_backup_format_is_refused(tmp_path: Path, small_backup: Path) -> None:
    with tarfile.open(small_backup) as archive:
        extracted = archive.extractfile("manifest.json")
        assert extracted is not None
        manifest = json.load(extracted)
    manifest["format_version"] = 99
    newer = rewrite(
        small_backup, tmp_path / "newer.tar.gz", {"manifest.json": json.dumps(manifest).encode()}
    )
    assert_refused(tmp_path, newer, "format 99")


def test_a_damaged_database_is_refused(tmp_path: Path, small_backup: Path) -> None:
    with tarfile.open(small_backup) as archive:
        extracted = archive.extractfile("manifest.json")
        assert extracted is not None
        manifest = json.load(extracted)
    junk = b"SQLite format 3\x00" + os.urandom(2048)
    manifest["members"]["database.sqlite3"] = {
        "size": len(junk),
        "sha256": hashlib.sha256(junk).hexdigest(),
    }
    broken = rewrite(
        small_backup,
        tmp_path / "broken.tar.gz",
        {"database.sqlite3": junk, "manifest.json": json.dumps(manifest).encode()},
    )
    assert_refused(tmp_path, broken, "database")


def test_postgresql_is_sent_to_pg_dump(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="pg_dump"):
        backup_create(
            destination=tmp_path / "x.tar.gz",
            database={"ENGINE": "django.db.backends.postgresql", "NAME": "iec"},
            media_root=tmp_path,
        )
    assert not (tmp_path / "x.tar.gz").exists()


def test_the_command_line_names_a_missing_file(tmp_path: Path) -> None:
    result = iecommons("restore", str(tmp_path / "nothing.tar.gz"), var=tmp_path / "var")
    assert result.returncode == 1
    assert "no such file" in result.stderr
    assert shutil.which("tar")  # the archive is a plain .tar.gz, readable with tar too
