"""Reads of the supply–demand picture: people needed against graduates of the supplying
majors, placed and hired, per year; and the skill gaps between talent needs and courses.

Everything here is an aggregate of public or non-personal records, for any group of
communities (one community, or those of a field or a region):

- **positions**: the head count of the published talent needs, by the year they are
  needed from (``period_start``);
- **graduates**: the graduates, that year, of the supplying majors (the majors the needs
  name) at the member colleges of the communities;
- **placed**: students placed in the communities' internship rounds starting that year;
- **hired**: students of the communities' order classes and apprenticeships hired by their
  enterprise, in the year the cohort finishes (intake year + 3, the length of a
  higher-vocational programme);
- **ratio**: graduates per position (None when no position is needed that year).

A skill gap is a skill the published talent needs ask for that no co-developed course of
the communities teaches (a retired course teaches nothing); the majors that supply the
needs asking for it say where a course is worth co-developing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear

from iecommons.registry.models import Community, Membership
from iecommons.talent import catalogues
from iecommons.talent.models import (
    Cohort,
    CollegeMajor,
    Course,
    ListStatus,
    Placement,
    TalentNeed,
)
from iecommons.talent.services.students import COLLEGE_TYPES
from iecommons.talent.skills import vocabulary

#: Years from intake to the end of a higher-vocational programme (高职专科, three years).
PROGRAMME_YEARS = 3


@dataclass(frozen=True)
class YearRow:
    """The supply–demand figures of one year."""

    year: int
    positions: int
    graduates: int
    placed: int
    hired: int

    @property
    def ratio(self) -> float | None:
        return round(self.graduates / self.positions, 2) if self.positions else None


@dataclass(frozen=True)
class SkillGap:
    """A skill the needs ask for: how many people, how many courses teach it, and the
    majors of the needs that ask for it (most demanded first)."""

    code: str
    name: str
    demand: int
    courses: int
    majors: list[str]

    @property
    def is_gap(self) -> bool:
        return self.courses == 0

    @property
    def major_names(self) -> list[str]:
        return major_names(self.majors)


def _needs(communities: QuerySet[Community]) -> QuerySet[TalentNeed]:
    return TalentNeed.objects.filter(community__in=communities, status=ListStatus.PUBLISHED)


def supply_demand(communities: QuerySet[Community]) -> list[YearRow]:
    """The figures per year for ``communities``, oldest year first."""
    needs = _needs(communities)
    positions = dict(
        needs.annotate(y=ExtractYear("period_start"))
        .values("y")
        .annotate(n=Sum("headcount"))
        .values_list("y", "n")
    )
    majors = sorted(
        {code for codes in needs.values_list("major_codes", flat=True) for code in codes}
    )
    colleges = Membership.objects.filter(
        community__in=communities, left__isnull=True, organization__type__in=COLLEGE_TYPES
    ).values("organization_id")
    graduates = dict(
        CollegeMajor.objects.filter(college_id__in=colleges, major_code__in=majors)
        .values("year")
        .annotate(n=Sum("graduates"))
        .values_list("year", "n")
    )
    placed = dict(
        Placement.objects.filter(round__community__in=communities, position__isnull=False)
        .annotate(y=ExtractYear("round__starts"))
        .values("y")
        .annotate(n=Count("pk"))
        .values_list("y", "n")
    )
    hired: dict[int, int] = defaultdict(int)
    for intake, number in (
        Cohort.objects.filter(community__in=communities, hired__isnull=False)
        .values("intake_year")
        .annotate(n=Sum("hired"))
        .values_list("intake_year", "n")
    ):
        hired[intake + PROGRAMME_YEARS] += number
    years = sorted(set(positions) | set(graduates) | set(placed) | set(hired))
    return [
        YearRow(
            year=year,
            positions=int(positions.get(year) or 0),
            graduates=int(graduates.get(year) or 0),
            placed=int(placed.get(year) or 0),
            hired=int(hired.get(year) or 0),
        )
        for year in years
    ]


def skill_gaps(communities: QuerySet[Community]) -> list[SkillGap]:
    """Every skill the published needs of ``communities`` ask for, most demanded first."""
    demand: Counter[str] = Counter()
    majors: dict[str, Counter[str]] = defaultdict(Counter)
    for skills, codes, headcount in _needs(communities).values_list(
        "skills", "major_codes", "headcount"
    ):
        for skill in skills:
            demand[skill] += headcount
            for code in codes:
                majors[skill][code] += headcount
    taught: Counter[str] = Counter()
    for skills in (
        Course.objects.filter(community__in=communities)
        .exclude(status=Course.Status.RETIRED)
        .values_list("skills", flat=True)
    ):
        taught.update(set(skills))
    known = vocabulary()
    return [
        SkillGap(
            code=code,
            name=known[code].name if code in known else code,
            demand=number,
            courses=taught[code],
            majors=[major for major, _n in majors[code].most_common(3)],
        )
        for code, number in sorted(demand.items(), key=lambda item: (-item[1], item[0]))
    ]


def major_names(codes: list[str]) -> list[str]:
    known = catalogues.majors()
    return [f"{code} {known[code].name}" if code in known else code for code in codes]


def chart_data(rows: list[YearRow], labels: dict[str, str]) -> dict[str, Any]:
    """What the supply–demand chart draws (``talent/charts.js``), labels translated."""
    return {
        "years": [str(row.year) for row in rows],
        "positions": [row.positions for row in rows],
        "graduates": [row.graduates for row in rows],
        "placed": [row.placed for row in rows],
        "hired": [row.hired for row in rows],
        "ratio": [row.ratio for row in rows],
        "labels": labels,
    }
