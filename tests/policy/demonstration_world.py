"""A hand-built demonstration case: eight communities in Jiangsu and Guangdong, a published
run with their scores and grades, and the quotas and gates of the tests.

=====  =========  =========  =====  =========  ==========  =======
name   province   field      score  grade      founded     overdue
=====  =========  =========  =====  =========  ==========  =======
A      Jiangsu    rail       95     excellent  2023-07-25
C1     Jiangsu    rail       90     excellent  2023-07-25  1 task
B      Guangdong  rail       88     good       2023-07-25
C3     Jiangsu    aerospace  85     good       2020-05-01
C2     Jiangsu    rail       85     good       2023-07-25
C4     Jiangsu    rail       80     good       2023-07-25
C5     Guangdong  aerospace  70     pass       2023-07-25
C6     Guangdong  rail       60     good       2025-06-01
=====  =========  =========  =====  =========  ==========  =======

With a total of 4 (Jiangsu 3, Guangdong 1; rail 3, aerospace 1), minimum grade "good", no
overdue task and two years since founding, on ``TODAY``: C1 fails the rectification gate,
C5 the grade, C6 the years; C3 ranks before C2 (equal scores, founded earlier); the list is
A, B, C3, C2 and C4 finds Jiangsu full.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from iecommons.assessment.models import EvaluationRun, Publication, RectificationTask, Result
from iecommons.policy.models import DemonstrationSelection
from iecommons.policy.services import demonstration as services
from iecommons.registry.models import Community
from tests.assessment.runs_world import make_cycle, make_framework
from tests.factories import CommunityFactory, FieldFactory, shenzhen
from tests.fixtures import World

TODAY = datetime.date(2026, 3, 1)
GRADES = [["excellent", 0.15], ["good", 0.35], ["pass", 0.4], ["fail", 0.1]]
QUOTAS = {
    "total": 4,
    "province_quotas": {"320000": 3, "440000": 1},
    "field_quotas": {"rail-transit": 3, "aerospace": 1},
}
GATES = {"min_grade": "good", "no_overdue_rectification": True, "min_years_founded": 2}


@dataclass
class Demo:
    world: World
    run: EvaluationRun
    publication: Publication
    by_name: dict[str, Community]

    def create(self, actor=None, **changes) -> DemonstrationSelection:
        values = {
            "title": "2026年产教融合示范共同体遴选",
            "run": self.run,
            "jurisdiction": None,
            **QUOTAS,
            **GATES,
            "today": TODAY,
        }
        values.update(changes)
        return services.selection_create(actor=actor or self.world.supervisor, **values)


def build(world: World) -> Demo:
    aerospace = FieldFactory(code="aerospace", name_zh="航空航天", name_en="Aerospace")
    rail = world.community_a.field
    old = datetime.date(2023, 7, 25)
    specs = {
        "C1": ("jiangsu", rail, old),
        "C3": ("jiangsu", aerospace, datetime.date(2020, 5, 1)),
        "C2": ("jiangsu", rail, old),
        "C4": ("jiangsu", rail, old),
        "C5": ("guangdong", aerospace, old),
        "C6": ("guangdong", rail, datetime.date(2025, 6, 1)),
    }
    by_name = {"A": world.community_a, "B": world.community_b}
    for name, (province, field, founded) in specs.items():
        extra = {"region": shenzhen()} if province == "guangdong" else {}
        by_name[name] = CommunityFactory(
            name=f"示范候选{name}",
            name_en=f"Candidate {name}",
            field=field,
            founded=founded,
            **extra,
        )
    framework, indicators = make_framework()
    cycle = make_cycle(framework, list(by_name.values()), year=2025)
    run = EvaluationRun.objects.create(
        cycle=cycle,
        framework=framework,
        framework_version=1,
        engine_version="test",
        input_sha256="a" * 64,
        snapshot={"grades": GRADES},
        status=EvaluationRun.Status.DONE,
    )
    scores = {
        "A": (95, "excellent"),
        "C1": (90, "excellent"),
        "B": (88, "good"),
        "C3": (85, "good"),
        "C2": (85, "good"),
        "C4": (80, "good"),
        "C5": (70, "pass"),
        "C6": (60, "good"),
    }
    for rank, (name, (score, grade)) in enumerate(scores.items(), start=1):
        Result.objects.create(
            run=run, community=by_name[name], score=float(score), grade=grade, rank=rank
        )
    RectificationTask.objects.create(
        community=by_name["C1"],
        cycle=cycle,
        run=run,
        indicator=indicators["G1"],
        description="提高理事会会议频次",
        deadline=TODAY - datetime.timedelta(days=10),
    )
    publication = Publication.objects.create(cycle=cycle, run=run, published_by=world.supervisor)
    return Demo(world=world, run=run, publication=publication, by_name=by_name)
