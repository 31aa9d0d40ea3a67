"""What each desk shows, read with a fixed number of grouped queries whatever the number of
communities, organisations or cycles (the desk tests pin the counts).

Every figure is a count over something the person may already see on its own list page; the
templates link each one there.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from iecommons.assessment.models import (
    AssessmentCycle,
    CycleExpert,
    EvaluationRun,
    ExpertJudgment,
    IndicatorValue,
    Publication,
    RectificationTask,
    SurveyInvitation,
)
from iecommons.assessment.selectors.rectification import overdue
from iecommons.authz.desk import (
    DeskRoles,
    desk_roles,
    jurisdiction_q,
    values_to_verify_q,
    visible_expert_cycles,
    visible_jurisdiction,
)
from iecommons.collaboration.models import Booking, Thread
from iecommons.common.collation import pinyin
from iecommons.projects.models import (
    AllocationShare,
    Commitment,
    CommitmentFulfilment,
    Contribution,
    Participant,
    Project,
)
from iecommons.registry.models import Community, Membership, Organization

#: Values a community has handed in (or the platform derived) for a cycle.
HANDED_IN = (
    IndicatorValue.Status.DERIVED,
    IndicatorValue.Status.SUBMITTED,
    IndicatorValue.Status.VERIFIED,
    IndicatorValue.Status.IMPUTED,
)
RECENT = 5


@dataclass(frozen=True)
class Progress:
    """How far the values of a cycle have come: handed in and verified, out of all."""

    total: int = 0
    handed_in: int = 0
    verified: int = 0

    @property
    def percent(self) -> int:
        return round(self.handed_in * 100 / self.total) if self.total else 0


@dataclass(frozen=True)
class CycleLine:
    cycle: AssessmentCycle
    progress: Progress
    days_left: int


@dataclass
class CommunityDesk:
    """The secretariat's desk of one community."""

    community: Community
    members: int = 0
    bookings_to_decide: int = 0
    open_tasks: int = 0
    overdue_tasks: int = 0
    commitments_due: int = 0
    cycles: list[CycleLine] = field(default_factory=list)

    def _tasks_url(self, status: str) -> str:
        query = urlencode({"status": status, "community": self.community.name})
        return f"{reverse('assessment:rectification_list')}?{query}"

    @property
    def open_tasks_url(self) -> str:
        return self._tasks_url("open")

    @property
    def overdue_tasks_url(self) -> str:
        return self._tasks_url("overdue")


@dataclass
class OrganizationDesk:
    """The member representative's desk of one organisation."""

    organization: Organization
    communities: int = 0
    bookings_pending: int = 0
    bookings_coming: int = 0
    projects: int = 0
    projects_running: int = 0
    contributed: Decimal = Decimal(0)
    received: Decimal = Decimal(0)


@dataclass
class ExpertCycle:
    cycle: AssessmentCycle
    judged_nodes: int
    to_verify: int
    days_left: int


@dataclass
class ExpertDesk:
    communities: list[Community]
    cycles: list[ExpertCycle]

    @property
    def to_verify(self) -> int:
        return sum(line.to_verify for line in self.cycles)

    @property
    def cycles_unjudged(self) -> int:
        return sum(1 for line in self.cycles if not line.judged_nodes)


@dataclass
class SupervisorDesk:
    communities: int
    communities_suspended: int
    cycles: list[CycleLine]
    runs_done: int
    runs_waiting: int
    recent_runs: list[EvaluationRun]
    publications: list[Publication]
    overdue_tasks: int


@dataclass
class Desks:
    roles: DeskRoles
    community_desks: list[CommunityDesk]
    organization_desks: list[OrganizationDesk]
    surveys_to_answer: int
    threads: list[Thread]
    expert: ExpertDesk | None
    supervisor: SupervisorDesk | None

    @property
    def empty(self) -> bool:
        return not (
            self.community_desks or self.organization_desks or self.expert or self.supervisor
        )


def _days_left(day: datetime.date, today: datetime.date) -> int:
    return (day - today).days


def _progress(values: Any) -> dict[int, Progress]:
    """``values``: IndicatorValue rows filtered; progress per cycle in one grouped query."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for cycle_id, status, number in (
        values.values_list("cycle_id", "status").annotate(number=Count("id")).order_by()
    ):
        counts[cycle_id][status] = number
    result: dict[int, Progress] = {}
    for cycle_id, by_status in counts.items():
        result[cycle_id] = Progress(
            total=sum(by_status.values()),
            handed_in=sum(by_status.get(status, 0) for status in HANDED_IN),
            verified=by_status.get(IndicatorValue.Status.VERIFIED, 0),
        )
    return result


def _grouped(queryset: Any, key: str) -> dict[int, int]:
    return dict(queryset.values_list(key).annotate(number=Count("id")).values_list(key, "number"))


def community_desks(community_ids: frozenset[int], today: datetime.date) -> list[CommunityDesk]:
    if not community_ids:
        return []
    ids = sorted(community_ids)
    communities = Community.objects.filter(pk__in=ids).order_by(pinyin("name"))
    desks = {community.pk: CommunityDesk(community=community) for community in communities}
    members = _grouped(
        Membership.objects.filter(community_id__in=ids, left__isnull=True), "community_id"
    )
    bookings = _grouped(
        Booking.objects.filter(resource__community_id__in=ids, status=Booking.Status.PENDING),
        "resource__community_id",
    )
    # Counted as the rectification list filters them, so each figure matches its list.
    tasks = RectificationTask.objects.filter(community_id__in=ids)
    open_tasks = _grouped(tasks.filter(status=RectificationTask.Status.OPEN), "community_id")
    overdue_tasks = _grouped(overdue(tasks), "community_id")
    # A commitment is due when this year's fulfilments fall short of what was promised.
    fulfilled = dict(
        CommitmentFulfilment.objects.filter(
            commitment__membership__community_id__in=ids, year=today.year
        )
        .values_list("commitment_id")
        .annotate(total=Sum("quantity"))
        .values_list("commitment_id", "total")
    )
    due: dict[int, int] = defaultdict(int)
    for pk, community_id, quantity in Commitment.objects.filter(
        membership__community_id__in=ids, membership__left__isnull=True, start__lte=today
    ).values_list("pk", "membership__community_id", "quantity"):
        if (fulfilled.get(pk) or Decimal(0)) < quantity:
            due[community_id] += 1
    cycles = list(
        AssessmentCycle.objects.filter(communities__in=ids, status=AssessmentCycle.Status.OPEN)
        .distinct()
        .order_by("submission_deadline", "pk")
    )
    in_cycle: dict[int, set[int]] = defaultdict(set)
    for cycle_id, community_id in AssessmentCycle.communities.through.objects.filter(
        assessmentcycle_id__in=[cycle.pk for cycle in cycles], community_id__in=ids
    ).values_list("assessmentcycle_id", "community_id"):
        in_cycle[community_id].add(cycle_id)
    progress: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for cycle_id, community_id, status, number in (
        IndicatorValue.objects.filter(cycle__in=cycles, community_id__in=ids)
        .values_list("cycle_id", "community_id", "status")
        .annotate(number=Count("id"))
        .order_by()
    ):
        progress[(cycle_id, community_id)][status] = number
    for community_id, desk in desks.items():
        desk.members = members.get(community_id, 0)
        desk.bookings_to_decide = bookings.get(community_id, 0)
        desk.open_tasks = open_tasks.get(community_id, 0)
        desk.overdue_tasks = overdue_tasks.get(community_id, 0)
        desk.commitments_due = due.get(community_id, 0)
        for cycle in cycles:
            if cycle.pk not in in_cycle[community_id]:
                continue
            by_status = progress[(cycle.pk, community_id)]
            desk.cycles.append(
                CycleLine(
                    cycle=cycle,
                    progress=Progress(
                        total=sum(by_status.values()),
                        handed_in=sum(by_status.get(status, 0) for status in HANDED_IN),
                        verified=by_status.get(IndicatorValue.Status.VERIFIED, 0),
                    ),
                    days_left=_days_left(cycle.submission_deadline, today),
                )
            )
    return list(desks.values())


def organization_desks(
    organization_ids: frozenset[int], now: datetime.datetime
) -> list[OrganizationDesk]:
    if not organization_ids:
        return []
    ids = sorted(organization_ids)
    desks = {
        organization.pk: OrganizationDesk(organization=organization)
        for organization in Organization.objects.filter(pk__in=ids).order_by(pinyin("name"))
    }
    communities = _grouped(
        Membership.objects.filter(organization_id__in=ids, left__isnull=True), "organization_id"
    )
    bookings = Booking.objects.filter(organization_id__in=ids)
    pending = _grouped(bookings.filter(status=Booking.Status.PENDING), "organization_id")
    coming = _grouped(
        bookings.filter(status=Booking.Status.APPROVED, end__gte=now), "organization_id"
    )
    participations = Participant.objects.filter(organization_id__in=ids)
    projects = _grouped(participations, "organization_id")
    running = _grouped(
        participations.filter(project__status=Project.Status.RUNNING), "organization_id"
    )
    contributed = dict(
        Contribution.objects.filter(organization_id__in=ids)
        .values_list("organization_id")
        .annotate(total=Sum("value"))
        .values_list("organization_id", "total")
    )
    received = dict(
        AllocationShare.objects.filter(organization_id__in=ids, current=True)
        .values_list("organization_id")
        .annotate(total=Sum("amount"))
        .values_list("organization_id", "total")
    )
    for pk, desk in desks.items():
        desk.communities = communities.get(pk, 0)
        desk.bookings_pending = pending.get(pk, 0)
        desk.bookings_coming = coming.get(pk, 0)
        desk.projects = projects.get(pk, 0)
        desk.projects_running = running.get(pk, 0)
        desk.contributed = contributed.get(pk) or Decimal(0)
        desk.received = received.get(pk) or Decimal(0)
    return list(desks.values())


def surveys_to_answer(user: Any, today: datetime.date) -> int:
    return (
        SurveyInvitation.objects.filter(user=user, responded=False, survey__status="open")
        .filter(Q(survey__closes_on__isnull=True) | Q(survey__closes_on__gte=today))
        .count()
    )


def expert_desk(user: Any, roles: DeskRoles, today: datetime.date) -> ExpertDesk | None:
    open_cycles = AssessmentCycle.objects.filter(status=AssessmentCycle.Status.OPEN)
    cycles = list(visible_expert_cycles(user, open_cycles).order_by("judgment_deadline", "pk"))
    if not cycles and not roles.expert_of:
        return None
    appointed = set(
        CycleExpert.objects.filter(user=user, cycle__in=cycles).values_list("cycle_id", flat=True)
    )
    judged = _grouped(ExpertJudgment.objects.filter(expert=user, cycle__in=cycles), "cycle_id")
    submitted = IndicatorValue.objects.filter(
        cycle__in=cycles, status=IndicatorValue.Status.SUBMITTED
    )
    to_verify = _grouped(submitted.filter(values_to_verify_q(user, appointed)), "cycle_id")
    return ExpertDesk(
        communities=list(Community.objects.filter(pk__in=roles.expert_of).order_by(pinyin("name"))),
        cycles=[
            ExpertCycle(
                cycle=cycle,
                judged_nodes=judged.get(cycle.pk, 0),
                to_verify=to_verify.get(cycle.pk, 0),
                days_left=_days_left(cycle.judgment_deadline, today),
            )
            for cycle in cycles
        ],
    )


def supervisor_desk(user: Any, roles: DeskRoles, today: datetime.date) -> SupervisorDesk | None:
    if not roles.supervises:
        return None
    communities = visible_jurisdiction(user, Community.objects.all())
    status_counts = dict(
        communities.values_list("status")
        .annotate(number=Count("id"))
        .values_list("status", "number")
    )
    in_jurisdiction = jurisdiction_q(user, "community__")
    cycles_qs = AssessmentCycle.objects.filter(status=AssessmentCycle.Status.OPEN)
    values = IndicatorValue.objects.all()
    tasks = overdue(RectificationTask.objects.all())
    if in_jurisdiction is not None:
        cycles_qs = cycles_qs.filter(communities__in=communities.values("pk")).distinct()
        values = values.filter(in_jurisdiction)
        tasks = tasks.filter(in_jurisdiction)
    cycles = list(cycles_qs.order_by("submission_deadline", "pk"))
    progress = _progress(values.filter(cycle__in=cycles))
    all_cycles = AssessmentCycle.objects.all()
    if in_jurisdiction is not None:
        all_cycles = all_cycles.filter(communities__in=communities.values("pk")).distinct()
    runs = EvaluationRun.objects.filter(cycle__in=all_cycles.values("pk"))
    run_counts = dict(
        runs.values_list("status").annotate(number=Count("id")).values_list("status", "number")
    )
    return SupervisorDesk(
        communities=sum(status_counts.values()),
        communities_suspended=status_counts.get(Community.Status.SUSPENDED, 0),
        cycles=[
            CycleLine(
                cycle=cycle,
                progress=progress.get(cycle.pk, Progress()),
                days_left=_days_left(cycle.submission_deadline, today),
            )
            for cycle in cycles
        ],
        runs_done=run_counts.get(EvaluationRun.Status.DONE, 0),
        runs_waiting=run_counts.get(EvaluationRun.Status.QUEUED, 0)
        + run_counts.get(EvaluationRun.Status.RUNNING, 0),
        recent_runs=list(runs.select_related("cycle").order_by("-created_at", "-pk")[:RECENT]),
        publications=list(
            Publication.objects.current()
            .filter(cycle__in=all_cycles.values("pk"))
            .select_related("cycle", "run")
            .order_by("-published_at", "-pk")[:RECENT]
        ),
        overdue_tasks=tasks.count(),
    )


def desks_for(user: Any) -> Desks:
    """Every desk of ``user``, each over what its role covers."""
    roles = desk_roles(user)
    now = timezone.now()
    today = timezone.localdate()
    communities = community_desks(roles.secretariat_of, today)
    threads: list[Thread] = []
    if roles.secretariat_of:
        threads = list(
            Thread.objects.filter(community_id__in=roles.secretariat_of)
            .select_related("community")
            .order_by("-last_post_at", "-pk")[:RECENT]
        )
    return Desks(
        roles=roles,
        community_desks=communities,
        organization_desks=organization_desks(roles.acts_for, now),
        surveys_to_answer=surveys_to_answer(user, today) if roles.acts_for else 0,
        threads=threads,
        expert=expert_desk(user, roles, today) if roles.user_id is not None else None,
        supervisor=supervisor_desk(user, roles, today),
    )
