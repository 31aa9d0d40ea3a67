"""Writes of evaluation runs: start (snapshot and hash, then queue the computation after
commit), cancel and publish. A run is immutable once written: there is no update service;
only its execution state (status, progress) moves, by the background job
(:mod:`iecommons.assessment.services.run_execution`) or a supervisor's cancel.

The snapshot holds every number the engine reads, as plain arrays; the engine reads the
snapshot, never the live tables, so a run can be re-computed at any time and gives the same
numbers (``evaluation_run_reproduce``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.assessment import engine, tasks
from iecommons.assessment.models import AssessmentCycle, EvaluationRun, Publication
from iecommons.assessment.selectors import snapshots
from iecommons.assessment.selectors.runs import run_job_key
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.jobs import job_cancel, job_enqueue
from iecommons.common.services import refuse

#: How many missing pairs a refusal names before it says "and N more".
MISSING_NAMED = 50


def _missing_message(pairs: Sequence[tuple[str, str]], total: int) -> str:
    named = "; ".join(f"{community} — {indicator}" for community, indicator in pairs)
    message = _(
        "%(count)d value(s) are missing: %(pairs)s. Choose an imputation rule or complete the data."
    ) % {"count": total, "pairs": named}
    if total > len(pairs):
        message += " " + _("(%(more)d more not listed)") % {"more": total - len(pairs)}
    return message


@transaction.atomic
def evaluation_run_start(
    *,
    actor: Any,
    cycle: AssessmentCycle,
    method: str = "topsis",
    normalization: str = "",
    imputation: str = "none",
    enqueue: bool = True,
) -> EvaluationRun:
    """Freeze the cycle's values and weights into a new run and queue its computation.

    A cycle with missing values is refused, naming every (community, indicator) pair,
    unless ``imputation`` says what to do with them; the rule is recorded in the run.
    """
    require(rules.can_run(actor, cycle))
    return evaluation_run_create(
        actor=actor,
        cycle=cycle,
        method=method,
        normalization=normalization,
        imputation=imputation,
        enqueue=enqueue,
    )


@transaction.atomic
def evaluation_run_create(
    *,
    actor: Any,
    cycle: AssessmentCycle,
    method: str = "topsis",
    normalization: str = "",
    imputation: str = "none",
    enqueue: bool = True,
) -> EvaluationRun:
    """:func:`evaluation_run_start` without the permission check, for the demo seed and
    the benchmark (operators' tools); pages and the API call the checked one."""
    if method not in engine.METHODS:
        raise refuse("method", _("Choose TOPSIS, weighted sum or fuzzy evaluation."))
    normalization = normalization or ("vector" if method == "topsis" else "minmax")
    if normalization not in engine.NORMALIZATIONS:
        raise refuse("normalization", _("Choose vector, min-max or max normalisation."))
    if imputation not in engine.IMPUTATIONS:
        raise refuse("imputation", _("Choose a known rule for missing values."))
    frozen = snapshots.cycle_snapshot(
        cycle, method=method, normalization=normalization, imputation=imputation
    )
    if not frozen.run_input.indicator_codes:
        raise refuse("cycle", _("The cycle's framework has no indicators to evaluate."))
    if len(frozen.run_input.community_ids) < 2:
        raise refuse("cycle", _("A run needs at least two communities in the cycle."))
    if imputation == "none":
        pairs = engine.missing_pairs(frozen.run_input)
        if pairs:
            named = [(frozen.community_names[pk], code) for pk, code in pairs[:MISSING_NAMED]]
            raise refuse("imputation", _missing_message(named, len(pairs)))
    run = _create_run(actor=actor, cycle=cycle, frozen=frozen)
    audit.record(actor=actor, instance=run, operation="evaluation_run_start")
    if enqueue:
        run_id = run.pk
        transaction.on_commit(lambda: _enqueue(run_id))
    return run


def _create_run(*, actor: Any, cycle: AssessmentCycle, frozen: snapshots.Snapshot) -> EvaluationRun:
    run_input = frozen.run_input
    return EvaluationRun.objects.create(
        cycle=cycle,
        framework=cycle.framework,
        framework_version=cycle.framework.version,
        methods={
            "aggregation": run_input.method,
            "normalization": run_input.normalization,
            "grading": run_input.grading,
            "grades": [[name, low] for name, low in run_input.grades],
            "sensitivity_draws": run_input.draws,
            "weighting": frozen.weighting,
        },
        weights=dict(zip(run_input.indicator_codes, run_input.weights, strict=True)),
        imputation=run_input.imputation,
        snapshot=run_input.to_json(),
        input_sha256=engine.run_hash(run_input),
        engine_version=engine.ENGINE_VERSION,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        status=EvaluationRun.Status.QUEUED,
        progress=0,
    )


def _enqueue(run_id: int) -> None:
    job_enqueue(
        tasks.execute_evaluation_run,
        run_id,
        key=run_job_key(run_id),
        on_lost="iecommons.assessment.services.run_execution.evaluation_run_lost",
    )


@transaction.atomic
def evaluation_run_cancel(*, actor: Any, run: EvaluationRun) -> EvaluationRun:
    """Cancel a queued or running run. A queued one never starts; a running one stops at
    its next step, and its results, written in one go at the end, are never written."""
    run = EvaluationRun.objects.select_for_update().select_related("cycle").get(pk=run.pk)
    require(rules.can_run(actor, run.cycle))
    if run.status not in (EvaluationRun.Status.QUEUED, EvaluationRun.Status.RUNNING):
        raise refuse("run", _("Only a queued or running run can be cancelled."))
    before = audit.snapshot(run)
    run.status = EvaluationRun.Status.CANCELLED
    run.cancelled_by = actor if getattr(actor, "is_authenticated", False) else None
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "cancelled_by", "finished_at"])
    audit.record(actor=actor, instance=run, operation="evaluation_run_cancel", before=before)
    job_cancel(key=run_job_key(run.pk))
    return run


@transaction.atomic
def evaluation_run_publish(*, actor: Any, run: EvaluationRun) -> Publication:
    """Publish a finished run's grades: from now on they are public."""
    require(rules.can_run(actor, run.cycle))
    if run.status != EvaluationRun.Status.DONE:
        raise refuse("run", _("Only a finished run can be published."))
    if Publication.objects.current().filter(run=run).exists():
        raise refuse("run", _("This run is already published."))
    publication = Publication.objects.create(
        cycle_id=run.cycle_id,
        run=run,
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor=actor, instance=publication, operation="evaluation_run_publish")
    return publication
