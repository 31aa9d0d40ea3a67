"""The evidence pack an enterprise hands to its tax office: a ZIP archive of an XLSX
workbook (the year-by-year offset table, the inputs each year came from, the certification
record with its evidence per criterion, and the list of documents) and the documents
themselves, one folder per criterion. The workbook is written through
:mod:`iecommons.common.exports`, so no cell can become a formula."""

from __future__ import annotations

import io
import re
import zipfile

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from iecommons.common.exports import append_row, new_workbook, workbook_bytes
from iecommons.policy.models import Certification, CertificationDocument, InvestmentYear
from iecommons.policy.surcharge import YearRow
from iecommons.registry.models import Organization


def evidence_pack_xlsx(organization: Organization, rows: list[YearRow]) -> bytes:
    workbook, sheet = new_workbook()
    sheet.title = _("Offsets")[:31]
    append_row(sheet, [organization.name, organization.credit_code])
    append_row(
        sheet,
        [
            _("year"),
            _("qualifying investment (CNY)"),
            _("investment withdrawn (CNY)"),
            _("VAT + consumption tax (CNY)"),
            _("education surcharge 3% (CNY)"),
            _("local education surcharge 2% (CNY)"),
            _("credit brought forward (CNY)"),
            _("credit earned, 30% (CNY)"),
            _("offset against the education surcharge (CNY)"),
            _("offset against the local education surcharge (CNY)"),
            _("credit cancelled by withdrawal (CNY)"),
            _("clawed back (CNY)"),
            _("credit carried forward (CNY)"),
            _("payable (CNY)"),
        ],
    )
    for row in rows:
        append_row(
            sheet,
            [
                row.year,
                row.investment,
                row.withdrawn,
                row.tax_base,
                row.education_surcharge,
                row.local_education_surcharge,
                row.credit_brought_forward,
                row.credit_earned,
                row.offset_education,
                row.offset_local,
                row.credit_cancelled,
                row.clawback,
                row.credit_carried_forward,
                row.payable,
            ],
        )
    inputs = workbook.create_sheet(_("Inputs")[:31])
    append_row(
        inputs,
        [
            _("year"),
            _("qualifying investment (CNY)"),
            _("VAT paid (CNY)"),
            _("consumption tax paid (CNY)"),
            _("investment withdrawn (CNY)"),
            _("source"),
        ],
    )
    for record in InvestmentYear.objects.filter(organization=organization).order_by("year"):
        append_row(
            inputs,
            [
                record.year,
                record.investment,
                record.vat_paid,
                record.consumption_tax_paid,
                record.withdrawn,
                record.source,
            ],
        )
    certificate = workbook.create_sheet(_("Certification")[:31])
    certification = (
        Certification.objects.select_related("province", "criteria")
        .filter(organization=organization)
        .first()
    )
    if certification is not None:
        append_row(certificate, [_("status"), certification.get_status_display()])
        append_row(certificate, [_("province"), str(certification.province)])
        append_row(certificate, [_("criteria version"), certification.criteria.version])
        append_row(certificate, [_("certified"), certification.certified_on])
        append_row(certificate, [_("last confirmed"), certification.last_confirmed])
        append_row(certificate, [_("next confirmation due"), certification.confirmation_due])
        append_row(certificate, [_("reason for the decision"), certification.decision_reason])
        append_row(certificate, [])
        append_row(certificate, [pgettext("criterion", "code"), _("criterion"), _("evidence")])
        for item in certification.criteria.items:
            append_row(
                certificate,
                [item["code"], item["text"], certification.evidence.get(item["code"], "")],
            )
    listing = workbook.create_sheet(pgettext("evidence", "Documents")[:31])
    append_row(
        listing,
        [
            _("criterion"),
            pgettext("heading", "title"),
            _("file in this pack"),
            _("uploaded"),
            _("size (bytes)"),
        ],
    )
    for document, name in pack_documents(organization):
        append_row(
            listing,
            [
                document.criterion,
                document.title,
                name,
                document.uploaded_at.date(),
                document.size,
            ],
        )
    return workbook_bytes(workbook)


_UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f]+")


def _safe(name: str) -> str:
    """A file or folder name that stays inside its folder on every system."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    return cleaned[:100] or "_"


def pack_documents(organization: Organization) -> list[tuple[CertificationDocument, str]]:
    """The certification's documents, each with its path inside the pack
    (``documents/<criterion>/<n>-<file name>``, unique by its number)."""
    documents = CertificationDocument.objects.filter(
        certification__organization=organization
    ).order_by("criterion", "uploaded_at", "pk")
    return [
        (
            document,
            f"documents/{_safe(document.criterion)}/{number:02d}-"
            f"{_safe(document.original_name or document.title)}",
        )
        for number, document in enumerate(documents, start=1)
    ]


def evidence_pack_zip(organization: Organization, rows: list[YearRow]) -> bytes:
    """The pack: ``surcharge-offsets.xlsx`` and the documents listed on its last sheet."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("surcharge-offsets.xlsx", evidence_pack_xlsx(organization, rows))
        for document, name in pack_documents(organization):
            with document.file.open("rb") as stored:
                archive.writestr(name, stored.read())
    return buffer.getvalue()
