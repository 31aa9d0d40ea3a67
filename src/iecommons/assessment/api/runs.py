"""JSON API of evaluation runs and results: list, read, start, cancel, publish runs and
withdraw a publication; read results and the corrections (withdrawals). The same rules as
the pages (:mod:`runs`, :mod:`results`): runs and the results table belong to the cycle's
supervisors; one community's result to its supervisors and secretariat, and to anyone once
the run is published; published grades and corrections are public.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field as SchemaField
from ninja import Query, Router, Schema, Status

from iecommons.accounts.api_auth import PUBLIC
from iecommons.assessment.models import AssessmentCycle, EvaluationRun, Result
from iecommons.assessment.selectors import results, snapshot_document
from iecommons.assessment.selectors import runs as run_selectors
from iecommons.assessment.services import publications as publication_services
from iecommons.assessment.services import runs as run_services
from iecommons.authz import assessment as rules
from iecommons.authz import registry as registry_rules
from iecommons.authz.scope import require
from iecommons.common.api import ERRORS, Page, PageQuery, actor, cached_json, paginate
from iecommons.common.jobs import jobs_sweep_due
from iecommons.registry.models import Community

router = Router(tags=["evaluation runs"])


class RunOut(Schema):
    id: int
    cycle_id: int
    framework_id: int
    framework_version: int
    methods: dict[str, Any]
    imputation: str
    engine_version: str
    input_sha256: str
    status: str = SchemaField(..., description="queued, running, done, failed or cancelled")
    progress: int
    error: str
    interruptions: int = SchemaField(
        ..., description="How many times the worker computing it stopped before the end."
    )
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    published: bool


class RunDetailOut(RunOut):
    weights: dict[str, float]
    outcome: dict[str, Any]


class RunIn(Schema):
    method: str = SchemaField("topsis", description="topsis, wsm or fuzzy")
    normalization: str = SchemaField("", description="vector, minmax or max; empty: default")
    imputation: str = SchemaField(
        "none", description="none (refuse missing data), peer_median, zero or exclude"
    )


class ResultOut(Schema):
    community_id: int
    community: str
    score: float
    grade: str
    rank: int
    peer_rank: int | None
    peer_count: int | None
    peer_group: str
    dimension_scores: dict[str, float]
    stability: dict[str, float]
    weakest_indicators: list[dict[str, Any]]


class PublishedOut(Schema):
    community_id: int
    community: str
    cycle_id: int
    year: int
    score: float
    grade: str
    rank: int


class ResultQuery(PageQuery):
    field: str = ""
    level: str = ""
    province: str = ""
    grade: str = ""
    sort: str = "rank"


def _run_out(run: EvaluationRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "cycle_id": run.cycle_id,
        "framework_id": run.framework_id,
        "framework_version": run.framework_version,
        "methods": run.methods,
        "imputation": run.imputation,
        "engine_version": run.engine_version,
        "input_sha256": run.input_sha256,
        "status": run.status,
        "progress": run.progress,
        "error": run.error,
        "interruptions": run.interruptions,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "published": rules.is_published(run),
        "weights": run.weights,
        "outcome": run.outcome,
    }


#: The result columns :func:`_result_out` reads.
RESULT_FIELDS = (
    "run_id",
    "community_id",
    "score",
    "grade",
    "rank",
    "peer_rank",
    "peer_count",
    "peer_group",
    "dimension_scores",
    "stability",
    "weakest_indicators",
)


def _result_out(result: Result) -> dict[str, Any]:
    return {
        "community_id": result.community_id,
        "community": str(result.community),
        "score": result.score,
        "grade": result.grade,
        "rank": result.rank,
        "peer_rank": result.peer_rank,
        "peer_count": result.peer_count,
        "peer_group": result.peer_group,
        "dimension_scores": result.dimension_scores,
        "stability": result.stability,
        "weakest_indicators": result.weakest_indicators,
    }


def _supervised_run(request: HttpRequest, run_id: int) -> EvaluationRun:
    jobs_sweep_due()  # a run whose worker died is released before anyone reads it
    # Not the snapshot (hundreds of kilobytes of JSON): no answer of these shows it, and a
    # service that needs it loads it on first use.
    run = get_object_or_404(
        EvaluationRun.objects.select_related("cycle").defer("snapshot"), pk=run_id
    )
    require(rules.can_run(actor(request), run.cycle))
    return run


@router.get("/assessment/cycles/{cycle_id}/runs", response={200: list[RunOut], **ERRORS})
def run_list(request: HttpRequest, cycle_id: int) -> Any:
    """The runs of a cycle, newest first (the cycle's supervisors)."""
    cycle = get_object_or_404(AssessmentCycle, pk=cycle_id)
    require(rules.can_run(actor(request), cycle))
    return [_run_out(run) for run in run_selectors.cycle_runs(cycle)]


@router.post("/assessment/cycles/{cycle_id}/runs", response={202: RunDetailOut, **ERRORS})
def run_start(request: HttpRequest, cycle_id: int, payload: RunIn) -> Any:
    """Start a run: the snapshot is frozen now, the computation is queued (202). Missing
    data is refused (422) naming every (community, indicator) pair, unless an
    imputation rule is given."""
    cycle = get_object_or_404(AssessmentCycle, pk=cycle_id)
    run = run_services.evaluation_run_start(
        actor=actor(request),
        cycle=cycle,
        method=payload.method,
        normalization=payload.normalization,
        imputation=payload.imputation,
    )
    return Status(202, _run_out(run))


@router.get("/assessment/runs/{run_id}", response={200: RunDetailOut, **ERRORS})
def run_detail(request: HttpRequest, run_id: int) -> Any:
    """One run with its weights, outcome, status and progress (poll it while running)."""
    return _run_out(_supervised_run(request, run_id))


@router.post("/assessment/runs/{run_id}/cancel", response={200: RunOut, **ERRORS})
def run_cancel(request: HttpRequest, run_id: int) -> Any:
    """Cancel a queued or running run (the cycle's supervisors): a queued run never starts,
    a running one stops at its next step and stores no results. Any other run: 422."""
    run = _supervised_run(request, run_id)
    return _run_out(run_services.evaluation_run_cancel(actor=actor(request), run=run))


@router.post("/assessment/runs/{run_id}/publish", response={200: RunOut, **ERRORS})
def run_publish(request: HttpRequest, run_id: int) -> Any:
    """Publish a finished run's grades (the cycle's supervisors)."""
    run = _supervised_run(request, run_id)
    run_services.evaluation_run_publish(actor=actor(request), run=run)
    return _run_out(run)


class WithdrawIn(Schema):
    reason: str = SchemaField(
        ...,
        max_length=1000,
        description="Why the publication is withdrawn; shown on the public page of grades.",
    )


class CorrectionOut(Schema):
    cycle: str
    run_id: int = SchemaField(..., description="The run whose publication was withdrawn.")
    published_at: datetime.datetime
    withdrawn_at: datetime.datetime
    reason: str
    shown_run_id: int | None = SchemaField(
        ..., description="The cycle's run whose grades are published now, if any."
    )


@router.post("/assessment/runs/{run_id}/withdraw", response={200: RunOut, **ERRORS})
def run_withdraw(request: HttpRequest, run_id: int, payload: WithdrawIn) -> Any:
    """Withdraw the run's publication in force, with a reason (the cycle's supervisors): its
    grades stop being public and the cycle's previous publication, if any, is public again.
    A run not published: 404."""
    run = _supervised_run(request, run_id)
    publication = run_selectors.run_publication(run)
    if publication is None:
        raise Http404
    publication_services.publication_withdraw(
        actor=actor(request), publication=publication, reason=payload.reason
    )
    run._is_published = None  # type: ignore[attr-defined]
    return _run_out(run)


@router.get("/assessment/corrections", response={200: list[CorrectionOut], **ERRORS}, auth=PUBLIC)
def corrections(request: HttpRequest) -> Any:
    """Every withdrawn publication, newest first: when, why, and what the cycle shows now."""
    return [
        {
            "cycle": correction.cycle_name,
            "run_id": correction.run_id,
            "published_at": correction.published_at,
            "withdrawn_at": correction.withdrawn_at,
            "reason": correction.reason,
            "shown_run_id": correction.shown_run_id,
        }
        for correction in results.corrections()
    ]


@router.get(
    "/assessment/runs/{run_id}/snapshot",
    response={200: dict[str, Any], **ERRORS},
    auth=PUBLIC,
)
def run_snapshot(request: HttpRequest, run_id: int) -> Any:
    """The run's frozen inputs as one document with its SHA-256 (docs/snapshots.md), for
    ``iecommons reproduce``: the full copy for the run's supervisors; once the run is
    published, anyone gets the public copy (confidential indicators' values left out)."""
    run = get_object_or_404(EvaluationRun.objects.select_related("cycle", "framework"), pk=run_id)
    copy = rules.snapshot_copy(actor(request), run)
    if copy is None or run.status != EvaluationRun.Status.DONE:
        raise Http404
    return snapshot_document.run_snapshot_document(run, copy=copy)


class RunResultsPage(Page[ResultOut]):
    run_id: int
    input_sha256: str


@router.get("/assessment/runs/{run_id}/results", response={200: RunResultsPage, **ERRORS})
def result_list(request: HttpRequest, run_id: int, query: Query[ResultQuery]) -> Any:
    """The results table: the communities of the caller's jurisdiction, filtered."""
    run = _supervised_run(request, run_id)
    filters = results.ResultFilter(
        field=query.field, level=query.level, province=query.province, grade=query.grade
    )

    def page() -> dict[str, Any]:
        rows = (
            results.result_rows(actor(request), run, filters, sort=query.sort)
            # The answer names the community and nothing else of it (no field, no province).
            .select_related(None)
            .select_related("community")
            .only(*RESULT_FIELDS, "community__name", "community__name_en")
        )
        found = paginate(rows, query)
        found["results"] = [_result_out(result) for result in found["results"]]
        return {**found, "run_id": run.pk, "input_sha256": run.input_sha256}

    # Shared by the supervisors who see the same communities' rows.
    return cached_json(
        request,
        "results",
        run.pk,
        sorted(query.model_dump().items()),
        registry_rules.supervised_view_key(actor(request)),
        schema=RunResultsPage,
        build=page,
    )


@router.get(
    "/assessment/runs/{run_id}/results/{community_id}",
    response={200: ResultOut, **ERRORS},
    auth=PUBLIC,
)
def result_detail(request: HttpRequest, run_id: int, community_id: int) -> Any:
    """One community's result: its supervisors and secretariat; anyone once published."""
    run = get_object_or_404(EvaluationRun.objects.select_related("cycle"), pk=run_id)
    community = get_object_or_404(Community, pk=community_id)
    require(rules.can_see_result(actor(request), run, community))
    return _result_out(
        get_object_or_404(Result.objects.select_related("community"), run=run, community=community)
    )


@router.get(
    "/assessment/grades",
    response={200: Page[PublishedOut], **ERRORS},
    auth=PUBLIC,
)
def published_grades(request: HttpRequest, query: Query[ResultQuery]) -> Any:
    """Open data: published grades, latest publication of each cycle."""
    filters = results.ResultFilter(
        field=query.field, level=query.level, province=query.province, grade=query.grade
    )
    page = paginate(results.published_rows(filters), query)
    page["results"] = [
        {
            "community_id": result.community_id,
            "community": str(result.community),
            "cycle_id": result.run.cycle_id,
            "year": result.run.cycle.year,
            "score": result.score,
            "grade": result.grade,
            "rank": result.rank,
        }
        for result in page["results"]
    ]
    return page
