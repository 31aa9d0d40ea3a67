"""Writes of evaluation runs: start (snapshot and hash), execute (the background job),
publish. A run is immutable once written: there is no update service, only its execution
state (status, progress) moves, and only the job moves it.

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
from django.utils.translation import gettext_lazy

from iecommons.accounts import scope
from iecommons.assessment import engine, snapshots
from iecommons.assessment.models import AssessmentCycle, EvaluationRun, Publication, Result
from iecommons.common import audit
from iecommons.common.services import refuse

METHOD_LABELS = {
    "topsis": gettext_lazy("TOPSIS"),
    "wsm": gettext_lazy("weighted sum"),
    "fuzzy": gettext_lazy("fuzzy comprehensive evaluation"),
}
IMPUTATION_LABELS = {
    "none": gettext_lazy("refuse the run if any value is missing"),
    "peer_median": gettext_lazy("use the median of the peers (same field and level)"),
    "zero": gettext_lazy("count a missing value as zero"),
    "exclude": gettext_lazy("leave out communities with a missing value"),
}
#: How many missing pairs a refusal names before it says "and N more".
MISSING_NAMED = 50


def can_run(user: Any, cycle: AssessmentCycle) -> bool:
    """Supervisors of the cycle start and publish runs: the one rule, asked everywhere."""
    return snapshots.can_supervise_cycle(user, cycle)


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
    scope.require(can_run(actor, cycle))
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
    from iecommons.assessment.tasks_runs import execute_evaluation_run

    execute_evaluation_run.enqueue(run_id)


def _progress(run_id: int, **changes: Any) -> None:
    # Outside the computing transaction, so that the run page sees it at once.
    EvaluationRun.objects.filter(pk=run_id).update(**changes)


def evaluation_run_execute(*, run_id: int) -> EvaluationRun:
    """Compute a queued run from its snapshot and store the results (the background job).

    Idempotent: a run that is already done is left as it is. Tasks raised by earlier
    cycles learn the value their indicator has now (did it move?).
    """
    run = EvaluationRun.objects.select_related("cycle").get(pk=run_id)
    if run.status == EvaluationRun.Status.DONE:
        return run
    _progress(run_id, status=EvaluationRun.Status.RUNNING, progress=10, started_at=timezone.now())
    try:
        run_input = engine.RunInput.from_json(run.snapshot)
        output = engine.evaluate(run_input)
        _progress(run_id, progress=70)
        with transaction.atomic():
            Result.objects.filter(run_id=run_id).delete()
            Result.objects.bulk_create(
                [_result_row(run_id, result) for result in output.results], batch_size=500
            )
            EvaluationRun.objects.filter(pk=run_id).update(
                status=EvaluationRun.Status.DONE,
                progress=100,
                finished_at=timezone.now(),
                outcome=outcome_json(output),
                error="",
            )
            record_task_outcomes(cycle=run.cycle, run_input=run_input)
    except Exception as error:  # the job records any failure on the run for the page
        _progress(run_id, status=EvaluationRun.Status.FAILED, progress=100, error=str(error)[:500])
        raise
    run.refresh_from_db()
    return run


def outcome_json(output: engine.RunOutput) -> dict[str, Any]:
    return {
        "count": len(output.results),
        "excluded": output.excluded,
        "imputed": [list(item) for item in output.imputed],
        "peer_medians": output.peer_dimension_medians,
        "sensitivity_seed": output.sensitivity_seed,
    }


def _result_row(run_id: int, result: engine.CommunityResult) -> Result:
    return Result(
        run_id=run_id,
        community_id=result.community_id,
        score=result.score,
        grade=result.grade,
        rank=result.rank,
        peer_rank=result.peer_rank,
        peer_count=result.peer_count,
        peer_group=result.peer_group,
        dimension_scores=result.dimension_scores,
        stability={
            "probability_same": result.keep_probability,
            "probability_band": result.band_probability,
            "mean_rank": result.expected_rank,
        },
        weakest_indicators=result.weaknesses,
    )


def result_json(result: engine.CommunityResult) -> dict[str, Any]:
    """A result as stored, for comparing a re-computation with the database."""
    row = _result_row(0, result)
    return {
        "community_id": row.community_id,
        "score": row.score,
        "grade": row.grade,
        "rank": row.rank,
        "peer_rank": row.peer_rank,
        "peer_count": row.peer_count,
        "peer_group": row.peer_group,
        "dimension_scores": row.dimension_scores,
        "stability": row.stability,
        "weakest_indicators": row.weakest_indicators,
    }


def record_task_outcomes(*, cycle: AssessmentCycle, run_input: engine.RunInput) -> int:
    """Fill the outcome of open-ended tasks from earlier cycles with this cycle's values."""
    from iecommons.assessment.models import RectificationTask

    row_of = {pk: i for i, pk in enumerate(run_input.community_ids)}
    column_of = {code: j for j, code in enumerate(run_input.indicator_codes)}
    tasks = RectificationTask.objects.filter(
        community_id__in=list(row_of),
        cycle__year__lt=cycle.year,
        outcome_cycle__isnull=True,
    ).select_related("indicator")
    changed = []
    for task in tasks:
        j = column_of.get(task.indicator.code)
        if j is None:
            continue
        value = run_input.values[row_of[task.community_id]][j]
        if value is None:
            continue
        task.outcome_cycle = cycle
        task.outcome_value = value
        task.outcome_change = None if task.baseline_value is None else value - task.baseline_value
        changed.append(task)
    RectificationTask.objects.bulk_update(
        changed, ["outcome_cycle", "outcome_value", "outcome_change"], batch_size=500
    )
    return len(changed)


def evaluation_run_reproduce(*, run: EvaluationRun) -> list[dict[str, Any]]:
    """Re-compute a stored run from its snapshot, writing nothing: the results as they
    would be stored, to compare with the stored ones."""
    run_input = engine.RunInput.from_json(run.snapshot)
    if engine.run_hash(run_input) != run.input_sha256:
        raise refuse("snapshot", _("The stored snapshot no longer matches its hash."))
    return [result_json(result) for result in engine.evaluate(run_input).results]


@transaction.atomic
def evaluation_run_publish(*, actor: Any, run: EvaluationRun) -> Publication:
    """Publish a finished run's grades: from now on they are public."""
    scope.require(can_run(actor, run.cycle))
    if run.status != EvaluationRun.Status.DONE:
        raise refuse("run", _("Only a finished run can be published."))
    if Publication.objects.filter(run=run).exists():
        raise refuse("run", _("This run is already published."))
    publication = Publication.objects.create(
        cycle_id=run.cycle_id,
        run=run,
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor=actor, instance=publication, operation="evaluation_run_publish")
    return publication
