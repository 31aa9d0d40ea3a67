"""The JSON API of the talent chain, mounted at ``/api/talent/``.

Published lists are public; everything else follows :mod:`iecommons.authz.talent`. An object
the caller may not see answers 404, so that student records do not even show they exist.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from iecommons.accounts.api_auth import PUBLIC
from iecommons.authz import talent as rules
from iecommons.common.api import ERRORS, actor
from iecommons.registry.models import Community, Organization, Region
from iecommons.registry.models import Field as IndustryField
from iecommons.talent import selectors
from iecommons.talent.exports import list_workbook
from iecommons.talent.matching import round_blocking_pairs
from iecommons.talent.models import (
    InternshipPosition,
    Placement,
    PlacementRound,
    Student,
    TechnologyNeed,
)
from iecommons.talent.services import lists, rounds, students
from iecommons.talent.skills import skill_names

router = Router(tags=["talent"])

KINDS = "talent|technology|products"


# --- schemas ---------------------------------------------------------------------------------


class ListItemOut(Schema):
    id: int
    kind: str
    organization_id: int
    organization: str
    status: str
    title: str
    details: dict[str, Any]


class TalentNeedIn(Schema):
    organization_id: int
    occupation_code: str
    title: str = Field(..., min_length=1, max_length=200)
    skill_level: str
    headcount: int = Field(..., ge=1)
    region_id: int
    salary_min: int = Field(..., ge=0)
    salary_max: int = Field(..., ge=0)
    period_start: datetime.date
    period_end: datetime.date
    skills: list[str] = []
    major_codes: list[str] = []


class TechnologyNeedIn(Schema):
    organization_id: int
    problem: str = Field(..., min_length=1, max_length=200)
    field_id: int
    deadline: datetime.date
    budget: Decimal = Decimal(0)
    description: str = ""


class CoreProductIn(Schema):
    organization_id: int
    name: str = Field(..., min_length=1, max_length=200)
    field_id: int
    description: str = ""


class TalentReviewIn(Schema):
    publish: bool
    note: str = ""


class TakeOnIn(Schema):
    organization_id: int


class ProjectRef(Schema):
    project_id: int


class RoundIn(Schema):
    college_id: int
    title: str = Field(..., min_length=1, max_length=200)
    cohort_year: int
    starts: datetime.date
    max_choices: int = 5
    rules: dict[str, Any] = {}
    seed: int = 0


class PositionOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str
    title: str
    seats: int
    major_codes: list[str]
    location: str
    monthly_pay: int
    months: int
    filled: int
    cutoff_score: float | None


class RoundOut(Schema):
    id: int
    community_id: int
    college_id: int
    title: str
    cohort_year: int
    starts: datetime.date
    max_choices: int
    rules: dict[str, Any]
    status: str
    proposals: int
    rounds: int
    positions: list[PositionOut]


class PositionIn(Schema):
    enterprise_id: int
    title: str = Field(..., min_length=1, max_length=200)
    seats: int = Field(..., ge=1)
    location: str
    monthly_pay: int = Field(..., ge=0)
    regular_wage: int = Field(..., ge=0)
    host_staff: int = Field(..., ge=0)
    position_staff: int = Field(..., ge=0)
    major_codes: list[str] = []
    night_shifts: bool = False
    overtime: bool = False
    exception_registered: bool = False
    insured: bool = False
    months: int = Field(6, ge=1, le=24)


class RankingIn(Schema):
    student_id: int
    position_ids: list[int]


class ScoresIn(Schema):
    scores: dict[int, float]


class CountOut(Schema):
    count: int


class ReasonOut(Schema):
    rank: int
    position_id: int
    position: str
    score: float
    cutoff: float | None
    text: str


class PlacementOut(Schema):
    id: int
    round_id: int
    student_id: int
    student: str
    position_id: int | None
    position: str | None
    rank: int | None
    override_reason: str


class PlacementDetailOut(PlacementOut):
    reasons: list[ReasonOut]


class OverrideIn(Schema):
    position_id: int | None
    reason: str


class OverrideOut(PlacementOut):
    blocking_pairs: list[tuple[int, int]]


class StudentIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    student_number: str = Field(..., min_length=1, max_length=32)
    major_code: str
    year: int
    birth_date: datetime.date
    contact: str = ""


class StudentOut(Schema):
    id: int
    name: str
    student_number: str
    major_code: str
    year: int


# --- helpers ---------------------------------------------------------------------------------


def _item_out(kind: str, item: Any) -> dict[str, Any]:
    if kind == "talent":
        title = item.title
        details = {
            "occupation_code": item.occupation_code,
            "skill_level": item.skill_level,
            "headcount": item.headcount,
            "region_id": item.region_id,
            "salary_min": item.salary_min,
            "salary_max": item.salary_max,
            "period_start": item.period_start.isoformat(),
            "period_end": item.period_end.isoformat(),
            "skills": skill_names(item.skills),
            "skill_codes": list(item.skills),
            "major_codes": item.major_codes,
        }
    elif kind == "technology":
        title = item.problem
        details = {
            "field_id": item.field_id,
            "budget": str(item.budget),
            "deadline": item.deadline.isoformat(),
            "progress": item.progress,
            "project_id": item.project_id,
        }
    else:
        title = item.name
        details = {"field_id": item.field_id, "description": item.description}
    return {
        "id": item.pk,
        "kind": kind,
        "organization_id": item.organization_id,
        "organization": str(item.organization),
        "status": item.status,
        "title": title,
        "details": details,
    }


def _round(request: HttpRequest, round_id: int) -> PlacementRound:
    placement_round = get_object_or_404(
        PlacementRound.objects.select_related("community", "college"), pk=round_id
    )
    if not rules.can_view_round(actor(request), placement_round):
        raise Http404
    return placement_round


def _round_out(placement_round: PlacementRound) -> dict[str, Any]:
    return {
        **{
            name: getattr(placement_round, name)
            for name in RoundOut.model_fields
            if name != "positions"
        },
        "positions": [
            {
                **{
                    name: getattr(position, name)
                    for name in PositionOut.model_fields
                    if name != "enterprise"
                },
                "enterprise": str(position.enterprise),
            }
            for position in selectors.round_positions(placement_round)
        ],
    }


def _placement_out(placement: Placement) -> dict[str, Any]:
    return {
        "id": placement.pk,
        "round_id": placement.round_id,
        "student_id": placement.student_id,
        "student": str(placement.student),
        "position_id": placement.position_id,
        "position": placement.position.title if placement.position else None,
        "rank": placement.rank,
        "override_reason": placement.override_reason,
    }


def _placement(request: HttpRequest, placement_id: int) -> Placement:
    placement = get_object_or_404(
        Placement.objects.select_related("student__college", "position", "round"),
        pk=placement_id,
    )
    if not rules.can_see_placement(actor(request), placement):
        raise Http404
    return placement


# --- the three lists -------------------------------------------------------------------------


@router.get(
    "/communities/{community_id}/lists/{kind}",
    response={200: list[ListItemOut], **ERRORS},
    auth=PUBLIC,
)
def list_get(request: HttpRequest, community_id: int, kind: str) -> Any:
    """One of a community's three lists: ``talent``, ``technology`` or ``products``.
    Published items for everyone; unpublished ones for their poster and the secretariat."""
    community = get_object_or_404(Community, pk=community_id)
    if kind not in selectors.LIST_MODELS:
        raise Http404
    return [_item_out(kind, item) for item in selectors.list_items(actor(request), community, kind)]


@router.get("/communities/{community_id}/lists/{kind}/xlsx", auth=PUBLIC)
def list_export(request: HttpRequest, community_id: int, kind: str) -> HttpResponse:
    """The published items of one list as an XLSX workbook."""
    community = get_object_or_404(Community, pk=community_id)
    if kind not in selectors.LIST_MODELS:
        raise Http404
    return list_workbook(community, kind)


@router.post("/communities/{community_id}/talent-needs", response={201: ListItemOut, **ERRORS})
def talent_need_create(request: HttpRequest, community_id: int, payload: TalentNeedIn) -> Any:
    community = get_object_or_404(Community, pk=community_id)
    need = lists.talent_need_post(
        actor=actor(request),
        community=community,
        organization=Organization.objects.filter(pk=payload.organization_id).first(),
        region=Region.objects.filter(pk=payload.region_id).first(),
        **payload.dict(exclude={"organization_id", "region_id"}),
    )
    return 201, _item_out("talent", need)


@router.post("/communities/{community_id}/technology-needs", response={201: ListItemOut, **ERRORS})
def technology_need_create(
    request: HttpRequest, community_id: int, payload: TechnologyNeedIn
) -> Any:
    community = get_object_or_404(Community, pk=community_id)
    need = lists.technology_need_post(
        actor=actor(request),
        community=community,
        organization=Organization.objects.filter(pk=payload.organization_id).first(),
        field=IndustryField.objects.filter(pk=payload.field_id).first(),
        **payload.dict(exclude={"organization_id", "field_id"}),
    )
    return 201, _item_out("technology", need)


@router.post("/communities/{community_id}/core-products", response={201: ListItemOut, **ERRORS})
def core_product_create(request: HttpRequest, community_id: int, payload: CoreProductIn) -> Any:
    community = get_object_or_404(Community, pk=community_id)
    product = lists.core_product_post(
        actor=actor(request),
        community=community,
        organization=Organization.objects.filter(pk=payload.organization_id).first(),
        field=IndustryField.objects.filter(pk=payload.field_id).first(),
        **payload.dict(exclude={"organization_id", "field_id"}),
    )
    return 201, _item_out("products", product)


@router.post("/lists/{kind}/{item_id}/review", response={200: ListItemOut, **ERRORS})
def list_item_review(request: HttpRequest, kind: str, item_id: int, payload: TalentReviewIn) -> Any:
    """Publish an item, or return it with a note (the secretariat)."""
    if kind not in selectors.LIST_MODELS:
        raise Http404
    item = get_object_or_404(
        selectors.LIST_MODELS[kind].objects.select_related("community"), pk=item_id
    )
    if not rules.can_see_list_item(actor(request), item):
        raise Http404
    item = lists.list_item_review(
        actor=actor(request), item=item, publish=payload.publish, note=payload.note
    )
    return _item_out(kind, item)


@router.post("/technology-needs/{need_id}/take-on", response={201: ProjectRef, **ERRORS})
def technology_need_take_on(request: HttpRequest, need_id: int, payload: TakeOnIn) -> Any:
    """Take a published need on: a joint R&D project led by the given organisation."""
    need = get_object_or_404(TechnologyNeed.objects.select_related("community"), pk=need_id)
    if not rules.can_see_list_item(actor(request), need):
        raise Http404
    project = lists.technology_need_take_on(
        actor=actor(request),
        need=need,
        organization=Organization.objects.filter(pk=payload.organization_id).first(),
    )
    return 201, {"project_id": project.pk}


# --- rounds ----------------------------------------------------------------------------------


@router.post("/communities/{community_id}/rounds", response={201: RoundOut, **ERRORS})
def round_create(request: HttpRequest, community_id: int, payload: RoundIn) -> Any:
    community = get_object_or_404(Community, pk=community_id)
    placement_round = rounds.round_open(
        actor=actor(request),
        community=community,
        college=Organization.objects.filter(pk=payload.college_id).first(),
        title=payload.title,
        cohort_year=payload.cohort_year,
        starts=payload.starts,
        max_choices=payload.max_choices,
        rules_parameters=payload.rules,
        seed=payload.seed,
    )
    return 201, _round_out(placement_round)


@router.get("/rounds/{round_id}", response={200: RoundOut, **ERRORS})
def round_get(request: HttpRequest, round_id: int) -> Any:
    return _round_out(_round(request, round_id))


@router.post("/rounds/{round_id}/positions", response={201: PositionOut, **ERRORS})
def position_create(request: HttpRequest, round_id: int, payload: PositionIn) -> Any:
    placement_round = _round(request, round_id)
    position = rounds.position_post(
        actor=actor(request),
        placement_round=placement_round,
        enterprise=Organization.objects.filter(pk=payload.enterprise_id).first(),
        **payload.dict(exclude={"enterprise_id"}),
    )
    return 201, {
        **{
            name: getattr(position, name)
            for name in PositionOut.model_fields
            if name != "enterprise"
        },
        "enterprise": str(position.enterprise),
    }


@router.post("/rounds/{round_id}/publish", response={200: RoundOut, **ERRORS})
def round_publish(request: HttpRequest, round_id: int) -> Any:
    """Open for ranking; refused (422, ``errors.rules``) with every breach of the rules."""
    placement_round = rounds.round_publish(
        actor=actor(request), placement_round=_round(request, round_id)
    )
    return _round_out(placement_round)


@router.post("/rounds/{round_id}/rankings", response={200: CountOut, **ERRORS})
def ranking_create(request: HttpRequest, round_id: int, payload: RankingIn) -> Any:
    """A student's ranking of positions, best first (the student, or its college)."""
    placement_round = _round(request, round_id)
    student = Student.objects.select_related("college").filter(pk=payload.student_id).first()
    if student is None or not rules.can_see_student(actor(request), student):
        raise Http404
    by_id = InternshipPosition.objects.in_bulk(payload.position_ids)
    created = rounds.ranking_submit(
        actor=actor(request),
        placement_round=placement_round,
        student=student,
        positions=[by_id.get(pk) for pk in payload.position_ids],
    )
    return {"count": len(created)}


@router.post("/positions/{position_id}/scores", response={200: CountOut, **ERRORS})
def scores_create(request: HttpRequest, position_id: int, payload: ScoresIn) -> Any:
    """The enterprise's scores of its applicants, by student id (higher is better)."""
    position = get_object_or_404(
        InternshipPosition.objects.select_related("round__community"), pk=position_id
    )
    if not rules.can_view_round(actor(request), position.round):
        raise Http404
    count = rounds.scores_set(actor=actor(request), position=position, scores=payload.scores)
    return {"count": count}


@router.post("/rounds/{round_id}/run", response={202: RoundOut, **ERRORS})
def round_run(request: HttpRequest, round_id: int) -> Any:
    """Close ranking and queue the matching (a background job)."""
    placement_round = rounds.round_run(
        actor=actor(request), placement_round=_round(request, round_id)
    )
    return 202, _round_out(placement_round)


@router.get("/rounds/{round_id}/placements", response={200: list[PlacementOut], **ERRORS})
def placement_list(request: HttpRequest, round_id: int) -> Any:
    """The placements the caller may see: its college's students, its interns, or its own."""
    placement_round = _round(request, round_id)
    queryset = rules.visible_placements(
        actor(request),
        Placement.objects.filter(round=placement_round).select_related("student", "position"),
    ).order_by("student__student_number")
    rows = list(queryset)
    selectors.student_access_log(actor(request), what="round_placements", rows=len(rows))
    return [_placement_out(p) for p in rows]


@router.get("/placements/{placement_id}", response={200: PlacementDetailOut, **ERRORS})
def placement_get(request: HttpRequest, placement_id: int) -> Any:
    """A student's result, and for each position ranked above it that position's cutoff."""
    placement = _placement(request, placement_id)
    reasons = [
        {
            "rank": r.rank,
            "position_id": r.position.pk,
            "position": r.position.title,
            "score": r.score,
            "cutoff": r.cutoff,
            "text": r.text,
        }
        for r in selectors.placement_explanation(placement)
    ]
    return {**_placement_out(placement), "reasons": reasons}


@router.post("/placements/{placement_id}/override", response={200: OverrideOut, **ERRORS})
def placement_override(request: HttpRequest, placement_id: int, payload: OverrideIn) -> Any:
    """The college moves a student, with a reason; answers the blocking pairs this creates."""
    placement = _placement(request, placement_id)
    position = None
    if payload.position_id is not None:
        position = InternshipPosition.objects.filter(pk=payload.position_id).first()
        if position is None:
            raise Http404
    placement = rounds.placement_override(
        actor=actor(request), placement=placement, position=position, reason=payload.reason
    )
    placement.refresh_from_db()
    return {
        **_placement_out(placement),
        "blocking_pairs": round_blocking_pairs(placement.round),
    }


@router.post("/rounds/{round_id}/second", response={201: RoundOut, **ERRORS})
def round_second(request: HttpRequest, round_id: int) -> Any:
    """A second round for the unplaced students, with the seats left over."""
    second = rounds.round_second(actor=actor(request), placement_round=_round(request, round_id))
    return 201, _round_out(second)


# --- students --------------------------------------------------------------------------------


def _college(request: HttpRequest, college_id: int) -> Organization:
    college = get_object_or_404(Organization, pk=college_id)
    if not rules.can_manage_students(actor(request), college):
        raise Http404
    return college


@router.get("/colleges/{college_id}/students", response={200: list[StudentOut], **ERRORS})
def student_list(request: HttpRequest, college_id: int) -> Any:
    """A college's students (its representatives only; the read is logged)."""
    college = _college(request, college_id)
    return selectors.students_read(
        actor(request),
        Student.objects.filter(college=college),
        what="college_students",
        college=college,
    )


@router.post("/colleges/{college_id}/students", response={201: StudentOut, **ERRORS})
def student_create(request: HttpRequest, college_id: int, payload: StudentIn) -> Any:
    college = _college(request, college_id)
    student = students.student_register(actor=actor(request), college=college, **payload.dict())
    return 201, student


from iecommons.talent.api.imports import router as imports_router  # noqa: E402
from iecommons.talent.api.programmes import router as programmes_router  # noqa: E402
from iecommons.talent.api.supply import router as supply_router  # noqa: E402

router.add_router("", imports_router)
router.add_router("", programmes_router)
router.add_router("", supply_router)

__all__ = ["PermissionDenied", "router"]
