"""Supporting documents of an application: attached by the applicant through the upload
policy while undecided, read by the applicant and the programme's supervisors only."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from iecommons.policy.models import Application, ApplicationDocument
from iecommons.policy.services import programmes as services
from tests.policy.conftest import AMOUNT, TODAY

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def application(programmes) -> Application:
    world = programmes.world
    return services.application_submit(
        actor=world.representative,
        programme=programmes.jiangsu,
        organization=world.member_a,
        community=world.community_a,
        amount_requested=AMOUNT,
        purpose="共建实训基地",
        today=TODAY,
    )


def attach(client, user, application, name="预算表.pdf", content=PDF, title="项目预算"):
    client.logout()
    client.force_login(user)
    return client.post(
        f"/policy/applications/{application.pk}/documents",
        {"title": title, "file": SimpleUploadedFile(name, content)},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_the_applicant_attaches_a_document_that_the_reviewers_read(client, programmes, application):
    world = programmes.world
    response = attach(client, world.representative, application)
    assert response.status_code == 302
    document = ApplicationDocument.objects.get()
    assert (document.title, document.content_type) == ("项目预算", "application/pdf")
    page = client.get(f"/policy/applications/{application.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "项目预算" in page.content.decode()
    url = f"/policy/application-documents/{document.pk}"
    for reader in (world.representative, world.provincial_supervisor, world.supervisor):
        client.force_login(reader)
        assert client.get(url).status_code == 200
    for outsider in (world.guangdong_supervisor, world.outsider, world.stranger):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_a_disguised_file_is_refused_naming_the_field_and_nothing_is_stored(
    client, programmes, application, tmp_path
):
    response = attach(client, programmes.world.representative, application, content=ELF)
    assert response.status_code == 422
    assert "Linux executable" in response.content.decode()
    assert not ApplicationDocument.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_only_the_applicant_attaches_and_only_while_undecided(client, programmes, application):
    world = programmes.world
    assert attach(client, world.provincial_supervisor, application).status_code == 403
    assert attach(client, world.guangdong_supervisor, application).status_code == 404
    services.application_withdraw(actor=world.representative, application=application)
    response = attach(client, world.representative, application)
    assert response.status_code == 422
    assert "undecided" in response.content.decode()
    assert not ApplicationDocument.objects.exists()
