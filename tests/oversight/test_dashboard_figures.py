"""The dashboard figures against counts made by hand on the small world of
``dashboard_world`` (its docstring has the table)."""

from __future__ import annotations

import pytest

from iecommons.oversight.dashboards.figures import figures_compute
from iecommons.oversight.dashboards.freshness import is_behind, stored_figures
from iecommons.oversight.dashboards.services import (
    dashboard_figures_compute,
    dashboards_compute_all,
)
from tests.oversight.dashboard_world import TODAY, DashboardWorld


@pytest.fixture
def national(dashboard_world: DashboardWorld):
    return figures_compute(None, today=TODAY)


@pytest.fixture
def jiangsu(dashboard_world: DashboardWorld):
    return figures_compute(dashboard_world.world.community_a.province, today=TODAY)


def test_national_communities_by_level_status_province_and_year(national):
    supervisor, public = national
    communities = supervisor["communities"]
    assert communities["total"] == 4
    assert communities["by_level"] == {"provincial": 2, "national": 1, "municipal": 1}
    assert communities["by_status"] == {"active": 3, "dissolved": 1}
    assert {row["name_zh"]: row["count"] for row in communities["by_area"]} == {
        "江苏省": 3,
        "广东省": 1,
    }
    assert communities["founded"]["years"] == [2023, 2024]
    assert communities["founded"]["series"]["active"] == [3, 0]
    assert communities["founded"]["series"]["dissolved"] == [0, 1]
    assert public["communities"] == communities  # public figures


def test_members_by_type_and_the_enterprise_share(national, jiangsu):
    members = national[0]["members"]
    assert members["active"] == 3  # the member who left in 2025 is not counted
    assert members["by_type"] == {"enterprise": 2, "higher_vocational": 1}
    assert members["enterprise_share"] == 66.7
    assert members["flow"] == {"years": [2023, 2025], "joined": [4, 0], "left": [0, 1]}
    assert jiangsu[0]["members"]["enterprise_share"] == 50.0


def test_collaboration_is_counted_for_supervisors_only(national):
    supervisor, public = national
    collaboration = supervisor["collaboration"]
    assert collaboration["resources"] == 1  # the withdrawn one is not shared any more
    assert collaboration["projects"] == 1
    assert (collaboration["contributions"], collaboration["contributed"]) == (1, "1000.50")
    assert (collaboration["allocations"], collaboration["allocated"]) == (1, "300.00")
    assert collaboration["utilisation"]["rate"] == 0.0  # open around the clock, never used
    assert "collaboration" not in public


def test_grades_per_cycle_and_movement_between_cycles(national):
    supervisor, public = national
    cycles = supervisor["assessment"]["cycles"]
    assert [(c["year"], c["published"]) for c in cycles] == [
        (2024, True),
        (2025, True),
        (2025, False),
    ]
    assert cycles[0]["grades"] == {"excellent": 1, "good": 0, "pass": 1, "fail": 1}
    first = supervisor["assessment"]["movements"][0]
    assert (first["up"], first["same"], first["down"]) == (1, 1, 1)
    matrix = {(cell["from"], cell["to"]): cell["count"] for cell in first["matrix"]}
    assert matrix[("excellent", "good")] == 1
    assert matrix[("fail", "pass")] == 1
    assert matrix[("pass", "pass")] == 1
    # The public sees published runs only, and no rectification.
    assert [c["published"] for c in public["assessment"]["cycles"]] == [True, True]
    assert "rectification" not in public["assessment"]


def test_rectification_open_overdue_and_closed(national):
    assert national[0]["assessment"]["rectification"] == {"open": 1, "overdue": 1, "closed": 1}


def test_talent_and_policy_figures(national, jiangsu):
    supervisor, public = national
    assert supervisor["talent"]["talent_needs"] == 1  # the one awaiting review is not counted
    assert supervisor["talent"]["headcount"] == 12
    assert (supervisor["talent"]["placed"], supervisor["talent"]["unplaced"]) == (2, 1)
    assert "placed" not in public["talent"]
    assert supervisor["policy"] == {
        "programmes": 2,
        "awards": 2,
        "awarded": "280000.00",
        "disbursed": "50000.00",
    }
    assert jiangsu[0]["policy"]["awarded"] == "200000.00"


def test_a_province_holds_its_own_communities_but_not_the_national_ones(jiangsu):
    supervisor, public = jiangsu
    assert supervisor["communities"]["total"] == 2  # A and D; C is national
    assert {row["name_zh"]: row["count"] for row in supervisor["communities"]["by_area"]} == {
        "常州市": 2
    }
    # Its own cycle's unpublished run is on its supervisor's dashboard, not the public one.
    assert [c["cycle"] for c in supervisor["assessment"]["cycles"]][-1] == "江苏省2025年度评价"
    assert len(public["assessment"]["cycles"]) == 2


def test_another_province_does_not_see_the_unpublished_run_of_jiangsu(dashboard_world):
    guangdong = dashboard_world.world.community_b.province
    supervisor, _public = figures_compute(guangdong, today=TODAY)
    assert supervisor["communities"]["total"] == 1
    assert all(cycle["published"] for cycle in supervisor["assessment"]["cycles"])


def test_figures_are_stored_and_every_jurisdiction_is_computed(dashboard_world):
    stored = dashboard_figures_compute(region_id=None, today=TODAY)
    assert stored.key == "national"
    assert stored.supervisor["communities"]["total"] == 4
    assert not is_behind(stored)
    assert dashboards_compute_all(today=TODAY) == 1 + 4  # nation, two provinces, two cities
    city = dashboard_world.world.community_a.region
    assert stored_figures(city).public["communities"]["total"] == 2


def test_the_command_computes_every_jurisdiction(dashboard_world, capsys):
    from django.core.management import call_command

    from iecommons.oversight.dashboards.models import DashboardFigures

    call_command("compute_dashboards")
    assert "5 jurisdictions' figures computed" in capsys.readouterr().out
    assert set(DashboardFigures.objects.values_list("key", flat=True)) == {
        "national",
        "320000",
        "320400",
        "440000",
        "440300",
    }


def test_the_tile_map_has_one_tile_of_its_own_for_each_of_the_34_divisions():
    import csv
    from pathlib import Path

    import iecommons
    from iecommons.oversight.dashboards.tilegrid import COLUMNS, ROWS, TILES

    path = Path(iecommons.__file__).parent / "registry" / "data" / "regions.csv"
    with path.open(encoding="utf-8") as handle:
        provinces = {row[0] for row in csv.reader(handle) if len(row) > 1 and row[1] == "province"}
    assert set(TILES) == provinces
    assert len(provinces) == 34
    places = [(column, row) for column, row, _zh, _en in TILES.values()]
    assert len(set(places)) == 34
    assert all(0 <= column < COLUMNS and 0 <= row < ROWS for column, row in places)
