"""The dashboard pages: who sees which, what the public version leaves out, the stored
figures shown with the time they were computed, and the job queued when they are behind."""

from __future__ import annotations

import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client

from iecommons.oversight.dashboards.models import DashboardFigures
from iecommons.oversight.dashboards.services import dashboards_compute_all
from tests.oversight.dashboard_world import TODAY, DashboardWorld

JIANGSU, CHANGZHOU, GUANGDONG = "320000", "320400", "440000"


@pytest.fixture
def computed(dashboard_world: DashboardWorld) -> DashboardWorld:
    dashboards_compute_all(today=TODAY)
    cache.clear()
    return dashboard_world


def _client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def _figure(html: str, key: str) -> str:
    found = re.search(rf'data-figure="{key}">([^<]*)<', html)
    assert found, key
    return found.group(1).strip()


#: Who asks (a person of ``tests.fixtures.World``, or nobody), for what, and the answer.
AUTHORISATION = [
    (None, "/dashboards/", 200),
    (None, f"/dashboards/{JIANGSU}/", 200),
    (None, f"/dashboards/{CHANGZHOU}/", 200),
    (None, "/dashboards/supervise/national/", 302),  # to the sign-in page
    ("stranger", "/dashboards/supervise/national/", 404),
    ("stranger", f"/dashboards/supervise/{JIANGSU}/", 404),
    ("stranger", "/dashboards/supervise/", 404),
    ("outsider", f"/dashboards/supervise/{GUANGDONG}/", 404),  # a secretariat, not a supervisor
    ("representative", f"/dashboards/supervise/{CHANGZHOU}/", 404),
    ("guangdong_supervisor", f"/dashboards/supervise/{JIANGSU}/", 404),
    ("guangdong_supervisor", f"/dashboards/supervise/{CHANGZHOU}/", 404),
    ("guangdong_supervisor", "/dashboards/supervise/national/", 404),
    ("guangdong_supervisor", f"/dashboards/supervise/{GUANGDONG}/", 200),
    ("provincial_supervisor", f"/dashboards/supervise/{JIANGSU}/", 200),
    ("provincial_supervisor", f"/dashboards/supervise/{CHANGZHOU}/", 200),
    ("provincial_supervisor", "/dashboards/supervise/national/", 404),
    ("supervisor", "/dashboards/supervise/national/", 200),
    ("supervisor", f"/dashboards/supervise/{GUANGDONG}/", 200),
    ("operator", "/dashboards/supervise/national/", 200),
    (None, "/dashboards/999999/", 404),
]


@pytest.mark.parametrize(("person", "address", "status"), AUTHORISATION)
def test_who_sees_which_dashboard(computed, person, address, status):
    user = getattr(computed.world, person) if person else None
    assert _client(user).get(address).status_code == status


def test_a_supervisor_is_sent_to_its_own_dashboard(computed):
    world = computed.world
    national = _client(world.supervisor).get("/dashboards/supervise/")
    assert national.url == "/dashboards/supervise/national/"
    provincial = _client(world.provincial_supervisor).get("/dashboards/supervise/")
    assert provincial.url == f"/dashboards/supervise/{JIANGSU}/"


def test_the_supervisor_dashboard_shows_every_figure_with_when_it_was_computed(computed):
    html = _client(computed.world.supervisor).get("/dashboards/supervise/national/")
    html = html.content.decode()
    assert _figure(html, "communities") == "4"
    assert _figure(html, "members") == "3"
    assert _figure(html, "enterprise_share") == "66.7 %"
    assert _figure(html, "awarded") == "280,000.00"
    assert _figure(html, "resources") == "1"
    assert _figure(html, "placed") == "2 placed, 1 not, in 1 matched rounds"
    assert "江苏省2025年度评价" in html
    assert "not published" in html
    assert "1 up, 1 unchanged, 1 down" in html
    stored = DashboardFigures.objects.get(key="national")
    local = stored.computed_at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"Computed {local:%Y-%m-%d %H:%M}." in html
    # Every figure links to its list: the registry filtered by level, the rectification list…
    assert "/?level=national" in html
    assert "/assessment/rectification/?status=overdue" in html
    assert "/policy/awards/" in html


def test_the_public_dashboard_leaves_out_what_is_not_public(computed):
    html = _client().get("/dashboards/").content.decode()
    assert _figure(html, "communities") == "4"
    assert "江苏省2025年度评价" not in html  # an unpublished run
    assert 'data-figure="resources"' not in html  # collaboration records
    assert 'data-figure="placed"' not in html  # students
    assert "Rectification tasks" not in html
    assert "/dashboards/supervise/" not in html


def test_a_province_dashboard_lists_its_cities_and_links_back_to_the_nation(computed):
    html = _client().get(f"/dashboards/{JIANGSU}/").content.decode()
    assert _figure(html, "communities") == "2"  # the national community C is not counted
    assert f'href="/dashboards/{CHANGZHOU}/"' in html
    assert 'href="/dashboards/"' in html


def test_the_national_public_dashboard_draws_the_tile_map_of_the_34_divisions(computed):
    html = _client().get("/dashboards/").content.decode()
    data = re.search(r'<script id="chart-map" type="application/json">(.*?)</script>', html)
    assert data
    tiles = json.loads(data.group(1))["tiles"]
    assert len(tiles) == 34
    jiangsu = next(tile for tile in tiles if tile["code"] == JIANGSU)
    assert (jiangsu["count"], jiangsu["url"]) == (3, f"/dashboards/{JIANGSU}/")
    assert {"710000", "810000", "820000", "460000"} <= {tile["code"] for tile in tiles}


def test_a_dashboard_without_figures_queues_their_computation_once(
    dashboard_world, django_capture_on_commit_callbacks
):
    cache.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        page = _client().get("/dashboards/")
    assert page.status_code == 200
    assert "being computed in the background" in page.content.decode()
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        _client().get("/dashboards/")
    assert callbacks == []  # already queued


def test_the_dashboard_speaks_chinese(computed):
    client = Client()
    client.get("/i18n/language/zh-hans/")
    html = client.get("/dashboards/").content.decode()
    assert "监测看板：全国" in html
    assert "各省份共同体数量" in html


def test_a_dashboard_reads_its_stored_figures_in_a_few_queries(computed):
    """The page renders what the job stored: its queries do not grow with the records."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(computed.world.supervisor)
    client.get("/dashboards/supervise/national/")  # the session and the scope, once
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dashboards/supervise/national/").status_code == 200
    assert len(queries) <= 12, [query["sql"] for query in queries]


def test_the_api_gives_the_same_figures_and_asks_the_same_rule(computed):
    world = computed.world
    public = _client().get("/api/dashboards/national").json()
    assert public["jurisdiction"] == "national"
    assert public["figures"]["communities"]["total"] == 4
    assert "collaboration" not in public["figures"]
    assert _client().get(f"/api/dashboards/{JIANGSU}").json()["name_en"] == "Jiangsu"
    assert _client().get("/api/dashboards/999999").status_code == 404
    assert _client().get("/api/dashboards/supervise/national").status_code == 401
    assert _client(world.stranger).get("/api/dashboards/supervise/national").status_code == 404
    guangdong = _client(world.guangdong_supervisor)
    assert guangdong.get(f"/api/dashboards/supervise/{JIANGSU}").status_code == 404
    own = guangdong.get(f"/api/dashboards/supervise/{GUANGDONG}").json()
    assert own["figures"]["collaboration"]["resources"] == 0
    national = _client(world.supervisor).get("/api/dashboards/supervise/national").json()
    assert national["figures"]["assessment"]["rectification"]["overdue"] == 1
