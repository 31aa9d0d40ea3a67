"""Writes to certification: criteria per province, the path pool → certified → periodic
confirmation (or rejected, withdrawn), the evidence per criterion (text and documents),
and the investment records the calculator reads.

Every step of a path is a :class:`~iecommons.policy.models.CertificationEvent` with its
reason, written with the path's audit record in the same transaction.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.authz import policy as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse
from iecommons.common.uploads import EVIDENCE
from iecommons.policy.models import (
    Certification,
    CertificationCriteria,
    CertificationDocument,
    CertificationEvent,
    InvestmentYear,
)
from iecommons.policy.surcharge import CalculatorError, year_inputs
from iecommons.registry.models import Membership, Organization, Region

#: Bounds of the criteria as data: a code is short (``1``, ``A.2``), a text one paragraph.
CODE_MAX = 20
TEXT_MAX = 1000
CRITERIA_MAX = 50
#: One criterion's evidence text, and a decision's reason.
EVIDENCE_MAX = 5000
REASON_MAX = 2000
CONFIRMATION_YEARS = (1, 10)


def _criteria_items(raw: Any) -> list[dict[str, str]]:
    if not isinstance(raw, list) or not raw:
        raise refuse("items", _("List at least one criterion."))
    if len(raw) > CRITERIA_MAX:
        raise refuse("items", _("At most %(count)d criteria.") % {"count": CRITERIA_MAX})
    items, codes = [], set()
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("code", ""), str | int):
            raise refuse("items", _("Criterion %(n)s needs a code.") % {"n": index})
        code = str(item.get("code", "")).strip()
        text = item.get("text", "")
        if not code:
            raise refuse("items", _("Criterion %(n)s needs a code.") % {"n": index})
        if len(code) > CODE_MAX:
            raise refuse(
                "items",
                _("Criterion %(n)s: a code has at most %(max)d characters.")
                % {"n": index, "max": CODE_MAX},
            )
        if not isinstance(text, str) or not text.strip():
            raise refuse("items", _("Criterion %(n)s needs a text.") % {"n": index})
        if len(text.strip()) > TEXT_MAX:
            raise refuse(
                "items",
                _("Criterion %(n)s: a text has at most %(max)d characters.")
                % {"n": index, "max": TEXT_MAX},
            )
        if code in codes:
            raise refuse("items", _("The code %(code)s appears twice.") % {"code": code})
        codes.add(code)
        items.append({"code": code, "text": text.strip()})
    return items


def _confirmation_years(raw: Any) -> int:
    low, high = CONFIRMATION_YEARS
    try:
        years = int(raw)
    except (TypeError, ValueError):
        years = 0
    if isinstance(raw, bool) or not low <= years <= high or str(raw).strip() != str(years):
        raise refuse(
            "confirmation_years",
            _("Confirm every %(low)d to %(high)d years.") % {"low": low, "high": high},
        )
    return years


def latest_criteria(province: Region) -> CertificationCriteria | None:
    """The criteria in force in ``province``: its latest version."""
    return CertificationCriteria.objects.filter(province=province).order_by("-version").first()


@transaction.atomic
def criteria_publish(
    *, actor: Any, province: Region, items: Any, confirmation_years: Any = 3
) -> CertificationCriteria:
    """A new version of the province's criteria (earlier versions stay for the record, and
    the paths already opened keep the version they were opened under)."""
    require(rules.can_certify_in(actor, province))
    if province.level != Region.Level.PROVINCE:
        raise refuse("province", _("Criteria are set per province."))
    years = _confirmation_years(confirmation_years)
    checked = _criteria_items(items)
    # Locks the province, so that two versions published at once get distinct numbers.
    Region.objects.select_for_update().filter(pk=province.pk).first()
    latest = latest_criteria(province)
    criteria = CertificationCriteria.objects.create(
        province=province,
        version=(latest.version + 1) if latest else 1,
        items=checked,
        confirmation_years=years,
    )
    audit.record(actor=actor, instance=criteria, operation="criteria_publish")
    return criteria


def _codes(criteria: CertificationCriteria) -> list[str]:
    return [item["code"] for item in criteria.items]


def _evidence(criteria: CertificationCriteria, evidence: Any) -> dict[str, str]:
    """The evidence text by criterion code, checked against ``criteria``; empty ones dropped."""
    if evidence is None:
        return {}
    if not isinstance(evidence, Mapping):
        raise refuse("evidence", _("Give the evidence criterion by criterion."))
    codes = set(_codes(criteria))
    unknown = sorted(str(code) for code in evidence if code not in codes)
    if unknown:
        raise refuse(
            "evidence",
            _("Unknown criterion code: %(codes)s (the criteria have %(known)s).")
            % {"codes": ", ".join(unknown), "known": ", ".join(_codes(criteria))},
        )
    checked = {}
    for code, text in evidence.items():
        if not isinstance(text, str):
            raise refuse("evidence", _("The evidence for %(code)s must be text.") % {"code": code})
        if len(text.strip()) > EVIDENCE_MAX:
            raise refuse(
                "evidence",
                _("The evidence for %(code)s has at most %(max)d characters.")
                % {"code": code, "max": EVIDENCE_MAX},
            )
        if text.strip():
            checked[str(code)] = text.strip()
    return checked


def _reason(reason: Any, message: str) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise refuse("reason", message)
    if len(text) > REASON_MAX:
        raise refuse("reason", _("A reason has at most %(max)d characters.") % {"max": REASON_MAX})
    return text


def years_later(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _event(
    certification: Certification, kind: str, *, actor: Any, on: datetime.date, reason: str = ""
) -> None:
    CertificationEvent.objects.create(
        certification=certification,
        kind=kind,
        on=on,
        reason=reason,
        actor=actor if getattr(actor, "pk", None) else None,
    )


@transaction.atomic
def certification_pool_enter(
    *,
    actor: Any,
    organization: Organization,
    evidence: Any = None,
    documents: Iterable[tuple[str, Any]] = (),
    today: datetime.date | None = None,
) -> Certification:
    """Put an enterprise in the cultivation pool of the province it is registered in,
    against that province's criteria in force: its representative applies, or a supervisor
    of the province admits it. ``evidence`` is the text per criterion code, ``documents``
    ``(criterion code, uploaded file)`` pairs; each file is judged by the upload policy.
    An enterprise whose path was rejected or withdrawn may apply again."""
    require(rules.can_enter_certification_pool(actor, organization))
    today = today or timezone.localdate()
    if organization.type != Organization.Type.ENTERPRISE:
        raise refuse("organization", _("Only enterprises can be certified."))
    if not Membership.objects.filter(organization=organization, left__isnull=True).exists():
        raise refuse(
            "organization", _("Only an enterprise that is a member of a community can apply.")
        )
    province = organization.region.province
    criteria = latest_criteria(province)
    if criteria is None:
        raise refuse(
            "province",
            _("%(province)s has not published its criteria yet.") % {"province": province},
        )
    # Locks the enterprise, so that two applications at once cannot both pass the check.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    existing = Certification.objects.filter(organization=organization).first()
    if existing is not None and existing.status in Certification.OPEN_STATES:
        raise refuse(
            "organization",
            _("The enterprise is already on the certification path (%(status)s).")
            % {"status": existing.get_status_display()},
        )
    checked = _evidence(criteria, evidence)
    # Every file is judged before anything is written, so a refused one stores nothing.
    files = [(_document_check(criteria, code, upload), upload) for code, upload in documents]
    applicant = rules.can_give_certification_evidence(
        actor, Certification(organization=organization)
    )
    opened = {
        "province": province,
        "criteria": criteria,
        "evidence": checked,
        "pool_entered": today,
        "applied_by": actor if applicant else None,
    }
    if existing is None:
        certification = Certification.objects.create(organization=organization, **opened)
        before = None
    else:
        # A rejected or withdrawn enterprise applies again: the same path reopens in the
        # pool against the criteria now in force. Its history (the earlier application,
        # the decision and its reason) and the documents it gave stay with it.
        certification = existing
        before = audit.snapshot(certification)
        for name, value in {
            **opened,
            "status": Certification.Status.POOL,
            "certified_on": None,
            "confirmation_due": None,
            "last_confirmed": None,
            "decision_reason": "",
            "decided_by": None,
            "decided_on": None,
        }.items():
            setattr(certification, name, value)
        certification.save()
    for (code, content_type), upload in files:
        _document_save(actor, certification, code, upload, content_type, title="")
    _event(certification, CertificationEvent.Kind.ENTERED, actor=actor, on=today)
    audit.record(
        actor=actor, instance=certification, operation="certification_pool_enter", before=before
    )
    return certification


def _locked(certification: Certification) -> Certification:
    return (
        Certification.objects.select_for_update()
        .select_related("criteria", "organization", "province")
        .get(pk=certification.pk)
    )


@transaction.atomic
def certification_evidence_update(
    *, actor: Any, certification: Certification, evidence: Any
) -> Certification:
    """Give or correct the evidence text of some criteria (an empty text removes it);
    the other criteria keep theirs. While the path is open."""
    require(rules.can_give_certification_evidence(actor, certification))
    certification = _locked(certification)
    if certification.status not in Certification.OPEN_STATES:
        raise refuse("evidence", _("The certification path has ended."))
    if not isinstance(evidence, Mapping) or not evidence:
        raise refuse("evidence", _("Give the evidence criterion by criterion."))
    checked = _evidence(certification.criteria, evidence)
    before = audit.snapshot(certification)
    merged = {code: text for code, text in certification.evidence.items() if code not in evidence}
    merged.update(checked)
    certification.evidence = {
        code: merged[code] for code in _codes(certification.criteria) if code in merged
    }
    certification.save(update_fields=["evidence"])
    audit.record(
        actor=actor,
        instance=certification,
        operation="certification_evidence_update",
        before=before,
    )
    return certification


def _document_check(criteria: CertificationCriteria, criterion: Any, file: Any) -> tuple[str, str]:
    """``(criterion code, content type)`` of a document, or a refusal naming the field."""
    code = str(criterion or "").strip()
    if code not in _codes(criteria):
        raise refuse(
            "criterion",
            _("Unknown criterion code: %(codes)s (the criteria have %(known)s).")
            % {"codes": code or "—", "known": ", ".join(_codes(criteria))},
        )
    if file is None:
        raise refuse("file", _("Choose a file."))
    return code, EVIDENCE.check(file, field="file").content_type


def _document_save(
    actor: Any,
    certification: Certification,
    code: str,
    file: Any,
    content_type: str,
    *,
    title: str,
) -> CertificationDocument:
    original = os.path.basename(file.name or "")[:255]
    document = CertificationDocument(
        certification=certification,
        criterion=code,
        title=((title or "").strip() or original or code)[:200],
        original_name=original,
        content_type=content_type,
        size=file.size or 0,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        uploaded_at=timezone.now(),
    )
    document.file.save(file.name or "document", file, save=False)
    document.save()
    audit.record(actor=actor, instance=document, operation="certification_document_add")
    return document


@transaction.atomic
def certification_document_add(
    *, actor: Any, certification: Certification, criterion: Any, file: Any, title: str = ""
) -> CertificationDocument:
    """Attach a document answering one criterion (through the upload policy: judged by its
    content, never by its name or claimed type). While the path is open."""
    require(rules.can_give_certification_evidence(actor, certification))
    certification = _locked(certification)
    if certification.status not in Certification.OPEN_STATES:
        raise refuse("file", _("The certification path has ended."))
    code, content_type = _document_check(certification.criteria, criterion, file)
    if len((title or "").strip()) > 200:
        raise refuse("title", _("A title has at most 200 characters."))
    return _document_save(actor, certification, code, file, content_type, title=title)


def missing_evidence(certification: Certification) -> list[str]:
    """The criteria codes answered neither by text nor by a document."""
    documented = set(certification.documents.values_list("criterion", flat=True))
    return [
        code
        for code in _codes(certification.criteria)
        if not certification.evidence.get(code) and code not in documented
    ]


def _require_complete(certification: Certification) -> None:
    missing = missing_evidence(certification)
    if missing:
        raise refuse(
            "evidence",
            _("Evidence is missing for: %(codes)s.") % {"codes": ", ".join(missing)},
        )


def _decided(certification: Certification, actor: Any, reason: str, today: datetime.date) -> None:
    certification.decision_reason = reason
    certification.decided_by = actor if getattr(actor, "pk", None) else None
    certification.decided_on = today


@transaction.atomic
def certification_decide(
    *,
    actor: Any,
    certification: Certification,
    certify: bool,
    reason: Any,
    today: datetime.date | None = None,
) -> Certification:
    """Decide a path in the pool: certify (every criterion needs its evidence; the first
    confirmation falls due after the criteria's years) or reject, with the reason."""
    require(rules.can_certify_in(actor, certification.province))
    certification = _locked(certification)
    today = today or timezone.localdate()
    if certification.status != Certification.Status.POOL:
        raise refuse(
            "status",
            _("Only a path in the cultivation pool can be decided; this one is %(status)s.")
            % {"status": certification.get_status_display()},
        )
    text = _reason(reason, _("Give the reason for the decision."))
    before = audit.snapshot(certification)
    if certify:
        _require_complete(certification)
        certification.status = Certification.Status.CERTIFIED
        certification.certified_on = today
        certification.confirmation_due = years_later(
            today, certification.criteria.confirmation_years
        )
    else:
        certification.status = Certification.Status.REJECTED
    _decided(certification, actor, text, today)
    certification.save()
    _event(
        certification,
        CertificationEvent.Kind.CERTIFIED if certify else CertificationEvent.Kind.REJECTED,
        actor=actor,
        on=today,
        reason=text,
    )
    audit.record(
        actor=actor, instance=certification, operation="certification_decide", before=before
    )
    return certification


@transaction.atomic
def certification_confirm(
    *,
    actor: Any,
    certification: Certification,
    reason: Any,
    today: datetime.date | None = None,
) -> Certification:
    """Confirm a certified enterprise again (the periodic confirmation): its evidence must
    still answer every criterion; the next confirmation falls due the criteria's years on."""
    require(rules.can_certify_in(actor, certification.province))
    certification = _locked(certification)
    today = today or timezone.localdate()
    if certification.status != Certification.Status.CERTIFIED:
        raise refuse(
            "status",
            _("Only a certified enterprise can be confirmed again; this one is %(status)s.")
            % {"status": certification.get_status_display()},
        )
    text = _reason(reason, _("Give the reason for the confirmation."))
    _require_complete(certification)
    before = audit.snapshot(certification)
    certification.last_confirmed = today
    certification.confirmation_due = years_later(today, certification.criteria.confirmation_years)
    _decided(certification, actor, text, today)
    certification.save()
    _event(certification, CertificationEvent.Kind.CONFIRMED, actor=actor, on=today, reason=text)
    audit.record(
        actor=actor, instance=certification, operation="certification_confirm", before=before
    )
    return certification


@transaction.atomic
def certification_withdraw(
    *,
    actor: Any,
    certification: Certification,
    reason: Any,
    today: datetime.date | None = None,
) -> Certification:
    """Withdraw a certification (or take a path out of the pool), with the reason: the
    enterprise leaves the public list and no confirmation falls due any more."""
    require(rules.can_certify_in(actor, certification.province))
    certification = _locked(certification)
    today = today or timezone.localdate()
    if certification.status not in Certification.OPEN_STATES:
        raise refuse(
            "status",
            _("The certification path has ended (%(status)s).")
            % {"status": certification.get_status_display()},
        )
    text = _reason(reason, _("Give the reason for the withdrawal."))
    before = audit.snapshot(certification)
    certification.status = Certification.Status.WITHDRAWN
    certification.confirmation_due = None
    _decided(certification, actor, text, today)
    certification.save()
    _event(certification, CertificationEvent.Kind.WITHDRAWN, actor=actor, on=today, reason=text)
    audit.record(
        actor=actor, instance=certification, operation="certification_withdraw", before=before
    )
    return certification


@transaction.atomic
def investment_year_record(
    *,
    actor: Any,
    organization: Organization,
    year: Any,
    investment: Any,
    vat_paid: Any = None,
    consumption_tax_paid: Any = None,
    withdrawn: Any = 0,
    source: str = "",
) -> InvestmentYear:
    """Record (or correct) one year of an enterprise's figures for the calculator."""
    require(rules.can_use_calculator(actor, organization))
    try:
        (checked,) = year_inputs(
            [
                {
                    "year": year,
                    "investment": investment,
                    "vat": vat_paid,
                    "consumption_tax": consumption_tax_paid,
                    "withdrawn": withdrawn,
                }
            ]
        )
    except CalculatorError as error:
        field = error.field.split(".")[-1]
        field = {"vat": "vat_paid", "consumption_tax": "consumption_tax_paid"}.get(field, field)
        raise refuse(
            field, _("%(year)s: %(problem)s") % {"year": year, "problem": error.message}
        ) from None
    record, created = InvestmentYear.objects.get_or_create(
        organization=organization,
        year=checked.year,
        defaults={
            "investment": checked.investment,
            "withdrawn": checked.withdrawn,
            "vat_paid": checked.vat,
            "consumption_tax_paid": checked.consumption_tax,
            "source": source,
        },
    )
    if created:
        audit.record(actor=actor, instance=record, operation="investment_year_record")
        return record
    before = audit.snapshot(record)
    record.investment, record.withdrawn = checked.investment, checked.withdrawn
    record.vat_paid, record.consumption_tax_paid = checked.vat, checked.consumption_tax
    record.source = source
    record.save()
    audit.record(actor=actor, instance=record, operation="investment_year_record", before=before)
    return record
