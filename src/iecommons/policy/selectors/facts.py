"""The platform facts eligibility conditions are judged on, gathered as columns.

A candidate is an organisation applying through one community it is an active member of.
Every fact comes from a handful of grouped queries over all candidates at once (no query
per candidate), so that a programme's whole field of candidates can be evaluated at once.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from iecommons.assessment.models import RectificationTask, Result
from iecommons.assessment.selectors.rectification import overdue
from iecommons.assessment.selectors.results import published_runs
from iecommons.policy.eligibility import Condition, Evaluation, evaluate
from iecommons.policy.models import Certification, IncentiveProgramme
from iecommons.projects.models import Contribution
from iecommons.registry.models import Membership


@dataclasses.dataclass(frozen=True)
class Candidates:
    """Candidates (organisation, community) in rows, and the facts as columns."""

    organization_ids: list[int]
    community_ids: list[int]
    facts: dict[str, Any]

    def __len__(self) -> int:
        return len(self.organization_ids)


def _years_between(start: datetime.date, today: datetime.date) -> int:
    return today.year - start.year - ((today.month, today.day) < (start.month, start.day))


def programme_memberships(programme: IncentiveProgramme) -> QuerySet[Membership]:
    """Active memberships in the communities of the programme's jurisdiction."""
    queryset = Membership.objects.filter(left__isnull=True)
    region = programme.jurisdiction
    if region is not None:
        if region.level == "province":
            queryset = queryset.filter(community__province_id=region.pk)
        else:
            queryset = queryset.filter(community__region_id=region.pk)
    return queryset


def gather_facts(
    memberships: QuerySet[Membership], *, today: datetime.date | None = None
) -> Candidates:
    """The facts of every active membership in ``memberships``: six queries in all."""
    today = today or timezone.localdate()
    rows = list(
        memberships.values_list(
            "organization_id",
            "community_id",
            "joined",
            "organization__type",
            "community__level",
            "community__field__code",
        ).order_by("organization_id", "community_id")
    )
    organization_ids = [row[0] for row in rows]
    community_ids = [row[1] for row in rows]
    # Subqueries, not lists of ids: 10,000 ids in an IN clause cost more than the query.
    organizations = memberships.values("organization_id")
    communities = memberships.values("community_id")
    wanted = set(community_ids)
    certified = set(
        Certification.objects.filter(
            status=Certification.Status.CERTIFIED, organization_id__in=organizations
        ).values_list("organization_id", flat=True)
    )
    overdue_counts = dict(
        overdue(RectificationTask.objects.filter(community_id__in=communities))
        .values("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
    )
    grades: dict[int, str] = {}
    for run in published_runs():  # newest cycle first: the first grade seen is the latest
        if wanted <= set(grades):
            break
        for community_id, grade in Result.objects.filter(
            run=run, community_id__in=communities
        ).values_list("community_id", "grade"):
            grades.setdefault(community_id, grade)
    contributed = dict(
        Contribution.objects.filter(organization_id__in=organizations)
        .values("organization_id")
        .annotate(total=Sum("value"))
        .values_list("organization_id", "total")
    )
    facts = {
        "certified": np.array([o in certified for o in organization_ids], dtype=bool),
        "organization_type": np.array([row[3] for row in rows], dtype=object),
        "community_level": np.array([row[4] for row in rows], dtype=object),
        "community_field": np.array([row[5] or "" for row in rows], dtype=object),
        "latest_grade": np.array([grades.get(c, "") for c in community_ids], dtype=object),
        "overdue_rectifications": np.array(
            [overdue_counts.get(c, 0) for c in community_ids], dtype=np.float64
        ),
        "membership_years": np.array(
            [_years_between(row[2], today) for row in rows], dtype=np.float64
        ),
        "joint_project_contribution": np.array(
            [float(contributed.get(o) or Decimal("0")) for o in organization_ids],
            dtype=np.float64,
        ),
    }
    return Candidates(organization_ids, community_ids, facts)


def evaluate_candidates(conditions: Iterable[Condition], candidates: Candidates) -> Evaluation:
    return evaluate(list(conditions), candidates.facts)
