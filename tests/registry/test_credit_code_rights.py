"""The credit code identifies an organisation in law: its representative may not change it;
the secretariat of its community or a supervisor may, and the change is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from iecommons.common.models import AuditEntry
from iecommons.registry import services
from tests.factories import valid_credit_code

pytestmark = pytest.mark.django_db


def test_a_representative_cannot_change_its_own_credit_code(world):
    original = world.member_a.credit_code
    with pytest.raises(ValidationError) as refused:
        services.organization_update(
            actor=world.representative,
            organization=world.member_a,
            credit_code=valid_credit_code(777001),
        )
    assert "credit_code" in refused.value.message_dict
    world.member_a.refresh_from_db()
    assert world.member_a.credit_code == original


def test_the_representative_still_keeps_the_rest_of_its_profile(world):
    services.organization_update(
        actor=world.representative,
        organization=world.member_a,
        name="新名称有限公司",
        credit_code=world.member_a.credit_code,
    )
    world.member_a.refresh_from_db()
    assert world.member_a.name == "新名称有限公司"


def test_the_edit_page_shows_the_code_as_fixed_to_the_representative(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.representative)
    page = client.get(reverse("registry:organization_edit", args=[world.member_a.pk]))
    assert "Only the community&#x27;s secretariat or a supervisor" in page.content.decode()


@pytest.mark.parametrize("person", ["secretary", "provincial_supervisor"])
def test_the_secretariat_or_a_supervisor_corrects_it_audited(world, person):
    new_code = valid_credit_code(777002)
    services.organization_update(
        actor=getattr(world, person), organization=world.member_a, credit_code=new_code
    )
    world.member_a.refresh_from_db()
    assert world.member_a.credit_code == new_code
    entry = AuditEntry.objects.filter(operation="organization_update").latest("id")
    assert entry.changes["credit_code"][1] == new_code
    assert entry.actor == getattr(world, person)
