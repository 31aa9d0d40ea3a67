"""The Django admin: an operator can open the list, the search and the form of every model."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from iecommons.accounts.models import ApiToken
from iecommons.common.models import AuditEntry

pytestmark = pytest.mark.django_db

MODELS = [
    "registry.region",
    "registry.field",
    "registry.organization",
    "registry.community",
    "registry.membership",
    "registry.person",
    "registry.councilseat",
    "accounts.user",
    "accounts.roleassignment",
    "accounts.apitoken",
    "accounts.invitation",
    "common.auditentry",
    "common.notification",
    "talent.talentneed",
    "talent.technologyneed",
    "talent.coreproduct",
    "talent.course",
    "talent.teacher",
    "talent.enterprisementor",
    "talent.cohort",
    "talent.collegemajor",
    "talent.student",
    "talent.studentaccess",
    "talent.placementround",
    "talent.internshipposition",
    "talent.application",
    "talent.placement",
]


def test_every_model_of_ours_is_in_the_admin():
    registered = {
        f"{model._meta.app_label}.{model._meta.model_name}" for model in admin.site._registry
    }
    assert set(MODELS) <= registered


@pytest.mark.parametrize("model", MODELS)
def test_an_operator_opens_the_list_and_searches_every_model(client, world, model):
    client.force_login(world.operator)
    app_label, model_name = model.split(".")
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "常州"}).status_code == 200


@pytest.mark.parametrize(
    "model",
    [
        m
        for m in MODELS
        if m not in ("accounts.apitoken", "common.auditentry", "talent.studentaccess")
    ],
)
def test_an_operator_opens_the_add_form_of_every_editable_model(client, world, model):
    client.force_login(world.operator)
    app_label, model_name = model.split(".")
    assert client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 200


def test_the_audit_trail_and_token_hashes_cannot_be_changed_in_the_admin(client, world):
    from iecommons.registry import services

    services.organization_update(
        actor=world.representative, organization=world.member_a, address="x"
    )
    entry = AuditEntry.objects.get()
    assert admin.site._registry[AuditEntry].has_change_permission(None, entry) is False  # type: ignore[arg-type]
    assert "key_hash" in admin.site._registry[ApiToken].readonly_fields


def test_a_membership_form_picks_organisations_by_autocomplete_not_a_full_list(client, world):
    client.force_login(world.operator)
    membership = world.membership_a
    response = client.get(reverse("admin:registry_membership_change", args=[membership.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "admin-autocomplete" in content
    assert world.member_b.name not in content


def test_an_operator_finds_a_notification_by_its_recipient(client, world):
    from iecommons.common.models import Notification

    Notification.objects.create(recipient=world.secretary, subject="新成员待审核")
    Notification.objects.create(recipient=world.stranger, subject="账户已开通")
    client.force_login(world.operator)
    url = reverse("admin:common_notification_changelist")
    content = client.get(url, {"q": "secretary"}).content.decode()
    assert "新成员待审核" in content
    assert "账户已开通" not in content
    form = client.get(reverse("admin:common_notification_add")).content.decode()
    assert 'class="vForeignKeyRawIdAdminField"' in form


def test_a_correction_in_the_admin_reaches_the_cached_public_page_at_once(client, world):
    """The admin writes past the audit trail; the page kept per data version must not go
    on showing the field's old name."""
    community = world.community_a
    page = reverse("registry:community_detail", args=[community.pk])
    field = community.field
    assert field.name_zh in client.get(page).content.decode()  # now kept in the cache
    client.force_login(world.operator)
    change = reverse("admin:registry_field_change", args=[field.pk])
    answer = client.post(
        change,
        {"code": field.code, "name_zh": "轨道交通装备（更正）", "name_en": field.name_en,
         "parent": "", "order": field.order},
    )  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()[:2000]
    client.logout()
    content = client.get(page).content.decode()
    assert "轨道交通装备（更正）" in content
