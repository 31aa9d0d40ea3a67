"""Each role lands on its own desk after signing in; each desk shows only its own scope, and
every figure links to its list."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from iecommons.accounts.models import Role
from tests.desk.conftest import signed_in
from tests.factories import grant
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.django_db

DESK = "/desk/"


def test_signing_in_lands_on_the_desk(world):
    world.secretary.set_password(PASSWORD)
    world.secretary.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        reverse("accounts:login"), {"username": "secretary", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == DESK


def test_the_desk_asks_an_anonymous_visitor_to_sign_in(client, world):
    response = client.get(DESK)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_secretariat_sees_its_community_and_not_another(world, cycle, activity):
    page = signed_in(world.secretary).get(DESK).content.decode()
    assert "Community A" in page
    assert "Community B" not in page
    assert "Bookings to decide" in page
    assert reverse("collaboration:booking_to_decide") in page
    assert "实训基地共建讨论" in page
    assert reverse("assessment:cycle_detail", args=[cycle.pk]) in page
    assert "Member representative" not in page


def test_the_representative_sees_its_organisation_bookings_and_surveys(world, activity):
    page = signed_in(world.representative).get(DESK).content.decode()
    assert str(world.member_a) in page
    assert "Bookings waiting for a decision" in page
    assert reverse("projects:account", args=[world.member_a.pk]) in page
    assert reverse("assessment:my_surveys") in page
    assert "Secretariat" not in page
    assert "Your jurisdiction" not in page


def test_the_expert_sees_its_cycle_and_communities(world, cycle):
    page = signed_in(world.expert).get(DESK).content.decode()
    assert "Judgments and verification" in page
    assert reverse("assessment:judgment_list", args=[cycle.pk]) in page
    assert reverse("assessment:verification_queue", args=[cycle.pk]) in page
    assert reverse("registry:community_detail", args=[world.community_a.pk]) in page


def test_a_provincial_supervisor_counts_only_its_jurisdiction(world, cycle):
    response = signed_in(world.provincial_supervisor).get(DESK)
    desk = response.context["desks"].supervisor
    assert desk.communities == 1
    assert [line.cycle for line in desk.cycles] == [cycle]
    national = signed_in(world.supervisor).get(DESK).context["desks"].supervisor
    assert national.communities == 2


def test_a_person_with_several_roles_sees_each_desk(world, cycle):
    grant(world.secretary, Role.EXPERT, community=world.community_a)
    grant(world.secretary, Role.MEMBER, organization=world.member_a)
    page = signed_in(world.secretary).get(DESK).content.decode()
    assert "Secretariat" in page
    assert "Member representative" in page
    assert "Judgments and verification" in page


def test_a_person_without_a_role_is_told_what_to_do(world):
    page = signed_in(world.stranger).get(DESK).content.decode()
    assert "You have no role in a community yet." in page


@pytest.mark.parametrize(
    ("person", "offered", "withheld"),
    [
        ("representative", ["My bookings", "My surveys"], ["Rectification"]),
        ("secretary", ["Requests to decide", "Rectification"], ["My surveys"]),
        ("stranger", ["My desk"], ["Assessment", "Rectification", "My bookings"]),
    ],
)
def test_navigation_offers_only_what_the_person_may_use(world, person, offered, withheld):
    response = signed_in(getattr(world, person)).get(DESK)
    labels = [str(item.label) for item in response.context["nav_items"]]
    for label in offered:
        assert label in labels
    for label in withheld:
        assert label not in labels


@pytest.mark.parametrize("person", [None, "representative"])
def test_the_public_information_menu_reaches_every_public_section(world, person):
    client = Client() if person is None else signed_in(getattr(world, person))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "公开信息" in page
    for name, label in [
        ("registry:organization_list", "成员单位"),
        ("dashboards:public", "监测看板"),
        ("policy:programme_list", "激励项目"),
        ("reports:report_index", "年度质量报告"),
    ]:
        assert f'href="{reverse(name)}"' in page
        assert label in page
    assert 'href="/open-data/"' in page


def test_the_menu_is_marked_on_a_public_section_and_not_elsewhere(client, world):
    on_dashboard = client.get(reverse("dashboards:public"), HTTP_ACCEPT_LANGUAGE="en")
    assert on_dashboard.context["public_section"] is True
    on_registry = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert on_registry.context["public_section"] is False
