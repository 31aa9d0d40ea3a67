"""What the platform's records say about one community in one year: the figures of its
annual quality report, as plain JSON (stored on the report, drawn by ``render.py``).

Every number is counted from records, never typed in: the registry (profile, council,
membership changes), collaboration (shared resources, bookings, usage, announcements,
threads, meetings, documents), projects (projects by type, outcomes, allocations), talent
(published needs, placements), policy (applications and awards) and assessment (the
published result of the year's cycle, its dimension scores against the peer median, the
run's hash, rectification tasks and their effect). ``SOURCES`` names, per section, the
tables and the rule that selected the rows; the report prints it as its data-sources page.

A section whose figures are all zero or absent is listed in ``empty_sections``: a year
without data gives a report that says so rather than an error.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iecommons.assessment.models import Publication, RectificationTask, Result
from iecommons.assessment.selectors import snapshots
from iecommons.collaboration.models import (
    Announcement,
    Booking,
    Document,
    Meeting,
    MeetingDecision,
    Resource,
    Thread,
    Usage,
)
from iecommons.policy.models import Application
from iecommons.projects.models import BenefitAllocation, Outcome, Project
from iecommons.registry.models import Community, CouncilSeat, Membership, Organization
from iecommons.talent.models import Placement, TalentNeed

#: The figures' layout version; a change of shape raises it.
FIGURES_VERSION = 1

#: The eight outcome areas of the first national community's report, in its order.
AREAS = (
    "courses_textbooks",
    "bases_training",
    "overseas",
    "capacity",
    "joint_rd",
    "talent",
    "exchange",
    "self_building",
)

#: Sections that may be empty, in the report's order (the eight areas among them).
SECTIONS = ("organisation", "membership", *AREAS, "funds", "evaluation", "rectification")

#: Which records each section counts (table, and the rule choosing the rows).
SOURCES: dict[str, list[tuple[str, Any]]] = {
    "organisation": [
        ("registry_community", _("the community's own row")),
        ("registry_councilseat", _("seats whose term covers the last day of the year")),
        ("registry_membership", _("memberships active on the last day of the year")),
    ],
    "membership": [
        (
            "registry_membership",
            _("joined or left within the year; active on 1 January and 31 December"),
        ),
    ],
    "courses_textbooks": [
        ("projects_project", _("course and textbook projects running in the year")),
        ("projects_outcome", _("course and textbook outcomes dated in the year")),
        ("collaboration_resource", _("active shared courses and textbooks")),
    ],
    "bases_training": [
        ("collaboration_resource", _("active training bases, laboratories and equipment")),
        ("collaboration_booking", _("bookings approved or completed, starting in the year")),
        ("collaboration_usage", _("hours used of those bookings")),
        ("projects_project", _("training-base and teacher-training projects running in the year")),
        ("projects_outcome", _("teachers trained, dated in the year")),
    ],
    "overseas": [
        ("projects_project", _("overseas projects running in the year")),
        ("projects_outcome", _("outcomes of overseas projects dated in the year")),
    ],
    "capacity": [
        ("projects_project", _("technical-service and standard projects running in the year")),
        ("projects_outcome", _("standards and students trained, dated in the year")),
    ],
    "joint_rd": [
        ("projects_project", _("joint R&D projects running in the year")),
        ("projects_outcome", _("patents, papers, software copyrights and revenue in the year")),
        ("projects_benefitallocation", _("amounts shared among participants in the year")),
    ],
    "talent": [
        ("projects_project", _("order-class and joint-recruitment projects running in the year")),
        ("projects_outcome", _("hires and interns dated in the year")),
        ("talent_talentneed", _("talent needs published in the year")),
        ("talent_placement", _("students placed in rounds starting in the year")),
    ],
    "exchange": [
        ("collaboration_announcement", _("announcements published in the year")),
        ("collaboration_thread", _("discussion threads started in the year")),
        ("collaboration_document", _("documents created in the year")),
    ],
    "self_building": [
        ("collaboration_meeting", _("council meetings held in the year")),
        ("collaboration_meetingdecision", _("decisions of those meetings")),
        ("registry_councilseat", _("seats whose term covers the last day of the year")),
    ],
    "funds": [
        ("policy_application", _("applications submitted in the year; awards decided in the year")),
    ],
    "evaluation": [
        (
            "assessment_result",
            _("the community's result in the latest published run of the year's cycle"),
        ),
        ("assessment_evaluationrun", _("that run's input SHA-256 and the peer medians")),
    ],
    "rectification": [
        (
            "assessment_rectificationtask",
            _("tasks raised in the year's cycles, with their outcome"),
        ),
    ],
}

_OUTCOME_AREAS: dict[str, tuple[str, ...]] = {
    "courses_textbooks": (Outcome.Kind.COURSE, Outcome.Kind.TEXTBOOK),
    "bases_training": (Outcome.Kind.TEACHERS_TRAINED,),
    "capacity": (Outcome.Kind.STANDARD, Outcome.Kind.STUDENTS_TRAINED),
    "joint_rd": (
        Outcome.Kind.PATENT,
        Outcome.Kind.PAPER,
        Outcome.Kind.SOFTWARE_COPYRIGHT,
        Outcome.Kind.REVENUE,
    ),
    "talent": (Outcome.Kind.HIRES, Outcome.Kind.INTERNS),
}

_PROJECT_AREAS: dict[str, tuple[str, ...]] = {
    "courses_textbooks": (Project.Type.COURSE, Project.Type.TEXTBOOK),
    "bases_training": (Project.Type.TRAINING_BASE, Project.Type.TEACHER_TRAINING),
    "overseas": (Project.Type.OVERSEAS,),
    "capacity": (Project.Type.TECHNICAL_SERVICE, Project.Type.STANDARD),
    "joint_rd": (Project.Type.JOINT_RD,),
    "talent": (Project.Type.ORDER_CLASS, Project.Type.JOINT_RECRUITMENT),
}


def _number(value: Any) -> float | int:
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _bounds(year: int) -> tuple[datetime.date, datetime.date, datetime.datetime, datetime.datetime]:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=zone)
    return first, last, start, end


def _metrics(pairs: Iterable[tuple[str, Any]]) -> list[dict[str, Any]]:
    return [{"key": key, "value": _number(value)} for key, value in pairs]


def _profile(community: Community) -> dict[str, Any]:
    host = community.secretariat_host
    return {
        "id": community.pk,
        "name": community.name,
        "name_en": community.name_en,
        "kind": community.kind,
        "level": community.level,
        "field_zh": community.field.name_zh,
        "field_en": community.field.name_en,
        "region_zh": community.region.name_zh,
        "region_en": community.region.name_en,
        "province_zh": community.province.name_zh,
        "province_en": community.province.name_en,
        "founded": community.founded.isoformat(),
        "status": community.status,
        "summary": community.summary,
        "goals": community.goals,
        "secretariat_host": host.name if host else "",
    }


def _organisation(community: Community, last: datetime.date) -> dict[str, Any]:
    seats = CouncilSeat.objects.filter(community=community, term_start__lte=last).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=last)
    )
    council = dict(seats.values_list("position").annotate(n=Count("pk")).order_by())
    active = Membership.objects.filter(community=community, joined__lte=last).filter(
        Q(left__isnull=True) | Q(left__gt=last)
    )
    by_type: dict[str, int] = {}
    by_role: dict[str, int] = {}
    grouped = active.values_list("organization__type", "role").annotate(n=Count("pk")).order_by()
    for kind, role, count in grouped:
        by_type[kind] = by_type.get(kind, 0) + count
        by_role[role] = by_role.get(role, 0) + count
    total = sum(by_type.values())
    enterprises = by_type.get(Organization.Type.ENTERPRISE, 0)
    return {
        "council": {key: council.get(key, 0) for key in CouncilSeat.Position.values},
        "council_total": sum(council.values()),
        "members_by_type": {key: by_type.get(key, 0) for key in Organization.Type.values},
        "members_by_role": {key: by_role.get(key, 0) for key in Membership.Role.values},
        "members_total": total,
        "enterprise_share": round(100.0 * enterprises / total, 1) if total else 0.0,
    }


def _membership(
    community: Community, first: datetime.date, last: datetime.date, *, at_end: int
) -> dict[str, Any]:
    """``at_end``: the members active on the last day, counted by ``_organisation``."""
    rows = Membership.objects.filter(community=community)
    at_start = rows.filter(joined__lt=first).filter(Q(left__isnull=True) | Q(left__gte=first))
    joined = rows.filter(joined__range=(first, last)).select_related("organization")
    left = rows.filter(left__range=(first, last)).select_related("organization")
    return {
        "at_start": at_start.count(),
        "at_end": at_end,
        "joined_count": joined.count(),
        "left_count": left.count(),
        "joined": [
            {"name": m.organization.name, "type": m.organization.type, "date": m.joined.isoformat()}
            for m in joined.order_by("joined", "organization__name")[:30]
        ],
        "left": [
            {"name": m.organization.name, "reason": m.left_reason, "date": m.left.isoformat()}
            for m in left.order_by("left", "organization__name")[:30]
            if m.left is not None
        ],
    }


def _areas(
    community: Community,
    first: datetime.date,
    last: datetime.date,
    start: datetime.datetime,
    end: datetime.datetime,
    *,
    seats: int,
) -> dict[str, list[dict[str, Any]]]:
    """``seats``: the council seats on the last day, counted by ``_organisation``."""
    running = (
        Project.objects.filter(community=community, start__lte=last)
        .filter(Q(end__isnull=True) | Q(end__gte=first))
        .exclude(status=Project.Status.CANCELLED)
    )
    projects = dict(running.values_list("type").annotate(n=Count("pk")).order_by())
    outcomes_in_year = Outcome.objects.filter(
        project__community=community, date__range=(first, last)
    )
    outcomes = dict(outcomes_in_year.values_list("kind").annotate(total=Sum("quantity")).order_by())
    overseas_outcomes = outcomes_in_year.filter(project__type=Project.Type.OVERSEAS).count()
    resources = dict(
        Resource.objects.filter(community=community, status=Resource.Status.ACTIVE)
        .values_list("type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    bookings = Booking.objects.filter(
        resource__community=community,
        start__gte=start,
        start__lt=end,
        status__in=[Booking.Status.APPROVED, Booking.Status.COMPLETED],
    )
    hours = Usage.objects.filter(booking__in=bookings).aggregate(total=Sum("hours"))["total"]
    shared = BenefitAllocation.objects.filter(
        project__community=community, date__range=(first, last)
    ).aggregate(total=Sum("amount"))["total"]
    needs = TalentNeed.objects.filter(
        community=community, published_at__gte=start, published_at__lt=end
    ).count()
    placed = Placement.objects.filter(
        round__community=community,
        round__starts__range=(first, last),
        position__isnull=False,
    ).count()
    meetings = Meeting.objects.filter(community=community, held_on__range=(first, last))
    decisions = MeetingDecision.objects.filter(meeting__in=meetings).count()

    def project_metrics(area: str) -> list[tuple[str, Any]]:
        return [(f"projects_{kind}", projects.get(kind, 0)) for kind in _PROJECT_AREAS[area]]

    def outcome_metrics(area: str) -> list[tuple[str, Any]]:
        return [(f"outcome_{kind}", outcomes.get(kind, 0)) for kind in _OUTCOME_AREAS[area]]

    return {
        "courses_textbooks": _metrics(
            [
                *project_metrics("courses_textbooks"),
                *outcome_metrics("courses_textbooks"),
                ("resources_course", resources.get(Resource.Type.COURSE, 0)),
                ("resources_textbook", resources.get(Resource.Type.TEXTBOOK, 0)),
            ]
        ),
        "bases_training": _metrics(
            [
                ("resources_training_base", resources.get(Resource.Type.TRAINING_BASE, 0)),
                ("resources_lab", resources.get(Resource.Type.LAB, 0)),
                ("resources_equipment", resources.get(Resource.Type.EQUIPMENT, 0)),
                ("bookings", bookings.count()),
                ("usage_hours", hours),
                *project_metrics("bases_training"),
                *outcome_metrics("bases_training"),
            ]
        ),
        "overseas": _metrics(
            [*project_metrics("overseas"), ("outcomes_overseas", overseas_outcomes)]
        ),
        "capacity": _metrics([*project_metrics("capacity"), *outcome_metrics("capacity")]),
        "joint_rd": _metrics(
            [*project_metrics("joint_rd"), *outcome_metrics("joint_rd"), ("benefit_shared", shared)]
        ),
        "talent": _metrics(
            [
                *project_metrics("talent"),
                *outcome_metrics("talent"),
                ("talent_needs_published", needs),
                ("students_placed", placed),
            ]
        ),
        "exchange": _metrics(
            [
                (
                    "announcements",
                    Announcement.objects.filter(
                        community=community, published_at__gte=start, published_at__lt=end
                    ).count(),
                ),
                (
                    "threads",
                    Thread.objects.filter(
                        community=community, created_at__gte=start, created_at__lt=end
                    ).count(),
                ),
                (
                    "documents",
                    Document.objects.filter(
                        community=community, created_at__gte=start, created_at__lt=end
                    ).count(),
                ),
            ]
        ),
        "self_building": _metrics(
            [("meetings", meetings.count()), ("decisions", decisions), ("council_seats", seats)]
        ),
    }


def _funds(
    community: Community, start: datetime.datetime, end: datetime.datetime
) -> list[dict[str, Any]]:
    rows = Application.objects.filter(community=community)
    awarded = rows.filter(
        status=Application.Status.AWARDED, decided_at__gte=start, decided_at__lt=end
    ).aggregate(n=Count("pk"), awarded=Sum("amount_awarded"), disbursed=Sum("amount_disbursed"))
    return _metrics(
        [
            ("applications", rows.filter(submitted_at__gte=start, submitted_at__lt=end).count()),
            ("awards", awarded["n"]),
            ("amount_awarded", awarded["awarded"]),
            ("amount_disbursed", awarded["disbursed"]),
        ]
    )


def _evaluation(community: Community, year: int) -> dict[str, Any] | None:
    # Only a publication in force counts: a withdrawn one's grades are no longer public.
    current = Publication.objects.current().filter(run_id=OuterRef("run_id"))
    result = (
        Result.objects.filter(community=community, run__cycle__year=year)
        .annotate(
            published_at=Subquery(current.order_by("-published_at").values("published_at")[:1])
        )
        .filter(published_at__isnull=False)
        .select_related("run", "run__cycle")
        .defer("run__snapshot", "run__weights")
        .order_by("-published_at", "-run__pk")
        .first()
    )
    if result is None:
        return None
    run = result.run
    names = snapshots.dimension_names(run)
    medians = (run.outcome or {}).get("peer_medians", {}).get(result.peer_group, {})
    return {
        "cycle": str(run.cycle),
        "run_id": run.pk,
        "run_sha256": run.input_sha256,
        "engine_version": run.engine_version,
        "grade": result.grade,
        "score": round(result.score, 2),
        "rank": result.rank,
        "total": int((run.outcome or {}).get("count", 0)),
        "peer_rank": result.peer_rank,
        "peer_count": result.peer_count,
        "peer_group": result.peer_group,
        "dimensions": [
            {
                "code": code,
                "name": names.get(code, code),
                "score": round(float(score), 2),
                "peer_median": round(float(medians.get(code, 0.0)), 2),
            }
            for code, score in result.dimension_scores.items()
        ],
    }


def _rectification(community: Community, year: int) -> dict[str, Any]:
    tasks = (
        RectificationTask.objects.filter(community=community, cycle__year=year)
        .select_related("indicator", "outcome_cycle")
        .order_by("deadline", "pk")
    )
    task_list = list(tasks[:50])
    rows: list[dict[str, Any]] = [
        {
            "indicator": str(task.indicator) if task.indicator_id else "",
            "description": task.description,
            "deadline": task.deadline.isoformat(),
            "status": task.status,
            "baseline": task.baseline_value,
            "peer_median": task.peer_median,
            "outcome": task.outcome_value,
            "change": task.outcome_change,
            "outcome_cycle": str(task.outcome_cycle) if task.outcome_cycle_id else "",
        }
        for task in task_list
    ]
    counts = dict.fromkeys(RectificationTask.Status.values, 0)
    for task in task_list:
        counts[task.status] = counts.get(task.status, 0) + 1
    changes = [task.outcome_change for task in task_list if task.outcome_change is not None]
    improved = sum(1 for change in changes if change > 0)
    measured = len(changes)
    return {"tasks": rows, "counts": counts, "improved": improved, "measured": measured}


def report_figures(community_id: int, year: int) -> dict[str, Any]:
    """The figures of ``community_id``'s report for ``year`` (see the module docstring)."""
    community = Community.objects.select_related(
        "field", "region", "province", "secretariat_host"
    ).get(pk=community_id)
    first, last, start, end = _bounds(year)
    organisation = _organisation(community, last)
    membership = _membership(community, first, last, at_end=organisation["members_total"])
    areas = _areas(community, first, last, start, end, seats=organisation["council_total"])
    funds = _funds(community, start, end)
    evaluation = _evaluation(community, year)
    rectification = _rectification(community, year)
    empty = []
    if not organisation["members_total"] and not organisation["council_total"]:
        empty.append("organisation")
    if not (membership["at_end"] or membership["joined_count"] or membership["left_count"]):
        empty.append("membership")
    empty += [area for area in AREAS if not any(m["value"] for m in areas[area])]
    if not any(m["value"] for m in funds):
        empty.append("funds")
    if evaluation is None:
        empty.append("evaluation")
    if not rectification["tasks"]:
        empty.append("rectification")
    return {
        "version": FIGURES_VERSION,
        "year": year,
        "gathered_at": timezone.now().isoformat(timespec="seconds"),
        "profile": _profile(community),
        "organisation": organisation,
        "membership": membership,
        "areas": areas,
        "funds": funds,
        "evaluation": evaluation,
        "rectification": rectification,
        "empty_sections": [name for name in SECTIONS if name in empty],
    }
