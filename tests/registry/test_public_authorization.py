"""Who gets which public or history page: every page against every named person, for
their own community (A) and another one (B).

The registry is public: its lists and pages answer 200 to everyone. A community's
history is for those who may see its private records; an organisation's history for
those who may edit the organisation. Anonymous visitors are sent to sign in.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db

PEOPLE = [
    "anonymous",
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
EVERYONE = set(PEOPLE)

# page name -> (how to build its URL from the world, who gets 200)
PAGES = {
    "community_list": (lambda w: reverse("registry:community_list"), EVERYONE),
    "organization_list": (lambda w: reverse("registry:organization_list"), EVERYONE),
    "community_detail A": (
        lambda w: reverse("registry:community_detail", args=[w.community_a.pk]),
        EVERYONE,
    ),
    "community_detail B": (
        lambda w: reverse("registry:community_detail", args=[w.community_b.pk]),
        EVERYONE,
    ),
    "organization_detail A": (
        lambda w: reverse("registry:organization_detail", args=[w.member_a.pk]),
        EVERYONE,
    ),
    "organization_detail B": (
        lambda w: reverse("registry:organization_detail", args=[w.member_b.pk]),
        EVERYONE,
    ),
    "community_history A": (
        lambda w: reverse("registry:community_history", args=[w.community_a.pk]),
        {
            "operator",
            "supervisor",
            "provincial_supervisor",
            "secretary",
            "representative",
            "expert",
        },
    ),
    "community_history B": (
        lambda w: reverse("registry:community_history", args=[w.community_b.pk]),
        {"operator", "supervisor", "guangdong_supervisor", "outsider"},
    ),
    "organization_history A": (
        lambda w: reverse("registry:organization_history", args=[w.member_a.pk]),
        {"operator", "supervisor", "provincial_supervisor", "representative"},
    ),
    "organization_history B": (
        lambda w: reverse("registry:organization_history", args=[w.member_b.pk]),
        {"operator", "supervisor", "guangdong_supervisor"},
    ),
}


def expected_status(page: str, person: str) -> int:
    _url, allowed = PAGES[page]
    if person in allowed:
        return 200
    if person == "anonymous":
        return 302
    return 403


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("page", list(PAGES))
def test_it_answers_each_person_as_the_rules_say(world, page, person):
    client = Client()
    if person != "anonymous":
        client.force_login(getattr(world, person))
    expected = expected_status(page, person)
    if expected == 302:
        try:
            login_url = reverse("accounts:login")
        except NoReverseMatch:  # pragma: no cover - the sign-in page comes with "manage"
            skip_or_fail("accounts:login is not defined yet")
    response = client.get(PAGES[page][0](world))
    assert response.status_code == expected
    if expected == 302:
        assert response.url.startswith(login_url)
