"""The upload policy: a file is judged by its content, and a refusal says what it is."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from iecommons.common import uploads

PDF = b"%PDF-1.7\n" + b"0" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def refusal(policy: uploads.UploadPolicy, name: str, content: bytes, **kwargs: str) -> str:
    with pytest.raises(ValidationError) as refused:
        policy.check(SimpleUploadedFile(name, content, **kwargs), field="evidence")
    assert list(refused.value.message_dict) == ["evidence"]
    return refused.value.message_dict["evidence"][0]


def test_help_texts_are_rendered_from_the_policy(settings) -> None:  # type: ignore[no-untyped-def]
    settings.EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
    assert uploads.EVIDENCE.help_text() == "PDF, DOCX, XLSX, PNG or JPEG, at most 10 MB"
    assert uploads.MEMBER_IMPORT.accept() == ".xlsx,.csv"
    with translation.override("zh-hans"):
        assert uploads.EVIDENCE.help_text() == "PDF、DOCX、XLSX、PNG或JPEG，不超过 10 MB"


def test_a_file_is_judged_by_its_content_not_the_type_the_client_claims() -> None:
    message = refusal(
        uploads.EVIDENCE, "report.pdf", b"\x7fELF" + b"\x00" * 60, content_type="application/pdf"
    )
    assert message == (
        "“report.pdf” is a Linux executable (ELF); expected PDF, DOCX, XLSX, PNG or JPEG."
    )


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00", "a Windows executable"),
        (b"\xef\xbb\xbf  <!DOCTYPE html><p>hi", "an HTML page"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "an SVG image"),
        (b"GIF89a\x01\x00", "a GIF image"),
        (b"#!/bin/sh\nrm -rf /", "a script"),
        (b"\x00\x01\x02\x03\xff\xfe", "data of an unknown kind"),
    ],
)
def test_what_a_disguised_file_is_gets_named(content: bytes, found: str) -> None:
    assert f"is {found};" in refusal(uploads.EVIDENCE, "photo.png", content)


def test_office_files_are_told_apart_by_the_part_they_carry() -> None:
    assert uploads.identify(io.BytesIO(office("word/document.xml"))) is uploads.DOCX
    assert uploads.identify(io.BytesIO(office("xl/workbook.xml"))) is uploads.XLSX
    assert uploads.identify(io.BytesIO(office("ppt/presentation.xml"))) is uploads.PPTX
    assert "is a ZIP archive" in refusal(uploads.EVIDENCE, "evidence.docx", office("a.exe"))


def test_a_bare_zip_archive_is_never_accepted() -> None:
    for policy in uploads.POLICIES.values():
        assert "is a ZIP archive; expected" in refusal(policy, "evidence.zip", office("a.exe"))


def test_the_name_must_agree_with_the_content() -> None:
    message = refusal(uploads.EVIDENCE, "photo.png", PDF)
    assert message == "“photo.png” is a PDF document, but its name does not end in .pdf."


def test_a_good_file_passes_and_its_type_comes_from_the_content() -> None:
    checked = uploads.EVIDENCE.check(
        SimpleUploadedFile("scan.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "text/html"),
        field="evidence",
    )
    assert checked.content_type == "image/jpeg"
    csv = "名称,人数\n甲,3\n".encode("gb18030")
    assert uploads.DOCUMENTS.check(SimpleUploadedFile("名单.csv", csv), field="file") is uploads.CSV
    assert (
        uploads.DOCUMENTS.check(SimpleUploadedFile("a.txt", b"notes"), field="file") is uploads.TXT
    )


def test_empty_and_oversized_files_are_refused(settings) -> None:  # type: ignore[no-untyped-def]
    settings.EVIDENCE_MAX_BYTES = 1024
    assert refusal(uploads.EVIDENCE, "a.pdf", b"") == "“a.pdf” is empty."
    assert refusal(uploads.EVIDENCE, "a.pdf", PDF + b"0" * 2000) == (
        "“a.pdf” is 2.1 KB; at most 1 KB is accepted."
    )


def test_a_new_app_declares_its_policy_once() -> None:
    policy = uploads.UploadPolicy(
        name="test certificates",
        types=(uploads.PDF, uploads.PNG),
        size_setting="TEST_CERTIFICATE_MAX_BYTES",
        default_max_bytes=2 * uploads.MB,
    )
    try:
        assert uploads.POLICIES["test certificates"] is policy
        assert policy.help_text() == "PDF or PNG, at most 2 MB"
        field = policy.form_field(label="certificate")
        assert field.widget.attrs["accept"] == ".pdf,.png"
        assert str(field.help_text) == "PDF or PNG, at most 2 MB"
        with pytest.raises(ImproperlyConfigured):
            uploads.UploadPolicy(
                name="test certificates",
                types=(uploads.PDF,),
                size_setting="X",
                default_max_bytes=1,
            )
    finally:
        del uploads.POLICIES["test certificates"]
