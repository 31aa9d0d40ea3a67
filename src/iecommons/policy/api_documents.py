"""The policy documents' part of the API (mounted with :mod:`iecommons.policy.api`):
documents and their measures are public, with the state of each measure in each
jurisdiction; issuing, adding measures and reporting implementation follow
:mod:`iecommons.authz.policy`, as the pages do; the board is for supervisors."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from iecommons.accounts.api_auth import PUBLIC
from iecommons.authz import policy as rules
from iecommons.common.api import ERRORS, Page, PageQuery, actor, paginate
from iecommons.common.services import refuse
from iecommons.policy.measures import STATES
from iecommons.policy.models import Measure, PolicyDocument
from iecommons.policy.selectors import documents as selectors
from iecommons.policy.services import documents as services
from iecommons.registry.models import Region

router = Router(tags=["policy documents"])


class TallyOut(Schema):
    on_time: int
    late: int
    not_started: int


class MeasureIn(Schema):
    text: str
    responsible_body: str
    target: str
    deadline: datetime.date
    indicator: str


class CellOut(Schema):
    jurisdiction_code: str
    jurisdiction: str
    state: str = Field(description="on_time, late or not_started")
    status: str | None = Field(description="as reported; null when nothing was reported")
    note: str
    completed_on: datetime.date | None


class MeasureOut(Schema):
    id: int
    document_id: int
    position: int
    text: str
    responsible_body: str
    target: str
    deadline: datetime.date
    indicator: str
    tally: TallyOut
    jurisdictions: list[CellOut]


class DocumentIn(Schema):
    title: str
    issuer: str
    number: str = ""
    issued_on: datetime.date
    level: str = Field(description="national, provincial or municipal")
    jurisdiction_code: str = Field("", description="GB/T 2260 code; empty for national.")
    full_text: str
    measures: list[MeasureIn] = Field(default_factory=list)


class DocumentOut(Schema):
    id: int
    title: str
    issuer: str
    number: str
    issued_on: datetime.date
    level: str
    jurisdiction_code: str | None
    has_file: bool
    tally: TallyOut


class DocumentDetailOut(DocumentOut):
    full_text: str
    measures: list[MeasureOut]


class ImplementationIn(Schema):
    jurisdiction_code: str
    status: str = Field(description="not_started, in_progress or done")
    note: str
    completed_on: datetime.date | None = None


class BoardRowOut(Schema):
    measure_id: int
    document_id: int
    document: str
    position: int
    deadline: datetime.date
    jurisdiction_code: str
    state: str
    status: str | None


class BoardOut(Schema):
    tally: TallyOut
    rows: list[BoardRowOut]


class BoardQuery(Schema):
    state: str = Field("", description="on_time, late or not_started; empty for all")
    jurisdiction_code: str = Field(
        "", description="GB/T 2260 code: that jurisdiction's rows and its cities'"
    )
    level: str = Field("", description="national, provincial or municipal: the issuer's level")


def _tally(tally: selectors.Tally) -> dict[str, int]:
    return {"on_time": tally.on_time, "late": tally.late, "not_started": tally.not_started}


def _document_out(document: PolicyDocument, tally: selectors.Tally) -> dict[str, Any]:
    return {
        "id": document.pk,
        "title": document.title,
        "issuer": document.issuer,
        "number": document.number,
        "issued_on": document.issued_on,
        "level": document.level,
        "jurisdiction_code": document.jurisdiction.code if document.jurisdiction else None,
        "has_file": bool(document.file),
        "tally": _tally(tally),
    }


def _measure_out(
    measure: Measure, tally: selectors.Tally, cells: list[selectors.Cell]
) -> dict[str, Any]:
    return {
        "id": measure.pk,
        "document_id": measure.document_id,
        "position": measure.position,
        "text": measure.text,
        "responsible_body": measure.responsible_body,
        "target": measure.target,
        "deadline": measure.deadline,
        "indicator": measure.indicator,
        "tally": _tally(tally),
        "jurisdictions": [
            {
                "jurisdiction_code": cell.region.code,
                "jurisdiction": str(cell.region),
                "state": cell.state,
                "status": cell.implementation.status if cell.implementation else None,
                "note": cell.implementation.note if cell.implementation else "",
                "completed_on": cell.implementation.completed_on if cell.implementation else None,
            }
            for cell in cells
        ],
    }


def _detail(document: PolicyDocument) -> dict[str, Any]:
    measures = selectors.document_measures(document, timezone.localdate())
    tally = selectors.Tally(
        on_time=sum(t.on_time for _m, t, _c in measures),
        late=sum(t.late for _m, t, _c in measures),
        not_started=sum(t.not_started for _m, t, _c in measures),
    )
    return {
        **_document_out(document, tally),
        "full_text": document.full_text,
        "measures": [_measure_out(*row) for row in measures],
    }


def _region(code: str, field: str) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise refuse(field, _("Unknown region code."))
    return region


@router.get("/documents", response={200: Page[DocumentOut], **ERRORS}, auth=PUBLIC)
def policy_document_list(request: HttpRequest, query: Query[PageQuery]) -> Any:
    """Every policy document, newest first, with the tally of its measures' states."""
    page = paginate(selectors.documents(), query)
    rows = selectors.document_tallies(list(page["results"]), timezone.localdate())
    page["results"] = [_document_out(document, tally) for document, tally in rows]
    return page


@router.get("/documents/{document_id}", response={200: DocumentDetailOut, **ERRORS}, auth=PUBLIC)
def policy_document_get(request: HttpRequest, document_id: int) -> Any:
    """A document with its measures, each with its state in every jurisdiction."""
    document = get_object_or_404(
        PolicyDocument.objects.select_related("jurisdiction"), pk=document_id
    )
    return _detail(document)


@router.post("/documents", response={201: DocumentDetailOut, **ERRORS})
def policy_document_create(request: HttpRequest, payload: DocumentIn) -> Any:
    """Record a document the caller's jurisdiction issued, with its measures."""
    document = services.document_issue(
        actor=actor(request),
        title=payload.title,
        issuer=payload.issuer,
        number=payload.number,
        issued_on=payload.issued_on,
        level=payload.level,
        jurisdiction=_region(payload.jurisdiction_code, "jurisdiction_code"),
        full_text=payload.full_text,
        measures=[measure.model_dump() for measure in payload.measures],
    )
    return 201, _detail(document)


@router.post("/documents/{document_id}/file", response={200: DocumentOut, **ERRORS})
def policy_document_file(request: HttpRequest, document_id: int, file: File[UploadedFile]) -> Any:
    """Attach the document's file, or replace it (multipart form, field ``file``: PDF, Word,
    Excel, PowerPoint, text or an image, as on the page). The document's supervisors only."""
    document = get_object_or_404(
        PolicyDocument.objects.select_related("jurisdiction"), pk=document_id
    )
    document = services.document_file_attach(actor=actor(request), document=document, file=file)
    rows = selectors.document_tallies([document], timezone.localdate())
    return _document_out(*rows[0])


@router.post("/documents/{document_id}/measures", response={201: MeasureOut, **ERRORS})
def policy_measure_create(request: HttpRequest, document_id: int, payload: MeasureIn) -> Any:
    document = get_object_or_404(PolicyDocument, pk=document_id)
    measure = services.measure_add(actor=actor(request), document=document, **payload.model_dump())
    row = next(
        r
        for r in selectors.document_measures(document, timezone.localdate())
        if r[0].pk == measure.pk
    )
    return 201, _measure_out(*row)


@router.post("/measures/{measure_id}/implementations", response={200: MeasureOut, **ERRORS})
def policy_implementation_create(
    request: HttpRequest, measure_id: int, payload: ImplementationIn
) -> Any:
    """Report how far a jurisdiction the caller supervises carried out the measure."""
    measure = get_object_or_404(Measure.objects.select_related("document"), pk=measure_id)
    region = _region(payload.jurisdiction_code, "jurisdiction_code")
    if region is None:
        raise refuse("jurisdiction_code", _("Name the jurisdiction by its GB/T 2260 code."))
    services.implementation_report(
        actor=actor(request),
        measure=measure,
        jurisdiction=region,
        status=payload.status,
        note=payload.note,
        completed_on=payload.completed_on,
    )
    row = next(
        r
        for r in selectors.document_measures(measure.document, timezone.localdate())
        if r[0].pk == measure.pk
    )
    return _measure_out(*row)


@router.get("/board", response={200: BoardOut, **ERRORS})
def policy_board(request: HttpRequest, query: Query[BoardQuery]) -> Any:
    """The caller's implementation board: late first, then not started, then on time."""
    if not rules.can_see_board(actor(request)):
        raise PermissionDenied
    if query.state and query.state not in STATES:
        raise refuse("state", _("Choose on_time, late or not_started."))
    if query.level and query.level not in PolicyDocument.Level.values:
        raise refuse("level", _("Choose national, provincial or municipal."))
    found = selectors.board(
        actor(request),
        timezone.localdate(),
        query.state,
        jurisdiction_code=query.jurisdiction_code,
        level=query.level,
    )
    if query.jurisdiction_code and found.jurisdiction is None:
        raise refuse("jurisdiction_code", _("No jurisdiction with this code is on your board."))
    tally, cells = found.tally, found.cells
    return {
        "tally": _tally(tally),
        "rows": [
            {
                "measure_id": cell.measure.pk,
                "document_id": cell.measure.document_id,
                "document": cell.measure.document.title,
                "position": cell.measure.position,
                "deadline": cell.measure.deadline,
                "jurisdiction_code": cell.region.code,
                "state": cell.state,
                "status": cell.implementation.status if cell.implementation else None,
            }
            for cell in cells
        ],
    }
