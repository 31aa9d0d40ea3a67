"""Demo assessment data: three annual cycles (2023, 2024, 2025) for every community.

Values are internally consistent: each community has a latent quality (drawn once), a
trend (most improve a little each year) and yearly noise; each indicator maps that
latent score onto its own scale through the framework's grade boundaries, so a good
community is good on most indicators, in the indicator's unit. Survey indicators are the
means of the seeded survey responses, so the two agree. Expert judgments are noisy AHP
matrices around one "true" priority vector. Each cycle gets a run (through the run
engine, like any other), its publication, and the 2024 run a few rectification tasks —
whose indicators the 2025 values then show moving or not.

Fast: rows are written with ``bulk_create`` in large batches; about 10 s for 1,000
communities × 19 indicators × 3 cycles on SQLite.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import random
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from django.db import connection, models, transaction
from django.utils import timezone

from iecommons.accounts import selectors as account_selectors
from iecommons.accounts.models import Role, User
from iecommons.analytics import ahp
from iecommons.assessment.models import (
    AssessmentCycle,
    CycleExpert,
    ExpertAssignment,
    ExpertJudgment,
    Indicator,
    IndicatorFramework,
    IndicatorValue,
    Publication,
    RectificationTask,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    WeightingChoice,
)
from iecommons.assessment.services import rectification as rectification_services
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.assessment.services.frameworks import default_framework_load
from iecommons.registry import demo_national as national
from iecommons.registry.models import Community, Organization

YEARS = (2023, 2024, 2025)
BATCH = 2000
#: Latent z at which an indicator reaches each of its three grade boundaries.
BOUNDARY_Z = (-0.8, 0.0, 0.9)
RESPONSES_PER_COMMUNITY = (3, 7)
EXPERTS = (("assessor1", "王评审"), ("assessor2", "李评审"), ("assessor3", "陈评审"))
TASK_COMMUNITIES = 60


@dataclasses.dataclass
class AssessmentReport:
    cycles: int = 0
    values: int = 0
    responses: int = 0
    judgments: int = 0
    assignments: int = 0
    results: int = 0
    tasks: int = 0
    seconds: float = 0.0


def _scale(z: np.ndarray, indicator: Indicator) -> np.ndarray:
    """Map latent scores onto the indicator's unit through its grade boundaries."""
    low = indicator.min_value if indicator.min_value is not None else 0.0
    high = indicator.max_value
    bounds = [float(b) for b in (indicator.grade_boundaries or [])]
    if len(bounds) != 3:
        top = high if high is not None else 100.0
        bounds = [low + (top - low) * share for share in (0.3, 0.5, 0.7)]
    if indicator.direction == Indicator.Direction.LOWER:
        z = -z
    b1, b2, b3 = bounds
    ratio = b3 / b2 if b2 > 0 and b1 > 0 and b3 / b1 > 4 else 0.0
    if ratio:  # counts and money spread over orders of magnitude: interpolate the log
        logs = np.interp(
            z,
            [-2.5, *BOUNDARY_Z, 2.8],
            [np.log(b1) - 1.5, np.log(b1), np.log(b2), np.log(b3), np.log(b3) + 1.6],
        )
        values = np.exp(logs)
    else:
        values = np.interp(
            z, [-2.5, *BOUNDARY_Z, 2.8], [b1 - (b2 - b1) * 1.5, b1, b2, b3, b3 + (b3 - b2) * 1.5]
        )
    if high is not None:
        values = np.minimum(values, high)
    values = np.maximum(values, low)
    step = 1.0 if indicator.unit in ("次", "人", "件", "项", "家", "学时") else 0.1
    return np.round(values / step) * step


def _framework() -> tuple[IndicatorFramework, list[Indicator], list[Indicator]]:
    framework = default_framework_load()
    if framework.status != IndicatorFramework.Status.FROZEN:
        framework.status = IndicatorFramework.Status.FROZEN
        framework.frozen_at = timezone.now()
        framework.save(update_fields=["status", "frozen_at"])
    nodes = list(Indicator.objects.filter(framework=framework).order_by("order", "code"))
    dimensions = [node for node in nodes if node.parent_id is None]
    rank = {d.pk: k for k, d in enumerate(dimensions)}
    leaves = sorted(
        (node for node in nodes if node.parent_id is not None),
        key=lambda node: (rank[node.parent_id or 0], node.order),
    )
    return framework, dimensions, leaves


def _experts() -> list[User]:
    users = []
    for username, name in EXPERTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": name, "email": f"{username}@example.org"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users.append(user)
    demo_expert = User.objects.filter(username="expert").first()
    return [*users, demo_expert] if demo_expert else users


def _assignments(
    cycle: AssessmentCycle, experts: list[User], communities: Sequence[Community], creator: Any
) -> int:
    """The panel experts share the cycle's communities in turn; the demo expert reviews the
    rail-transit community (none of them represents a member, so no one is recused)."""
    panel = [user for user in experts if user.username != "expert"]
    rows = [
        ExpertAssignment(
            cycle=cycle, expert=panel[k % len(panel)], community=community, assigned_by=creator
        )
        for k, community in enumerate(communities)
    ]
    demo_expert = next((user for user in experts if user.username == "expert"), None)
    rail = next((c for c in communities if c.name == national.RAIL_NAME), None)
    if demo_expert is not None and rail is not None:
        rows.append(
            ExpertAssignment(cycle=cycle, expert=demo_expert, community=rail, assigned_by=creator)
        )
    ExpertAssignment.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _pairwise(rng: np.random.Generator, truth: np.ndarray) -> list[list[float]]:
    """A reciprocal judgment matrix around ``truth``, on Saaty's 1–9 scale."""
    n = truth.shape[0]
    matrix = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            ratio = truth[i] / truth[j] * float(np.exp(rng.normal(0.0, 0.25)))
            ratio = float(
                np.clip(np.round(ratio) if ratio >= 1 else 1 / np.round(1 / ratio), 1 / 9, 9)
            )
            matrix[i, j], matrix[j, i] = ratio, 1.0 / ratio
    return matrix.tolist()


def _cycle(framework: IndicatorFramework, year: int, creator: Any) -> AssessmentCycle:
    return AssessmentCycle.objects.create(
        name=f"{year}年度产教融合共同体建设成效评价",
        name_en=f"{year} assessment of industry–education integration communities",
        year=year,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        framework=framework,
        submission_deadline=datetime.date(year + 1, 3, 31),
        verification_deadline=datetime.date(year + 1, 4, 30),
        judgment_deadline=datetime.date(year + 1, 4, 30),
        status=AssessmentCycle.Status.CLOSED if year < YEARS[-1] else AssessmentCycle.Status.OPEN,
        created_by=creator,
    )


def _survey(
    cycle: AssessmentCycle, leaves: Sequence[Indicator], creator: Any
) -> tuple[Survey, list[SurveyQuestion]]:
    survey = Survey.objects.create(
        cycle=cycle,
        title=f"{cycle.year}年度成员满意度调查",
        title_en=f"Member satisfaction survey {cycle.year}",
        audience=Survey.Audience.ALL,
        status=Survey.Status.CLOSED,
        created_by=creator,
        opened_at=timezone.now(),
    )
    by_code = {leaf.code: leaf for leaf in leaves}
    texts = [
        ("D5.1", "共同体的组织运行是否高效？", "Does the community run efficiently?"),
        ("D5.1", "您对参与共同体活动的收获是否满意？", "Are you satisfied with what you gain?"),
        ("D5.2", "企业投入是否获得了相应回报？", "Does the enterprise's input pay off?"),
        ("D5.2", "您是否愿意继续深度参与？", "Will you keep taking part in depth?"),
    ]
    questions = SurveyQuestion.objects.bulk_create(
        [
            SurveyQuestion(survey=survey, indicator=by_code[code], text=zh, text_en=en, order=k)
            for k, (code, zh, en) in enumerate(texts, start=1)
            if code in by_code
        ]
    )
    return survey, questions


@transaction.atomic
def seed_assessment(*, rng: random.Random, communities: Sequence[Community]) -> AssessmentReport:
    """Three cycles of values, surveys, judgments, runs, publications and tasks."""
    started = time.perf_counter()
    report = AssessmentReport()
    generator = np.random.default_rng(rng.randrange(2**32))
    framework, dimensions, leaves = _framework()
    creator = User.objects.filter(is_superuser=True).order_by("pk").first()
    experts = _experts()
    communities = sorted(communities, key=lambda c: c.pk)
    ids = [c.pk for c in communities]
    m = len(communities)
    enterprise_share = _enterprise_shares(ids)
    quality = generator.normal(0.0, 1.0, size=m)
    trend = generator.normal(0.25, 0.2, size=m)
    # Each indicator leans on the latent quality more or less (loading), plus its own noise.
    loading = generator.uniform(0.55, 0.9, size=len(leaves))
    truth_dimensions = generator.dirichlet(np.full(len(dimensions), 8.0))
    previous_run = None
    for k, year in enumerate(YEARS):
        cycle = _cycle(framework, year, creator)
        cycle.communities.set(communities)
        CycleExpert.objects.bulk_create(
            [CycleExpert(cycle=cycle, user=user, appointed_by=creator) for user in experts]
        )
        report.assignments += _assignments(cycle, experts, communities, creator)
        WeightingChoice.objects.create(cycle=cycle, chosen_by=creator)
        report.cycles += 1
        latent = quality + trend * k
        values: dict[str, np.ndarray] = {}
        for j, leaf in enumerate(leaves):
            noise = generator.normal(0.0, 1.0, size=m)
            z = loading[j] * latent + np.sqrt(1 - loading[j] ** 2) * noise
            values[leaf.code] = _scale(z, leaf)
        if "D1.1" in values:  # derived from the registry: the real enterprise share
            values["D1.1"] = np.round(enterprise_share * 100.0, 1)
        survey, questions = _survey(cycle, leaves, creator)
        report.responses += _responses(generator, survey, questions, ids, latent, values)
        report.judgments += _judgments(
            generator, cycle, experts, dimensions, leaves, truth_dimensions
        )
        report.values += _values(generator, cycle, ids, leaves, values, year)
        run = run_services.evaluation_run_create(actor=creator, cycle=cycle, enqueue=False)
        run_execution.evaluation_run_execute(run_id=run.pk)
        Publication.objects.create(cycle=cycle, run=run, published_by=creator)
        report.results += m
        if year == 2024:
            previous_run = run
            report.tasks += _tasks(rng, run, communities)
    if previous_run is not None:
        report.tasks = RectificationTask.objects.filter(run=previous_run).count()
    report.seconds = time.perf_counter() - started
    return report


def _enterprise_shares(ids: list[int]) -> np.ndarray:
    from django.db.models import Count, Q

    from iecommons.registry.models import Membership

    counts = {
        row["community_id"]: (row["enterprises"], row["total"])
        for row in Membership.objects.filter(community_id__in=ids, left__isnull=True)
        .values("community_id")
        .annotate(
            total=Count("pk"),
            enterprises=Count("pk", filter=Q(organization__type=Organization.Type.ENTERPRISE)),
        )
    }
    return np.array(
        [counts[pk][0] / counts[pk][1] if counts.get(pk, (0, 0))[1] else 0.0 for pk in ids]
    )


def _responses(
    generator: np.random.Generator,
    survey: Survey,
    questions: list[SurveyQuestion],
    ids: list[int],
    latent: np.ndarray,
    values: dict[str, np.ndarray],
) -> int:
    """Likert answers driven by the latent quality; the survey indicators are their means."""
    rows: list[tuple[Any, ...]] = []
    submitted_on = datetime.date(survey.cycle.year + 1, 1, 15)
    sums = {code: np.zeros(len(ids)) for code in ("D5.1", "D5.2")}
    counts = {code: np.zeros(len(ids)) for code in ("D5.1", "D5.2")}
    low, high = RESPONSES_PER_COMMUNITY
    for i, community_id in enumerate(ids):
        for respondent in range(int(generator.integers(low, high + 1))):
            enterprise = respondent % 2 == 0
            answers: dict[str, int] = {}
            for question in questions:
                code = question.indicator.code
                if code == "D5.2" and not enterprise:
                    continue
                mean = 3.6 + 0.55 * latent[i]
                answer = int(np.clip(np.round(generator.normal(mean, 0.8)), 1, 5))
                answers[str(question.pk)] = answer
                sums[code][i] += answer
                counts[code][i] += 1
            rows.append(
                (
                    survey.pk,
                    community_id,
                    f"demo-{survey.pk}-{community_id}-{respondent}",
                    "enterprise" if enterprise else "college",
                    json.dumps(answers),
                    submitted_on,
                )
            )
    _insert(
        SurveyResponse,
        [
            "survey_id",
            "community_id",
            "respondent_token",
            "organization_type",
            "answers",
            "submitted_on",
        ],
        rows,
        json_columns={"answers"},
    )
    for code in sums:
        if code in values:
            means = np.divide(
                sums[code], counts[code], out=np.full(len(ids), 3.0), where=counts[code] > 0
            )
            values[code] = np.round((means - 1.0) / 4.0 * 100.0, 1)
    return len(rows)


def _judgments(
    generator: np.random.Generator,
    cycle: AssessmentCycle,
    experts: list[User],
    dimensions: list[Indicator],
    leaves: list[Indicator],
    truth_dimensions: np.ndarray,
) -> int:
    rows: list[ExpertJudgment] = []
    nodes: list[tuple[Indicator | None, list[str], np.ndarray]] = [
        (None, [d.code for d in dimensions], truth_dimensions)
    ]
    for dimension in dimensions:
        codes = [leaf.code for leaf in leaves if leaf.parent_id == dimension.pk]
        if len(codes) >= 2:
            nodes.append((dimension, codes, np.linspace(1.5, 1.0, len(codes))))
    for expert in experts:
        for node, codes, truth in nodes:
            matrix = _pairwise(generator, truth / truth.sum())
            rows.append(
                ExpertJudgment(
                    cycle=cycle,
                    expert=expert,
                    node=node,
                    criteria=codes,
                    matrix=matrix,
                    consistency_ratio=float(ahp(matrix).cr),
                )
            )
    ExpertJudgment.objects.bulk_create(rows)
    return len(rows)


def _values(
    generator: np.random.Generator,
    cycle: AssessmentCycle,
    ids: list[int],
    leaves: list[Indicator],
    values: dict[str, np.ndarray],
    year: int,
) -> int:
    adapt = connection.ops.adapt_datetimefield_value
    verified_at = adapt(timezone.make_aware(datetime.datetime(year + 1, 4, 20, 10, 0)))
    submitted_at = adapt(timezone.make_aware(datetime.datetime(year + 1, 3, 20, 10, 0)))
    now = adapt(timezone.now())
    rows: list[tuple[Any, ...]] = []
    for leaf in leaves:
        derived = leaf.source in (Indicator.Source.DERIVED, Indicator.Source.SURVEY)
        status = IndicatorValue.Status.DERIVED if derived else IndicatorValue.Status.VERIFIED
        trace = json.dumps({"demo": True} if derived else {})
        column = values[leaf.code].tolist()
        for i, community_id in enumerate(ids):
            rows.append(
                (
                    cycle.pk,
                    community_id,
                    leaf.pk,
                    column[i],
                    str(status),
                    trace,
                    "",
                    None if derived else submitted_at,
                    None if derived else verified_at,
                    now,
                )
            )
    _insert(
        IndicatorValue,
        [
            "cycle_id",
            "community_id",
            "indicator_id",
            "value",
            "status",
            "trace",
            "comment",
            "submitted_at",
            "verified_at",
            "updated_at",
        ],
        rows,
        json_columns={"trace"},
    )
    return len(rows)


def _insert(
    model: type[models.Model],
    columns: list[str],
    rows: list[tuple[Any, ...]],
    *,
    json_columns: set[str] = frozenset(),  # type: ignore[assignment]
) -> None:
    """Plain parameterised INSERTs: ten times faster than building model instances."""
    quote = connection.ops.quote_name
    cast = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    # Table and column names come from model metadata, never from input.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(column) for column in columns),
        ", ".join(cast if column in json_columns else "%s" for column in columns),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _tasks(rng: random.Random, run: Any, communities: Sequence[Community]) -> int:
    """Tasks for a sample of communities (always the demo secretariat's), some done."""
    secretariat = set(
        account_selectors.active_roles(role=Role.SECRETARIAT).values_list("community_id", flat=True)
    )
    chosen = [c for c in communities if c.pk in secretariat]
    others = [c for c in communities if c.pk not in secretariat]
    chosen += rng.sample(others, min(TASK_COMMUNITIES, len(others)))
    actor = User.objects.filter(is_superuser=True).order_by("pk").first()
    tasks = rectification_services.rectification_tasks_create(
        actor=actor, run=run, top=2, deadline=datetime.date(2025, 9, 30), communities=chosen
    )
    done = [task for task in tasks if rng.random() < 0.55]
    completed_at = timezone.make_aware(datetime.datetime(2025, 8, 15, 10, 0))
    for task in done:
        task.status = RectificationTask.Status.DONE
        task.completed_at = completed_at
        task.evidence_note = "已完成整改，详见佐证材料。"
    RectificationTask.objects.bulk_update(done, ["status", "completed_at", "evidence_note"])
    return len(tasks)
