"""Reads of values: a cycle's status board, a community's values, the verification queue."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from iecommons.assessment.models import AssessmentCycle, IndicatorValue
from iecommons.authz import assessment as rules
from iecommons.common.collation import pinyin
from iecommons.registry.models import Community

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
    communities = list(communities.order_by(pinyin("name")))
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
            and timezone.localdate(submitted_at) > cycle.submission_deadline
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
        c for c in rules.visible_cycle_communities(user, cycle) if rules.can_verify(user, cycle, c)
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
