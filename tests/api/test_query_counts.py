"""API lists cost the same number of queries for 3 rows as for 30."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iecommons.registry.models import Community
from tests.api.conftest import Api
from tests.factories import CommunityFactory, MembershipFactory, OrganizationFactory, shenzhen

# Each builder adds ``count`` rows to what its URL lists, and returns the URL.
Builder = Callable[[int], str]


def _communities(count: int) -> str:
    for number in range(count):
        CommunityFactory(region=shenzhen()) if number % 2 else CommunityFactory()
    return "/api/communities"


def _organizations(count: int) -> str:
    for number in range(count):
        OrganizationFactory(region=shenzhen()) if number % 2 else OrganizationFactory()
    return "/api/organizations"


def _one_community() -> Community:
    return Community.objects.first() or CommunityFactory()


def _members(count: int) -> str:
    community = _one_community()
    for number in range(count):
        region = shenzhen() if number % 2 else community.region
        MembershipFactory(community=community, organization__region=region)
    return f"/api/communities/{community.pk}/members"


def _community_page(count: int) -> str:
    community = _one_community()
    for _number in range(count):
        MembershipFactory(community=community, role="lead_unit")
    return f"/api/communities/{community.pk}"


def _queries(api: Api, url: str) -> int:
    cache.clear()  # measure the work of a miss: cached pages and answers are built then
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url, {"page_size": 100})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "add_rows",
    [_communities, _organizations, _members, _community_page],
    ids=["communities", "organisations", "members", "lead units on the community page"],
)
def test_a_list_costs_the_same_queries_for_3_rows_as_for_30(
    api: Api, db: None, add_rows: Builder
) -> None:
    few = _queries(api, add_rows(3))
    many = _queries(api, add_rows(27))
    assert few == many
    assert few <= 6, f"{few} queries"
