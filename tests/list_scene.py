"""The scene the list query-count tests add rows to, and the shape of one list's case."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from django.urls import reverse
from django.utils import timezone

from iecommons.assessment.models import AssessmentCycle, EvaluationRun, Result
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.collaboration.models import Resource, Thread
from iecommons.projects.models import Participant, Project
from iecommons.registry.models import Membership, Organization
from tests.assessment.runs_world import assessment_world
from tests.factories import CommunityFactory, MembershipFactory, shenzhen
from tests.fixtures import World

FEW, MORE = 3, 27

T = TypeVar("T")


class Scene:
    """The world plus the parents a list needs, made on first use."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.community = world.community_a
        self.serial = 0
        self._made: dict[Callable[..., Any], Any] = {}

    def once(self, make: Callable[[Scene], T]) -> T:
        """What ``make`` builds for this scene, built on first use."""
        if make not in self._made:
            self._made[make] = make(self)
        return self._made[make]  # type: ignore[no-any-return]

    def next(self) -> int:
        self.serial += 1
        return self.serial

    @cached_property
    def owner(self) -> Organization:
        return self.world.member_a

    @cached_property
    def resource(self) -> Resource:
        return Resource.objects.create(
            community=self.community,
            owner=self.owner,
            name="数控实训中心",
            type=Resource.Type.LAB,
            capacity=1,
            unit="间",
        )

    @cached_property
    def thread(self) -> Thread:
        return Thread.objects.create(
            community=self.community,
            title="校企合作",
            author=self.world.representative,
            last_post_at=timezone.now(),
        )

    @cached_property
    def project(self) -> Project:
        project = Project.objects.create(
            community=self.community,
            title="联合研发项目",
            type=Project.Type.JOINT_RD,
            start=datetime.date(2025, 1, 1),
            budget=1_000_000,
        )
        Participant.objects.create(
            project=project, organization=self.owner, role=Participant.Role.LEAD
        )
        return project

    @cached_property
    def assessed(self) -> Any:
        return assessment_world(self.world)

    @cached_property
    def cycle(self) -> AssessmentCycle:
        return self.assessed.cycle

    @cached_property
    def run(self) -> EvaluationRun:
        started = run_services.evaluation_run_start(
            actor=self.world.supervisor, cycle=self.cycle, enqueue=False
        )
        return run_execution.evaluation_run_execute(run_id=started.pk)

    def member(self, **fields: Any) -> Membership:
        region = shenzhen() if self.next() % 2 else self.community.region
        return MembershipFactory(community=self.community, organization__region=region, **fields)

    def result_like_the_first(self) -> Result:
        """Another community's result in the run, as the engine would have written it."""
        first = self.run.results.order_by("pk").first()
        assert first is not None
        community = CommunityFactory(field=self.community.field, level=self.community.level)
        self.cycle.communities.add(community)
        return Result.objects.create(
            run=self.run,
            community=community,
            score=first.score,
            grade=first.grade,
            rank=first.rank,
            peer_rank=first.peer_rank,
            peer_count=first.peer_count,
            peer_group=first.peer_group,
            dimension_scores=first.dimension_scores,
            stability=first.stability,
            weakest_indicators=first.weakest_indicators,
        )


@dataclass(frozen=True)
class ListCase:
    """One list: its URL name, who looks, how a row is added, and its address."""

    name: str
    #: A person of the world by name, or one the scene makes.
    viewer: str | Callable[[Scene], Any]
    add: Callable[[Scene], None]
    url: Callable[[Scene], str]


def page(name: str, **kwargs: Callable[[Scene], Any]) -> Callable[[Scene], str]:
    return lambda scene: reverse(name, kwargs={key: get(scene) for key, get in kwargs.items()})


def community_pk(scene: Scene) -> int:
    return scene.community.pk


def viewer_of(case: ListCase, scene: Scene) -> Any:
    return case.viewer(scene) if callable(case.viewer) else getattr(scene.world, case.viewer)


def parent(make: Callable[[Scene], T]) -> Callable[[Scene], T]:
    """``make`` as a parent of a list's rows: built once per scene."""
    return lambda scene: scene.once(make)
