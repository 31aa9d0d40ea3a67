"""The certification part of the policy API, mounted with it at ``/api/policy/``: the
criteria per province (public reads, supervisors publish), the paths (an enterprise's
representatives apply and give evidence, the province's supervisors decide), exactly as
the pages do. Writes call one service each, which refuses bad input naming the field (422).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from iecommons.accounts.api_auth import PUBLIC
from iecommons.authz import policy as rules
from iecommons.common.api import ERRORS, Page, PageQuery, actor, paginate
from iecommons.common.services import refuse
from iecommons.policy.models import Certification, CertificationCriteria
from iecommons.policy.selectors import certification as selectors
from iecommons.policy.services import certification as services
from iecommons.registry.models import Organization, Region

router = Router(tags=["policy"])


class CriterionIO(Schema):
    code: str
    text: str


class CriteriaOut(Schema):
    id: int
    province: str = Field(description="GB/T 2260 code of the province.")
    version: int
    items: list[CriterionIO]
    confirmation_years: int
    created_at: datetime.datetime


class CriteriaIn(Schema):
    items: list[dict[str, Any]] = Field(description="The criteria: objects with a code and a text.")
    confirmation_years: int = 3


class CertificationDocumentOut(Schema):
    id: int
    criterion: str
    title: str
    original_name: str
    content_type: str
    size: int
    uploaded_at: datetime.datetime
    url: str


class EventOut(Schema):
    kind: str
    on: datetime.date
    reason: str


class CertificationOut(Schema):
    id: int
    organization_id: int
    organization: str
    credit_code: str
    province: str = Field(description="GB/T 2260 code of the province.")
    criteria_version: int
    status: str
    state: str = Field(
        description="The status, or `due` (confirmation within 90 days) / `overdue` "
        "for a certified enterprise."
    )
    pool_entered: datetime.date
    certified_on: datetime.date | None
    last_confirmed: datetime.date | None
    confirmation_due: datetime.date | None
    decided_on: datetime.date | None
    decision_reason: str


class CertificationDetailOut(CertificationOut):
    evidence: dict[str, str]
    missing: list[str] = Field(description="Criteria codes answered by no text nor document.")
    documents: list[CertificationDocumentOut]
    events: list[EventOut]


class ApplyIn(Schema):
    organization_id: int
    evidence: dict[str, str] = Field(default_factory=dict, description="Text per criterion code.")


class EvidenceIn(Schema):
    evidence: dict[str, str] = Field(description="Text per criterion code; empty text removes it.")


class CertificationDecisionIn(Schema):
    certify: bool
    reason: str


class CertificationReasonIn(Schema):
    reason: str


class PathQuery(PageQuery):
    state: str = Field("", description="pool, certified, due, overdue, rejected or withdrawn.")
    province: str = Field("", description="GB/T 2260 code of a province.")
    q: str = Field("", max_length=100, description="Part of the name or credit code.")


class CertifiedQuery(PageQuery):
    province: str = Field("", description="GB/T 2260 code of a province.")


class CertifiedOut(Schema):
    organization_id: int
    organization: str
    credit_code: str
    province: str
    certified_on: datetime.date | None
    confirmation_due: datetime.date | None


def _province(code: str, field: str = "province") -> Region:
    region = Region.objects.filter(code=code, level=Region.Level.PROVINCE).first()
    if region is None:
        raise refuse(field, _("Unknown province code: %(code)s.") % {"code": code[:20]})
    return region


def _criteria_out(criteria: CertificationCriteria) -> dict[str, Any]:
    return {
        "id": criteria.pk,
        "province": criteria.province.code,
        "version": criteria.version,
        "items": criteria.items,
        "confirmation_years": criteria.confirmation_years,
        "created_at": criteria.created_at,
    }


def _out(certification: Certification) -> dict[str, Any]:
    return {
        "id": certification.pk,
        "organization_id": certification.organization_id,
        "organization": certification.organization.name,
        "credit_code": certification.organization.credit_code,
        "province": certification.province.code,
        "criteria_version": certification.criteria.version,
        "status": certification.status,
        "state": selectors.path_state(certification),
        "pool_entered": certification.pool_entered,
        "certified_on": certification.certified_on,
        "last_confirmed": certification.last_confirmed,
        "confirmation_due": certification.confirmation_due,
        "decided_on": certification.decided_on,
        "decision_reason": certification.decision_reason,
    }


def _detail_out(certification: Certification) -> dict[str, Any]:
    lines = selectors.evidence_lines(certification)
    return {
        **_out(certification),
        "evidence": certification.evidence,
        "missing": [line.code for line in lines if not line.answered],
        "documents": [
            {
                "id": d.pk,
                "criterion": d.criterion,
                "title": d.title,
                "original_name": d.original_name,
                "content_type": d.content_type,
                "size": d.size,
                "uploaded_at": d.uploaded_at,
                "url": reverse("policy:certification_document_download", args=[d.pk]),
            }
            for line in lines
            for d in line.documents
        ],
        "events": [
            {"kind": e.kind, "on": e.on, "reason": e.reason} for e in certification.events.all()
        ],
    }


def _certification(request: HttpRequest, certification_id: int) -> Certification:
    certification = get_object_or_404(
        Certification.objects.select_related("organization", "province", "criteria"),
        pk=certification_id,
    )
    if not rules.can_see_certification(actor(request), certification):
        raise Http404
    return certification


@router.get(
    "/provinces/{code}/criteria",
    response={200: list[CriteriaOut], **ERRORS},
    auth=PUBLIC,
    url_name="criteria_versions",
)
def criteria_versions(request: HttpRequest, code: str) -> Any:
    """Every version of a province's certification criteria, the one in force first."""
    province = Region.objects.filter(code=code, level=Region.Level.PROVINCE).first()
    if province is None:
        raise Http404
    return [_criteria_out(c) for c in selectors.criteria_versions(province)]


@router.post("/provinces/{code}/criteria", response={201: CriteriaOut, **ERRORS})
def criteria_publish(request: HttpRequest, code: str, payload: CriteriaIn) -> Any:
    """Publish a new version of the province's criteria (its supervisors)."""
    province = Region.objects.filter(code=code, level=Region.Level.PROVINCE).first()
    if province is None:
        raise Http404
    if not rules.can_certify_in(actor(request), province):
        raise PermissionDenied
    criteria = services.criteria_publish(
        actor=actor(request),
        province=province,
        items=payload.items,
        confirmation_years=payload.confirmation_years,
    )
    return Status(201, _criteria_out(criteria))


@router.get(
    "/certifications",
    response={200: Page[CertificationOut], **ERRORS},
    url_name="certification_list",
)
def certification_list(request: HttpRequest, query: Query[PathQuery]) -> Any:
    """The paths the caller sees: its own enterprises', and its provinces'."""
    if query.state and query.state not in selectors.STATES:
        raise refuse(
            "state",
            _("Unknown state; expected one of %(states)s.")
            % {"states": ", ".join(selectors.STATES)},
        )
    province = _province(query.province) if query.province else None
    rows = selectors.certification_paths(
        actor(request), state=query.state, province=province, query=query.q.strip()
    ).select_related("criteria")
    page = paginate(rows, query)
    page["results"] = [_out(c) for c in page["results"]]
    return page


@router.post("/certifications", response={201: CertificationDetailOut, **ERRORS})
def certification_apply(request: HttpRequest, payload: ApplyIn) -> Any:
    """Enter an enterprise in its province's cultivation pool: its representative applies
    (or a supervisor of the province admits it), with evidence text per criterion."""
    organization = (
        Organization.objects.select_related("region__parent")
        .filter(pk=payload.organization_id)
        .first()
    )
    if organization is None:
        raise refuse("organization_id", _("Unknown organisation."))
    if not rules.can_enter_certification_pool(actor(request), organization):
        raise PermissionDenied
    certification = services.certification_pool_enter(
        actor=actor(request), organization=organization, evidence=payload.evidence
    )
    return Status(201, _detail_out(_certification(request, certification.pk)))


@router.get("/certifications/{certification_id}", response={200: CertificationDetailOut, **ERRORS})
def certification_get(request: HttpRequest, certification_id: int) -> Any:
    return _detail_out(_certification(request, certification_id))


@router.post(
    "/certifications/{certification_id}/evidence", response={200: CertificationDetailOut, **ERRORS}
)
def certification_evidence(request: HttpRequest, certification_id: int, payload: EvidenceIn) -> Any:
    """Give or correct evidence text per criterion (the enterprise's representatives)."""
    certification = _certification(request, certification_id)
    if not rules.can_give_certification_evidence(actor(request), certification):
        raise PermissionDenied
    services.certification_evidence_update(
        actor=actor(request), certification=certification, evidence=payload.evidence
    )
    return _detail_out(_certification(request, certification_id))


@router.post(
    "/certifications/{certification_id}/documents",
    response={201: CertificationDocumentOut, **ERRORS},
)
def certification_document_add(
    request: HttpRequest,
    certification_id: int,
    criterion: Form[str],
    title: Form[str] = "",
    file: File[UploadedFile] = None,  # type: ignore[assignment]
) -> Any:
    """Attach a document answering one criterion (multipart form: ``criterion`` code,
    ``title``, ``file``); judged by its content through the upload policy."""
    certification = _certification(request, certification_id)
    if not rules.can_give_certification_evidence(actor(request), certification):
        raise PermissionDenied
    document = services.certification_document_add(
        actor=actor(request),
        certification=certification,
        criterion=criterion,
        title=title,
        file=file,
    )
    return Status(
        201,
        {
            "id": document.pk,
            "criterion": document.criterion,
            "title": document.title,
            "original_name": document.original_name,
            "content_type": document.content_type,
            "size": document.size,
            "uploaded_at": document.uploaded_at,
            "url": reverse("policy:certification_document_download", args=[document.pk]),
        },
    )


def _decider(request: HttpRequest, certification_id: int) -> Certification:
    certification = _certification(request, certification_id)
    if not rules.can_certify_in(actor(request), certification.province):
        raise PermissionDenied
    return certification


@router.post(
    "/certifications/{certification_id}/decision", response={200: CertificationOut, **ERRORS}
)
def certification_decide(
    request: HttpRequest, certification_id: int, payload: CertificationDecisionIn
) -> Any:
    """Certify or reject a path in the pool, with the reason (the province's supervisors)."""
    certification = services.certification_decide(
        actor=actor(request),
        certification=_decider(request, certification_id),
        certify=payload.certify,
        reason=payload.reason,
    )
    return _out(certification)


@router.post(
    "/certifications/{certification_id}/confirmation", response={200: CertificationOut, **ERRORS}
)
def certification_confirm(
    request: HttpRequest, certification_id: int, payload: CertificationReasonIn
) -> Any:
    """Confirm a certified enterprise again (the periodic confirmation), with the reason."""
    certification = services.certification_confirm(
        actor=actor(request),
        certification=_decider(request, certification_id),
        reason=payload.reason,
    )
    return _out(certification)


@router.post(
    "/certifications/{certification_id}/withdrawal", response={200: CertificationOut, **ERRORS}
)
def certification_withdraw(
    request: HttpRequest, certification_id: int, payload: CertificationReasonIn
) -> Any:
    """Withdraw a certification, or take a path out of the pool, with the reason."""
    certification = services.certification_withdraw(
        actor=actor(request),
        certification=_decider(request, certification_id),
        reason=payload.reason,
    )
    return _out(certification)


@router.get(
    "/certified",
    response={200: Page[CertifiedOut], **ERRORS},
    auth=PUBLIC,
    url_name="certified_list",
)
def certified_list(request: HttpRequest, query: Query[CertifiedQuery]) -> Any:
    """The public list of certified industry–education integration enterprises (a
    withdrawn certification has left it), by province."""
    province = _province(query.province) if query.province else None
    page = paginate(selectors.certified_enterprises(province), query)
    page["results"] = [
        {
            "organization_id": c.organization_id,
            "organization": c.organization.name,
            "credit_code": c.organization.credit_code,
            "province": str(c.province),
            "certified_on": c.certified_on,
            "confirmation_due": c.confirmation_due,
        }
        for c in page["results"]
    ]
    return page
