"""XLSX files of the talent chain: the published lists, and pseudonymised placements.

Students never leave the platform under their names: an export carries a pseudonym, an
HMAC of the student's id under the site's secret key, stable across exports of one site
and meaningless elsewhere.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from iecommons.common.exports import XLSX_CONTENT_TYPE, append_row, new_workbook, workbook_bytes
from iecommons.registry.models import Community
from iecommons.talent import catalogues, selectors
from iecommons.talent.models import Placement
from iecommons.talent.skills import skill_names

TALENT_COLUMNS = (
    "organization",
    "occupation_code",
    "title",
    "skill_level",
    "headcount",
    "region",
    "salary_min",
    "salary_max",
    "period_start",
    "period_end",
    "skills",
    "major_codes",
)
TECHNOLOGY_COLUMNS = ("organization", "problem", "field", "budget", "deadline", "progress")
PRODUCT_COLUMNS = ("organization", "name", "field", "description")


def pseudonym(student_id: int) -> str:
    """A stable pseudonym of a student for files that leave the platform."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"student:{student_id}".encode(), hashlib.sha256
    ).hexdigest()
    return "S-" + digest[:12]


def _row(kind: str, item: Any) -> list[Any]:
    if kind == "talent":
        return [
            str(item.organization),
            item.occupation_code,
            item.title,
            item.skill_level,
            item.headcount,
            item.region.code,
            item.salary_min,
            item.salary_max,
            item.period_start,
            item.period_end,
            ", ".join(skill_names(item.skills)),
            ", ".join(item.major_codes),
        ]
    if kind == "technology":
        return [
            str(item.organization),
            item.problem,
            item.field.code,
            float(item.budget),
            item.deadline,
            item.progress,
        ]
    return [str(item.organization), item.name, item.field.code, item.description]


def _response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def list_workbook(community: Community, kind: str) -> HttpResponse:
    """The published items of one list; the columns are those the import reads."""
    columns = {"talent": TALENT_COLUMNS, "technology": TECHNOLOGY_COLUMNS}.get(
        kind, PRODUCT_COLUMNS
    )
    workbook, sheet = new_workbook()
    sheet.title = kind
    append_row(sheet, columns)
    related = ("organization", "region") if kind == "talent" else ("organization", "field")
    for item in selectors.published_items(community, kind).select_related(*related):
        append_row(sheet, _row(kind, item))
    return _response(workbook_bytes(workbook), f"community-{community.pk}-{kind}.xlsx")


def placements_workbook(placements: list[Placement]) -> bytes:
    """Placements with pseudonyms instead of names and numbers."""
    workbook, sheet = new_workbook()
    sheet.title = "placements"
    append_row(
        sheet,
        [
            _("student"),
            _("major"),
            pgettext("internship", "position"),
            _("enterprise"),
            pgettext("internship", "rank"),
        ],
    )
    majors = catalogues.majors()
    for placement in placements:
        major = majors.get(placement.student.major_code)
        append_row(
            sheet,
            [
                pseudonym(placement.student_id),
                major.name if major else placement.student.major_code,
                placement.position.title if placement.position else "",
                str(placement.position.enterprise) if placement.position else "",
                placement.rank or "",
            ],
        )
    return workbook_bytes(workbook)


def supply_workbook(rows: list[Any], gaps: list[Any], filename: str) -> HttpResponse:
    """The supply–demand figures per year and the skill gaps, one sheet each."""
    workbook, sheet = new_workbook()
    sheet.title = "supply-demand"
    append_row(
        sheet,
        [
            _("year"),
            _("positions needed"),
            _("graduates of the supplying majors"),
            _("placed in internships"),
            _("hired by order-class enterprises"),
            _("graduates per position"),
        ],
    )
    for row in rows:
        append_row(
            sheet,
            [row.year, row.positions, row.graduates, row.placed, row.hired, row.ratio],
        )
    gap_sheet = workbook.create_sheet("skill-gaps")
    append_row(
        gap_sheet,
        [
            _("skill code"),
            _("skill"),
            _("people needed"),
            _("courses teaching it"),
            _("supplying majors"),
        ],
    )
    for gap in gaps:
        append_row(gap_sheet, [gap.code, gap.name, gap.demand, gap.courses, ", ".join(gap.majors)])
    return _response(workbook_bytes(workbook), filename)
