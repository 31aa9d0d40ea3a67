"""The figures of a jurisdiction's dashboard, read from the platform's records.

:func:`figures_compute` reads the communities of a jurisdiction (the nation, a province or a
city; :func:`iecommons.authz.dashboards.jurisdiction_communities_q`) with grouped queries and
returns two plain, JSON-ready dictionaries: the supervisor's figures and the public ones.
Pages never call it; the background job stores its answer (``services.py``).

What is public: communities (level, field, province or city, status, year founded), members
by type (the membership history is open data), grades of **published** runs, the published
three lists and the awards of incentive programmes (both open data). The supervisor also
sees collaboration (resources, utilisation, projects, contributions, allocations), the latest
run of each cycle of its own jurisdiction even before publication, rectification, and
internship placements.
"""

from __future__ import annotations

import datetime
import itertools
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from iecommons.assessment.models import (
    AssessmentCycle,
    EvaluationRun,
    Publication,
    RectificationTask,
    Result,
)
from iecommons.authz.dashboards import jurisdiction_communities_q
from iecommons.collaboration.models import Resource
from iecommons.collaboration.selectors import pooled_utilisation
from iecommons.policy.models import Application, IncentiveProgramme
from iecommons.projects.models import BenefitAllocation, Contribution, Project
from iecommons.registry.models import Community, Field, Membership, Organization, Region
from iecommons.talent.models import (
    CoreProduct,
    ListStatus,
    Placement,
    PlacementRound,
    TalentNeed,
    TechnologyNeed,
)

#: Grades from best to worst: a movement up or down between cycles follows this order.
GRADE_ORDER = ("excellent", "good", "pass", "fail")
#: How far back the pooled utilisation of shared resources looks.
UTILISATION_DAYS = 365


def _filtered(queryset: QuerySet[Any], region: Region | None, prefix: str = "") -> QuerySet[Any]:
    condition = jurisdiction_communities_q(region, prefix)
    return queryset if condition is None else queryset.filter(condition)


def _counts(queryset: QuerySet[Any], field: str) -> dict[str, int]:
    rows = queryset.order_by().values_list(field).annotate(n=Count("pk"))
    return {str(key): n for key, n in rows if key is not None}


def _money(value: Decimal | None) -> str:
    return str((value or Decimal(0)).quantize(Decimal("0.01")))


# --- communities and members ----------------------------------------------------------------


def _communities(region: Region | None, communities: QuerySet[Community]) -> dict[str, Any]:
    by_field_ids = _counts(communities, "field_id")
    fields = {
        str(row["pk"]): row for row in Field.objects.values("pk", "code", "name_zh", "name_en")
    }
    by_field: list[dict[str, Any]] = sorted(
        (
            {
                "code": fields[key]["code"],
                "name_zh": fields[key]["name_zh"],
                "name_en": fields[key]["name_en"],
                "count": count,
            }
            for key, count in by_field_ids.items()
            if key in fields
        ),
        key=lambda row: (-row["count"], row["code"]),
    )
    # The areas below this jurisdiction: provinces of the nation, cities of a province.
    if region is None:
        area_counts = _counts(communities, "province_id")
        areas = Region.objects.filter(level=Region.Level.PROVINCE)
    elif region.parent_id is None:
        area_counts = _counts(communities, "region_id")
        areas = Region.objects.filter(parent=region)
    else:
        area_counts, areas = {}, Region.objects.none()
    by_area = [
        {
            "code": area.code,
            "name_zh": area.name_zh,
            "name_en": area.name_en,
            "count": area_counts.get(str(area.pk), 0),
        }
        for area in areas.order_by("code")
    ]
    years: dict[int, Counter[str]] = defaultdict(Counter)
    for founded, status, count in (
        communities.order_by()
        .values_list("founded__year", "status")
        .annotate(n=Count("pk"))
        .values_list("founded__year", "status", "n")
    ):
        years[founded][status] += count
    ordered = sorted(years)
    statuses = [choice for choice, _label in Community.Status.choices]
    return {
        "total": communities.count(),
        "by_level": _counts(communities, "level"),
        "by_kind": _counts(communities, "kind"),
        "by_status": _counts(communities, "status"),
        "by_field": by_field,
        "by_area": by_area,
        "area_level": "province" if region is None else "city",
        "founded": {
            "years": ordered,
            "series": {status: [years[year][status] for year in ordered] for status in statuses},
        },
    }


def _members(region: Region | None) -> dict[str, Any]:
    active = _filtered(Membership.objects.filter(left__isnull=True), region, "community__")
    by_type = _counts(active, "organization__type")
    total = sum(by_type.values())
    enterprises = by_type.get(Organization.Type.ENTERPRISE, 0)
    history = _filtered(Membership.objects.all(), region, "community__")
    joined = dict(
        history.order_by()
        .values_list("joined__year")
        .annotate(n=Count("pk"))
        .values_list("joined__year", "n")
    )
    left = dict(
        history.filter(left__isnull=False)
        .order_by()
        .values_list("left__year")
        .annotate(n=Count("pk"))
        .values_list("left__year", "n")
    )
    years = sorted(set(joined) | set(left))
    return {
        "active": total,
        "by_type": by_type,
        "enterprises": enterprises,
        "enterprise_share": round(100.0 * enterprises / total, 1) if total else None,
        "flow": {
            "years": years,
            "joined": [joined.get(year, 0) for year in years],
            "left": [left.get(year, 0) for year in years],
        },
    }


# --- collaboration (supervisors) ------------------------------------------------------------


def _collaboration(region: Region | None, today: datetime.date) -> dict[str, Any]:
    resources = _filtered(Resource.objects.all(), region, "community__")
    active = resources.filter(status=Resource.Status.ACTIVE)
    end = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    start = end - datetime.timedelta(days=UTILISATION_DAYS)
    utilisation = pooled_utilisation(resources, start, end)
    projects = _filtered(Project.objects.all(), region, "community__")
    contributions = _filtered(
        Contribution.objects.all(), region, "participant__project__community__"
    )
    contributed = contributions.aggregate(n=Count("pk"), value=Sum("value"))
    allocations = _filtered(
        BenefitAllocation.objects.filter(superseded_by__isnull=True),
        region,
        "project__community__",
    )
    allocated = allocations.aggregate(
        n=Count("pk"),
        shared=Sum("amount", filter=Q(amount__gt=0)),
        losses=Sum("amount", filter=Q(amount__lt=0)),
    )
    rate = utilisation.rate
    return {
        "resources": active.count(),
        "resources_by_type": _counts(active, "type"),
        "utilisation": {
            "from": start.date().isoformat(),
            "until": (end.date() - datetime.timedelta(days=1)).isoformat(),
            "used_unit_hours": round(utilisation.used_hours, 1),
            "available_unit_hours": round(utilisation.available_hours, 1),
            "rate": round(100.0 * rate, 1) if rate is not None else None,
        },
        "projects": projects.count(),
        "projects_by_status": _counts(projects, "status"),
        "projects_by_type": _counts(projects, "type"),
        "contributions": contributed["n"],
        "contributed": _money(contributed["value"]),
        "allocations": allocated["n"],
        "allocated": _money(allocated["shared"]),
        "losses_shared": _money(-(allocated["losses"] or Decimal(0))),
    }


# --- assessment -----------------------------------------------------------------------------


def _own_cycle_ids(region: Region | None) -> set[int]:
    """Cycles opened for this jurisdiction (or inside it): their unpublished runs belong on
    its supervisor's dashboard; every other cycle shows only its published runs."""
    cycles = AssessmentCycle.objects.all()
    if region is not None:
        cycles = cycles.filter(Q(jurisdiction=region) | Q(jurisdiction__parent=region))
    return set(cycles.values_list("pk", flat=True))


def _chosen_runs(region: Region | None, *, public: bool) -> dict[int, tuple[int, bool]]:
    """For each cycle, the run whose grades the dashboard shows: ``{cycle: (run, published)}``
    — the latest published run; for the supervisor, in its own cycles, the latest run done."""
    published = dict(
        Publication.objects.current()
        .order_by()
        .values_list("cycle_id")
        .annotate(run=Max("run_id"))
        .values_list("cycle_id", "run")
    )
    chosen = {cycle: (run, True) for cycle, run in published.items()}
    if not public:
        own = _own_cycle_ids(region)
        done = (
            EvaluationRun.objects.filter(status=EvaluationRun.Status.DONE, cycle_id__in=own)
            .order_by()
            .values_list("cycle_id")
            .annotate(run=Max("pk"))
            .values_list("cycle_id", "run")
        )
        published_runs = set(Publication.objects.current().values_list("run_id", flat=True))
        for cycle, run in done:
            chosen[cycle] = (run, run in published_runs)
    return chosen


def _assessment(region: Region | None, *, public: bool, today: datetime.date) -> dict[str, Any]:
    chosen = _chosen_runs(region, public=public)
    run_ids = [run for run, _published in chosen.values()]
    results = _filtered(Result.objects.filter(run_id__in=run_ids), region, "community__")
    grades: dict[int, Counter[str]] = defaultdict(Counter)
    by_run: dict[int, dict[int, str]] = defaultdict(dict)
    for run_id, community_id, grade in results.values_list("run_id", "community_id", "grade"):
        grades[run_id][grade] += 1
        by_run[run_id][community_id] = grade
    cycles = {
        row["pk"]: row
        for row in AssessmentCycle.objects.filter(pk__in=list(chosen)).values(
            "pk", "name", "year", "jurisdiction__name_zh", "jurisdiction__name_en"
        )
    }
    shown: list[dict[str, Any]] = []
    for cycle_id in sorted(chosen, key=lambda pk: (cycles[pk]["year"], pk)):
        run_id, published = chosen[cycle_id]
        if not grades[run_id]:
            continue  # none of this jurisdiction's communities were evaluated in it
        shown.append(
            {
                "cycle_id": cycle_id,
                "cycle": cycles[cycle_id]["name"],
                "year": cycles[cycle_id]["year"],
                "run_id": run_id,
                "published": published,
                "evaluated": sum(grades[run_id].values()),
                "grades": {grade: grades[run_id].get(grade, 0) for grade in GRADE_ORDER},
            }
        )
    movements = []
    for before, after in itertools.pairwise(shown):
        earlier, later = by_run[before["run_id"]], by_run[after["run_id"]]
        pairs = Counter(
            (earlier[pk], later[pk])
            for pk in earlier.keys() & later.keys()
            if earlier[pk] in GRADE_ORDER and later[pk] in GRADE_ORDER
        )
        up = sum(n for (a, b), n in pairs.items() if GRADE_ORDER.index(b) < GRADE_ORDER.index(a))
        down = sum(n for (a, b), n in pairs.items() if GRADE_ORDER.index(b) > GRADE_ORDER.index(a))
        movements.append(
            {
                "from_cycle": before["cycle"],
                "to_cycle": after["cycle"],
                "from_run": before["run_id"],
                "to_run": after["run_id"],
                "up": up,
                "same": sum(pairs.values()) - up - down,
                "down": down,
                "matrix": [
                    {"from": a, "to": b, "count": pairs.get((a, b), 0)}
                    for a in GRADE_ORDER
                    for b in GRADE_ORDER
                ],
            }
        )
    figures: dict[str, Any] = {"cycles": shown, "movements": movements}
    if not public:
        tasks = _filtered(RectificationTask.objects.all(), region, "community__")
        done = RectificationTask.Status.DONE
        figures["rectification"] = {
            "open": tasks.exclude(status=done).filter(deadline__gte=today).count(),
            "overdue": tasks.exclude(status=done).filter(deadline__lt=today).count(),
            "closed": tasks.filter(status=done).count(),
        }
    return figures


# --- talent and policy ----------------------------------------------------------------------


def _talent(region: Region | None, *, public: bool) -> dict[str, Any]:
    def published(model: Any) -> QuerySet[Any]:
        return _filtered(model.objects.filter(status=ListStatus.PUBLISHED), region, "community__")

    needs = published(TalentNeed).aggregate(n=Count("pk"), people=Sum("headcount"))
    figures: dict[str, Any] = {
        "talent_needs": needs["n"],
        "headcount": needs["people"] or 0,
        "technology_needs": published(TechnologyNeed).count(),
        "technology_taken": published(TechnologyNeed).filter(project__isnull=False).count(),
        "core_products": published(CoreProduct).count(),
    }
    if not public:
        placements = _filtered(
            Placement.objects.filter(round__status=PlacementRound.Status.MATCHED),
            region,
            "round__community__",
        )
        counted = placements.aggregate(
            placed=Count("pk", filter=Q(position__isnull=False)),
            unplaced=Count("pk", filter=Q(position__isnull=True)),
        )
        figures["rounds"] = _filtered(
            PlacementRound.objects.filter(status=PlacementRound.Status.MATCHED),
            region,
            "community__",
        ).count()
        figures["placed"] = counted["placed"]
        figures["unplaced"] = counted["unplaced"]
    return figures


def _programmes(region: Region | None) -> QuerySet[IncentiveProgramme]:
    """The programmes of the jurisdiction: every one for the nation, those opened for the
    region (and, for a province, its cities)."""
    programmes = IncentiveProgramme.objects.all()
    if region is not None:
        programmes = programmes.filter(Q(jurisdiction=region) | Q(jurisdiction__parent=region))
    return programmes


def _policy(region: Region | None) -> dict[str, Any]:
    programmes = _programmes(region)
    awarded = Application.objects.filter(
        status=Application.Status.AWARDED, programme__in=programmes
    ).aggregate(n=Count("pk"), amount=Sum("amount_awarded"), disbursed=Sum("amount_disbursed"))
    return {
        "programmes": programmes.exclude(status=IncentiveProgramme.Status.DRAFT).count(),
        "awards": awarded["n"],
        "awarded": _money(awarded["amount"]),
        "disbursed": _money(awarded["disbursed"]),
    }


def figures_compute(
    region: Region | None, *, today: datetime.date | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The supervisor's and the public figures of the jurisdiction ``region`` (None: the
    nation), as plain JSON-ready dictionaries."""
    today = today or timezone.localdate()
    communities = _filtered(Community.objects.all(), region)
    shared = {
        "communities": _communities(region, communities),
        "members": _members(region),
        "policy": _policy(region),
    }
    supervisor = {
        **shared,
        "collaboration": _collaboration(region, today),
        "assessment": _assessment(region, public=False, today=today),
        "talent": _talent(region, public=False),
    }
    public = {
        **shared,
        "assessment": _assessment(region, public=True, today=today),
        "talent": _talent(region, public=True),
    }
    return supervisor, public
