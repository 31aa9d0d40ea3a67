"""The collaboration models in the Django admin: list, search and add form open."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = [
    "collaborationsettings",
    "resource",
    "booking",
    "announcement",
    "thread",
    "document",
    "meeting",
]


@pytest.mark.parametrize("model", MODELS)
def test_an_operator_opens_the_list_search_and_add_form(client, collab, model):
    client.force_login(collab.world.operator)
    url = reverse(f"admin:collaboration_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "数控"}).status_code == 200
    assert client.get(reverse(f"admin:collaboration_{model}_add")).status_code == 200
