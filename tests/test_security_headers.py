"""Every page carries a Content-Security-Policy that runs no inline script, and a
Permissions-Policy; the language switch works from a cached page without weakening CSRF."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.fixtures import World

ANONYMOUS_PAGES = [
    "registry:community_list",
    "registry:organization_list",
    "accounts:login",
    "assessment:published_grades",
    "api:openapi-view",
]
SIGNED_IN_PAGES = [
    "registry:community_list",
    "registry:community_register",
    "accounts:me",
    "accounts:tokens",
    "assessment:cycle_list",
    "assessment:framework_list",
    "collaboration:booking_mine",
    "collaboration:notifications",
]


def assert_strict_policy(response) -> None:
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_every_public_page_carries_the_policies(world: World, name: str):
    client = Client()
    first = client.get(reverse(name))
    again = client.get(reverse(name))  # the page cache's copy too
    for response in (first, again):
        assert response.status_code == 200
        assert_strict_policy(response)


def test_a_community_page_and_an_error_page_carry_the_policies(world: World):
    client = Client()
    assert_strict_policy(
        client.get(reverse("registry:community_detail", args=[world.community_a.pk]))
    )
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert_strict_policy(missing)


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_every_signed_in_page_carries_the_policies(world: World, name: str):
    client = Client()
    client.force_login(world.supervisor)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_strict_policy(response)


def test_no_template_carries_an_inline_script_or_handler(world: World):
    client = Client()
    client.force_login(world.secretary)
    pages = [
        reverse("registry:community_list"),
        reverse("registry:community_detail", args=[world.community_a.pk]),
        reverse("registry:membership_admit", args=[world.community_a.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        for chunk in html.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert "hx-on" not in html
        assert " onclick=" not in html


def test_the_api_docs_load_swagger_from_the_platform_not_a_cdn(world: World):
    html = Client().get(reverse("api:openapi-view")).content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_the_language_link_sets_the_cookie_and_returns_to_a_page_of_this_site(world: World):
    client = Client()
    url = reverse("language_choose", args=["en"])
    back = client.get(url, {"next": "/organizations/?page=2"})
    assert back.status_code == 302
    assert back["Location"] == "/organizations/?page=2"
    assert back.cookies["django_language"].value == "en"
    elsewhere = client.get(url, {"next": "https://evil.example/"})
    assert elsewhere["Location"] == "/"
    assert client.get(reverse("language_choose", args=["xx"])).status_code == 404


def test_djangos_language_form_is_under_the_csrf_check_again(world: World):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 403
