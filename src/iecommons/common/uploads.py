"""The upload policy: what may be uploaded where, checked in one place.

A :class:`UploadPolicy` names one use (evidence, documents, rectification evidence, member
imports, …), the file types it accepts and the Django setting that holds its size limit.
:meth:`UploadPolicy.check` is the only judge of an uploaded file. It reads the file's first
bytes and identifies what the file *is* (a PDF, an executable, an HTML page, …); the
client's ``Content-Type`` is never read, and the name's extension only has to agree with
the content. A refusal names the form field, the type found and the types expected.

Office files are ZIP archives; they are told apart by the part every genuine one carries
(``word/document.xml``, ``xl/workbook.xml``, ``ppt/presentation.xml``), read from the
archive's directory without decompressing anything. A bare ZIP archive is never accepted:
its content could be anything.

A new app declares its own use once, at import time of its module::

    CERTIFICATES = UploadPolicy(
        name="certificates", types=(PDF, JPEG), size_setting="CERTIFICATE_MAX_BYTES",
        default_max_bytes=5 * MB,
    )

and calls ``CERTIFICATES.check(upload, field="certificate")`` in its service and
``CERTIFICATES.form_field(...)`` in its form. Every declared policy is in :data:`POLICIES`,
so the tests prove each one refuses disguised executables and markup.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from iecommons.common.services import refuse

MB = 1024 * 1024
#: How much of a file is read to identify it.
HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileType:
    """A kind of file, as its content shows it.

    ``signatures`` are the first bytes every genuine file of the type starts with;
    ``zip_part`` is the part an Office file's ZIP archive must contain; ``text`` marks a
    type recognised by being text (no NUL byte, decodes as UTF-8 or GB18030, no markup).
    A type without ``extensions`` is only ever *found*, never accepted.
    """

    key: str
    label: Any  # str or a lazy translation: how a list of accepted types names it
    description: Any  # how a refusal names what was found: "a PDF document"
    content_type: str = "application/octet-stream"
    extensions: tuple[str, ...] = ()
    signatures: tuple[bytes, ...] = ()
    zip_part: str = ""
    text: bool = False


_ZIP_SIGNATURE = b"PK\x03\x04"
_OOXML = "application/vnd.openxmlformats-officedocument."

PDF = FileType(
    "pdf", "PDF", gettext_lazy("a PDF document"), "application/pdf", ("pdf",), (b"%PDF-",)
)
PNG = FileType(
    "png", "PNG", gettext_lazy("a PNG image"), "image/png", ("png",), (b"\x89PNG\r\n\x1a\n",)
)
JPEG = FileType(
    "jpeg", "JPEG", gettext_lazy("a JPEG image"), "image/jpeg", ("jpg", "jpeg"), (b"\xff\xd8\xff",)
)
DOCX = FileType(
    "docx",
    "DOCX",
    gettext_lazy("a Word document (DOCX)"),
    _OOXML + "wordprocessingml.document",
    ("docx",),
    (_ZIP_SIGNATURE,),
    zip_part="word/document.xml",
)
XLSX = FileType(
    "xlsx",
    "XLSX",
    gettext_lazy("an Excel workbook (XLSX)"),
    _OOXML + "spreadsheetml.sheet",
    ("xlsx",),
    (_ZIP_SIGNATURE,),
    zip_part="xl/workbook.xml",
)
PPTX = FileType(
    "pptx",
    "PPTX",
    gettext_lazy("a PowerPoint presentation (PPTX)"),
    _OOXML + "presentationml.presentation",
    ("pptx",),
    (_ZIP_SIGNATURE,),
    zip_part="ppt/presentation.xml",
)
TXT = FileType(
    "txt",
    pgettext_lazy("file type", "text"),
    gettext_lazy("plain text"),
    "text/plain",
    ("txt",),
    text=True,
)
CSV = FileType("csv", "CSV", gettext_lazy("plain text"), "text/csv", ("csv",), text=True)

# Found, never accepted: what a disguised file most often turns out to be.
_ELF = FileType("elf", "ELF", gettext_lazy("a Linux executable (ELF)"), signatures=(b"\x7fELF",))
_MZ = FileType("mz", "EXE", gettext_lazy("a Windows executable"), signatures=(b"MZ",))
_MACHO = FileType(
    "macho",
    "Mach-O",
    gettext_lazy("a macOS executable"),
    signatures=(b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe"),
)
_SCRIPT = FileType("script", "script", gettext_lazy("a script"), signatures=(b"#!",))
_GIF = FileType("gif", "GIF", gettext_lazy("a GIF image"), signatures=(b"GIF87a", b"GIF89a"))
_ZIP = FileType("zip", "ZIP", gettext_lazy("a ZIP archive"), signatures=(_ZIP_SIGNATURE,))
_HTML = FileType("html", "HTML", gettext_lazy("an HTML page"))
_SVG = FileType("svg", "SVG", gettext_lazy("an SVG image"))
_XML = FileType("xml", "XML", gettext_lazy("an XML document"))
_UNKNOWN = FileType("unknown", "?", gettext_lazy("data of an unknown kind"))

_BINARY_TYPES = (PDF, PNG, JPEG, _GIF, _ELF, _MZ, _MACHO, _SCRIPT)
_OFFICE_TYPES = (DOCX, XLSX, PPTX)
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe")


def _markup(head: bytes) -> FileType | None:
    """HTML, SVG or other XML, however the text begins (BOM, blanks, comments)."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith(_HTML_STARTS):
        return _HTML
    if b"<svg" in text[:HEAD_BYTES]:
        return _SVG
    if text.startswith((b"<?xml", b"<!--", b"<!doctype")):
        return _HTML if b"<html" in text else _XML
    return None


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the head is still text.
            if error.start >= len(head) - 4:
                return True
            continue
        return True
    return False


def _office_type(upload: IO[bytes]) -> FileType:
    """Which Office file a ZIP archive is, by the part it carries; a bare archive otherwise."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return _UNKNOWN
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names:
        for office in _OFFICE_TYPES:
            if office.zip_part in names:
                return office
    return _ZIP


def identify(upload: IO[bytes]) -> FileType:
    """What the file is, by its content alone (the first bytes, an archive's directory)."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if head.startswith(_ZIP_SIGNATURE):
        return _office_type(upload)
    for file_type in _BINARY_TYPES:
        if head.startswith(file_type.signatures):
            # "MZ" also starts ordinary text; a Windows executable has NUL bytes at once.
            if file_type is _MZ and b"\x00" not in head[:64]:
                continue
            return file_type
    markup = _markup(head)
    if markup is not None:
        return markup
    if _is_text(head):
        return TXT
    return _UNKNOWN


def _extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def human_size(size: int) -> str:
    """``10 MB``, ``1.5 MB``, ``512 KB``: sizes as a person reads them in help texts."""
    if size >= MB:
        value, unit = size / MB, "MB"
    elif size >= 1024:
        value, unit = size / 1024, "KB"
    else:
        return _("%(count)d bytes") % {"count": size}
    return f"{value:.1f}".removesuffix(".0") + " " + unit


def join_or(items: Sequence[str]) -> str:
    """``PDF, PNG or JPEG`` in the active language."""
    if len(items) <= 1:
        return "".join(items)
    separator = pgettext("list separator", ", ")
    return _("%(first)s or %(last)s") % {"first": separator.join(items[:-1]), "last": items[-1]}


#: Every declared policy by name; :class:`UploadPolicy` adds itself.
POLICIES: dict[str, UploadPolicy] = {}


@dataclass(frozen=True)
class UploadPolicy:
    """What one use accepts: the types, and the setting holding the size limit in bytes."""

    name: str
    types: tuple[FileType, ...]
    size_setting: str
    default_max_bytes: int

    def __post_init__(self) -> None:
        if self.name in POLICIES:
            raise ImproperlyConfigured(f"An upload policy named {self.name!r} already exists.")
        if not self.types or any(not file_type.extensions for file_type in self.types):
            raise ImproperlyConfigured(f"Upload policy {self.name!r}: accept named types only.")
        POLICIES[self.name] = self

    def max_bytes(self) -> int:
        return int(getattr(settings, self.size_setting, self.default_max_bytes))

    def type_labels(self) -> str:
        return join_or([str(file_type.label) for file_type in self.types])

    def help_text(self) -> str:
        """``PDF, PNG or JPEG, at most 10 MB``."""
        return _("%(types)s, at most %(size)s") % {
            "types": self.type_labels(),
            "size": human_size(self.max_bytes()),
        }

    def accept(self) -> str:
        """The ``accept`` attribute of a file input: ``.pdf,.png,.jpg,.jpeg``."""
        return ",".join("." + extension for t in self.types for extension in t.extensions)

    def check(self, upload: Any, *, field: str) -> FileType:
        """The accepted type of ``upload``, or a refusal on ``field`` saying what is wrong."""
        name = PurePath(getattr(upload, "name", "") or "").name
        size = upload.size or 0
        if size == 0:
            raise refuse(field, _("“%(name)s” is empty.") % {"name": name})
        limit = self.max_bytes()
        if size > limit:
            raise refuse(
                field,
                _("“%(name)s” is %(size)s; at most %(limit)s is accepted.")
                % {"name": name, "size": human_size(size), "limit": human_size(limit)},
            )
        found = identify(upload)
        extension = _extension(name)
        if found.text:
            # Text types differ only by their name: a .csv is CSV, a .txt is text.
            found = next((t for t in self.types if t.text and extension in t.extensions), found)
        if found not in self.types:
            raise refuse(
                field,
                _("“%(name)s” is %(found)s; expected %(expected)s.")
                % {"name": name, "found": found.description, "expected": self.type_labels()},
            )
        if extension not in found.extensions:
            raise refuse(
                field,
                _("“%(name)s” is %(found)s, but its name does not end in .%(extension)s.")
                % {"name": name, "found": found.description, "extension": found.extensions[0]},
            )
        return found

    def form_field(self, **kwargs: Any) -> forms.FileField:
        """A file field whose help text and ``accept`` attribute come from this policy."""
        kwargs.setdefault("help_text", lazy(self.help_text, str)())
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": self.accept()}))
        return forms.FileField(**kwargs)


EVIDENCE = UploadPolicy(
    name="evidence",
    types=(PDF, DOCX, XLSX, PNG, JPEG),
    size_setting="EVIDENCE_MAX_BYTES",
    default_max_bytes=10 * MB,
)
DOCUMENTS = UploadPolicy(
    name="documents",
    types=(PDF, DOCX, XLSX, PPTX, PNG, JPEG, TXT, CSV),
    size_setting="DOCUMENT_MAX_BYTES",
    default_max_bytes=20 * MB,
)
RECTIFICATION_EVIDENCE = UploadPolicy(
    name="rectification evidence",
    types=(PDF, DOCX, XLSX, PNG, JPEG),
    size_setting="RECTIFICATION_EVIDENCE_MAX_BYTES",
    default_max_bytes=10 * MB,
)
MEMBER_IMPORT = UploadPolicy(
    name="member import",
    types=(XLSX, CSV),
    size_setting="IMPORT_MAX_BYTES",
    default_max_bytes=5 * MB,
)
