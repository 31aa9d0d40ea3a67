"""Reads of the assessment app: status boards, queues, survey statistics.

Weights are in :mod:`iecommons.assessment.weights` (``cycle_weights``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from iecommons.analytics import cronbach_alpha
from iecommons.assessment import permissions
from iecommons.assessment.models import (
    AssessmentCycle,
    IndicatorValue,
    Survey,
    SurveyInvitation,
    SurveyResponse,
)
from iecommons.assessment.weights import CycleWeights, cycle_weights
from iecommons.registry.models import Community

__all__ = [
    "BoardRow",
    "CycleWeights",
    "SurveyStats",
    "community_values",
    "cycle_board",
    "cycle_weights",
    "survey_stats",
    "verification_queue",
]

STATUSES = [choice for choice, _label in IndicatorValue.Status.choices]


@dataclass
class BoardRow:
    """One community's line on a cycle's status board."""

    community: Community
    counts: dict[str, int]
    late: int
    total: int

    @property
    def complete(self) -> int:
        return self.counts.get("verified", 0) + self.counts.get("derived", 0)


def cycle_board(cycle: AssessmentCycle, communities: Any) -> list[BoardRow]:
    """Counts of values by status per community (two queries whatever the size)."""
    communities = list(communities.order_by("name"))
    ids = [c.pk for c in communities]
    counts: dict[int, Counter[str]] = {pk: Counter() for pk in ids}
    late: Counter[int] = Counter()
    rows = IndicatorValue.objects.filter(cycle=cycle, community_id__in=ids).values_list(
        "community_id", "status", "submitted_at"
    )
    for community_id, status, submitted_at in rows:
        counts[community_id][status] += 1
        if (
            status in ("submitted", "verified", "returned")
            and submitted_at is not None
            and submitted_at.date() > cycle.submission_deadline
        ):
            late[community_id] += 1
    return [
        BoardRow(
            community=c,
            counts={s: counts[c.pk].get(s, 0) for s in STATUSES},
            late=late[c.pk],
            total=sum(counts[c.pk].values()),
        )
        for c in communities
    ]


def community_values(cycle: AssessmentCycle, community: Community) -> list[IndicatorValue]:
    return list(
        IndicatorValue.objects.filter(cycle=cycle, community=community)
        .select_related("cycle", "indicator", "indicator__parent", "submitted_by", "verified_by")
        .prefetch_related("evidence")
        .order_by("indicator__parent__order", "indicator__order", "indicator__code")
    )


def verification_queue(user: Any, cycle: AssessmentCycle) -> list[IndicatorValue]:
    """Submitted values of the communities the user may verify, oldest first."""
    communities = [
        c
        for c in permissions.cycle_communities_for(user, cycle)
        if permissions.can_verify(user, cycle, c)
    ]
    return list(
        IndicatorValue.objects.filter(
            cycle=cycle,
            community__in=communities,
            status=IndicatorValue.Status.SUBMITTED,
        )
        .select_related("cycle", "indicator", "community", "submitted_by")
        .prefetch_related("evidence")
        .order_by("submitted_at")
    )


@dataclass
class SurveyStats:
    """What anyone allowed may see of a survey: counts, rate, alpha, means — no names."""

    invited: int
    responded: int
    alpha: float | None
    alpha_note: str
    question_means: list[tuple[Any, float | None]] = field(default_factory=list)

    @property
    def response_rate(self) -> float | None:
        return 100.0 * self.responded / self.invited if self.invited else None


def survey_stats(survey: Survey, community: Community | None = None) -> SurveyStats:
    """Response rate, Cronbach's alpha and question means, for one community or all."""
    invitations = SurveyInvitation.objects.filter(survey=survey)
    responses = SurveyResponse.objects.filter(survey=survey)
    if community is not None:
        invitations = invitations.filter(community=community)
        responses = responses.filter(community=community)
    questions = list(survey.questions.order_by("order", "id"))
    answers = list(responses.values_list("answers", flat=True))
    table = np.array(
        [[float(a.get(str(q.pk), np.nan)) for q in questions] for a in answers], dtype=np.float64
    ).reshape(len(answers), len(questions))
    alpha: float | None = None
    note = ""
    if len(questions) < 2:
        note = "needs at least two questions"
    elif len(answers) < 2:
        note = "needs at least two responses"
    else:
        complete = table[~np.isnan(table).any(axis=1)]
        try:
            alpha = float(cronbach_alpha(complete).alpha)
        except ValueError as error:
            note = str(error)
    means = [
        (q, float(np.nanmean(table[:, j])) if len(answers) else None)
        for j, q in enumerate(questions)
    ]
    return SurveyStats(
        invited=invitations.count(),
        responded=responses.count(),
        alpha=alpha,
        alpha_note=note,
        question_means=means,
    )
