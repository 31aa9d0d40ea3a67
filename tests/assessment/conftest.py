"""Fixtures of the assessment tests: the default framework and a cycle over the world's
two communities (A in Jiangsu, B in Guangdong), opened by the national supervisor."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from iecommons.assessment.models import AssessmentCycle, Indicator, IndicatorFramework
from iecommons.assessment.services.cycles import cycle_open
from iecommons.assessment.services.frameworks import default_framework_load
from tests.fixtures import World


@pytest.fixture
def framework(db: None) -> IndicatorFramework:
    return default_framework_load()


@pytest.fixture
def cycle(world: World, framework: IndicatorFramework) -> AssessmentCycle:
    return cycle_open(
        actor=world.supervisor,
        name="2025 年度评价",
        year=2025,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        framework=framework,
        communities=[world.community_a, world.community_b],
        submission_deadline=datetime.date(2026, 2, 28),
        verification_deadline=datetime.date(2026, 3, 31),
        judgment_deadline=datetime.date(2026, 3, 31),
    )


def indicator(framework: IndicatorFramework, code: str) -> Indicator:
    return Indicator.objects.get(framework=framework, code=code)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Evidence files go to a temporary directory, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
