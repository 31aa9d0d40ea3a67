"""Reads of evaluation runs: the runs of a cycle and what the run pages show of one."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet

from iecommons.assessment.labels import (
    GRADING_LABELS,
    IMPUTATION_LABELS,
    METHOD_LABELS,
    NORMALIZATION_LABELS,
    STATUS_LABELS,
)
from iecommons.assessment.models import EvaluationRun, Publication
from iecommons.authz.assessment import is_published
from iecommons.common.models import JobLease


@dataclasses.dataclass
class RunSummary:
    """What the run pages show about a run, labels translated."""

    pk: int
    cycle: Any
    cycle_id: int
    status: str
    status_label: str
    progress: int
    error: str
    method_label: str
    normalization: str
    imputation_label: str
    grading_label: str
    framework_label: str
    engine_version: str
    input_hash: str
    started_by: Any
    created_at: Any
    published: bool
    result_count: int
    excluded_count: int
    imputed_count: int
    interruptions: int = 0
    cancelled_by: Any = None
    heartbeat_at: Any = None

    @property
    def is_finished(self) -> bool:
        return self.status in ("done", "failed", "cancelled")

    @property
    def can_cancel(self) -> bool:
        return self.status in ("queued", "running")


def run_summary(run: EvaluationRun, *, result_count: int | None = None) -> RunSummary:
    grading = str((run.methods or {}).get("grading", ""))
    if result_count is None:
        result_count = getattr(run, "annotated_result_count", None)
    if result_count is None:
        result_count = run.results.count()
    return RunSummary(
        pk=run.pk,
        cycle=run.cycle,
        cycle_id=run.cycle_id,
        status=run.status,
        status_label=str(STATUS_LABELS.get(run.status, run.status)),
        progress=run.progress,
        error=run.error,
        method_label=method_label(run),
        normalization=normalization_label(str((run.methods or {}).get("normalization", ""))),
        imputation_label=str(IMPUTATION_LABELS.get(run.imputation, run.imputation)),
        grading_label=str(GRADING_LABELS.get(grading, grading)),
        framework_label=f"{run.framework.display_name} v{run.framework_version}",
        engine_version=run.engine_version,
        input_hash=run.input_sha256,
        started_by=run.created_by,
        created_at=run.created_at,
        published=is_published(run),
        result_count=result_count,
        excluded_count=len((run.outcome or {}).get("excluded", [])),
        imputed_count=len((run.outcome or {}).get("imputed", [])),
        interruptions=run.interruptions,
        cancelled_by=run.cancelled_by,
        heartbeat_at=(
            JobLease.objects.filter(key=run_job_key(run.pk), state=JobLease.State.RUNNING)
            .values_list("heartbeat_at", flat=True)
            .first()
            if run.status == EvaluationRun.Status.RUNNING
            else None
        ),
    )


def run_job_key(run_id: int) -> str:
    """The key of the background job that computes run ``run_id`` (its lease)."""
    return f"assessment.run:{run_id}"


def normalization_label(code: str) -> str:
    """The normalisation method in words ("min-max normalisation"), never its code."""
    return str(NORMALIZATION_LABELS.get(code, code))


def method_label(run: EvaluationRun) -> str:
    method = str((run.methods or {}).get("aggregation", ""))
    return str(METHOD_LABELS.get(method, method))


def cycle_runs(cycle: Any) -> QuerySet[EvaluationRun]:
    """The cycle's runs, newest first, each with its result count and whether it is
    published read in the same query (the run list costs the same for 3 runs or 30)."""
    return (
        EvaluationRun.objects.filter(cycle=cycle)
        .select_related("cycle", "framework", "created_by", "cancelled_by")
        .annotate(
            annotated_result_count=Count("results"),
            # rules.is_published reads this cache before asking the database.
            _is_published=Exists(Publication.objects.current().filter(run_id=OuterRef("pk"))),
        )
        .order_by("-created_at", "-pk")
    )


def current_publication(cycle: Any) -> Publication | None:
    """The cycle's publication in force: the latest one not withdrawn, or None."""
    return (
        Publication.objects.current().filter(cycle=cycle).order_by("-published_at", "-pk").first()
    )


def run_publication(run: EvaluationRun) -> Publication | None:
    """The run's publication in force, or None."""
    return (
        Publication.objects.current()
        .select_related("cycle")
        .filter(run=run)
        .order_by("-published_at", "-pk")
        .first()
    )


def run_withdrawals(run: EvaluationRun) -> list[Publication]:
    """The run's withdrawn publications, newest first, with who withdrew them."""
    return list(
        Publication.objects.withdrawn()
        .filter(run=run)
        .select_related("withdrawn_by")
        .order_by("-withdrawn_at", "-pk")
    )
