"""Evidence files: the allowed types and size, checked once for every upload of this app."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.common.services import refuse

#: Extension → the first bytes a genuine file of that type starts with.
ALLOWED_TYPES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "PROJECTS_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def evidence_check(upload: UploadedFile | None, *, field: str = "evidence") -> None:
    """Refuse a file of a forbidden type or size, naming ``field``; None passes."""
    if upload is None:
        return
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in ALLOWED_TYPES:
        raise refuse(
            field,
            _("Files of type “%(type)s” are not accepted: use PDF, DOCX, XLSX, PNG or JPG.")
            % {"type": extension or _("no extension")},
        )
    limit = max_bytes()
    if (upload.size or 0) > limit:
        raise refuse(
            field,
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size or 0), "limit": filesizeformat(limit)},
        )
    if not upload.size:
        raise refuse(field, _("The file is empty."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED_TYPES[extension]):
        raise refuse(
            field,
            _("The file's content is not a %(type)s file.") % {"type": extension.upper()},
        )


def evidence_store(upload: UploadedFile | None) -> str:
    """Save a checked upload under ``projects/evidence/<year>/<month>/``; its storage name."""
    if upload is None:
        return ""
    folder = timezone.now().strftime("projects/evidence/%Y/%m/")
    return default_storage.save(folder + PurePath(upload.name or "evidence").name, upload)
