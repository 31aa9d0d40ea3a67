"""Demo demonstration selections (示范), from the 2025 published run, through the services a
supervisor would use:

- a national selection, one place per province that has candidates, grade "good" or
  better, no overdue rectification and two years since founding: published for a notice
  period three weeks before the seeding day, one objection upheld during it (the entry
  removed with the reason, the next eligible community of the province moved up), another
  dismissed, then finalised — the final list is public;
- a selection of the first province (the national rail-transit community's), five places,
  under public notice around the seeding day, with one objection answered (dismissed), so
  that the demo accounts can object during the period.

Quick: each selection reads the run's results in one query and writes its entries in bulk.
"""

from __future__ import annotations

import datetime
from typing import Any

from iecommons.accounts.models import User
from iecommons.assessment.models import Publication
from iecommons.policy import demonstration
from iecommons.policy.models import DemonstrationSelection
from iecommons.policy.services import demonstration as services
from iecommons.registry.models import Region

UPHELD_REASON = "该共同体部分核心成员单位已于年内退出，申报的实训基地共享数据与登记记录不符。"
UPHELD_ANSWER = (
    "经核实，异议成立：其成员与共享资源数据与登记记录不符，撤销其入选资格，"
    "由本省排名下一位的共同体递补。"
)
DISMISSED_REASON = "该共同体牵头院校的专业与所属领域关联不强，建议复核。"
DISMISSED_ANSWER = "经核实，该共同体的专业设置与所属领域相符，评价数据无误，异议不成立。"


def _run_2025() -> Any:
    publication = (
        Publication.objects.current()
        .filter(cycle__year=2025)
        .select_related("run")
        .order_by("-published_at", "-pk")
        .first()
    )
    return publication.run if publication is not None else None


def _objector(username: str, fallback: Any) -> Any:
    return User.objects.filter(username=username).first() or fallback


def _national(run: Any, actors: Any, today: datetime.date) -> DemonstrationSelection | None:
    made = today - datetime.timedelta(days=21)
    provinces = sorted(
        set(
            run.results.exclude(community__province=None).values_list(
                "community__province__code", flat=True
            )
        )
    )
    selection = services.selection_create(
        actor=actors.national,
        title=f"{run.cycle.year}年度国家级示范产教融合共同体遴选",
        run=run,
        jurisdiction=None,
        total=len(provinces),
        province_quotas=dict.fromkeys(provinces, 1),
        min_grade="good",
        no_overdue_rectification=True,
        min_years_founded=2,
        today=made,
    )
    selection = services.selection_publish(
        actor=actors.national,
        selection=selection,
        notice_starts=made,
        notice_ends=made + datetime.timedelta(days=6),
        today=made,
    )
    listed = list(selection.entries.filter(outcome=demonstration.SELECTED).order_by("position")[:2])
    if len(listed) < 2:
        return selection
    upheld = services.objection_file(
        actor=_objector("member", actors.operator),
        entry=listed[1],
        reason=UPHELD_REASON,
        today=made + datetime.timedelta(days=2),
    )
    services.objection_answer(
        actor=actors.national, objection=upheld, upheld=True, answer=UPHELD_ANSWER
    )
    dismissed = services.objection_file(
        actor=_objector("college", actors.operator),
        entry=listed[0],
        reason=DISMISSED_REASON,
        today=made + datetime.timedelta(days=3),
    )
    services.objection_answer(
        actor=actors.national, objection=dismissed, upheld=False, answer=DISMISSED_ANSWER
    )
    return services.selection_finalise(actor=actors.national, selection=selection, today=today)


def _provincial(
    run: Any, actors: Any, province: Region, today: datetime.date
) -> DemonstrationSelection | None:
    made = today - datetime.timedelta(days=2)
    if (
        not run.results.filter(community__province=province)
        .exclude(community__level="national")
        .exists()
    ):
        return None
    selection = services.selection_create(
        actor=actors.first_province,
        title=f"{province.name_zh}{run.cycle.year}年度省级示范产教融合共同体遴选",
        run=run,
        jurisdiction=province,
        total=5,
        province_quotas={province.code: 5},
        min_grade="pass",
        no_overdue_rectification=True,
        min_years_founded=1,
        today=made,
    )
    selection = services.selection_publish(
        actor=actors.first_province,
        selection=selection,
        notice_starts=made,
        notice_ends=today + datetime.timedelta(days=5),
        today=made,
    )
    first = selection.entries.filter(outcome=demonstration.SELECTED).order_by("position").first()
    if first is not None:
        objection = services.objection_file(
            actor=_objector("secretariat", actors.operator),
            entry=first,
            reason=DISMISSED_REASON,
            today=made,
        )
        services.objection_answer(
            actor=actors.first_province,
            objection=objection,
            upheld=False,
            answer=DISMISSED_ANSWER,
        )
    return selection


def seed_demonstrations(actors: Any, first: Region, today: datetime.date) -> dict[str, int]:
    """The two demo selections (none when no 2025 run is published)."""
    run = _run_2025()
    if run is None:
        return {"demonstration selections": 0}
    made = [_national(run, actors, today), _provincial(run, actors, first, today)]
    return {"demonstration selections": sum(1 for selection in made if selection is not None)}
