"""Sign-in, invitations, API tokens and the "me" page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from iecommons.accounts import services
from iecommons.accounts.models import ApiToken, RoleAssignment, User
from iecommons.registry import invitations
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Any) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_a_person_signs_in_and_out(client, world):
    me = reverse("accounts:me")
    response = client.post(
        reverse("accounts:login"), {"username": "secretary", "password": PASSWORD, "next": me}
    )
    assert response["Location"] == me
    assert client.get(me).status_code == 200
    assert client.get(reverse("accounts:logout")).status_code == 405  # only by POST
    assert client.post(reverse("accounts:logout"), {"next": "/healthz"}).status_code == 302
    assert client.get(reverse("accounts:me")).status_code == 302


def test_a_wrong_password_is_refused_on_the_form(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "secretary", "password": "wrong"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'role="alert"' in response.content.decode()


def test_the_login_page_returns_to_the_page_asked_for(client, world):
    target = reverse("registry:community_manage", kwargs={"pk": world.community_a.pk})
    response = client.post(
        reverse("accounts:login") + f"?next={target}",
        {"username": "secretary", "password": PASSWORD, "next": target},
    )
    assert response["Location"] == target


def test_an_invited_representative_accepts_and_lands_on_its_community(
    client, world, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://iec.example.cn"
    # The e-mail leaves after the commit: capture and run the callbacks.
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(world.secretary)
        client.post(
            reverse("registry:invitation_create", kwargs={"pk": world.community_a.pk}),
            {
                "email": "Rep@Example.com",
                "name": "周九",
                "role": "member",
                "organization": world.member_a.pk,
            },
        )
    client.logout()
    assert len(mailoutbox) == 1
    # The link is absolute: it is opened from a mail program, not from one of our pages.
    found = re.search(r"(\S+)(/accounts/invitations/[\w-]+/)", mailoutbox[0].body)
    assert found is not None
    assert found.group(1) == "https://iec.example.cn"
    link = found.group(2)

    page = client.get(link)
    assert page.status_code == 200
    assert "周九" in page.content.decode()
    response = client.post(
        link, {"username": "zhoujiu", "password1": "a long passphrase", "password2": "different"}
    )
    assert "password2" in response.context["form"].errors
    response = client.post(
        link,
        {
            "username": "zhoujiu",
            "password1": "a long passphrase",
            "password2": "a long passphrase",
        },
    )
    assert response.status_code == 302
    # A representative acts in the community: its public page is where the work starts.
    assert response["Location"] == reverse(
        "registry:community_detail", kwargs={"pk": world.community_a.pk}
    )
    edit_url = reverse("registry:organization_edit", kwargs={"pk": world.member_a.pk})
    user = User.objects.get(username="zhoujiu")
    assert user.email == "rep@example.com"
    assert RoleAssignment.objects.filter(user=user, organization=world.member_a).exists()
    # Signed in already: the new representative can edit its organisation.
    assert client.get(edit_url).status_code == 200
    # A used link cannot be used again.
    client.logout()
    assert client.get(link).status_code == 410


def test_a_taken_username_or_a_weak_password_is_refused_beside_the_field(client, world):
    invitation = invitations.invitation_create(
        actor=world.secretary,
        community=world.community_a,
        email="x@example.com",
        name="X",
        role="member",
        organization=world.member_a,
    )
    link = reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
    response = client.post(
        link,
        {
            "username": "secretary",
            "password1": "a long passphrase",
            "password2": "a long passphrase",
        },
    )
    assert "taken" in response.context["form"].errors["username"][0]
    response = client.post(link, {"username": "newbie", "password1": "123", "password2": "123"})
    assert "password1" in response.context["form"].errors
    assert not User.objects.filter(username="newbie").exists()


def test_an_unknown_invitation_link_says_so(client, db):
    response = client.get(reverse("accounts:invitation_accept", kwargs={"token": "nope"}))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_a_token_key_is_shown_once_and_a_revoked_token_stops_working(client, world):
    client.force_login(world.representative)
    url = reverse("accounts:tokens")
    response = client.post(url, {"name": "nightly sync"})
    key = response.context["new_key"]
    assert key
    assert key in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert services.api_token_user(key) == world.representative
    listing = client.get(url).content.decode()
    assert key not in listing
    token = ApiToken.objects.get(user=world.representative)
    assert token.prefix in listing
    assert "nightly sync" in listing

    client.post(reverse("accounts:token_revoke", kwargs={"pk": token.pk}), {"confirmed": "yes"})
    with pytest.raises(services.ApiTokenRefusedError):
        services.api_token_user(key)
    assert "revoked" in client.get(url).content.decode()


def test_a_token_needs_a_name(client, world):
    client.force_login(world.representative)
    response = client.post(reverse("accounts:tokens"), {"name": ""})
    assert "name" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_persons_token(client, world):
    token, key = services.api_token_create(actor=world.secretary, name="mine")
    client.force_login(world.outsider)
    response = client.post(reverse("accounts:token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 403
    assert services.api_token_user(key) == world.secretary


def test_the_token_pages_need_a_sign_in(client, db):
    assert client.get(reverse("accounts:tokens")).status_code == 302
    assert client.get(reverse("accounts:me")).status_code == 302


@pytest.mark.parametrize(
    ("person", "link"),
    [
        (
            "secretary",
            lambda w: reverse("registry:community_manage", kwargs={"pk": w.community_a.pk}),
        ),
        (
            "representative",
            lambda w: reverse("registry:organization_edit", kwargs={"pk": w.member_a.pk}),
        ),
        ("provincial_supervisor", lambda w: reverse("registry:community_register")),
        (
            "provincial_supervisor",
            lambda w: reverse("registry:community_manage", kwargs={"pk": w.community_a.pk}),
        ),
    ],
)
def test_the_me_page_links_to_what_the_person_manages(client, world, person, link):
    client.force_login(getattr(world, person))
    html = client.get(reverse("accounts:me")).content.decode()
    assert link(world) in html


def test_the_me_page_of_a_person_without_roles_says_so(client, world):
    client.force_login(world.stranger)
    assert "no role yet" in client.get(reverse("accounts:me")).content.decode()
