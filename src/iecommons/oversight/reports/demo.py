"""Demo annual quality reports, so that ``/reports/`` is not empty on ``make run``:

- the rail-transit community's report for 2025, accepted by the national supervisor and so
  public (the ``secretariat`` account's community);
- a Jiangsu regional community's report for 2025, submitted and awaiting its supervisor
  (``supervisor_js`` or ``supervisor`` accepts or returns it);
- the rail-transit community's report for 2026, a draft with part of its narrative written.

Each goes through the services a person would use (start, narrative, submit, accept), so the
figures are those counted from the demo's records and the audit trail is the platform's own.
No PDF is drawn here: a report's PDF is drawn at its first download.

The narrative is written in Chinese with an English rendering beneath each paragraph.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from iecommons.oversight.reports import services
from iecommons.registry.models import Community

#: The rail-transit community's narrative for 2025, section by section.
RAIL_2025 = {
    "summary": (
        "2025年，共同体围绕轨道交通装备产业链人才需求，完善理事会议事规则，"
        "新增成员单位12家，联合开展课程、教材、实训基地和技术攻关等合作项目。",
        "In 2025 the community organised its work around the talent the rail-transit "
        "equipment chain needs: it revised the council's rules of procedure, admitted 12 new "
        "members and ran joint projects on courses, textbooks, training bases and R&D.",
    ),
    "courses_textbooks": (
        "校企共同开发转向架检修、牵引传动系统等课程，编写活页式、工作手册式新形态教材。",
        "Colleges and enterprises developed courses on bogie maintenance and traction "
        "drives together, and wrote loose-leaf and workbook-style textbooks.",
    ),
    "bases_training": (
        "依托龙头企业建设共享实训基地，组织职业院校教师赴企业实践，提升“双师型”教师比例。",
        "Shared training bases were built at the lead enterprises; college teachers spent "
        "time in enterprise practice, raising the share of dual-qualified teachers.",
    ),
    "joint_rd": (
        "成员单位围绕焊缝检测、智能运维等技术难题联合攻关，部分成果已在生产线应用。",
        "Members worked together on weld inspection and intelligent maintenance; some "
        "results are already used on production lines.",
    ),
    "talent": (
        "开设订单班和现代学徒制班，学生在成员企业顶岗实习，毕业生留任比例稳步提高。",
        "Order classes and apprenticeship classes placed students in member enterprises; "
        "more graduates stayed on with them.",
    ),
    "outlook": (
        "2026年将扩大海外项目合作，完善成员单位进出机制，建立年度成效自评制度。",
        "In 2026 the community will widen its overseas projects, refine how members join "
        "and leave, and assess its own results every year.",
    ),
}

#: The Jiangsu community's narrative for 2025 (submitted).
REGIONAL_2025 = {
    "summary": (
        "联合体立足本市先进制造业集群，推动职业院校专业设置与产业需求对接，"
        "本年度重点建设智能制造公共实训中心。",
        "The alliance built on the city's advanced-manufacturing cluster, matched the "
        "colleges' majors to what industry needs, and this year concentrated on a public "
        "training centre for intelligent manufacturing.",
    ),
    "self_building": (
        "秘书处建立月度例会和成员单位联络员制度，按季度公开工作进展。",
        "The secretariat holds monthly meetings, gave each member a liaison officer and "
        "publishes its progress every quarter.",
    ),
}

#: The rail-transit community's draft for 2026: only the summary so far.
RAIL_2026 = {
    "summary": (
        "（草稿）上半年共同体新增两个共享实训基地，年度报告将在年底汇总全年成效。",
        "(Draft) In the first half of the year two more shared training bases opened; the "
        "report will sum up the year at its end.",
    ),
}


def narrative_html(sections: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Each section as a Chinese paragraph with its English rendering beneath."""
    return {key: f"<p>{zh}</p><p>{en}</p>" for key, (zh, en) in sections.items()}


def _regional_in(province_code: str) -> Community | None:
    return (
        Community.objects.filter(province__code=province_code)
        .exclude(level=Community.Level.NATIONAL)
        .order_by("pk")
        .first()
    )


def seed_reports(
    *, secretariat: Any, operator: Any, supervisor: Any, today: datetime.date | None = None
) -> dict[str, int]:
    """Seed the demo's reports; ``secretariat`` runs the rail-transit community, ``operator``
    stands in for the Jiangsu community's secretariat, ``supervisor`` accepts. Years after
    ``today``'s are skipped (a report is for a year that has begun)."""
    year = (today or timezone.localdate()).year
    rail = Community.objects.filter(level=Community.Level.NATIONAL).order_by("pk").first()
    counts = {"accepted": 0, "submitted": 0, "draft": 0}
    if rail is None:
        return counts
    province_code = rail.province.code if rail.province_id else "320000"
    plan: list[tuple[Community, int, dict[str, tuple[str, str]], Any, str]] = [
        (rail, 2025, RAIL_2025, secretariat, "accepted"),
        (rail, 2026, RAIL_2026, secretariat, "draft"),
    ]
    regional = _regional_in(province_code)
    if regional is not None:
        plan.append((regional, 2025, REGIONAL_2025, operator, "submitted"))
    for community, report_year, sections, author, state in plan:
        if report_year > year:
            continue
        report = services.annual_report_start(actor=author, community=community, year=report_year)
        services.annual_report_narrative_save(
            actor=author, report=report, sections=narrative_html(sections)
        )
        if state != "draft":
            report = services.annual_report_submit(actor=author, report=report)
        if state == "accepted":
            services.annual_report_accept(actor=supervisor, report=report)
        counts[state] += 1
    return counts
