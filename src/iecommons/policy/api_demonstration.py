"""Demonstration selection's part of the API (mounted with :mod:`iecommons.policy.api`).

Published and final selections are public, with their list, the entries an upheld objection
removed, and the inputs document (``…/inputs``) from which anyone recomputes the list with
:func:`iecommons.policy.demonstration.select` and checks its hash. Drafts, every candidate's
gates and the objections of others are for the selection's supervisors
(:mod:`iecommons.authz.policy`); each write calls one service, which refuses bad input
naming the field (422).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from iecommons.accounts.api_auth import PUBLIC
from iecommons.assessment.models import EvaluationRun
from iecommons.authz import policy as rules
from iecommons.common.api import ERRORS, Page, PageQuery, actor, paginate
from iecommons.common.services import refuse
from iecommons.policy import demonstration
from iecommons.policy.models import (
    DemonstrationEntry,
    DemonstrationObjection,
    DemonstrationSelection,
)
from iecommons.policy.selectors import demonstration as selectors
from iecommons.policy.services import demonstration as services
from iecommons.registry.models import Community, Region

router = Router(tags=["demonstration selection"])


class SelectionIn(Schema):
    title: str
    run_id: int = Field(description="A published evaluation run (its publication in force).")
    jurisdiction_code: str = Field("", description="A province's GB/T 2260 code; empty: national.")
    total: int | None = Field(None, description="Total places; quotas of a dimension sum to it.")
    province_quotas: dict[str, int] = Field(
        default_factory=dict, description="Places per province: {GB/T 2260 code: places}."
    )
    field_quotas: dict[str, int] = Field(
        default_factory=dict, description="Places per industry field: {field code: places}."
    )
    min_grade: str = Field("", description="Lowest grade of the run admitted; empty: any.")
    no_overdue_rectification: bool = False
    min_years_founded: int = Field(0, description="Whole years since founding, on the day.")


class RevisionIn(Schema):
    title: str
    total: int | None = None
    province_quotas: dict[str, int] = Field(default_factory=dict)
    field_quotas: dict[str, int] = Field(default_factory=dict)
    min_grade: str = ""
    no_overdue_rectification: bool = False
    min_years_founded: int = 0


class SelectionOut(Schema):
    id: int
    title: str
    jurisdiction_code: str | None
    run_id: int
    run_sha256: str
    status: str = Field(description="draft, notice or final")
    total: int | None
    province_quotas: dict[str, int]
    field_quotas: dict[str, int]
    min_grade: str
    no_overdue_rectification: bool
    min_years_founded: int
    as_of: datetime.date
    notice_starts: datetime.date | None
    notice_ends: datetime.date | None
    inputs_sha256: str
    selected_count: int


class GateOut(Schema):
    gate: str
    passed: bool
    required: Any
    actual: Any


class EntryOut(Schema):
    id: int
    community_id: int
    community: str
    province_code: str
    field_code: str
    rank: int
    score: float
    grade: str
    outcome: str = Field(description=", ".join(demonstration.OUTCOMES))
    position: int | None
    gates: list[GateOut]
    removal_reason: str


class InputsOut(Schema):
    inputs_sha256: str
    inputs: dict[str, Any]
    selected: list[int] = Field(description="The list's community ids, in order.")


class NoticeIn(Schema):
    notice_starts: datetime.date
    notice_ends: datetime.date


class ObjectionIn(Schema):
    entry_id: int
    reason: str
    on_behalf_of_community_id: int | None = Field(
        None, description="A community whose secretariat the caller runs."
    )


class ObjectionOut(Schema):
    id: int
    entry_id: int
    community_id: int
    status: str = Field(description="pending, upheld or dismissed")
    reason: str
    on_behalf_of_community_id: int | None
    answer: str
    filed_at: datetime.datetime
    answered_at: datetime.datetime | None


class AnswerIn(Schema):
    upheld: bool
    answer: str


def _selection_out(selection: DemonstrationSelection) -> dict[str, Any]:
    count = getattr(selection, "selected_count", None)
    if count is None:
        count = selection.entries.filter(outcome=demonstration.SELECTED).count()
    return {
        **{
            name: getattr(selection, name)
            for name in SelectionOut.model_fields
            if name not in ("jurisdiction_code", "selected_count")
        },
        "jurisdiction_code": selection.jurisdiction.code if selection.jurisdiction else None,
        "selected_count": count,
    }


def _entry_out(entry: DemonstrationEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "community_id": entry.community_id,
        "community": str(entry.community),
        "province_code": entry.province_code,
        "field_code": entry.field_code,
        "rank": entry.rank,
        "score": entry.score,
        "grade": entry.grade,
        "outcome": entry.outcome,
        "position": entry.position,
        "gates": entry.gates,
        "removal_reason": entry.removal_reason,
    }


def _objection_out(objection: DemonstrationObjection) -> dict[str, Any]:
    return {
        "id": objection.pk,
        "entry_id": objection.entry_id,
        "community_id": objection.entry.community_id,
        "status": objection.status,
        "reason": objection.reason,
        "on_behalf_of_community_id": objection.on_behalf_of_id,
        "answer": objection.answer,
        "filed_at": objection.filed_at,
        "answered_at": objection.answered_at,
    }


def _selection(request: HttpRequest, selection_id: int) -> DemonstrationSelection:
    selection = get_object_or_404(
        DemonstrationSelection.objects.select_related("jurisdiction"), pk=selection_id
    )
    if not rules.can_see_selection(actor(request), selection):
        raise Http404
    return selection


@router.get("/demonstrations", response={200: Page[SelectionOut], **ERRORS}, auth=PUBLIC)
def demonstration_list(request: HttpRequest, query: Query[PageQuery]) -> Any:
    """Published and final selections (drafts too for their supervisors), newest first."""
    page = paginate(selectors.selections(actor(request)), query)
    page["results"] = [_selection_out(selection) for selection in page["results"]]
    return page


@router.post("/demonstrations", response={201: SelectionOut, **ERRORS})
def demonstration_create(request: HttpRequest, payload: SelectionIn) -> Any:
    """A draft selection from a published run, its list computed."""
    run = EvaluationRun.objects.defer("snapshot").filter(pk=payload.run_id).first()
    if run is None:
        raise refuse("run_id", _("Unknown evaluation run."))
    jurisdiction = None
    if payload.jurisdiction_code:
        jurisdiction = Region.objects.filter(code=payload.jurisdiction_code).first()
        if jurisdiction is None:
            raise refuse("jurisdiction_code", _("Unknown region code."))
    selection = services.selection_create(
        actor=actor(request),
        title=payload.title,
        run=run,
        jurisdiction=jurisdiction,
        total=payload.total,
        province_quotas=payload.province_quotas,
        field_quotas=payload.field_quotas,
        min_grade=payload.min_grade,
        no_overdue_rectification=payload.no_overdue_rectification,
        min_years_founded=payload.min_years_founded,
    )
    return 201, _selection_out(selection)


@router.get("/demonstrations/{selection_id}", response={200: SelectionOut, **ERRORS}, auth=PUBLIC)
def demonstration_get(request: HttpRequest, selection_id: int) -> Any:
    return _selection_out(_selection(request, selection_id))


@router.get(
    "/demonstrations/{selection_id}/entries",
    response={200: Page[EntryOut], **ERRORS},
    auth=PUBLIC,
)
def demonstration_entry_list(
    request: HttpRequest, selection_id: int, query: Query[PageQuery]
) -> Any:
    """The list and the entries removed after an objection, in rank order; every candidate
    with its gates for the selection's supervisors."""
    selection = _selection(request, selection_id)
    page = paginate(selectors.entries(actor(request), selection), query)
    page["results"] = [_entry_out(entry) for entry in page["results"]]
    return page


@router.get(
    "/demonstrations/{selection_id}/inputs", response={200: InputsOut, **ERRORS}, auth=PUBLIC
)
def demonstration_inputs_get(request: HttpRequest, selection_id: int) -> Any:
    """Everything the list is computed from: the run's snapshot hash, each candidate's facts,
    the quotas, the gates and the upheld objections. ``select(inputs)`` gives the list again
    and the SHA-256 of its canonical JSON is ``inputs_sha256``."""
    selection = _selection(request, selection_id)
    return {
        "inputs_sha256": selection.inputs_sha256,
        "inputs": selectors.stored_inputs(selection),
        "selected": list(
            selectors.selected_entries(selection).values_list("community_id", flat=True)
        ),
    }


@router.post("/demonstrations/{selection_id}/revise", response={200: SelectionOut, **ERRORS})
def demonstration_revise(request: HttpRequest, selection_id: int, payload: RevisionIn) -> Any:
    """Change a draft's title, quotas and gates; its list is computed again."""
    selection = services.selection_revise(
        actor=actor(request),
        selection=_selection(request, selection_id),
        **payload.model_dump(),
    )
    return _selection_out(selection)


@router.post("/demonstrations/{selection_id}/publish", response={200: SelectionOut, **ERRORS})
def demonstration_publish(request: HttpRequest, selection_id: int, payload: NoticeIn) -> Any:
    """Publish the draft list for its public notice period (irreversible)."""
    selection = services.selection_publish(
        actor=actor(request),
        selection=_selection(request, selection_id),
        notice_starts=payload.notice_starts,
        notice_ends=payload.notice_ends,
    )
    return _selection_out(selection)


@router.post("/demonstrations/{selection_id}/finalise", response={200: SelectionOut, **ERRORS})
def demonstration_finalise(request: HttpRequest, selection_id: int) -> Any:
    """Make the list final after its notice period, every objection answered (irreversible)."""
    selection = services.selection_finalise(
        actor=actor(request), selection=_selection(request, selection_id)
    )
    return _selection_out(selection)


@router.get(
    "/demonstrations/{selection_id}/objections", response={200: Page[ObjectionOut], **ERRORS}
)
def demonstration_objection_list(
    request: HttpRequest, selection_id: int, query: Query[PageQuery]
) -> Any:
    """Every objection for the selection's supervisors; one's own for anyone else."""
    selection = _selection(request, selection_id)
    page = paginate(selectors.objections(actor(request), selection), query)
    page["results"] = [_objection_out(objection) for objection in page["results"]]
    return page


@router.post("/demonstrations/{selection_id}/objections", response={201: ObjectionOut, **ERRORS})
def demonstration_objection_create(
    request: HttpRequest, selection_id: int, payload: ObjectionIn
) -> Any:
    """Object to an entry of a list under notice, inside its notice period."""
    selection = _selection(request, selection_id)
    entry = (
        DemonstrationEntry.objects.select_related("selection")
        .filter(selection=selection, pk=payload.entry_id)
        .first()
    )
    if entry is None:
        raise refuse("entry_id", _("This selection has no such entry."))
    community = None
    if payload.on_behalf_of_community_id is not None:
        community = Community.objects.filter(pk=payload.on_behalf_of_community_id).first()
        if community is None:
            raise refuse("on_behalf_of_community_id", _("Unknown community."))
    objection = services.objection_file(
        actor=actor(request), entry=entry, reason=payload.reason, on_behalf_of=community
    )
    return 201, _objection_out(objection)


@router.post(
    "/demonstration-objections/{objection_id}/answer", response={200: ObjectionOut, **ERRORS}
)
def demonstration_objection_answer(
    request: HttpRequest, objection_id: int, payload: AnswerIn
) -> Any:
    """Uphold (the entry leaves the list, the next eligible moves up) or dismiss."""
    objection = get_object_or_404(
        DemonstrationObjection.objects.select_related("selection__jurisdiction", "entry"),
        pk=objection_id,
    )
    if not rules.can_see_objection(actor(request), objection):
        raise Http404
    answered = services.objection_answer(
        actor=actor(request), objection=objection, upheld=payload.upheld, answer=payload.answer
    )
    return _objection_out(answered)
