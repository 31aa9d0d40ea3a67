"""Writes to certification: criteria per province, the pool, certification, periodic
confirmation, withdrawal, and the investment records the calculator reads."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.authz import policy as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse
from iecommons.policy.models import Certification, CertificationCriteria, InvestmentYear
from iecommons.policy.surcharge import CalculatorError, year_inputs
from iecommons.registry.models import Organization, Region


def _criteria_items(raw: Any) -> list[dict[str, str]]:
    if not isinstance(raw, list) or not raw:
        raise refuse("items", _("List at least one criterion."))
    items, codes = [], set()
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not str(item.get("code", "")).strip():
            raise refuse("items", _("Criterion %(n)s needs a code.") % {"n": index})
        if not str(item.get("text", "")).strip():
            raise refuse("items", _("Criterion %(n)s needs a text.") % {"n": index})
        code = str(item["code"]).strip()
        if code in codes:
            raise refuse("items", _("The code %(code)s appears twice.") % {"code": code})
        codes.add(code)
        items.append({"code": code, "text": str(item["text"]).strip()})
    return items


@transaction.atomic
def criteria_publish(
    *, actor: Any, province: Region, items: Any, confirmation_years: int = 3
) -> CertificationCriteria:
    """A new version of the province's criteria (earlier versions stay for the record)."""
    require(rules.can_certify_in(actor, province))
    if province.level != Region.Level.PROVINCE:
        raise refuse("province", _("Criteria are set per province."))
    if not 1 <= int(confirmation_years) <= 10:
        raise refuse("confirmation_years", _("Confirm every 1 to 10 years."))
    latest = CertificationCriteria.objects.filter(province=province).order_by("-version").first()
    criteria = CertificationCriteria.objects.create(
        province=province,
        version=(latest.version + 1) if latest else 1,
        items=_criteria_items(items),
        confirmation_years=int(confirmation_years),
    )
    audit.record(actor=actor, instance=criteria, operation="criteria_publish")
    return criteria


@transaction.atomic
def certification_pool_enter(
    *, actor: Any, organization: Organization, province: Region, evidence: Any = None
) -> Certification:
    """Admit an enterprise to the province's cultivation pool against the latest criteria."""
    require(rules.can_certify_in(actor, province))
    if organization.type != Organization.Type.ENTERPRISE:
        raise refuse("organization", _("Only enterprises can be certified."))
    criteria = CertificationCriteria.objects.filter(province=province).order_by("-version").first()
    if criteria is None:
        raise refuse("province", _("The province has not published its criteria yet."))
    if Certification.objects.filter(organization=organization).exists():
        raise refuse("organization", _("The enterprise is already on the certification path."))
    certification = Certification.objects.create(
        organization=organization,
        province=province,
        criteria=criteria,
        evidence=_evidence(criteria, evidence or {}),
        pool_entered=timezone.localdate(),
    )
    audit.record(actor=actor, instance=certification, operation="certification_pool_enter")
    return certification


def _evidence(criteria: CertificationCriteria, evidence: Any) -> dict[str, str]:
    if not isinstance(evidence, dict):
        raise refuse("evidence", _("Give the evidence criterion by criterion."))
    codes = {item["code"] for item in criteria.items}
    unknown = sorted(set(evidence) - codes)
    if unknown:
        raise refuse(
            "evidence", _("Unknown criterion code: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    return {str(code): str(text).strip() for code, text in evidence.items()}


@transaction.atomic
def certification_decide(
    *,
    actor: Any,
    certification: Certification,
    certify: bool,
    reason: str,
    today: datetime.date | None = None,
) -> Certification:
    """Certify (every criterion needs its evidence) or reject; confirming a certified
    enterprise again moves its next confirmation date on."""
    require(rules.can_certify_in(actor, certification.province))
    certification = (
        Certification.objects.select_for_update()
        .select_related("criteria")
        .get(pk=certification.pk)
    )
    today = today or timezone.localdate()
    if certification.status in (Certification.Status.REJECTED, Certification.Status.WITHDRAWN):
        raise refuse("status", _("The certification path has ended."))
    if not reason.strip():
        raise refuse("reason", _("Give the reason for the decision."))
    before = audit.snapshot(certification)
    if certify:
        missing = [
            item["code"]
            for item in certification.criteria.items
            if not certification.evidence.get(item["code"])
        ]
        if missing:
            raise refuse(
                "evidence",
                _("Evidence is missing for: %(codes)s.") % {"codes": ", ".join(missing)},
            )
        years = certification.criteria.confirmation_years
        if certification.status == Certification.Status.POOL:
            certification.certified_on = today
        certification.status = Certification.Status.CERTIFIED
        certification.confirmation_due = today.replace(year=today.year + years)
    else:
        certification.status = Certification.Status.REJECTED
    certification.decision_reason = reason.strip()
    certification.decided_by = actor
    certification.save()
    audit.record(
        actor=actor, instance=certification, operation="certification_decide", before=before
    )
    return certification


@transaction.atomic
def certification_withdraw(
    *, actor: Any, certification: Certification, reason: str
) -> Certification:
    require(rules.can_certify_in(actor, certification.province))
    if not reason.strip():
        raise refuse("reason", _("Give the reason for the withdrawal."))
    before = audit.snapshot(certification)
    certification.status = Certification.Status.WITHDRAWN
    certification.decision_reason = reason.strip()
    certification.decided_by = actor
    certification.save(update_fields=["status", "decision_reason", "decided_by"])
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
