"""Reads of results: a run's table (the rows its reader may see), one community's
evaluation and trend, and the published grades anyone may read. Who may see which is
decided in :mod:`iecommons.authz.assessment`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.utils.translation import gettext_lazy as _

from iecommons.assessment import engine
from iecommons.assessment.labels import grade_label
from iecommons.assessment.models import EvaluationRun, Publication, Result
from iecommons.assessment.selectors import snapshots
from iecommons.authz import registry as registry_rules
from iecommons.authz.assessment import can_see_unpublished
from iecommons.common.collation import pinyin
from iecommons.registry.models import Community

#: Sort keys of the results table: public name -> order_by fields.
SORTS = {
    "rank": ("rank", pinyin("community__name")),
    "-rank": ("-rank", pinyin("community__name")),
    "name": (pinyin("community__name"),),
    "-name": (pinyin("community__name", descending=True),),
    "peer_rank": ("peer_rank", "rank"),
    "peer_group": ("peer_group", "peer_rank"),
}


#: Large columns that lists never show: a run's snapshot (every input value) and a
#: community's texts. Deferred wherever rows are read by the hundred.
HEAVY_RUN = ("run__snapshot", "run__weights")
HEAVY_COMMUNITY = ("community__charter", "community__goals", "community__development_plan")


# --- the results table ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ResultFilter:
    field: str = ""  # Field.code
    level: str = ""
    province: str = ""  # Region.code
    grade: str = ""
    q: str = ""


@dataclasses.dataclass
class ResultRow:
    community_id: int
    community_name: str
    field_name: str
    level_label: str
    province_name: str
    score: float
    grade: str
    grade_label: str
    rank: int
    peer_rank: int
    peer_count: int
    band_percent: float
    keep_percent: float
    expected_rank: float
    dimension_scores: dict[str, float]


def result_rows(
    user: Any, run: EvaluationRun, filters: ResultFilter, *, sort: str = "rank"
) -> QuerySet[Result]:
    """The run's results the user may see in the table, filtered and sorted."""
    communities = registry_rules.visible_supervised_communities(user, Community.objects.all())
    queryset = (
        Result.objects.filter(run=run, community__in=communities)
        .select_related("community", "community__field", "community__province")
        .defer(*HEAVY_COMMUNITY)
        .order_by(*SORTS.get(sort, SORTS["rank"]))
    )
    if filters.field:
        queryset = queryset.filter(
            Q(community__field__code=filters.field)
            | Q(community__field__parent__code=filters.field)
        )
    if filters.level:
        queryset = queryset.filter(community__level=filters.level)
    if filters.province:
        queryset = queryset.filter(community__province__code=filters.province)
    if filters.grade:
        queryset = queryset.filter(grade=filters.grade)
    if filters.q.strip():
        text = filters.q.strip()
        queryset = queryset.filter(
            Q(community__name__icontains=text) | Q(community__name_en__icontains=text)
        )
    return queryset


def result_row(result: Result) -> ResultRow:
    community = result.community
    return ResultRow(
        community_id=community.pk,
        community_name=str(community),
        field_name=community.field.name,
        level_label=str(community.get_level_display()),
        province_name=community.province.name,
        score=result.score,
        grade=result.grade,
        grade_label=grade_label(result.grade),
        rank=result.rank,
        peer_rank=result.peer_rank or 0,
        peer_count=result.peer_count or 0,
        band_percent=float(result.stability.get("probability_band", 0.0)) * 100.0,
        keep_percent=float(result.stability.get("probability_same", 0.0)) * 100.0,
        expected_rank=float(result.stability.get("mean_rank", result.rank)),
        dimension_scores=result.dimension_scores,
    )


# --- one community --------------------------------------------------------------------------


def community_result(run: EvaluationRun, community: Community) -> Result:
    """Raises Result.DoesNotExist when the community was not in the run."""
    return Result.objects.select_related(
        "community", "community__field", "community__province"
    ).get(run=run, community=community)


def peer_label(community: Community, peer_group: str) -> str:
    """Who the community was compared with, in words: its field and level, or the wider
    group the engine used because that one had fewer than five communities."""
    level = community.get_level_display()
    if peer_group == engine.ANY:
        return str(
            _("all communities of the run: fewer than %(count)d of its level")
            % {"count": engine.MIN_PEERS}
        )
    if peer_group.startswith(f"{engine.ANY}:"):
        return str(
            _("all %(level)s communities: fewer than %(count)d in its field")
            % {"level": level, "count": engine.MIN_PEERS}
        )
    return f"{community.field.name} · {level}"


def radar_data(run: EvaluationRun, result: Result, names: dict[str, str]) -> dict[str, Any]:
    """Dimension scores of the community and the median of its peers, for the chart."""
    medians = (run.outcome or {}).get("peer_medians", {}).get(result.peer_group, {})
    dimensions = list(result.dimension_scores)
    return {
        "dimensions": [names.get(code, code) for code in dimensions],
        "community": [round(result.dimension_scores[code], 2) for code in dimensions],
        "peers": [round(medians.get(code, 0.0), 2) for code in dimensions],
        "labels": {"community": str(result.community), "peers": str(_("peer median"))},
    }


def trend_points(user: Any, community: Community) -> list[dict[str, Any]]:
    """Score, rank and grade in each cycle: the published run of each cycle (or, for those
    who may see unpublished results, the latest finished run), oldest cycle first."""
    queryset = (
        Result.objects.filter(community=community, run__status=EvaluationRun.Status.DONE)
        .select_related("run", "run__cycle")
        .defer(*HEAVY_RUN, "run__outcome")
    )
    if not can_see_unpublished(user, community):
        queryset = queryset.filter(run_id__in=Publication.objects.current().values("run_id"))
    latest: dict[int, Result] = {}
    for result in queryset.order_by("run__created_at", "run__pk"):
        latest[result.run.cycle_id] = result  # a later run of the same cycle wins
    points = [
        {
            "period": snapshots.cycle_period(result.run.cycle),
            "score": result.score,
            "rank": result.rank,
            "grade": result.grade,
            "grade_label": grade_label(result.grade),
        }
        for result in latest.values()
    ]
    return sorted(points, key=lambda point: str(point["period"]))


def trend_chart(points: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "periods": [str(point["period"]) for point in points],
        "scores": [round(point["score"], 2) for point in points],
        "ranks": [point["rank"] for point in points],
        "labels": {"score": str(_("score")), "rank": str(_("rank"))},
    }


# --- published grades -----------------------------------------------------------------------


def published_runs() -> list[EvaluationRun]:
    """The published run of each cycle (the latest publication in force wins: a withdrawn
    one gives way to the one before it), newest cycle first."""
    latest: dict[int, EvaluationRun] = {}
    publications = (
        Publication.objects.current().select_related("run", "run__cycle").defer(*HEAVY_RUN)
    )
    for publication in publications.order_by("published_at", "pk"):
        run = publication.run
        run._published_at = publication.published_at  # type: ignore[attr-defined]
        latest[run.cycle_id] = run
    return sorted(
        latest.values(), key=lambda run: str(snapshots.cycle_period(run.cycle)), reverse=True
    )


def previous_publication(publication: Publication) -> Publication | None:
    """The publication of the same cycle in force before ``publication``: what the public
    page shows once ``publication`` is withdrawn (None: nothing)."""
    return (
        Publication.objects.current()
        .filter(cycle_id=publication.cycle_id)
        .exclude(pk=publication.pk)
        .filter(published_at__lte=publication.published_at)
        .order_by("-published_at", "-pk")
        .first()
    )


@dataclasses.dataclass(frozen=True)
class Correction:
    """A withdrawn publication, as the public page tells it."""

    cycle_name: str
    published_at: Any
    withdrawn_at: Any
    reason: str
    run_id: int
    shown_run_id: int | None  # the cycle's run published now, if any
    shown_published_at: Any


def corrections() -> list[Correction]:
    """Every withdrawal, newest first, each with what the cycle shows now."""
    shown = {run.cycle_id: run for run in published_runs()}
    withdrawn = (
        Publication.objects.withdrawn().select_related("cycle").order_by("-withdrawn_at", "-pk")
    )
    listed = []
    for publication in withdrawn:
        now = shown.get(publication.cycle_id)
        listed.append(
            Correction(
                cycle_name=str(publication.cycle),
                published_at=publication.published_at,
                withdrawn_at=publication.withdrawn_at,
                reason=publication.withdrawal_reason,
                run_id=publication.run_id,
                shown_run_id=now.pk if now is not None else None,
                shown_published_at=getattr(now, "_published_at", None),
            )
        )
    return listed


@dataclasses.dataclass(frozen=True)
class CommunityCorrection:
    """A withdrawn publication that graded this community, as its own page tells it."""

    cycle_name: str
    published_at: Any
    withdrawn_at: Any
    reason: str


def community_corrections(community: Community) -> list[CommunityCorrection]:
    """The withdrawn publications that carried a grade of ``community``, newest first (one
    query): its public page says a correction was made, though the grade is gone."""
    withdrawn = (
        Publication.objects.withdrawn()
        .filter(run__results__community=community)
        .select_related("cycle")
        .order_by("-withdrawn_at", "-pk")
    )
    return [
        CommunityCorrection(
            cycle_name=str(publication.cycle),
            published_at=publication.published_at,
            withdrawn_at=publication.withdrawn_at,
            reason=publication.withdrawal_reason,
        )
        for publication in withdrawn
    ]


def published_rows(filters: ResultFilter, *, cycle_id: int | None = None) -> QuerySet[Result]:
    runs = [run.pk for run in published_runs() if cycle_id is None or run.cycle_id == cycle_id]
    queryset = (
        Result.objects.filter(run_id__in=runs)
        .select_related("community", "community__field", "community__province", "run__cycle")
        .defer(*HEAVY_RUN, "run__outcome", *HEAVY_COMMUNITY)
        .order_by("-run__cycle__year", "rank", pinyin("community__name"))
    )
    if filters.field:
        queryset = queryset.filter(community__field__code=filters.field)
    if filters.level:
        queryset = queryset.filter(community__level=filters.level)
    if filters.province:
        queryset = queryset.filter(community__province__code=filters.province)
    if filters.grade:
        queryset = queryset.filter(grade=filters.grade)
    return queryset


@dataclasses.dataclass(frozen=True)
class PublishedGrade:
    grade: str
    grade_label: str
    score: float
    rank: int
    total: int
    cycle_name: str
    run_id: int


def published_result(community: Community) -> PublishedGrade | None:
    """The community's grade in the latest published run, or None: one query."""
    # Every community page shows this badge: read only the run's count, not its outcome
    # and methods documents (kilobytes of JSON each). Only a publication in force counts.
    current = Publication.objects.current().filter(run_id=OuterRef("run_id"))
    result = (
        Result.objects.filter(community=community)
        .annotate(
            published_at=Subquery(current.order_by("-published_at").values("published_at")[:1])
        )
        .filter(published_at__isnull=False)
        .select_related("run__cycle")
        .only("grade", "score", "rank", "run_id", "run__cycle")
        .annotate(run_count=KeyTextTransform("count", "run__outcome"))
        .order_by("-run__cycle__year", "-published_at", "-run__pk")
        .first()
    )
    if result is None:
        return None
    return PublishedGrade(
        grade=result.grade,
        grade_label=grade_label(result.grade),
        score=result.score,
        rank=result.rank,
        total=int(result.run_count or 0),
        cycle_name=str(result.run.cycle),
        run_id=result.run_id,
    )


def latest_run_with_result(community: Community) -> int | None:
    """The id of the newest finished run with a result for the community, or None."""
    return (
        Result.objects.filter(community=community, run__status=EvaluationRun.Status.DONE)
        .order_by("-run__cycle__year", "-run__created_at", "-run__pk")
        .values_list("run_id", flat=True)
        .first()
    )
