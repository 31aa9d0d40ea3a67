"""The management pages: who may open them, what they change, and how they refuse."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from iecommons.accounts.models import Invitation, Role, RoleAssignment
from iecommons.common.models import AuditEntry
from iecommons.registry.models import Community, CouncilSeat, Membership, Organization, Person
from tests.factories import (
    CouncilSeatFactory,
    OrganizationFactory,
    PersonFactory,
    UserFactory,
    city,
    valid_credit_code,
)
from tests.fixtures import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Any) -> None:
    """Messages are asserted in English, whatever the catalogues hold."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


PEOPLE = (
    "secretary",
    "outsider",
    "representative",
    "expert",
    "provincial_supervisor",
    "guangdong_supervisor",
    "supervisor",
    "stranger",
    "anonymous",
)
# Who may open a page of community A, by the kind of page.
MANAGE = {"secretary", "provincial_supervisor", "supervisor"}
SUPERVISE = {"provincial_supervisor", "supervisor"}
REGISTER = {"provincial_supervisor", "guangdong_supervisor", "supervisor"}
ORGANIZATION = {"representative", "provincial_supervisor", "supervisor"}


def _seat(world: World) -> CouncilSeat:
    return CouncilSeatFactory(
        community=world.community_a, person=PersonFactory(organization=world.member_a)
    )


def _secretariat_role(world: World) -> RoleAssignment:
    return RoleAssignment.objects.get(
        user=world.secretary, role=Role.SECRETARIAT, community=world.community_a
    )


PAGES: list[tuple[str, Callable[[World], dict[str, Any]], set[str]]] = [
    ("community_manage", lambda w: {"pk": w.community_a.pk}, MANAGE),
    ("community_edit", lambda w: {"pk": w.community_a.pk}, MANAGE),
    ("membership_admit", lambda w: {"pk": w.community_a.pk}, MANAGE),
    ("organization_suggest", lambda w: {"pk": w.community_a.pk}, MANAGE),
    (
        "membership_edit",
        lambda w: {"pk": w.community_a.pk, "membership_pk": w.membership_a.pk},
        MANAGE,
    ),
    (
        "membership_end",
        lambda w: {"pk": w.community_a.pk, "membership_pk": w.membership_a.pk},
        MANAGE,
    ),
    ("council_seat_fill", lambda w: {"pk": w.community_a.pk}, MANAGE),
    ("council_seat_end", lambda w: {"pk": w.community_a.pk, "seat_pk": _seat(w).pk}, MANAGE),
    ("invitation_create", lambda w: {"pk": w.community_a.pk}, MANAGE),
    ("member_import", lambda w: {"pk": w.community_a.pk}, MANAGE),
    ("member_import_template", lambda w: {"pk": w.community_a.pk}, MANAGE),
    ("community_suspend", lambda w: {"pk": w.community_a.pk}, SUPERVISE),
    ("community_dissolve", lambda w: {"pk": w.community_a.pk}, SUPERVISE),
    ("secretariat_appoint", lambda w: {"pk": w.community_a.pk}, SUPERVISE),
    (
        "secretariat_end",
        lambda w: {"pk": w.community_a.pk, "assignment_pk": _secretariat_role(w).pk},
        SUPERVISE,
    ),
    ("community_register", lambda w: {}, REGISTER),
    ("organization_edit", lambda w: {"pk": w.member_a.pk}, ORGANIZATION),
]


def _sign_in(client: Any, world: World, person: str) -> None:
    if person != "anonymous":
        client.force_login(getattr(world, person))


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize(("page", "kwargs", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_the_authorization_matrix(client, world, page, kwargs, allowed, person):
    url = reverse(f"registry:{page}", kwargs=kwargs(world))
    _sign_in(client, world, person)
    response = client.get(url)
    if person == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif person in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_the_reinstate_page_is_for_supervisors_only(client, world):
    Community.objects.filter(pk=world.community_a.pk).update(status="suspended")
    url = reverse("registry:community_reinstate", kwargs={"pk": world.community_a.pk})
    for person, status in [("secretary", 403), ("guangdong_supervisor", 403), ("supervisor", 200)]:
        client.force_login(getattr(world, person))
        assert client.get(url).status_code == status


def _counts() -> tuple[int, ...]:
    return (
        AuditEntry.objects.count(),
        Organization.objects.count(),
        Membership.objects.count(),
        CouncilSeat.objects.count(),
        Person.objects.count(),
        Invitation.objects.count(),
        RoleAssignment.objects.count(),
        RoleAssignment.objects.filter(ended_at__isnull=True).count(),
        Community.objects.filter(status="active").count(),
    )


def _posts(world: World) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    a = world.community_a.pk
    organization = OrganizationFactory()
    return [
        (
            "membership_admit",
            {"pk": a},
            {
                "credit_code": organization.credit_code,
                "role": "member",
                "joined": "2024-01-01",
            },
        ),
        (
            "membership_admit",
            {"pk": a},
            {
                "credit_code": valid_credit_code(4242),
                "role": "member",
                "joined": "2024-01-01",
                "new_name": "新单位",
                "new_type": "enterprise",
                "new_region": city().pk,
            },
        ),
        (
            "membership_edit",
            {"pk": a, "membership_pk": world.membership_a.pk},
            {"role": "council", "duties": "x"},
        ),
        (
            "membership_end",
            {"pk": a, "membership_pk": world.membership_a.pk},
            {"left": "2024-01-01", "confirmed": "yes"},
        ),
        (
            "council_seat_fill",
            {"pk": a},
            {
                "new_person_name": "李四",
                "new_person_organization": world.member_a.pk,
                "position": "director",
                "term_start": "2024-01-01",
            },
        ),
        (
            "invitation_create",
            {"pk": a},
            {
                "email": "x@example.com",
                "name": "X",
                "role": "member",
                "organization": world.member_a.pk,
            },
        ),
        ("community_edit", {"pk": a}, {"name": "改名", "summary": "改"}),
        ("community_suspend", {"pk": a}, {"reason": "r"}),
        ("community_dissolve", {"pk": a}, {"reason": "r", "on": "2024-01-01", "confirmed": "yes"}),
        ("secretariat_appoint", {"pk": a}, {"username": "stranger"}),
        ("secretariat_end", {"pk": a, "assignment_pk": _secretariat_role(world).pk}, {}),
        ("organization_edit", {"pk": world.member_a.pk}, {"name": "改名", "credit_code": "x"}),
        ("member_import", {"pk": a}, {"file": _member_file()}),
    ]


def _member_file() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    row = f"新单位,{valid_credit_code(4343)},enterprise,常州市,,,2024-01-02"
    content = "name,credit_code,type,region,role,duties,joined\n" + row + "\n"
    return SimpleUploadedFile("members.csv", content.encode())


@pytest.mark.parametrize(
    "person", ["outsider", "representative", "expert", "guangdong_supervisor", "stranger"]
)
def test_posts_by_people_without_the_right_write_nothing(client, world, person):
    posts = _posts(world)
    before = _counts()
    _sign_in(client, world, person)
    for page, kwargs, data in posts:
        if page == "organization_edit" and person == "representative":
            continue  # its own organisation: allowed, tested below
        response = client.post(reverse(f"registry:{page}", kwargs=kwargs), data)
        assert response.status_code == 403, page
    assert _counts() == before
    world.community_a.refresh_from_db()
    assert world.community_a.name == "甲共同体"


def test_anonymous_posts_are_sent_to_sign_in_and_write_nothing(client, world):
    posts = _posts(world)
    before = _counts()
    for page, kwargs, data in posts:
        response = client.post(reverse(f"registry:{page}", kwargs=kwargs), data)
        assert response.status_code == 302
    assert _counts() == before


# --- the dashboard ---------------------------------------------------------------------------


def test_the_dashboard_lists_members_council_secretariat_and_invitations(client, world):
    seat = _seat(world)
    Invitation.objects.create(
        community=world.community_a,
        email="new@example.com",
        name="王五",
        role=Role.MEMBER,
        organization=world.member_a,
        token="t1",
        expires_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    client.force_login(world.secretary)
    html = client.get(
        reverse("registry:community_manage", kwargs={"pk": world.community_a.pk})
    ).content.decode()
    assert world.member_a.name_en in html
    assert seat.person.name in html
    assert "secretary" in html
    assert "new@example.com" in html
    assert (
        reverse(
            "registry:membership_end",
            kwargs={"pk": world.community_a.pk, "membership_pk": world.membership_a.pk},
        )
        in html
    )
    # Supervisor actions are not offered to the secretariat.
    assert reverse("registry:community_dissolve", kwargs={"pk": world.community_a.pk}) not in html


def test_the_dashboard_query_count_does_not_grow_with_members(
    client, world, django_assert_max_num_queries
):
    from tests.factories import MembershipFactory

    for _ in range(30):
        MembershipFactory(community=world.community_a)
    client.force_login(world.secretary)
    with django_assert_max_num_queries(15):
        response = client.get(
            reverse("registry:community_manage", kwargs={"pk": world.community_a.pk})
        )
    assert response.status_code == 200


# --- members ---------------------------------------------------------------------------------


def _admit_url(world: World) -> str:
    return reverse("registry:membership_admit", kwargs={"pk": world.community_a.pk})


def test_the_secretariat_admits_a_registered_organisation_by_its_code(client, world):
    organization = OrganizationFactory()
    client.force_login(world.secretary)
    response = client.post(
        _admit_url(world),
        {
            "credit_code": organization.credit_code.lower(),
            "role": "council",
            "duties": "共建实训基地",
            "joined": "2024-03-01",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(community=world.community_a, organization=organization)
    assert membership.role == "council"
    assert membership.duties == "共建实训基地"
    assert membership.joined == datetime.date(2024, 3, 1)


def test_the_secretariat_registers_a_new_organisation_and_admits_it(client, world):
    client.force_login(world.secretary)
    response = client.post(
        _admit_url(world),
        {
            "credit_code": valid_credit_code(901),
            "role": "member",
            "joined": "2024-03-01",
            "new_name": "常州新成员科技有限公司",
            "new_type": "enterprise",
            "new_region": city().pk,
        },
    )
    assert response.status_code == 302
    organization = Organization.objects.get(credit_code=valid_credit_code(901))
    assert organization.memberships.filter(community=world.community_a).exists()


def test_an_unknown_code_without_a_new_organisation_is_refused_beside_the_field(client, world):
    client.force_login(world.secretary)
    before = _counts()
    response = client.post(
        _admit_url(world),
        {"credit_code": valid_credit_code(902), "role": "member", "joined": "2024-03-01"},
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert "No organisation with this code" in form.errors["credit_code"][0]
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'id="id_credit_code_error"' in html
    assert 'href="#id_credit_code"' in html
    assert _counts() == before


def test_a_malformed_code_is_refused_with_what_is_wrong_with_it(client, world):
    client.force_login(world.secretary)
    response = client.post(
        _admit_url(world), {"credit_code": "91320400ABC", "role": "member", "joined": "2024-03-01"}
    )
    assert "Expected 18 characters" in response.context["form"].errors["credit_code"][0]


def test_a_bad_new_code_is_refused_and_the_organisation_is_not_registered(client, world):
    client.force_login(world.secretary)
    before = _counts()
    response = client.post(
        _admit_url(world),
        {
            "credit_code": "91320400000000000X",
            "role": "member",
            "joined": "2024-03-01",
            "new_name": "坏代码公司",
            "new_type": "enterprise",
            "new_region": city().pk,
        },
    )
    assert response.status_code == 422
    assert "credit_code" in response.context["form"].errors
    assert _counts() == before


def test_a_new_organisation_is_not_registered_when_the_admission_fails(client, world):
    client.force_login(world.secretary)
    before = _counts()
    response = client.post(
        _admit_url(world),
        {
            "credit_code": valid_credit_code(903),
            "role": "member",
            "joined": "2020-01-01",  # before the community was founded
            "new_name": "太早公司",
            "new_type": "enterprise",
            "new_region": city().pk,
        },
    )
    assert "joined" in response.context["form"].errors
    assert _counts() == before


def test_an_existing_member_cannot_be_admitted_twice(client, world):
    client.force_login(world.secretary)
    response = client.post(
        _admit_url(world),
        {"credit_code": world.member_a.credit_code, "role": "member", "joined": "2024-03-01"},
    )
    assert "already a member" in response.context["form"].errors["credit_code"][0]


def test_the_admit_page_never_lists_every_organisation(client, world):
    OrganizationFactory.create_batch(5)
    client.force_login(world.secretary)
    html = client.get(_admit_url(world)).content.decode()
    assert 'name="organization"' not in html
    assert 'name="credit_code"' in html


def test_the_organisation_search_suggests_by_name_and_code(client, world):
    organization = OrganizationFactory(name="苏州独特精密机械有限公司", name_en="")
    client.force_login(world.secretary)
    url = reverse("registry:organization_suggest", kwargs={"pk": world.community_a.pk})
    html = client.get(url, {"q": "独特精密"}).content.decode()
    assert organization.credit_code in html
    html = client.get(url, {"q": organization.credit_code}).content.decode()
    assert "苏州独特精密机械有限公司" in html
    html = client.get(_admit_url(world), {"q": "独特精密"}).content.decode()
    assert f'data-credit-code="{organization.credit_code}"' in html


def test_the_secretariat_changes_a_members_role_and_duties(client, world):
    client.force_login(world.secretary)
    url = reverse(
        "registry:membership_edit",
        kwargs={"pk": world.community_a.pk, "membership_pk": world.membership_a.pk},
    )
    response = client.post(url, {"role": "lead_unit", "duties": "牵头制定标准"})
    assert response.status_code == 302
    world.membership_a.refresh_from_db()
    assert world.membership_a.role == "lead_unit"
    assert world.membership_a.duties == "牵头制定标准"


def test_ending_a_membership_keeps_the_row(client, world):
    client.force_login(world.secretary)
    url = reverse(
        "registry:membership_end",
        kwargs={"pk": world.community_a.pk, "membership_pk": world.membership_a.pk},
    )
    response = client.post(url, {"left": "2024-06-30", "reason": "业务调整", "confirmed": "yes"})
    assert response.status_code == 302
    world.membership_a.refresh_from_db()
    assert world.membership_a.left == datetime.date(2024, 6, 30)
    assert world.membership_a.left_reason == "业务调整"


def test_a_membership_cannot_end_before_it_starts(client, world):
    client.force_login(world.secretary)
    url = reverse(
        "registry:membership_end",
        kwargs={"pk": world.community_a.pk, "membership_pk": world.membership_a.pk},
    )
    response = client.post(url, {"left": "2023-07-30", "confirmed": "yes"})
    assert response.status_code == 422
    assert "before it starts" in response.context["form"].errors["left"][0]
    world.membership_a.refresh_from_db()
    assert world.membership_a.left is None


def test_a_membership_of_another_community_is_not_found(client, world):
    other = Membership.objects.get(community=world.community_b)
    client.force_login(world.secretary)
    url = reverse(
        "registry:membership_end", kwargs={"pk": world.community_a.pk, "membership_pk": other.pk}
    )
    assert client.get(url).status_code == 404


# --- council ---------------------------------------------------------------------------------


def test_the_secretariat_records_a_person_and_seats_them(client, world):
    client.force_login(world.secretary)
    url = reverse("registry:council_seat_fill", kwargs={"pk": world.community_a.pk})
    response = client.post(
        url,
        {
            "new_person_name": "赵六",
            "new_person_organization": world.member_a.pk,
            "new_person_title": "总经理",
            "position": "chair",
            "term_start": "2024-01-01",
        },
    )
    assert response.status_code == 302
    seat = CouncilSeat.objects.get(community=world.community_a, position="chair")
    assert seat.person.name == "赵六"
    assert seat.organization == world.member_a


def test_a_term_that_ends_before_it_starts_is_refused_and_no_person_is_left_behind(client, world):
    client.force_login(world.secretary)
    before = _counts()
    url = reverse("registry:council_seat_fill", kwargs={"pk": world.community_a.pk})
    response = client.post(
        url,
        {
            "new_person_name": "钱七",
            "new_person_organization": world.member_a.pk,
            "position": "director",
            "term_start": "2024-01-01",
            "term_end": "2023-12-01",
        },
    )
    assert response.status_code == 422
    assert "term_end" in response.context["form"].errors
    assert _counts() == before


def test_the_secretariat_ends_a_council_term(client, world):
    seat = _seat(world)
    client.force_login(world.secretary)
    url = reverse(
        "registry:council_seat_end", kwargs={"pk": world.community_a.pk, "seat_pk": seat.pk}
    )
    assert client.post(url, {"term_end": "2024-12-31"}).status_code == 302
    seat.refresh_from_db()
    assert seat.term_end == datetime.date(2024, 12, 31)


# --- the community ---------------------------------------------------------------------------


def test_the_secretariat_edits_the_profile_but_not_the_supervised_fields(client, world):
    client.force_login(world.secretary)
    url = reverse("registry:community_edit", kwargs={"pk": world.community_a.pk})
    page = client.get(url)
    assert "level" not in page.context["form"].fields
    response = client.post(
        url,
        {
            "name": world.community_a.name,
            "charter": "新章程",
            "goals": "新目标",
            "level": "national",
        },
    )
    assert response.status_code == 302
    world.community_a.refresh_from_db()
    assert world.community_a.charter == "新章程"
    assert world.community_a.level == "provincial"


def test_a_supervisor_changes_the_level(client, world):
    client.force_login(world.supervisor)
    url = reverse("registry:community_edit", kwargs={"pk": world.community_a.pk})
    initial = client.get(url).context["form"].initial
    data = {key: value for key, value in initial.items() if value not in (None, "")}
    data.update(
        {
            "field": world.community_a.field_id,
            "region": world.community_a.region_id,
            "founded": "2023-07-25",
            "level": "municipal",
        }
    )
    data.pop("secretariat_host", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    world.community_a.refresh_from_db()
    assert world.community_a.level == "municipal"


def test_a_provincial_supervisor_registers_a_community_in_its_province_only(client, world):
    client.force_login(world.provincial_supervisor)
    url = reverse("registry:community_register")
    page = client.get(url)
    cities = list(page.context["form"].fields["region"].queryset)
    assert city() in cities
    assert world.community_b.region not in cities
    levels = [value for value, _label in page.context["form"].fields["level"].choices]
    assert "national" not in levels
    data = {
        "name": "常州智能制造市域产教联合体",
        "kind": "municipal",
        "level": "municipal",
        "field": world.community_a.field_id,
        "region": city().pk,
        "founded": "2024-05-01",
    }
    response = client.post(url, {**data, "region": world.community_b.region_id})
    assert "region" in response.context["form"].errors
    assert not Community.objects.filter(name=data["name"]).exists()
    response = client.post(url, data)
    community = Community.objects.get(name=data["name"])
    assert response["Location"] == reverse("registry:community_manage", kwargs={"pk": community.pk})


def test_a_supervisor_suspends_reinstates_and_dissolves(client, world):
    client.force_login(world.provincial_supervisor)
    pk = world.community_a.pk
    response = client.post(reverse("registry:community_suspend", kwargs={"pk": pk}), {})
    assert "reason" in response.context["form"].errors
    client.post(reverse("registry:community_suspend", kwargs={"pk": pk}), {"reason": "整改"})
    assert Community.objects.get(pk=pk).status == "suspended"
    client.post(reverse("registry:community_reinstate", kwargs={"pk": pk}), {"reason": ""})
    assert Community.objects.get(pk=pk).status == "active"
    client.post(
        reverse("registry:community_dissolve", kwargs={"pk": pk}),
        {"reason": "合并", "on": "2024-12-31", "confirmed": "yes"},
    )
    community = Community.objects.get(pk=pk)
    assert community.status == "dissolved"
    assert not community.memberships.filter(left__isnull=True).exists()


def test_a_supervisor_appoints_a_secretariat_by_username_or_invites_by_email(
    client, world, mailoutbox
):
    client.force_login(world.supervisor)
    url = reverse("registry:secretariat_appoint", kwargs={"pk": world.community_a.pk})
    new_colleague = UserFactory(username="colleague")
    assert client.post(url, {"username": "colleague"}).status_code == 302
    assert RoleAssignment.objects.filter(
        user=new_colleague, role="secretariat", community=world.community_a
    ).exists()
    response = client.post(url, {"username": "nobody-has-this"})
    assert "username" in response.context["form"].errors
    with_email = client.post(url, {"email": "sec@example.com", "name": "孙八"})
    assert with_email.status_code == 302
    assert Invitation.objects.get(email="sec@example.com").role == "secretariat"


# --- invitations and organisations -----------------------------------------------------------


def test_a_supervisor_ends_a_secretariat_role_after_confirming(client, world):
    assignment = _secretariat_role(world)
    dashboard = reverse("registry:community_manage", kwargs={"pk": world.community_a.pk})
    url = reverse(
        "registry:secretariat_end",
        kwargs={"pk": world.community_a.pk, "assignment_pk": assignment.pk},
    )
    # The secretariat sees its colleagues but is not offered to end their roles.
    client.force_login(world.secretary)
    html = client.get(dashboard).content.decode()
    assert 'id="secretariat-list"' in html
    assert url not in html
    assert client.post(url).status_code == 403

    client.force_login(world.provincial_supervisor)
    assert url in client.get(dashboard).content.decode()
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "secretary" in confirm.content.decode()
    assert 'method="post"' in confirm.content.decode()
    assignment.refresh_from_db()
    assert assignment.ended_at is None  # opening the confirmation changes nothing

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == dashboard
    assignment.refresh_from_db()
    assert assignment.ended_at is not None
    assert AuditEntry.objects.filter(operation="role_assignment_end").count() == 1
    # The former colleague has lost the dashboard, and the role is no longer listed.
    assert "secretary" not in client.get(dashboard).content.decode().split("secretariat-title")[1]
    client.force_login(world.secretary)
    assert client.get(dashboard).status_code == 403
    # An ended role cannot be ended again.
    client.force_login(world.provincial_supervisor)
    assert client.post(url).status_code == 404


def test_a_supervisor_of_another_province_cannot_end_a_secretariat_role(client, world):
    assignment = _secretariat_role(world)
    url = reverse(
        "registry:secretariat_end",
        kwargs={"pk": world.community_a.pk, "assignment_pk": assignment.pk},
    )
    client.force_login(world.guangdong_supervisor)
    assert client.post(url).status_code == 403
    # Nor through a community it does supervise: the role must belong to that community.
    other = reverse(
        "registry:secretariat_end",
        kwargs={"pk": world.community_b.pk, "assignment_pk": assignment.pk},
    )
    assert client.post(other).status_code == 404
    assignment.refresh_from_db()
    assert assignment.ended_at is None
    assert not AuditEntry.objects.filter(operation="role_assignment_end").exists()


def test_the_secretariat_may_invite_representatives_but_not_secretariat(client, world):
    client.force_login(world.secretary)
    url = reverse("registry:invitation_create", kwargs={"pk": world.community_a.pk})
    choices = [value for value, _label in client.get(url).context["form"].fields["role"].choices]
    assert choices == ["member"]
    response = client.post(url, {"email": "a@example.com", "name": "A", "role": "member"})
    assert "organization" in response.context["form"].errors
    response = client.post(
        url,
        {
            "email": "b@example.com",
            "name": "B",
            "role": "member",
            "organization": world.member_b.pk,  # not a member of A
        },
    )
    assert "organization" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_a_representative_edits_its_own_organisation(client, world):
    client.force_login(world.representative)
    url = reverse("registry:organization_edit", kwargs={"pk": world.member_a.pk})
    data = {
        "name": "常州改名装备有限公司",
        "credit_code": world.member_a.credit_code,
        "type": "enterprise",
        "region": city().pk,
        "website": "https://example.com",
    }
    assert client.post(url, data).status_code == 302
    world.member_a.refresh_from_db()
    assert world.member_a.name == "常州改名装备有限公司"
    # The credit code is fixed for its representative: a posted change is ignored.
    client.post(url, {**data, "credit_code": "123"})
    code = world.member_a.credit_code
    world.member_a.refresh_from_db()
    assert world.member_a.credit_code == code
    other = reverse("registry:organization_edit", kwargs={"pk": world.member_b.pk})
    assert client.get(other).status_code == 403


def test_the_import_template_is_a_spreadsheet_with_the_header_and_an_example(client, world):
    import io

    from openpyxl import load_workbook

    client.force_login(world.secretary)
    response = client.get(
        reverse("registry:member_import_template", kwargs={"pk": world.community_a.pk}),
        headers={"accept-language": "en"},
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert "credit_code" in rows[0] or "统一社会信用代码" in rows[0]
