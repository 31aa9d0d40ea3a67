"""The demo assessment seed: three cycles, consistent values, published results, tasks."""

from __future__ import annotations

import random

import numpy as np
import pytest

from iecommons.assessment.demo_cycles import seed_assessment
from iecommons.assessment.models import (
    AssessmentCycle,
    EvaluationRun,
    ExpertJudgment,
    IndicatorValue,
    Publication,
    RectificationTask,
    Result,
    SurveyResponse,
)
from tests.factories import CommunityFactory, MembershipFactory
from tests.fixtures import World


@pytest.fixture
def seeded(world: World) -> list[object]:
    communities = [world.community_a, world.community_b]
    for _ in range(10):
        community = CommunityFactory()
        MembershipFactory(community=community)
        communities.append(community)
    seed_assessment(rng=random.Random(3), communities=communities)
    return communities


def test_three_published_cycles_with_a_result_for_every_community(seeded: list[object]) -> None:
    years = list(AssessmentCycle.objects.order_by("year").values_list("year", flat=True))
    assert years == [2023, 2024, 2025]
    assert EvaluationRun.objects.filter(status="done").count() == 3
    assert Publication.objects.count() == 3
    assert Result.objects.count() == 3 * len(seeded)
    assert IndicatorValue.objects.filter(value__isnull=True).count() == 0
    assert ExpertJudgment.objects.exists()
    assert SurveyResponse.objects.exists()


def test_values_stay_in_range_and_quality_carries_over_the_years(seeded: list[object]) -> None:
    for value in IndicatorValue.objects.select_related("indicator"):
        indicator = value.indicator
        if indicator.min_value is not None:
            assert value.value >= indicator.min_value
        if indicator.max_value is not None:
            assert value.value <= indicator.max_value
    ranks = {
        year: dict(Result.objects.filter(run__cycle__year=year).values_list("community_id", "rank"))
        for year in (2023, 2025)
    }
    ids = sorted(ranks[2023])
    correlation = np.corrcoef([ranks[2023][i] for i in ids], [ranks[2025][i] for i in ids])[0, 1]
    assert correlation > 0.3  # a latent quality, not noise


def test_survey_indicators_are_the_means_of_the_responses(seeded: list[object]) -> None:
    value = IndicatorValue.objects.select_related("cycle").get(
        cycle__year=2024, community=seeded[0], indicator__code="D5.1"
    )
    questions = {
        str(q.pk)
        for q in value.cycle.surveys.get().questions.filter(indicator__code="D5.1")  # type: ignore[attr-defined]
    }
    answers = [
        answer
        for response in SurveyResponse.objects.filter(
            survey__cycle=value.cycle, community=seeded[0]
        )
        for key, answer in response.answers.items()
        if key in questions
    ]
    assert value.value == pytest.approx(round((np.mean(answers) - 1) / 4 * 100, 1))


def test_tasks_of_2024_show_their_2025_outcome(seeded: list[object]) -> None:
    tasks = RectificationTask.objects.filter(cycle__year=2024)
    assert tasks.exists()
    assert all(task.outcome_cycle is not None for task in tasks)
    assert tasks.filter(status="done").exists()
