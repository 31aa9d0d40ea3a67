"""The page kit: a refused form answers 422 in every app, with an error summary and each
refusal beside its field; a missing community is 404 alike everywhere."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.fixtures import World

pytestmark = pytest.mark.django_db

# (app, who posts, URL, data that fails the form or the service, the field refused)
REFUSED_POSTS: list[tuple[str, str, Callable[[World], str], dict[str, Any], str]] = [
    (
        "registry: admit a member",
        "secretary",
        lambda w: reverse("registry:membership_admit", kwargs={"pk": w.community_a.pk}),
        {"credit_code": "123", "role": "member", "joined": "2024-03-01"},
        "credit_code",
    ),
    (
        "registry: end a membership before it starts",
        "secretary",
        lambda w: reverse(
            "registry:membership_end",
            kwargs={"pk": w.community_a.pk, "membership_pk": w.membership_a.pk},
        ),
        {"left": "2000-01-01", "confirmed": "yes"},
        "left",
    ),
    (
        "collaboration: a thread without a title",
        "representative",
        lambda w: reverse("collaboration:thread_create", args=[w.community_a.pk]),
        {"title": "", "body": "正文"},
        "title",
    ),
    (
        "collaboration: a meeting in the future",
        "secretary",
        lambda w: reverse("collaboration:meeting_create", args=[w.community_a.pk]),
        {"title": "理事会", "held_on": "2999-01-01"},
        "held_on",
    ),
    (
        "projects: a project without a title",
        "secretary",
        lambda w: reverse("projects:project_create", args=[w.community_a.pk]),
        {"title": "", "type": "joint_rd", "status": "planned", "start": "2025-01-01"},
        "title",
    ),
]


@pytest.mark.parametrize(
    ("person", "url", "data", "field"),
    [case[1:] for case in REFUSED_POSTS],
    ids=[case[0] for case in REFUSED_POSTS],
)
def test_a_refused_form_answers_422_with_a_summary_and_the_field_marked(
    world: World, person: str, url: Callable[[World], str], data: dict[str, Any], field: str
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(getattr(world, person))
    response = client.post(url(world), data)
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors[field]
    html = response.content.decode()
    assert re.search(r'class="[^"]*\berror-summary\b', html), "no error summary"
    assert f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/communities/999999/manage/",
        "/collaboration/c/999999/documents/",
        "/projects/community/999999/",
    ],
)
def test_a_missing_community_is_404_in_every_app(world: World, url: str) -> None:
    client = Client()
    client.force_login(world.supervisor)
    assert client.get(url).status_code == 404
