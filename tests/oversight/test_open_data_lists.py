"""Open data: the three published lists (talent) and the awards of incentive programmes
(policy) are resources of the package, validated by frictionless; items awaiting review,
returned items and applications not awarded stay out; a new publication queues a rebuild."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from frictionless import Package, validate

from iecommons.oversight.opendata.build import open_data_build, release_directory
from iecommons.oversight.opendata.freshness import is_stale
from iecommons.policy.models import Application, IncentiveProgramme
from iecommons.talent.models import CoreProduct, ListStatus, TalentNeed, TechnologyNeed
from tests.factories import FieldFactory
from tests.fixtures import World

NOW = datetime.datetime(2026, 5, 1, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _need(world: World, title: str, status: str) -> TalentNeed:
    return TalentNeed.objects.create(
        community=world.community_a,
        organization=world.member_a,
        status=status,
        published_at=NOW if status == ListStatus.PUBLISHED else None,
        occupation_code="6-30-99-00",
        title=title,
        skill_level=TalentNeed.SkillLevel.SENIOR,
        headcount=12,
        region=world.community_a.region,
        salary_min=6000,
        salary_max=9000,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 12, 31),
        major_codes=["460305", "460301"],
    )


def _award(world: World, programme: IncentiveProgramme, status: str, amount: str) -> Application:
    return Application.objects.create(
        programme=programme,
        organization=world.member_a if status == Application.Status.AWARDED else world.member_b,
        community=world.community_a,
        amount_requested=Decimal(amount),
        purpose="共建实训基地",
        status=status,
        amount_awarded=Decimal(amount) if status == Application.Status.AWARDED else 0,
        amount_disbursed=Decimal("50000.00") if status == Application.Status.AWARDED else 0,
        decided_at=NOW,
    )


@pytest.fixture
def published(world: World) -> World:
    _need(world, "轨道车辆装调工", ListStatus.PUBLISHED)
    _need(world, "待审核岗位", ListStatus.SUBMITTED)
    _need(world, "退回岗位", ListStatus.REJECTED)
    field = FieldFactory()
    TechnologyNeed.objects.create(
        community=world.community_a,
        organization=world.member_a,
        status=ListStatus.PUBLISHED,
        published_at=NOW,
        problem="转向架焊缝自动检测",
        field=field,
        budget=Decimal("800000.00"),
        deadline=datetime.date(2027, 6, 30),
    )
    CoreProduct.objects.create(
        community=world.community_a,
        organization=world.member_a,
        status=ListStatus.PUBLISHED,
        published_at=NOW,
        name="=CMD|' /C calc'!A0",  # formula-like text must stay text
        field=field,
    )
    programme = IncentiveProgramme.objects.create(
        title="江苏省产教融合专项资金",
        kind=IncentiveProgramme.Kind.SPECIAL_FUND,
        jurisdiction=world.community_a.province,
        opens=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 6, 30),
        spend_by=datetime.date(2026, 12, 31),
        conditions=[{"fact": "certified", "op": "is", "value": True}],
        original_budget=Decimal("1000000.00"),
        budget=Decimal("1000000.00"),
    )
    _award(world, programme, Application.Status.AWARDED, "200000.00")
    _award(world, programme, Application.Status.REJECTED, "300000.00")
    return world


def _rows(version: int, name: str) -> list[dict[str, str]]:
    with (release_directory(version) / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_lists_and_awards_are_resources_that_validate_with_frictionless(published):
    release = open_data_build(reason="test")
    descriptor = release_directory(release.version) / "datapackage.json"
    report = validate(str(descriptor))
    failed = [(t.name, t.flatten(["type", "note"])) for t in report.tasks if not t.valid]
    assert report.valid, failed
    names = {resource.name for resource in Package(str(descriptor)).resources}
    for name in ("talent_needs", "technology_needs", "core_products", "awards"):
        assert {name, f"{name}-xlsx", f"{name}-json"} <= names


def test_only_published_items_and_awarded_applications_are_open_data(published):
    release = open_data_build()
    needs = _rows(release.version, "talent_needs")
    assert [row["title"] for row in needs] == ["轨道车辆装调工"]
    assert needs[0]["headcount"] == "12"
    assert needs[0]["major_codes"] == "460305 460301"
    assert needs[0]["published_at"] == "2026-05-01T08:00:00Z"
    technology = _rows(release.version, "technology_needs")
    assert [(row["problem"], row["budget"]) for row in technology] == [
        ("转向架焊缝自动检测", "800000.0")
    ]
    assert len(_rows(release.version, "core_products")) == 1
    awards = _rows(release.version, "awards")
    assert len(awards) == 1
    award = awards[0]
    assert award["recipient"] == published.member_a.name
    assert award["credit_code"] == published.member_a.credit_code
    assert (award["amount"], award["disbursed"]) == ("200000.0", "50000.0")
    assert award["jurisdiction"] == "江苏省"
    assert award["rule"] == "certified is True"
    assert published.member_b.name not in {row["recipient"] for row in awards}


def test_a_formula_like_product_name_stays_text(published):
    release = open_data_build()
    (row,) = _rows(release.version, "core_products")
    assert row["product"].startswith("'=")


def test_a_list_item_or_an_award_published_after_the_release_makes_it_stale(published):
    open_data_build()
    assert not is_stale()
    TalentNeed.objects.filter(status=ListStatus.SUBMITTED).update(
        status=ListStatus.PUBLISHED, published_at=timezone.now()
    )
    assert is_stale()
    open_data_build()
    assert not is_stale()
    Application.objects.filter(status=Application.Status.REJECTED).update(
        status=Application.Status.AWARDED, decided_at=timezone.now()
    )
    assert is_stale()
