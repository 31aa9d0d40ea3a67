"""Evaluation runs: snapshot and hash, reproducibility, missing data, publication, scoping."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from iecommons.assessment import engine
from iecommons.assessment.models import EvaluationRun, Publication, Result
from iecommons.assessment.selectors import results
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.authz import assessment as rules
from tests.assessment.runs_world import AssessmentWorld, assessment_world
from tests.fixtures import World


@pytest.fixture
def assessed(world: World) -> AssessmentWorld:
    return assessment_world(world)


def start_and_execute(world: World, assessed: AssessmentWorld, **options: str) -> EvaluationRun:
    run = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False, **options
    )
    return run_execution.evaluation_run_execute(run_id=run.pk)


def stored(run: EvaluationRun) -> list[dict[str, object]]:
    return [
        {
            "community_id": r.community_id,
            "score": r.score,
            "grade": r.grade,
            "rank": r.rank,
            "peer_rank": r.peer_rank,
            "peer_count": r.peer_count,
            "peer_group": r.peer_group,
            "dimension_scores": r.dimension_scores,
            "stability": r.stability,
            "weakest_indicators": r.weakest_indicators,
        }
        for r in Result.objects.filter(run=run).order_by("community_id")
    ]


def test_a_run_records_its_inputs_methods_weights_engine_and_hash(
    world: World, assessed: AssessmentWorld
) -> None:
    run = start_and_execute(world, assessed)
    assert run.status == EvaluationRun.Status.DONE
    assert run.progress == 100
    assert run.created_by == world.supervisor
    assert run.framework_version == assessed.framework.version
    assert run.methods["aggregation"] == "topsis"
    assert run.engine_version == engine.ENGINE_VERSION
    assert sorted(run.weights) == ["G1", "G2", "T1", "T2"]
    assert sum(run.weights.values()) == pytest.approx(1.0)
    assert len(run.snapshot["values"]) == 6
    assert run.input_sha256 == engine.run_hash(engine.RunInput.from_json(run.snapshot))
    assert len(run.input_sha256) == 64


def test_running_twice_reproduces_the_hash_and_every_number(
    world: World, assessed: AssessmentWorld
) -> None:
    first = start_and_execute(world, assessed)
    second = start_and_execute(world, assessed)
    assert first.pk != second.pk
    assert first.input_sha256 == second.input_sha256
    assert stored(first) == stored(second)
    assert first.outcome == second.outcome
    # and recomputing the stored snapshot, writing nothing, gives the stored numbers
    recomputed = sorted(
        run_execution.evaluation_run_reproduce(run=first), key=lambda r: r["community_id"]
    )
    assert recomputed == stored(first)


def test_the_best_community_ranks_first_with_its_peers(
    world: World, assessed: AssessmentWorld
) -> None:
    run = start_and_execute(world, assessed)
    best = Result.objects.get(run=run, community=world.community_a)
    worst = Result.objects.get(run=run, community=world.community_b)
    assert best.rank == 1
    assert best.grade == "excellent"
    assert worst.rank == 6
    assert worst.grade == "fail"
    assert set(best.dimension_scores) == {"GOV", "TAL"}
    assert 0.0 <= best.stability["probability_band"] <= 1.0


def test_a_cycle_with_missing_data_is_refused_naming_the_pairs(
    world: World, assessed: AssessmentWorld
) -> None:
    from iecommons.assessment.models import IndicatorValue

    IndicatorValue.objects.filter(
        cycle=assessed.cycle, community=world.community_b, indicator__code="T1"
    ).delete()
    with pytest.raises(ValidationError) as raised:
        run_services.evaluation_run_start(
            actor=world.supervisor, cycle=assessed.cycle, enqueue=False
        )
    message = raised.value.message_dict["imputation"][0]
    assert "Community B — T1" in message
    assert EvaluationRun.objects.count() == 0


def test_an_imputation_rule_is_recorded_with_the_values_it_filled(
    world: World, assessed: AssessmentWorld
) -> None:
    from iecommons.assessment.models import IndicatorValue

    IndicatorValue.objects.filter(
        cycle=assessed.cycle, community=world.community_b, indicator__code="T1"
    ).delete()
    run = start_and_execute(world, assessed, imputation="peer_median")
    assert run.imputation == "peer_median"
    assert run.outcome["imputed"] == [
        [world.community_b.pk, "T1", 55.0]
    ]  # median of 90, 50, 55, 45, 60


def test_excluding_incomplete_communities_leaves_them_out(
    world: World, assessed: AssessmentWorld
) -> None:
    from iecommons.assessment.models import IndicatorValue

    IndicatorValue.objects.filter(cycle=assessed.cycle, community=world.community_b).delete()
    run = start_and_execute(world, assessed, imputation="exclude")
    assert run.outcome["excluded"] == [world.community_b.pk]
    assert not Result.objects.filter(run=run, community=world.community_b).exists()


@pytest.mark.parametrize("who", ["secretary", "representative", "expert", "stranger", "outsider"])
def test_only_supervisors_start_runs(world: World, assessed: AssessmentWorld, who: str) -> None:
    with pytest.raises(PermissionDenied):
        run_services.evaluation_run_start(
            actor=getattr(world, who), cycle=assessed.cycle, enqueue=False
        )


def test_a_provincial_supervisor_runs_only_cycles_of_its_jurisdiction(
    world: World, assessed: AssessmentWorld
) -> None:
    with pytest.raises(PermissionDenied):
        run_services.evaluation_run_start(
            actor=world.provincial_supervisor, cycle=assessed.cycle, enqueue=False
        )
    assessed.cycle.jurisdiction = world.community_a.province
    assessed.cycle.save()
    assert run_services.evaluation_run_start(
        actor=world.provincial_supervisor, cycle=assessed.cycle, enqueue=False
    )


def test_a_bad_method_is_refused_by_name(world: World, assessed: AssessmentWorld) -> None:
    with pytest.raises(ValidationError) as raised:
        run_services.evaluation_run_start(
            actor=world.supervisor, cycle=assessed.cycle, method="magic", enqueue=False
        )
    assert "method" in raised.value.message_dict


@pytest.mark.parametrize("method", ["wsm", "fuzzy"])
def test_other_methods_run_too(world: World, assessed: AssessmentWorld, method: str) -> None:
    run = start_and_execute(world, assessed, method=method)
    assert Result.objects.get(run=run, community=world.community_a).rank == 1


def test_results_are_private_until_published(world: World, assessed: AssessmentWorld) -> None:
    run = start_and_execute(world, assessed)
    a, b = world.community_a, world.community_b
    assert rules.can_see_result(world.secretary, run, a)
    assert not rules.can_see_result(world.secretary, run, b)
    assert not rules.can_see_result(world.outsider, run, a)
    assert not rules.can_see_result(world.stranger, run, a)
    assert results.published_result(a) is None
    run_services.evaluation_run_publish(actor=world.supervisor, run=run)
    assert Publication.objects.get(run=run).cycle == assessed.cycle
    with pytest.raises(ValidationError):
        run_services.evaluation_run_publish(actor=world.supervisor, run=run)
    run = EvaluationRun.objects.get(pk=run.pk)
    assert rules.can_see_result(world.outsider, run, a)
    published = results.published_result(a)
    assert published is not None
    assert published.grade == "excellent"
    assert published.total == 6


@pytest.mark.parametrize("who", ["secretary", "outsider", "stranger", "provincial_supervisor"])
def test_only_the_cycles_supervisors_publish(
    world: World, assessed: AssessmentWorld, who: str
) -> None:
    run = start_and_execute(world, assessed)
    with pytest.raises(PermissionDenied):
        run_services.evaluation_run_publish(actor=getattr(world, who), run=run)


def test_an_unfinished_run_cannot_be_published(world: World, assessed: AssessmentWorld) -> None:
    run = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    with pytest.raises(ValidationError):
        run_services.evaluation_run_publish(actor=world.supervisor, run=run)
