"""Demo joint projects: contributions, milestones, outcomes, allocations under all three
sharing rules, and members' commitments with their fulfilment.

Deterministic for a given ``rng`` and fast: rows are written with ``bulk_create`` and the
allocations are computed in memory by the same functions the services use
(:func:`iecommons.projects.sharing.split_amount` and
:func:`iecommons.analytics.shapley_values`).
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from iecommons.projects.models import (
    AllocationShare,
    BenefitAllocation,
    Commitment,
    CommitmentFulfilment,
    Contribution,
    Milestone,
    Outcome,
    Participant,
    Project,
    SharingRule,
)
from iecommons.projects.sharing import coalition_key, split_amount
from iecommons.registry.demo import DEMO_TODAY
from iecommons.registry.models import Community, Membership, Organization

#: The registry demo's "today": no project record is dated later.
TODAY = DEMO_TODAY

TITLES: dict[str, list[str]] = {
    Project.Type.JOINT_RD: ["关键部件联合攻关", "智能检测技术联合研发", "工艺数字化联合研发"],
    Project.Type.COURSE: ["专业核心课程共建", "岗位能力课程包开发", "虚拟仿真实训课程共建"],
    Project.Type.TEXTBOOK: ["新形态活页式教材编写", "工作手册式教材开发"],
    Project.Type.TEACHER_TRAINING: ["双师型教师企业实践", "骨干教师技能提升培训"],
    Project.Type.TRAINING_BASE: ["产教融合实训基地共建", "生产性实训车间共建"],
    Project.Type.ORDER_CLASS: ["订单班联合培养", "现代学徒制试点班"],
    Project.Type.JOINT_RECRUITMENT: ["校企联合招聘会", "紧缺岗位定向招聘"],
    Project.Type.STANDARD: ["团体标准联合起草", "职业技能等级标准制定"],
    Project.Type.TECHNICAL_SERVICE: ["中小企业技术服务", "设备运维技术服务"],
    Project.Type.OVERSEAS: ["海外鲁班工坊共建", "境外员工本土化培训"],
}
MILESTONES = ["立项论证", "方案评审", "中期检查", "成果验收"]
OUTCOME_TITLES = {
    Outcome.Kind.PATENT: "发明专利",
    Outcome.Kind.STANDARD: "团体标准",
    Outcome.Kind.PAPER: "学术论文",
    Outcome.Kind.COURSE: "在线课程",
    Outcome.Kind.TEXTBOOK: "规划教材",
    Outcome.Kind.TEACHERS_TRAINED: "培训教师",
    Outcome.Kind.STUDENTS_TRAINED: "培养学生",
    Outcome.Kind.REVENUE: "技术服务收入",
    Outcome.Kind.HIRES: "毕业生入职",
    Outcome.Kind.INTERNS: "接收实习生",
}
RULES = [SharingRule.PROPORTIONAL, SharingRule.FIXED_SHARES, SharingRule.SHAPLEY]
#: Where an allocation's inputs keep each participant's basis, as the services write it.
INPUT_KEYS: dict[str, str] = {
    SharingRule.PROPORTIONAL: "contributions",
    SharingRule.FIXED_SHARES: "shares",
    SharingRule.SHAPLEY: "shapley_values",
}


@dataclass
class _Plan:
    """One project being generated, before its rows exist."""

    project: Project
    organizations: list[int]
    rule: str
    contributions: list[tuple[int, str, Decimal, Decimal | None, Decimal | None, datetime.date]] = (
        field(default_factory=list)
    )
    shares: list[Decimal] = field(default_factory=list)
    table: dict[frozenset[int], Decimal] = field(default_factory=dict)


def _money(rng: random.Random, low: int, high: int, step: int = 1000) -> Decimal:
    return Decimal(rng.randrange(low // step, high // step + 1) * step)


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    span = max((end - start).days, 0)
    return start + datetime.timedelta(days=rng.randrange(span + 1))


def _shares(rng: random.Random, count: int) -> list[Decimal]:
    """Whole percentages summing to exactly 100."""
    cuts = sorted(rng.sample(range(5, 96), count - 1)) if count > 1 else []
    points = [0, *cuts, 100]
    return [Decimal(points[k + 1] - points[k]) for k in range(count)]


def _table(rng: random.Random, indices: list[int]) -> dict[frozenset[int], Decimal]:
    """A superadditive (so monotone) game: together is worth more than apart."""
    base = {index: Decimal(rng.randrange(10, 60) * 10_000) for index in indices}
    table = {}
    for size in range(1, len(indices) + 1):
        for members in itertools.combinations(indices, size):
            synergy = Decimal(1) + Decimal("0.15") * (size - 1)
            table[frozenset(members)] = (sum(base[m] for m in members) * synergy).quantize(
                Decimal(1)
            )
    return table


def _plan_project(rng: random.Random, community: Community, members: list[int], rule: str) -> _Plan:
    kind = rng.choice(list(TITLES))
    first = max(community.founded, datetime.date(2023, 8, 1))
    start = _date_between(rng, first, max(first, TODAY - datetime.timedelta(days=60)))
    running = rng.random()
    status = (
        Project.Status.COMPLETED
        if running < 0.35
        else Project.Status.RUNNING
        if running < 0.9
        else Project.Status.PLANNED
    )
    end = (
        _date_between(rng, start, TODAY)
        if status == Project.Status.COMPLETED
        else start + datetime.timedelta(days=rng.randrange(180, 900))
    )
    count = rng.randint(2, min(4 if rule == SharingRule.SHAPLEY else 5, len(members)))
    organizations = rng.sample(members, count)
    project = Project(
        community=community,
        type=kind,
        title=f"{rng.choice(TITLES[kind])}（{start.year}）",
        description="由共同体成员单位联合实施，记录投入、成果与收益分配。",
        status=status,
        start=start,
        end=end,
        budget=_money(rng, 200_000, 5_000_000, 10_000),
        benefit_rule=rule,
    )
    plan = _Plan(project=project, organizations=organizations, rule=rule)
    last = min(TODAY, end)
    for index, organization_id in enumerate(organizations):
        for _ in range(rng.randint(1, 3)):
            day = _date_between(rng, start, last)
            roll = rng.random()
            if roll < 0.4:
                value = _money(rng, 20_000, 800_000)
                plan.contributions.append((index, Contribution.Kind.CASH, value, None, None, day))
            elif roll < 0.65:
                value = _money(rng, 50_000, 1_500_000)
                plan.contributions.append(
                    (index, Contribution.Kind.IN_KIND, value, None, None, day)
                )
            elif roll < 0.9:
                hours = Decimal(rng.randrange(40, 2000, 10))
                rate = Decimal(rng.choice([150, 200, 260, 300, 450]))
                plan.contributions.append(
                    (index, Contribution.Kind.STAFF_HOURS, hours * rate, hours, rate, day)
                )
            else:
                value = _money(rng, 100_000, 2_000_000, 10_000)
                plan.contributions.append((index, Contribution.Kind.IP, value, None, None, day))
        del organization_id
    if rule == SharingRule.FIXED_SHARES:
        plan.shares = _shares(rng, count)
    if rule == SharingRule.SHAPLEY:
        plan.table = _table(rng, list(range(count)))
    return plan


def _weights(plan: _Plan) -> list[Decimal]:
    if plan.rule == SharingRule.PROPORTIONAL:
        totals = [Decimal(0)] * len(plan.organizations)
        for index, _kind, value, _hours, _rate, _day in plan.contributions:
            totals[index] += value
        return totals
    if plan.rule == SharingRule.FIXED_SHARES:
        return plan.shares
    from iecommons.analytics import shapley_values

    indices = list(range(len(plan.organizations)))
    result = shapley_values(
        {tuple(sorted(c)): float(v) for c, v in plan.table.items()}, players=indices
    )
    return [Decimal(f"{value:.6f}") for value in result.values]


@transaction.atomic
def seed_projects(*, rng: random.Random, communities: Iterable[Community]) -> dict[str, int]:
    """Projects in each of ``communities`` (more in national ones), with their records;
    returns the number of rows written per kind."""
    community_list = list(communities)
    members_of: dict[int, list[int]] = {}
    for community_id, organization_id in (
        Membership.objects.filter(community__in=community_list, left__isnull=True)
        .order_by("community_id", "organization_id")
        .values_list("community_id", "organization_id")
    ):
        members_of.setdefault(community_id, []).append(organization_id)
    plans: list[_Plan] = []
    for community in community_list:
        members = members_of.get(community.pk, [])
        if len(members) < 2:
            continue
        count = 12 if community.level == Community.Level.NATIONAL else rng.randint(1, 3)
        for index in range(count):
            plans.append(_plan_project(rng, community, members, RULES[index % len(RULES)]))
    Project.objects.bulk_create([plan.project for plan in plans])
    names = dict(
        Organization.objects.filter(
            pk__in={pk for plan in plans for pk in plan.organizations}
        ).values_list("pk", "name")
    )

    participants: list[Participant] = []
    for plan in plans:
        for index, organization_id in enumerate(plan.organizations):
            participant = Participant(
                project=plan.project,
                organization_id=organization_id,
                role=Participant.Role.LEAD if index == 0 else Participant.Role.PARTNER,
                benefit_share=plan.shares[index] if plan.shares else None,
            )
            participants.append(participant)
    Participant.objects.bulk_create(participants)
    by_plan: list[list[Participant]] = []
    cursor = 0
    for plan in plans:
        by_plan.append(participants[cursor : cursor + len(plan.organizations)])
        cursor += len(plan.organizations)

    contributions: list[Contribution] = []
    milestones: list[Milestone] = []
    outcomes: list[Outcome] = []
    allocations: list[BenefitAllocation] = []
    share_rows: list[tuple[int, list[AllocationShare]]] = []
    for plan, people in zip(plans, by_plan, strict=True):
        project = plan.project
        for index, kind, value, hours, rate, day in plan.contributions:
            contributions.append(
                Contribution(
                    participant=people[index],
                    organization_id=people[index].organization_id,
                    kind=kind,
                    description="" if kind == Contribution.Kind.CASH else "设备、场地或人员投入",
                    hours=hours,
                    rate=rate,
                    value=value,
                    date=day,
                    year=day.year,
                )
            )
        assert project.end is not None
        for step, title in enumerate(MILESTONES):
            due = project.start + (project.end - project.start) * (step + 1) / len(MILESTONES)
            milestones.append(
                Milestone(project=project, title=title, due=due, done=due if due <= TODAY else None)
            )
        if project.status == Project.Status.PLANNED:
            continue
        revenue = Decimal(0)
        for _ in range(rng.randint(1, 4)):
            kind = rng.choice(list(OUTCOME_TITLES))
            credited = (
                rng.choice(people)
                if kind
                in (
                    Outcome.Kind.HIRES,
                    Outcome.Kind.INTERNS,
                    Outcome.Kind.TEACHERS_TRAINED,
                    Outcome.Kind.STUDENTS_TRAINED,
                )
                else None
            )
            quantity = (
                _money(rng, 50_000, 2_000_000)
                if kind == Outcome.Kind.REVENUE
                else Decimal(
                    rng.randint(1, 3)
                    if kind
                    in (
                        Outcome.Kind.PATENT,
                        Outcome.Kind.STANDARD,
                        Outcome.Kind.PAPER,
                        Outcome.Kind.COURSE,
                        Outcome.Kind.TEXTBOOK,
                    )
                    else rng.randint(5, 60)
                )
            )
            if kind == Outcome.Kind.REVENUE:
                revenue += quantity
            outcomes.append(
                Outcome(
                    project=project,
                    kind=kind,
                    title=OUTCOME_TITLES[kind],
                    quantity=quantity,
                    date=_date_between(rng, project.start, min(TODAY, project.end)),
                    attributed_to=credited,
                    organization_id=credited.organization_id if credited else None,
                )
            )
        amount = revenue or _money(rng, 100_000, 1_000_000)
        if rng.random() < 0.1 and plan.rule != SharingRule.SHAPLEY:
            amount = -_money(rng, 10_000, 200_000)
        weights = _weights(plan)
        ids = [p.pk for p in people]
        fractions, amounts = split_amount(amount, dict(zip(ids, weights, strict=True)))
        day = min(TODAY, project.end)
        inputs: dict[str, Any] = {
            "rule": plan.rule,
            "loss": amount < 0,
            "participants": [
                {"id": p.pk, "organization_id": p.organization_id, "name": names[p.organization_id]}
                for p in people
            ],
        }
        key = INPUT_KEYS[plan.rule]
        inputs[key] = {str(pid): str(weight) for pid, weight in zip(ids, weights, strict=True)}
        if plan.table:
            project.coalition_values = {
                coalition_key(ids[i] for i in members): str(value)
                for members, value in plan.table.items()
            }
            inputs["coalitions"] = [
                {
                    "members": sorted(ids[i] for i in members),
                    "names": [names[people[i].organization_id] for i in sorted(members)],
                    "value": str(value),
                }
                for members, value in plan.table.items()
            ]
            inputs["grand_value"] = str(plan.table[frozenset(range(len(ids)))])
            inputs["method"] = "exact"
        allocation = BenefitAllocation(
            project=project,
            description="项目收益分配" if amount > 0 else "项目损失分担",
            amount=amount,
            date=day,
            rule=plan.rule,
            inputs=inputs,
        )
        allocations.append(allocation)
        share_rows.append(
            (
                len(allocations) - 1,
                [
                    AllocationShare(
                        participant=p,
                        organization_id=p.organization_id,
                        basis=weight,
                        fraction=fractions[p.pk],
                        amount=amounts[p.pk],
                        year=day.year,
                    )
                    for p, weight in zip(people, weights, strict=True)
                ],
            )
        )
    Contribution.objects.bulk_create(contributions, batch_size=2000)
    Milestone.objects.bulk_create(milestones, batch_size=2000)
    Outcome.objects.bulk_create(outcomes, batch_size=2000)
    BenefitAllocation.objects.bulk_create(allocations, batch_size=2000)
    shares: list[AllocationShare] = []
    for index, rows in share_rows:
        for row in rows:
            row.allocation = allocations[index]
            shares.append(row)
    AllocationShare.objects.bulk_create(shares, batch_size=2000)
    Project.objects.bulk_update(
        [plan.project for plan in plans if plan.table], ["coalition_values"], batch_size=500
    )
    commitments, fulfilments = _seed_commitments(rng, community_list)
    return {
        "projects": len(plans),
        "participants": len(participants),
        "contributions": len(contributions),
        "milestones": len(milestones),
        "outcomes": len(outcomes),
        "allocations": len(allocations),
        "commitments": commitments,
        "fulfilments": fulfilments,
    }


def _seed_commitments(rng: random.Random, communities: list[Community]) -> tuple[int, int]:
    """Commitments for members with written duties (or lead units), with fulfilment."""
    memberships = list(
        Membership.objects.filter(community__in=communities, left__isnull=True)
        .exclude(duties="", role__in=["member", "observer", "council"])
        .order_by("community_id", "id")
    )
    commitments = []
    for membership in memberships:
        if rng.random() < 0.5:
            continue
        quantity, unit, text = rng.choice(
            [
                (20, "个实习岗位", "每年提供实习岗位"),
                (10, "名毕业生", "每年接收毕业生就业"),
                (5, "名兼职教师", "每年选派企业兼职教师"),
                (2, "门课程", "每年参与共建课程"),
            ]
        )
        commitments.append(
            Commitment(
                membership=membership,
                description=text,
                quantity=Decimal(quantity),
                unit=unit,
                start=max(membership.joined, datetime.date(2024, 1, 1)).replace(month=1, day=1),
            )
        )
    Commitment.objects.bulk_create(commitments)
    fulfilments = [
        CommitmentFulfilment(
            commitment=commitment,
            year=year,
            quantity=(commitment.quantity * Decimal(rng.randint(40, 120)) / 100).quantize(
                Decimal(1)
            ),
            note="年度报告",
        )
        for commitment in commitments
        for year in range(commitment.start.year, TODAY.year + 1)
    ]
    CommitmentFulfilment.objects.bulk_create(fulfilments, batch_size=2000)
    return len(commitments), len(fulfilments)
