"""Irreversible actions ask first (common/confirmation.py): each says what will happen and
to how many, as a dialog for htmx and as a page without JavaScript, and a POST that is not
the confirmation's own changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.assessment.runs_world import assessment_world
from tests.factories import MembershipFactory
from tests.fixtures import World

from iecommons.accounts import services as account_services
from iecommons.assessment.models import Publication
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.registry.models import Community, Membership

pytestmark = pytest.mark.django_db


def _client(world: World, who: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(getattr(world, who))
    return client


def test_a_confirmation_for_htmx_is_the_dialog_alone(world):
    url = reverse("accounts:token_revoke", args=[_token(world).pk])
    client = _client(world, "secretary")
    dialog = client.get(url, HTTP_HX_REQUEST="true")
    html = dialog.content.decode()
    assert dialog.status_code == 200
    assert html.lstrip().startswith('<form class="modal-content"')
    assert "<html" not in html
    assert 'name="confirmed" value="yes"' in html
    page = client.get(url).content.decode()
    assert "<html" in page
    assert 'name="confirmed" value="yes"' in page
    assert "HX-Request" in dialog["Vary"]


def _token(world: World):
    token, _key = account_services.api_token_create(actor=world.secretary, name="nightly sync")
    return token


def test_revoking_a_token_says_so_and_needs_the_confirmation(world):
    token = _token(world)
    url = reverse("accounts:token_revoke", args=[token.pk])
    client = _client(world, "secretary")
    assert "Revoke the token nightly sync?" in client.get(url).content.decode()
    client.post(url)  # not the confirmation's own form
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("who", ["outsider", "stranger", "supervisor"])
def test_nobody_else_sees_a_tokens_confirmation(world, who):
    url = reverse("accounts:token_revoke", args=[_token(world).pk])
    assert _client(world, who).get(url).status_code == 403


def test_dissolving_says_how_many_memberships_end(world):
    MembershipFactory(community=world.community_a)
    active = world.community_a.memberships.filter(left__isnull=True).count()
    url = reverse("registry:community_dissolve", args=[world.community_a.pk])
    client = _client(world, "supervisor")
    page = client.get(url).content.decode()
    assert f"Dissolve Community A: {active} active memberships will end" in page
    client.post(url, {"reason": "合并", "on": "2024-12-31"})  # unconfirmed
    assert Community.objects.get(pk=world.community_a.pk).status == "active"
    response = client.post(url, {"reason": "合并", "on": "2024-12-31", "confirmed": "yes"})
    assert response.status_code == 302
    assert Community.objects.get(pk=world.community_a.pk).status == "dissolved"


def test_dissolving_without_a_reason_is_refused_on_the_page(world):
    url = reverse("registry:community_dissolve", args=[world.community_a.pk])
    response = _client(world, "supervisor").post(url, {"on": "2024-12-31", "confirmed": "yes"})
    assert response.status_code == 422
    assert "reason" in response.context["form"].errors
    assert Community.objects.get(pk=world.community_a.pk).status == "active"


@pytest.mark.parametrize("who", ["secretary", "outsider", "expert", "guangdong_supervisor"])
def test_only_supervisors_see_the_dissolution(world, who):
    url = reverse("registry:community_dissolve", args=[world.community_a.pk])
    assert _client(world, who).get(url).status_code in {403, 404}


def test_ending_a_membership_names_the_organisation(world):
    url = reverse("registry:membership_end", args=[world.community_a.pk, world.membership_a.pk])
    client = _client(world, "secretary")
    page = client.get(url).content.decode()
    assert f"End the membership of {world.member_a}?" in page
    assert "End membership" in page
    client.post(url, {"left": "2024-06-30"})  # unconfirmed
    assert Membership.objects.get(pk=world.membership_a.pk).left is None


@pytest.mark.parametrize("who", ["outsider", "representative", "expert", "stranger"])
def test_nobody_outside_sees_a_membership_ending(world, who):
    url = reverse("registry:membership_end", args=[world.community_a.pk, world.membership_a.pk])
    assert _client(world, who).get(url).status_code in {403, 404}


def test_publishing_says_how_many_communities_and_needs_the_confirmation(world):
    assessed = assessment_world(world)
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    run = run_execution.evaluation_run_execute(run_id=started.pk)
    url = reverse("assessment:run_publish", args=[run.pk])
    client = _client(world, "supervisor")
    count = run.results.count()
    assert f"Publish the grades of {count} communities?" in client.get(url).content.decode()
    client.post(url)
    assert not Publication.objects.exists()
    client.post(url, {"confirmed": "yes"})
    assert Publication.objects.current().filter(run=run).exists()
    # the run page now offers the withdrawal, through its confirmation
    page = client.get(reverse("assessment:run_detail", args=[run.pk])).content.decode()
    assert reverse("assessment:publication_withdraw", args=[run.pk]) in page
