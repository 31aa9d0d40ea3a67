"""Document uploads: allowed types and sizes, versions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from iecommons.collaboration import services
from iecommons.collaboration.models import Document, DocumentVersion

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n" + b"0" * 100


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(world, name, content, **kwargs):
    values = {
        "actor": world.representative,
        "community": world.community_a,
        "file": SimpleUploadedFile(name, content),
        "title": "共同体章程",
    }
    values.update(kwargs)
    return services.document_upload(**values)


def test_a_member_uploads_a_document_and_a_new_version(world):
    first = upload(world, "章程.pdf", PDF)
    second = upload(world, "章程-修订.pdf", PDF + b"1", document=first.document, note="修订")
    assert (first.number, second.number) == (1, 2)
    assert Document.objects.get().version_count == 2
    assert second.original_name == "章程-修订.pdf"
    assert second.file.name.endswith("/v2.pdf")


def test_a_forbidden_file_type_is_refused_and_nothing_is_written(world):
    with pytest.raises(ValidationError) as error:
        upload(world, "tool.exe", b"MZ" + b"0" * 100)
    assert "exe" in error.value.message_dict["file"][0]
    assert not Document.objects.exists()


def test_a_file_over_the_size_limit_is_refused(world, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        upload(world, "big.pdf", PDF + b"0" * 2000)
    assert "at most 1 KB" in error.value.message_dict["file"][0]
    assert not DocumentVersion.objects.exists()


def test_a_file_whose_content_does_not_match_its_type_is_refused(world):
    with pytest.raises(ValidationError) as error:
        upload(world, "fake.pdf", b"<html>not a pdf</html>")
    assert "file" in error.value.message_dict


def test_a_second_document_with_the_same_title_is_refused(world):
    upload(world, "a.txt", "甲".encode())
    with pytest.raises(ValidationError) as error:
        upload(world, "b.txt", "乙".encode())
    assert "title" in error.value.message_dict


def test_a_member_of_another_community_cannot_upload(world):
    with pytest.raises(PermissionDenied):
        upload(world, "a.txt", b"x", actor=world.outsider)
