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
from collections import Counter
from typing import Any

from django.db import transaction

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


class _NothingListedError(Exception):
    """The gates left no one on the list: the demo tries looser ones."""


#: The gates of the demo, strictest first; a small demo's few communities may all fail the
#: first (they are young), so the next ones are tried until someone is on the list.
GATES = (
    {"min_grade": "good", "no_overdue_rectification": True, "min_years_founded": 2},
    {"min_grade": "", "no_overdue_rectification": False, "min_years_founded": 0},
)


def _create(*, gates: tuple[dict[str, Any], ...] = GATES, **values: Any) -> DemonstrationSelection:
    for tried in gates:
        try:
            with transaction.atomic():
                selection = services.selection_create(**values, **tried)
                if not selection.entries.filter(outcome=demonstration.SELECTED).exists():
                    raise _NothingListedError
                return selection
        except _NothingListedError:
            continue
    raise ValueError("no demo gates leave a community on the list")


def _objector(username: str, fallback: Any) -> Any:
    return User.objects.filter(username=username).first() or fallback


def _national(run: Any, actors: Any, today: datetime.date) -> DemonstrationSelection:
    made = today - datetime.timedelta(days=21)
    provinces = sorted(set(run.results.values_list("community__province__code", flat=True)))
    selection = _create(
        actor=actors.national,
        title=f"{run.cycle.year}年度国家级示范产教融合共同体遴选",
        run=run,
        jurisdiction=None,
        total=len(provinces),
        province_quotas=dict.fromkeys(provinces, 1),
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
    # The second on the list (the first when only one is) is found wrong: removed, and the
    # next eligible community of its province moves up.
    upheld = services.objection_file(
        actor=_objector("member", actors.operator),
        entry=listed[-1],
        reason=UPHELD_REASON,
        today=made + datetime.timedelta(days=2),
    )
    services.objection_answer(
        actor=actors.national, objection=upheld, upheld=True, answer=UPHELD_ANSWER
    )
    if len(listed) > 1:
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


def _province_with_candidates(run: Any, first: Region) -> Region | None:
    """``first`` if the run has regional communities there, else the province with most."""
    counts = Counter(
        run.results.exclude(community__level="national").values_list(
            "community__province_id", flat=True
        )
    )
    if counts.get(first.pk):
        return first
    if not counts:
        return None
    return Region.objects.get(pk=max(sorted(counts), key=lambda pk: counts[pk]))


def _provincial(
    run: Any, actors: Any, first: Region, today: datetime.date
) -> DemonstrationSelection | None:
    made = today - datetime.timedelta(days=2)
    province = _province_with_candidates(run, first)
    if province is None:
        return None
    # The first province's demo supervisor where it can; the operator elsewhere.
    supervisor = actors.first_province if province == first else actors.operator
    selection = _create(
        gates=(
            {"min_grade": "pass", "no_overdue_rectification": True, "min_years_founded": 1},
            *GATES[1:],
        ),
        actor=supervisor,
        title=f"{province.name_zh}{run.cycle.year}年度省级示范产教融合共同体遴选",
        run=run,
        jurisdiction=province,
        total=5,
        province_quotas={province.code: 5},
        today=made,
    )
    selection = services.selection_publish(
        actor=supervisor,
        selection=selection,
        notice_starts=made,
        notice_ends=today + datetime.timedelta(days=5),
        today=made,
    )
    first_entry = (
        selection.entries.filter(outcome=demonstration.SELECTED).order_by("position").first()
    )
    assert first_entry is not None  # _create made sure of it
    objection = services.objection_file(
        actor=_objector("secretariat", actors.operator),
        entry=first_entry,
        reason=DISMISSED_REASON,
        today=made,
    )
    services.objection_answer(
        actor=supervisor, objection=objection, upheld=False, answer=DISMISSED_ANSWER
    )
    return selection


def seed_demonstrations(actors: Any, first: Region, today: datetime.date) -> dict[str, int]:
    """The two demo selections (none when no 2025 run is published)."""
    run = _run_2025()
    if run is None:
        return {"demonstration selections": 0}
    made = [_national(run, actors, today), _provincial(run, actors, first, today)]
    return {"demonstration selections": sum(1 for selection in made if selection is not None)}
