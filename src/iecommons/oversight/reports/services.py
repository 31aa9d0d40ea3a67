"""Writes to annual quality reports: draft, narrative, refresh, submit, accept, return.

The secretariat drafts (the figures are gathered from the records), writes the narrative
beside them and submits; submitting gathers the figures one last time and freezes them.
The Chinese PDF of a submitted or accepted report is drawn from those frozen figures at its
first download and kept until the status changes (``annual_report_pdf_zh``), so that
submitting, accepting and seeding draw nothing. The community's supervisor accepts the
report (it becomes public) or returns it with a reason (a draft again). Every write is
atomic and audited.
"""

from __future__ import annotations

import hashlib
import io
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.accounts.selectors import secretariat_users, supervisors_of
from iecommons.authz.reports import (
    can_decide_report,
    can_draft_report,
    can_edit_report,
    can_submit_report,
)
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.notifications import notify
from iecommons.oversight.models import AnnualReport
from iecommons.oversight.reports.figures import report_figures
from iecommons.oversight.reports.labels import NARRATIVE_SECTIONS
from iecommons.oversight.reports.render import report_pdf
from iecommons.oversight.reports.sanitise import NarrativeRefusedError, clean_section
from iecommons.registry.models import Community

FIRST_YEAR = 2000


def _check_year(year: int) -> None:
    latest = timezone.localdate().year
    if not FIRST_YEAR <= year <= latest:
        raise ValidationError(
            {
                "year": _("A year from %(first)d to %(last)d is expected.")
                % {"first": FIRST_YEAR, "last": latest}
            }
        )


def _locked(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("community").get(pk=report.pk)


def _forget_pdf(report: AnnualReport) -> None:
    """The status changes, and with it the PDF's cover: the stored one goes (its file after
    the commit), the next download draws the new one."""
    if report.pdf_zh:
        name, storage = report.pdf_zh.name, report.pdf_zh.storage
        report.pdf_zh = ""
        transaction.on_commit(lambda: storage.delete(name))


def annual_report_pdf_zh(*, report: AnnualReport) -> IO[bytes]:
    """The Chinese PDF of a submitted or accepted report, opened for reading: the stored one,
    or drawn from the frozen figures and stored for the next downloads.

    Not audited: it holds nothing but what the audited submission froze. Drawn outside any
    transaction (a second or so); if the status moved on meanwhile, this one is sent but not
    kept, and if another download stored one first, that one is sent.
    """
    if report.status == AnnualReport.Status.DRAFT:
        raise ValueError("a draft's PDF is drawn on each request, never stored")
    if report.pdf_zh:
        return report.pdf_zh.open("rb")
    pdf = report_pdf(report.figures, report.narrative, language="zh-hans", status=report.status)
    digest = hashlib.sha256(pdf).hexdigest()[:12]
    with transaction.atomic():
        locked = _locked(report)
        if locked.pdf_zh:
            return locked.pdf_zh.open("rb")
        if locked.status != report.status:
            return io.BytesIO(pdf)
        locked.pdf_zh.save(
            f"{locked.community_id}-{locked.year}-{digest}.pdf", ContentFile(pdf), save=False
        )
        locked.save(update_fields=["pdf_zh"])
    return io.BytesIO(pdf)


def annual_report_start(*, actor: Any, community: Community, year: int) -> AnnualReport:
    """The community's report for ``year``: the existing one, or a new draft with its figures."""
    require(can_draft_report(actor, community))
    _check_year(year)
    with transaction.atomic():
        report = AnnualReport.objects.filter(community=community, year=year).first()
        if report is not None:
            return report
        report = AnnualReport.objects.create(
            community=community,
            year=year,
            figures=report_figures(community.pk, year),
            figures_at=timezone.now(),
            created_by=actor,
        )
        audit.record(actor=actor, instance=report, operation="annual_report.start")
    return report


def annual_report_refresh(*, actor: Any, report: AnnualReport) -> AnnualReport:
    """Gather the draft's figures again from the records."""
    with transaction.atomic():
        report = _locked(report)
        require(can_edit_report(actor, report))
        before = audit.snapshot(report)
        report.figures = report_figures(report.community_id, report.year)
        report.figures_at = timezone.now()
        report.save(update_fields=["figures", "figures_at"])
        audit.record(actor=actor, instance=report, operation="annual_report.refresh", before=before)
    return report


def annual_report_narrative_save(
    *, actor: Any, report: AnnualReport, sections: dict[str, str]
) -> list[str]:
    """Store the narrative sections given (others are kept), each cleaned; return notes on
    what the cleaning removed. A refused section (an image too large, text too long) stores
    nothing of any section."""
    unknown = sorted(set(sections) - set(NARRATIVE_SECTIONS))
    if unknown:
        raise ValidationError(
            {
                "sections": _("Unknown narrative sections: %(names)s.")
                % {"names": ", ".join(unknown)}
            }
        )
    cleaned: dict[str, str] = {}
    notes: list[str] = []
    errors: dict[str, str] = {}
    for key, html in sections.items():
        label = str(NARRATIVE_SECTIONS[key])
        try:
            section = clean_section(key, label, html or "")
        except NarrativeRefusedError as refusal:
            errors[key] = str(refusal)
            continue
        cleaned[key] = section.html
        if section.stripped:
            notes.append(
                _("%(section)s: scripts and other active content were removed.")
                % {"section": label}
            )
        if section.images_dropped:
            notes.append(
                _(
                    "%(section)s: %(count)d image(s) at an address were removed; "
                    "embed images instead."
                )
                % {"section": label, "count": section.images_dropped}
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = _locked(report)
        require(can_edit_report(actor, report))
        before = audit.snapshot(report)
        report.narrative = {**report.narrative, **dict(cleaned.items())}
        report.narrative = {k: v for k, v in report.narrative.items() if v}
        report.save(update_fields=["narrative"])
        audit.record(
            actor=actor, instance=report, operation="annual_report.narrative", before=before
        )
    return notes


def annual_report_submit(*, actor: Any, report: AnnualReport) -> AnnualReport:
    """Freeze the figures (gathered once more), store the Chinese PDF, and tell the
    community's supervisors."""
    with transaction.atomic():
        report = _locked(report)
        require(can_submit_report(actor, report))
        before = audit.snapshot(report)
        report.figures = report_figures(report.community_id, report.year)
        report.figures_at = timezone.now()
        report.status = AnnualReport.Status.SUBMITTED
        report.submitted_by = actor
        report.submitted_at = timezone.now()
        report.returned_reason = ""
        _forget_pdf(report)
        report.save()
        audit.record(actor=actor, instance=report, operation="annual_report.submit", before=before)
        notify(
            recipients=supervisors_of(report.community),
            subject=_("Annual report %(year)d of %(community)s submitted for acceptance")
            % {"year": report.year, "community": report.community.name},
            link=f"/reports/{report.community_id}/{report.year}/",
        )
    return report


def annual_report_accept(*, actor: Any, report: AnnualReport) -> AnnualReport:
    """Accept a submitted report: from now on it is public."""
    with transaction.atomic():
        report = _locked(report)
        require(can_decide_report(actor, report))
        before = audit.snapshot(report)
        report.status = AnnualReport.Status.ACCEPTED
        report.accepted_by = actor
        report.accepted_at = timezone.now()
        _forget_pdf(report)
        report.save()
        audit.record(actor=actor, instance=report, operation="annual_report.accept", before=before)
        notify(
            recipients=secretariat_users([report.community_id]),
            subject=_("Annual report %(year)d of %(community)s accepted: it is now public")
            % {"year": report.year, "community": report.community.name},
            link=f"/reports/{report.community_id}/{report.year}/",
        )
    return report


def annual_report_return(*, actor: Any, report: AnnualReport, reason: str) -> AnnualReport:
    """Send a submitted report back to the secretariat as a draft, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the secretariat should change.")})
    with transaction.atomic():
        report = _locked(report)
        require(can_decide_report(actor, report))
        before = audit.snapshot(report)
        report.status = AnnualReport.Status.DRAFT
        report.returned_reason = reason[:500]
        _forget_pdf(report)
        report.save(update_fields=["status", "returned_reason", "pdf_zh"])
        audit.record(actor=actor, instance=report, operation="annual_report.return", before=before)
        notify(
            recipients=secretariat_users([report.community_id]),
            subject=_("Annual report %(year)d of %(community)s returned: %(reason)s")
            % {"year": report.year, "community": report.community.name, "reason": reason[:100]},
            link=f"/reports/{report.community_id}/{report.year}/",
        )
    return report
