"""The background computation of derived values, and the cost of the status board."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iecommons.assessment.models import IndicatorFramework, IndicatorValue
from iecommons.assessment.services.cycles import cycle_open
from tests.factories import CommunityFactory, MembershipFactory
from tests.fixtures import World


def _open(world: World, framework: IndicatorFramework, communities: list[Any]) -> Any:
    return cycle_open(
        actor=world.supervisor,
        name="2025",
        year=2025,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        framework=framework,
        communities=communities,
        submission_deadline=datetime.date(2026, 2, 28),
        verification_deadline=datetime.date(2026, 3, 31),
        judgment_deadline=datetime.date(2026, 3, 31),
    )


def test_opening_a_cycle_computes_derived_values_in_the_background(
    world: World,
    framework: IndicatorFramework,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    MembershipFactory(community=world.community_b, duties="提供实习岗位")
    with django_capture_on_commit_callbacks(execute=True):
        cycle = _open(world, framework, [world.community_a, world.community_b])
    derived = IndicatorValue.objects.filter(cycle=cycle, status=IndicatorValue.Status.DERIVED)
    # Per community: enterprise share, written duties, projects per ten members, enterprise
    # input, order-class students and industry teachers' hours (zero without records);
    # utilisation and the dual-qualified share stay missing without resources or teachers.
    assert derived.count() == 12
    assert not derived.filter(indicator__code__in=["D2.1", "D3.3"]).exists()
    duties_b = derived.get(community=world.community_b, indicator__code="D1.3")
    assert duties_b.value == pytest.approx(50.0)


def test_the_status_board_costs_the_same_whatever_the_number_of_communities(
    world: World,
    framework: IndicatorFramework,
) -> None:
    few = _open(world, framework, [world.community_a])
    many = _open(world, framework, [world.community_a, *CommunityFactory.create_batch(8)])
    client = Client()
    client.force_login(world.supervisor)
    counts = []
    for cycle in (few, many):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("assessment:cycle_detail", kwargs={"pk": cycle.pk}))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_community_data_page_costs_the_same_with_more_evidence(
    world: World, framework: IndicatorFramework
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from iecommons.assessment.services.values import indicator_value_submit
    from tests.assessment.conftest import indicator

    cycle = _open(world, framework, [world.community_a])
    client = Client()
    client.force_login(world.secretary)
    url = reverse(
        "assessment:community_data", kwargs={"pk": cycle.pk, "community_pk": world.community_a.pk}
    )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for code in ("D1.2", "D3.2", "D4.2"):
        indicator_value_submit(
            actor=world.secretary,
            cycle=cycle,
            community=world.community_a,
            indicator=indicator(framework, code),
            value=3,
            evidence=[SimpleUploadedFile("e.pdf", b"%PDF-1.4", content_type="application/pdf")],
        )
    assert queries() == before
