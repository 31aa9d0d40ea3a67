"""The public registry pages, as a visitor (or a member of staff) meets them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from iecommons.registry import services
from iecommons.registry.models import Community, CouncilSeat, Organization
from tests.conftest import skip_or_fail
from tests.factories import (
    CommunityFactory,
    CouncilSeatFactory,
    FieldFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    city,
    shenzhen,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    # English, so that the assertions do not depend on the state of the translations.
    return Client(headers={"accept-language": "en"})


def htmx_get(client: Client, url: str, **params: str):
    return client.get(url, params, headers={"hx-request": "true"})


def names_in(response) -> list[str]:
    """The community or organisation names of the result rows, in order."""
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def login_url_or_skip() -> str:
    try:
        return reverse("accounts:login")
    except NoReverseMatch:  # pragma: no cover - the sign-in page comes with the manage branch
        skip_or_fail("accounts:login is not defined yet")


# --- the registry list ---------------------------------------------------------------------


def test_it_lists_every_community_with_the_total(client, world):
    response = client.get(reverse("registry:community_list"))
    assert response.status_code == 200
    assert set(names_in(response)) == {"Community A", "Community B"}
    assert "2 communities" in response.content.decode()


def test_it_shows_only_the_communities_of_the_chosen_province(client, world):
    response = client.get(reverse("registry:community_list"), {"province": "440000"})
    assert names_in(response) == ["Community B"]


def test_it_offers_only_the_cities_of_the_chosen_province(client, world):
    city("320500", "苏州市", "Suzhou")
    page = client.get(reverse("registry:community_list"), {"province": "440000"})
    city_select = re.search(r'<select name="city".*?</select>', page.content.decode(), re.S)
    assert city_select is not None
    assert "Shenzhen" in city_select.group(0)
    assert "Changzhou" not in city_select.group(0)
    assert "Suzhou" not in city_select.group(0)


def test_it_ignores_a_city_of_another_province(client, world):
    response = client.get(
        reverse("registry:community_list"), {"province": "440000", "city": "320400"}
    )
    assert names_in(response) == ["Community B"]


def test_it_filters_by_city_kind_level_field_and_status(client, world):
    suzhou = city("320500", "苏州市", "Suzhou")
    robots = FieldFactory(code="robots", name_zh="机器人", name_en="Robots")
    CommunityFactory(
        name="苏州机器人市域产教联合体",
        name_en="Suzhou Robots Consortium",
        region=suzhou,
        kind=Community.Kind.MUNICIPAL,
        level=Community.Level.MUNICIPAL,
        field=robots,
        status=Community.Status.SUSPENDED,
    )
    url = reverse("registry:community_list")
    assert names_in(client.get(url, {"city": "320500", "province": "320000"})) == [
        "Suzhou Robots Consortium"
    ]
    assert names_in(client.get(url, {"kind": "municipal"})) == ["Suzhou Robots Consortium"]
    assert names_in(client.get(url, {"level": "municipal"})) == ["Suzhou Robots Consortium"]
    assert names_in(client.get(url, {"field": "robots"})) == ["Suzhou Robots Consortium"]
    assert names_in(client.get(url, {"status": "suspended"})) == ["Suzhou Robots Consortium"]
    assert set(names_in(client.get(url, {"status": "active"}))) == {"Community A", "Community B"}


def test_it_finds_a_community_by_the_name_of_one_of_its_members(client, world):
    MembershipFactory(
        community=world.community_b, organization=OrganizationFactory(name="深圳鹏城精密有限公司")
    )
    response = client.get(reverse("registry:community_list"), {"q": "鹏城精密"})
    assert names_in(response) == ["Community B"]


def test_it_sorts_the_registry_by_members(client, world):
    for _number in range(3):
        MembershipFactory(community=world.community_b)
    response = client.get(reverse("registry:community_list"), {"sort": "-members"})
    assert names_in(response) == ["Community B", "Community A"]


def test_on_english_pages_it_sorts_by_the_english_name(client, world):
    # English order: Alpha before Zeta.
    CommunityFactory(name="乙机器人共同体", name_en="Zeta Robots Community")
    CommunityFactory(name="甲数控共同体", name_en="Alpha CNC Community")
    CommunityFactory(name="Middle Community Without English Name", name_en="")
    url = reverse("registry:community_list")
    assert names_in(client.get(url, {"sort": "name"})) == [
        "Alpha CNC Community",
        "Community A",
        "Community B",
        "Middle Community Without English Name",
        "Zeta Robots Community",
    ]
    chinese = Client(headers={"accept-language": "zh-hans"})
    names = names_in(chinese.get(url, {"sort": "name"}))
    # Chinese names in pinyin order: 甲 (jia) before 乙 (yi), though 乙 comes first by code.
    assert names.index("甲数控共同体") < names.index("乙机器人共同体")


def test_supervisors_see_a_button_to_register_a_community(client, world):
    url = reverse("registry:community_list")
    register_url = reverse("registry:community_register")
    for person in (world.supervisor, world.provincial_supervisor, world.operator):
        client.force_login(person)
        assert f'href="{register_url}"' in client.get(url).content.decode(), person
    for person in (world.secretary, world.representative, world.stranger):
        client.force_login(person)
        assert register_url not in client.get(url).content.decode(), person
    client.logout()
    assert register_url not in client.get(url).content.decode()


def test_the_header_links_a_signed_in_person_to_their_roles_and_tokens(client, world):
    url = reverse("registry:community_list")
    me_url, tokens_url = reverse("accounts:me"), reverse("accounts:tokens")
    anonymous = client.get(url).content.decode()
    assert me_url not in anonymous
    assert tokens_url not in anonymous
    client.force_login(world.representative)
    content = client.get(url).content.decode()
    assert f'href="{me_url}">My roles</a>' in content
    assert f'href="{tokens_url}">API tokens</a>' in content


def test_it_pages_the_registry_and_keeps_the_filters(client, world):
    CommunityFactory.create_batch(30, region=shenzhen())
    response = client.get(reverse("registry:community_list"), {"province": "440000", "page": 2})
    content = response.content.decode()
    assert "31 communities" in content
    assert len(names_in(response)) == 6
    assert "province=440000&amp;page=1" in content


def test_an_htmx_request_gets_the_results_without_the_layout(client, world):
    response = htmx_get(client, reverse("registry:community_list"), province="440000")
    content = response.content.decode()
    assert "<html" not in content
    assert names_in(response) == ["Community B"]
    # The city choices follow the province in the same response.
    assert 'hx-swap-oob="innerHTML"' in content
    assert "Shenzhen" in content
    assert "HX-Request" in response.headers["Vary"]


def test_a_plain_request_gets_the_whole_page_with_the_live_filter_form(client, world):
    content = client.get(reverse("registry:community_list")).content.decode()
    assert "<html" in content
    assert 'hx-target="#results"' in content
    assert 'hx-push-url="true"' in content
    assert 'aria-live="polite"' in content
    for name in ("q", "kind", "level", "field", "province", "city", "status", "sort"):
        assert f'<label for="id_{name}"' in content


def test_the_registry_list_costs_the_same_queries_for_3_or_30_communities(
    client, world, django_assert_num_queries
):
    url = reverse("registry:community_list")

    def queries() -> int:
        # Factories write past the audit trail, so the page cache cannot see these changes:
        # measure the rendering itself.
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    CommunityFactory.create_batch(1)
    few = queries()
    CommunityFactory.create_batch(27, region=shenzhen())
    assert queries() == few
    # The data version (for the page cache), the page of rows, their count, the field and
    # province choices; then, from the cache, the data version alone.
    cache.clear()
    with django_assert_num_queries(5):
        client.get(url)
    with django_assert_num_queries(1):
        client.get(url)


# --- a community's page --------------------------------------------------------------------


def test_a_community_page_shows_the_council_by_position_most_senior_first(client, world):
    community = world.community_a
    for position, name in [
        (CouncilSeat.Position.DIRECTOR, "董事甲"),
        (CouncilSeat.Position.SECRETARY_GENERAL, "秘书长乙"),
        (CouncilSeat.Position.CHAIR, "理事长丙"),
        (CouncilSeat.Position.STANDING_DIRECTOR, "常务理事丁"),
        (CouncilSeat.Position.VICE_CHAIR, "副理事长戊"),
        (CouncilSeat.Position.EXECUTIVE_VICE_CHAIR, "常务副理事长己"),
        (CouncilSeat.Position.DIRECTOR, "董事庚"),
    ]:
        CouncilSeatFactory(community=community, position=position, person__name=name)
    CouncilSeatFactory(
        community=community, person__name="前任理事", term_end=datetime.date(2024, 1, 1)
    )
    CouncilSeatFactory(  # a term with a planned end is still running
        community=community, person__name="在任理事", term_end=datetime.date(2099, 1, 1)
    )
    content = client.get(reverse("registry:community_detail", args=[community.pk])).content
    text = content.decode()
    order = ["理事长丙", "常务副理事长己", "副理事长戊", "秘书长乙", "常务理事丁", "董事甲"]
    positions = [text.index(name) for name in order]
    assert positions == sorted(positions)
    assert "Director: 3" in text
    assert "在任理事" in text
    assert "前任理事" not in text


def test_a_community_page_groups_its_members_by_type_with_counts(client, world):
    community = world.community_b
    MembershipFactory.create_batch(2, community=community)  # enterprises, with member_b: 3
    for _number in range(2):
        MembershipFactory(community=community, organization__type=Organization.Type.UNIVERSITY)
    MembershipFactory(community=community, organization__type=Organization.Type.HIGHER_VOCATIONAL)
    text = client.get(reverse("registry:community_detail", args=[community.pk])).content.decode()
    assert "3 enterprises, 2 universities, 1 higher-vocational college" in text


def test_a_community_page_shows_its_lead_units_charter_and_goals(client, world):
    lead = MembershipFactory(
        community=world.community_a, role="lead_unit", organization__name="中车测试股份有限公司"
    )
    Community.objects.filter(pk=world.community_a.pk).update(goals="第一行\n第二行")
    text = client.get(
        reverse("registry:community_detail", args=[world.community_a.pk])
    ).content.decode()
    lead_units = text[text.index('id="lead-units-heading"') : text.index('id="charter-heading"')]
    assert lead.organization.name_en in lead_units or lead.organization.name in lead_units
    assert "共同体章程" in text
    assert "第一行<br>第二行" in text


def test_departed_members_stay_in_the_history_with_their_date_and_reason(client, world):
    departing = MembershipFactory(
        community=world.community_a, organization__name_en="Departed Machinery Co."
    )
    services.membership_end(
        actor=world.secretary,
        membership=departing,
        left=datetime.date(2024, 3, 1),
        reason="业务调整",
    )
    text = client.get(
        reverse("registry:community_detail", args=[world.community_a.pk])
    ).content.decode()
    history = text[text.index('id="history"') :]
    assert "Departed Machinery Co." in history
    assert "2024-03-01" in history
    assert "业务调整" in history
    members = text[text.index('id="members"') : text.index('id="history"')]
    assert "Departed Machinery Co." not in members


def test_a_long_history_is_shortened_with_a_link_to_all_of_it(client, world):
    MembershipFactory.create_batch(25, community=world.community_b)
    url = reverse("registry:community_detail", args=[world.community_b.pk])
    text = client.get(url).content.decode()
    assert "Show the whole history (26 events)" in text
    full = client.get(url, {"history": "all"}).content.decode()
    assert full.count('class="event event--joined"') == 26


def test_contact_details_of_council_members_are_private(client, world):
    person = PersonFactory(organization=world.member_a, email="chair@example.cn", phone="0519-1")
    CouncilSeatFactory(community=world.community_a, person=person, position="chair")
    url = reverse("registry:community_detail", args=[world.community_a.pk])
    assert "chair@example.cn" not in client.get(url).content.decode()
    client.force_login(world.outsider)
    assert "chair@example.cn" not in client.get(url).content.decode()
    client.force_login(world.secretary)
    assert "chair@example.cn" in client.get(url).content.decode()


def test_only_those_who_may_see_private_records_get_the_history_link(client, world):
    url = reverse("registry:community_detail", args=[world.community_a.pk])
    history_url = reverse("registry:community_history", args=[world.community_a.pk])
    assert history_url not in client.get(url).content.decode()
    client.force_login(world.stranger)
    assert history_url not in client.get(url).content.decode()
    client.force_login(world.expert)
    assert history_url in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("person", "sees_it"),
    [("secretary", True), ("provincial_supervisor", True), ("outsider", False), ("expert", False)],
)
def test_the_manage_link_is_only_for_those_who_may_manage(client, world, person, sees_it):
    try:
        manage_url = reverse("registry:community_manage", args=[world.community_a.pk])
    except NoReverseMatch:  # pragma: no cover - the management pages come with "manage"
        skip_or_fail("registry:community_manage is not defined yet")
    client.force_login(getattr(world, person))
    url = reverse("registry:community_detail", args=[world.community_a.pk])
    assert (f'href="{manage_url}"' in client.get(url).content.decode()) is sees_it


def test_an_unknown_community_is_not_found(client, db):
    assert client.get(reverse("registry:community_detail", args=[999])).status_code == 404


def test_the_community_page_costs_the_same_queries_for_5_or_50_members(
    client, world, django_assert_num_queries
):
    community = world.community_b
    url = reverse("registry:community_detail", args=[community.pk])

    def queries() -> int:
        # Factories write past the audit trail, so the page cache cannot see these changes:
        # measure the rendering itself.
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add_members(count: int) -> None:
        for membership in MembershipFactory.create_batch(count, community=community):
            CouncilSeatFactory(community=community, person__organization=membership.organization)

    add_members(4)
    few = queries()
    add_members(45)
    assert queries() == few
    # The data version (for the page cache), the community, its memberships (members and
    # history), its council, its latest published evaluation grade and the withdrawn
    # publications that graded it (the badge, which says a correction was made).
    cache.clear()
    with django_assert_num_queries(6):
        client.get(url)
    # Signed in, the public record (memberships, council, badge) and the community's row
    # come from what the anonymous visit left in the cache: the data version, plus session,
    # user, role assignments (with, in the same query, the communities its organisation is
    # an active member of), and its expert appointments (an expert assigned to the
    # community in an open cycle reads its private records).
    client.force_login(world.representative)
    with django_assert_num_queries(5):
        page = client.get(url)
    assert community.name in page.content.decode()
    # Without the cache, the community, the memberships, the council and the badge are
    # read again.
    cache.clear()
    with django_assert_num_queries(10):
        client.get(url)


# --- organisations -------------------------------------------------------------------------


def test_the_organisation_list_searches_by_name_and_credit_code(client, world):
    url = reverse("registry:organization_list")
    assert names_in(client.get(url, {"q": world.member_b.name})) == [str(world.member_b.name_en)]
    by_code = client.get(url, {"q": world.member_a.credit_code})
    assert names_in(by_code) == [world.member_a.name_en]


def test_the_organisation_list_filters_by_type_and_province(client, world):
    college = OrganizationFactory(
        type=Organization.Type.HIGHER_VOCATIONAL, region=shenzhen(), name_en="Shenzhen Poly"
    )
    url = reverse("registry:organization_list")
    assert names_in(client.get(url, {"type": "higher_vocational"})) == [college.name_en]
    assert names_in(client.get(url, {"province": "440000"})) == [college.name_en]


def test_the_organisation_list_answers_htmx_with_its_results_only(client, world):
    response = htmx_get(client, reverse("registry:organization_list"), q="nothing-like-this")
    content = response.content.decode()
    assert "<html" not in content
    assert "0 organisations" in content


def test_the_organisation_list_and_page_cost_the_same_queries_for_few_or_many_rows(
    client, world, django_assert_num_queries
):
    organization = world.member_a
    list_url = reverse("registry:organization_list")
    page_url = reverse("registry:organization_detail", args=[organization.pk])

    def queries(url: str) -> int:
        # Factories write past the audit trail, so the page cache cannot see these changes:
        # measure the rendering itself.
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = (queries(list_url), queries(page_url))
    OrganizationFactory.create_batch(30, region=shenzhen())
    for community in CommunityFactory.create_batch(20):
        MembershipFactory(community=community, organization=organization)
    assert (queries(list_url), queries(page_url)) == few
    cache.clear()
    with django_assert_num_queries(4):
        client.get(list_url)
    with django_assert_num_queries(3):
        client.get(page_url)


def test_an_organisation_page_lists_its_communities_current_and_past(client, world):
    organization = world.member_a
    past = MembershipFactory(community=world.community_b, organization=organization)
    services.membership_end(
        actor=world.outsider, membership=past, left=datetime.date(2024, 5, 6), reason="退出"
    )
    response = client.get(reverse("registry:organization_detail", args=[organization.pk]))
    text = response.content.decode()
    assert organization.credit_code in text
    assert names_in(response) == ["Community A", "Community B"]
    assert "2024-05-06" in text


def test_the_edit_links_of_an_organisation_are_for_those_who_may_edit_it(client, world):
    url = reverse("registry:organization_detail", args=[world.member_a.pk])
    history_url = reverse("registry:organization_history", args=[world.member_a.pk])
    assert history_url not in client.get(url).content.decode()
    client.force_login(world.representative)
    assert history_url in client.get(url).content.decode()


def test_an_unknown_organisation_is_not_found(client, db):
    assert client.get(reverse("registry:organization_detail", args=[999])).status_code == 404


# --- private history -----------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_sign_in_for_a_history(client, world):
    login_url = login_url_or_skip()
    url = reverse("registry:community_history", args=[world.community_a.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(login_url)


def test_another_communitys_secretariat_may_not_read_the_history(client, world):
    client.force_login(world.outsider)
    response = client.get(reverse("registry:community_history", args=[world.community_a.pk]))
    assert response.status_code == 403
    assert "<html" in response.content.decode()


def test_the_secretariat_reads_who_changed_what_before_and_after(client, world):
    services.community_update(
        actor=world.secretary, community=world.community_a, goals="培养一万名技术技能人才"
    )
    services.membership_end(
        actor=world.secretary, membership=world.membership_a, left=datetime.date(2024, 2, 2)
    )
    client.force_login(world.secretary)
    response = client.get(reverse("registry:community_history", args=[world.community_a.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "共同体目标" in text  # before
    assert "培养一万名技术技能人才" in text  # after
    assert "Profile changed" in text
    assert "Membership ended" in text
    assert "2024-02-02" in text
    assert "secretary" in text
    assert '<th scope="row">updated</th>' not in text  # bookkeeping timestamps are hidden


def test_an_organisations_history_is_for_those_who_may_edit_it(client, world):
    services.organization_update(
        actor=world.representative, organization=world.member_a, address="常州市新北区"
    )
    url = reverse("registry:organization_history", args=[world.member_a.pk])
    client.force_login(world.stranger)
    assert client.get(url).status_code == 403
    client.force_login(world.representative)
    response = client.get(url)
    assert response.status_code == 200
    assert "常州市新北区" in response.content.decode()
