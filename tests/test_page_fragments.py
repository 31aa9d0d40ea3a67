"""Signed-in pages keep their heavy public parts as shared fragments, and the API its public
answers, and share nothing else.

A fragment is shared by everyone with the same visibility (see
``common.page_cache.cached_fragments``): these tests visit as one person to fill it, then as
another, and check that each sees its own links and no one else's rows or contacts; and
that a write shows on the next visit.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.registry import services
from tests.assessment.runs_world import assessment_world
from tests.factories import CouncilSeatFactory
from tests.fixtures import World

pytestmark = pytest.mark.django_db


def _page(user: object, url: str, **query: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get(url, query)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_people_who_see_the_same_record_share_it_but_not_their_links(world: World) -> None:
    CouncilSeatFactory(community=world.community_a, person__email="chair@example.cn")
    url = reverse("registry:community_detail", args=[world.community_a.pk])
    manage_url = reverse("registry:community_manage", args=[world.community_a.pk])

    stranger_first = _page(world.stranger, url)
    secretary = _page(world.secretary, url)
    stranger_again = _page(world.stranger, url)

    assert manage_url in secretary
    assert "chair@example.cn" in secretary  # the council's contacts are private
    for page in (stranger_first, stranger_again):
        assert manage_url not in page
        assert "chair@example.cn" not in page
        assert "Community A" in page


def test_a_write_shows_on_the_next_signed_in_visit(world: World) -> None:
    url = reverse("registry:community_detail", args=[world.community_a.pk])
    assert "Community A" in _page(world.representative, url)
    services.community_update(
        actor=world.secretary, community=world.community_a, name_en="Community A, renamed"
    )
    assert "Community A, renamed" in _page(world.representative, url)
    assert "Community A, renamed" in _page(world.representative, reverse("registry:community_list"))


def test_a_signed_in_page_never_echoes_another_persons_parameters(world: World) -> None:
    url = reverse("registry:community_list")
    _page(world.secretary, url, planted="evil", level="national")
    page = _page(world.representative, url, level="national")
    assert "planted" not in page
    assert "evil" not in page


def test_the_member_table_is_shared_by_managers_only_after_their_rule(world: World) -> None:
    url = reverse("registry:community_manage", args=[world.community_a.pk])
    member_name = str(world.member_a.name_en)
    assert member_name in _page(world.secretary, url)
    client = Client()
    client.force_login(world.outsider)  # secretariat of B only
    assert client.get(url).status_code == 403


def test_a_provincial_supervisor_never_gets_the_rows_of_a_national_one(world: World) -> None:
    assessed = assessment_world(world)
    cycle = assessed.cycle
    cycle.jurisdiction = world.community_a.province
    cycle.save(update_fields=["jurisdiction"])
    started = run_services.evaluation_run_start(actor=world.supervisor, cycle=cycle, enqueue=False)
    run = run_execution.evaluation_run_execute(run_id=started.pk)
    url = reverse("assessment:results_table", args=[run.pk])

    national = _page(world.supervisor, url)
    jiangsu = _page(world.provincial_supervisor, url)

    assert "Community B" in national  # seated in Shenzhen, Guangdong
    assert "Community A" in jiangsu
    assert "Community B" not in jiangsu


def test_the_htmx_partial_and_the_whole_page_are_kept_apart(world: World) -> None:
    url = reverse("registry:community_list")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.representative)
    partial = client.get(url, {"level": "national"}, headers={"hx-request": "true"})
    whole = client.get(url, {"level": "national"})
    assert b"<html" not in partial.content
    assert b"<html" in whole.content
    assert "HX-Request" in whole["Vary"]


# --- the API's shared answers (common.api.cached_json) ---------------------------------------


def _answer(user: object, url: str, **query: str) -> dict:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    response = client.get(url, query)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def test_a_kept_api_answer_is_the_answer_a_fresh_one_gives(world: World) -> None:
    url = f"/api/communities/{world.community_a.pk}/members"
    first = _answer(None, url)
    kept = _answer(world.representative, url)
    cache.clear()
    fresh = _answer(world.representative, url)
    assert kept == first == fresh
    assert {row["organization"]["name_en"] for row in fresh["results"]} >= {
        str(world.member_a.name_en)
    }


def test_an_audited_write_shows_in_the_next_api_answer(world: World) -> None:
    url = "/api/communities"
    before = _answer(None, url, q="Community A")
    assert [row["name_en"] for row in before["results"]] == ["Community A"]
    services.community_update(
        actor=world.secretary, community=world.community_a, name_en="Community A, renamed"
    )
    after = _answer(None, url, q="Community A")
    assert [row["name_en"] for row in after["results"]] == ["Community A, renamed"]


def test_api_answers_of_other_queries_are_not_shared(world: World) -> None:
    every = _answer(None, "/api/communities", page_size="100")
    one = _answer(None, "/api/communities", page_size="1")
    assert len(one["results"]) == 1
    assert every["count"] == one["count"] >= 2
    assert len(every["results"]) == every["count"]


def test_a_provincial_supervisor_never_gets_the_api_rows_of_a_national_one(world: World) -> None:
    assessed = assessment_world(world)
    cycle = assessed.cycle
    cycle.jurisdiction = world.community_a.province
    cycle.save(update_fields=["jurisdiction"])
    started = run_services.evaluation_run_start(actor=world.supervisor, cycle=cycle, enqueue=False)
    run = run_execution.evaluation_run_execute(run_id=started.pk)
    url = f"/api/assessment/runs/{run.pk}/results"

    national = {row["community"] for row in _answer(world.supervisor, url)["results"]}
    jiangsu = {row["community"] for row in _answer(world.provincial_supervisor, url)["results"]}

    assert "Community B" in national  # seated in Shenzhen, Guangdong
    assert "Community A" in jiangsu
    assert "Community B" not in jiangsu
    client = Client()
    client.force_login(world.stranger)  # type: ignore[arg-type]
    assert client.get(url).status_code in (403, 404)
