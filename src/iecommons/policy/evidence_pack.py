"""The evidence pack an enterprise hands to its tax office: an XLSX workbook with the
year-by-year offset table, the inputs each year came from, and the certification record.
Written through :mod:`iecommons.common.exports`, so no cell can become a formula."""

from __future__ import annotations

from django.utils.translation import gettext as _

from iecommons.common.exports import append_row, new_workbook, workbook_bytes
from iecommons.policy.models import Certification, InvestmentYear
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
    certification = Certification.objects.filter(organization=organization).first()
    if certification is not None:
        append_row(certificate, [_("status"), certification.get_status_display()])
        append_row(certificate, [_("province"), str(certification.province)])
        append_row(certificate, [_("certified"), certification.certified_on])
        append_row(certificate, [_("next confirmation due"), certification.confirmation_due])
        for code, text in certification.evidence.items():
            append_row(certificate, [code, text])
    return workbook_bytes(workbook)
