"""Who may open each project page: every named person against community A's pages.

Community A's projects are private to its secretariat, its supervisors and the
representatives of its members; writes are for the participants' representatives and the
secretariat. Nobody from community B (its secretary ``outsider``, the Guangdong
supervisor) sees anything of A.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from iecommons.projects.models import Commitment, Milestone

pytestmark = pytest.mark.django_db

PEOPLE = [
    "operator",
    "supervisor",
    "provincial_supervisor",
    "guangdong_supervisor",
    "secretary",
    "outsider",
    "representative",
    "expert",
    "stranger",
]
READERS = {"operator", "supervisor", "provincial_supervisor", "secretary", "representative"}
# A community's experts read its projects (read only), as they read its other private records.
PRIVATE_READERS = READERS | {"expert"}
WRITERS = {"operator", "secretary", "representative"}
POST_ONLY = {"mark milestone reached", "post a comment", "record fulfilment"}


def _pages(projects) -> dict[str, tuple[str, set[str]]]:
    world = projects.world
    project = projects.project
    milestone = Milestone.objects.create(project=project, title="中期检查", due="2025-06-30")
    commitment = Commitment.objects.create(
        membership=world.membership_a,
        description="每年提供20个实习岗位",
        quantity=20,
        unit="个实习岗位",
        start="2025-01-01",
    )
    return {
        "community projects": (
            reverse("projects:community_projects", args=[world.community_a.pk]),
            PRIVATE_READERS,
        ),
        "new project": (reverse("projects:project_create", args=[world.community_a.pk]), WRITERS),
        "commitments": (
            reverse("projects:commitments", args=[world.community_a.pk]),
            PRIVATE_READERS,
        ),
        "project": (reverse("projects:project_detail", args=[project.pk]), PRIVATE_READERS),
        "edit project": (reverse("projects:project_edit", args=[project.pk]), WRITERS),
        "add participant": (reverse("projects:participant_add", args=[project.pk]), WRITERS),
        "record contribution": (
            reverse("projects:contribution_add", args=[project.pk]),
            WRITERS,
        ),
        "add milestone": (reverse("projects:milestone_add", args=[project.pk]), WRITERS),
        "record outcome": (reverse("projects:outcome_add", args=[project.pk]), WRITERS),
        "sharing rule": (reverse("projects:sharing_set", args=[project.pk]), WRITERS),
        "allocate": (reverse("projects:allocate", args=[project.pk]), WRITERS),
        "participation account": (reverse("projects:account", args=[world.member_a.pk]), READERS),
        # POST-only actions: tried with an empty form (nothing is written either way).
        "mark milestone reached": (
            reverse("projects:milestone_complete", args=[milestone.pk]),
            WRITERS,
        ),
        "post a comment": (reverse("projects:comment_post", args=[project.pk]), WRITERS),
        "record fulfilment": (
            reverse("projects:fulfilment_record", args=[commitment.pk]),
            {"operator", "supervisor", "provincial_supervisor", "secretary", "representative"},
        ),
    }


@pytest.mark.parametrize("person", PEOPLE)
def test_each_project_page_opens_only_for_those_in_scope(projects, person):
    user = getattr(projects.world, person)
    client = Client()
    client.force_login(user)
    for name, (url, allowed) in _pages(projects).items():
        response = client.post(url) if name in POST_ONLY else client.get(url)
        if person in allowed:
            assert response.status_code in (200, 302), (name, person, response.status_code)
        else:
            assert response.status_code == 403, (name, person, response.status_code)


def test_anonymous_visitors_are_sent_to_sign_in(projects, settings):
    # A path, so that this test does not wait for the sign-in page of another branch.
    settings.LOGIN_URL = "/accounts/login/"
    client = Client()
    for name, (url, _allowed) in _pages(projects).items():
        response = client.post(url) if name in POST_ONLY else client.get(url)
        if name == "project":  # readable without signing in when public, so no redirect
            assert response.status_code == 403, name
        else:
            assert response.status_code == 302, (name, response.status_code)
            assert response["Location"].startswith("/accounts/login/")


def test_nobody_from_community_a_sees_community_b_projects(projects):
    client = Client()
    for person in ("secretary", "representative", "provincial_supervisor", "expert"):
        client.force_login(getattr(projects.world, person))
        for url in (
            reverse("projects:community_projects", args=[projects.world.community_b.pk]),
            reverse("projects:project_detail", args=[projects.project_b.pk]),
            reverse("projects:contribution_add", args=[projects.project_b.pk]),
            reverse("projects:account", args=[projects.world.member_b.pk]),
        ):
            assert client.get(url).status_code == 403, (person, url)


def test_a_public_project_can_be_read_by_anyone_but_not_changed(projects):
    projects.project.visibility = "public"
    projects.project.save()
    client = Client()
    client.force_login(projects.world.outsider)
    assert (
        client.get(reverse("projects:project_detail", args=[projects.project.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("projects:contribution_add", args=[projects.project.pk])).status_code
        == 403
    )


def test_a_missing_project_is_404(projects):
    client = Client()
    client.force_login(projects.world.operator)
    assert client.get(reverse("projects:project_detail", args=[999999])).status_code == 404
