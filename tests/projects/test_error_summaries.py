"""Every project form refused comes back with the kit's error summary naming the field, as
the registry's forms do: "Title: This field is required.", linked to the field. Marking a
milestone reached with no date used to redirect silently, as if it had worked."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from iecommons.projects.models import Milestone
from tests.projects.conftest import Projects

pytestmark = pytest.mark.django_db


def _summary(html: str) -> str:
    match = re.search(r'<div class="alert alert-danger error-summary".*?</ul>', html, re.S)
    assert match, "no error summary"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(0)))


def _milestone(projects: Projects) -> Milestone:
    return Milestone.objects.create(
        project=projects.project, title="样机交付", due=datetime.date(2025, 6, 30)
    )


# (form, URL, data refused, what the summary says)
CASES: list[tuple[str, Callable[[Projects], str], dict[str, Any], str]] = [
    (
        "project",
        lambda p: reverse("projects:project_create", args=[p.world.community_a.pk]),
        {"title": "", "type": "joint_rd", "status": "planned", "start": "2025-01-01"},
        "Title: This field is required.",
    ),
    (
        "milestone",
        lambda p: reverse("projects:milestone_add", args=[p.project.pk]),
        {"title": "样机", "due": "not a date"},
        "Due",
    ),
    (
        "contribution",
        lambda p: reverse("projects:contribution_add", args=[p.project.pk]),
        {"kind": "cash", "value": "", "date": "2025-02-01"},
        "This field is required.",
    ),
    (
        "milestone reached",
        lambda p: reverse("projects:milestone_complete", args=[_milestone(p).pk]),
        {"done": ""},
        "Reached on: This field is required.",
    ),
]


@pytest.mark.parametrize(
    ("url", "data", "says"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_a_refused_project_form_shows_the_summary_naming_the_field(
    projects: Projects, url: Callable[[Projects], str], data: dict[str, Any], says: str
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(projects.world.secretary)
    response = client.post(url(projects), data)
    assert response.status_code == 422
    assert says in _summary(response.content.decode())


def test_a_milestone_reached_twice_is_refused_on_the_page_not_silently(
    projects: Projects,
) -> None:
    milestone = _milestone(projects)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(projects.world.secretary)
    url = reverse("projects:milestone_complete", args=[milestone.pk])
    done = client.post(url, {"done": "2025-06-01"})
    assert done.status_code == 302
    assert client.get(done.url).status_code == 200
    again = client.post(url, {"done": "2025-06-02"})
    assert again.status_code == 422
    assert "already been reached" in _summary(again.content.decode())
    milestone.refresh_from_db()
    assert milestone.done == datetime.date(2025, 6, 1)
