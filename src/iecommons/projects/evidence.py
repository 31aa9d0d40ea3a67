"""Where this app keeps evidence files; what may be uploaded is ``common.uploads.EVIDENCE``."""

from __future__ import annotations

from pathlib import PurePath

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from iecommons.common.uploads import EVIDENCE


def evidence_check(upload: UploadedFile | None, *, field: str = "evidence") -> None:
    """Refuse a file the evidence policy does not accept, naming ``field``; None passes."""
    if upload is not None:
        EVIDENCE.check(upload, field=field)


def evidence_store(upload: UploadedFile | None) -> str:
    """Save a checked upload under ``projects/evidence/<year>/<month>/``; its storage name."""
    if upload is None:
        return ""
    folder = timezone.now().strftime("projects/evidence/%Y/%m/")
    return default_storage.save(folder + PurePath(upload.name or "evidence").name, upload)
