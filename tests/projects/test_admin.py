"""The admin of joint projects: an operator opens every list; allocations stay read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = [
    "project",
    "participant",
    "contribution",
    "milestone",
    "outcome",
    "benefitallocation",
    "commitment",
    "commitmentfulfilment",
    "projectcomment",
]


@pytest.mark.parametrize("model", MODELS)
def test_an_operator_opens_and_searches_the_list_of_every_project_model(client, projects, model):
    client.force_login(projects.world.operator)
    url = reverse(f"admin:projects_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "常州"}).status_code == 200


def test_allocations_cannot_be_added_in_the_admin(client, projects):
    client.force_login(projects.world.operator)
    assert client.get(reverse("admin:projects_benefitallocation_add")).status_code == 403
