"""The list cases of the apps that came after the first four: policy, talent, oversight, and
the expert assignments of a cycle. Each adds its rows as the app's own records."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from iecommons.accounts.models import Role, User
from iecommons.assessment.models import ExpertAssignment
from iecommons.oversight.models import AnnualReport, OpenDataRelease
from iecommons.policy.models import (
    Application,
    DemonstrationEntry,
    DemonstrationObjection,
    DemonstrationSelection,
    FundMovement,
    IncentiveProgramme,
    PolicyScenario,
)
from iecommons.registry.models import Organization
from iecommons.talent.models import ListStatus, Placement, PlacementRound, Student, TalentNeed
from tests.factories import (
    CommunityFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    grant,
)
from tests.list_scene import ListCase, Scene, community_pk, page, parent

ROBOTS = "460305"


@parent
def _programme(scene: Scene) -> IncentiveProgramme:
    from tests.policy.conftest import open_programme

    return open_programme(scene.world.provincial_supervisor, scene.community.province)


@parent
def _college(scene: Scene) -> Organization:
    college = OrganizationFactory(
        name="常州机电职业技术学院", type=Organization.Type.HIGHER_VOCATIONAL
    )
    MembershipFactory(community=scene.community, organization=college)
    return college


@parent
def _dean(scene: Scene) -> User:
    dean = UserFactory(username="dean")
    grant(dean, Role.MEMBER, organization=_college(scene))
    return dean


@parent
def _round(scene: Scene) -> PlacementRound:
    return PlacementRound.objects.create(
        community=scene.community,
        college=_college(scene),
        title="2026年岗位实习",
        cohort_year=2023,
        starts=datetime.date(2026, 3, 1),
        status=PlacementRound.Status.MATCHED,
    )


def _application(scene: Scene, **fields: Any) -> Application:
    return Application.objects.create(
        programme=_programme(scene),
        organization=scene.member().organization,
        community=scene.community,
        amount_requested=Decimal("10000.00"),
        purpose="共建实训基地",
        submitted_by=scene.world.representative,
        **fields,
    )


def _submitted(scene: Scene) -> None:
    _application(scene)


def _awarded(scene: Scene) -> None:
    _application(
        scene,
        status=Application.Status.AWARDED,
        amount_awarded=Decimal("8000.00"),
        decision_reason="符合条件",
        decided_at=timezone.now(),
    )


def _movement(scene: Scene) -> None:
    application = _application(
        scene, status=Application.Status.AWARDED, amount_awarded=Decimal("8000.00")
    )
    FundMovement.objects.create(
        programme=application.programme,
        application=application,
        kind=FundMovement.Kind.COMMIT,
        amount=Decimal("8000.00"),
        actor=scene.world.provincial_supervisor,
    )


def _scenario(scene: Scene) -> None:
    PolicyScenario.objects.create(
        title=f"情景{scene.next()}",
        document={},
        status=PolicyScenario.Status.DONE,
        result={},
        created_by=scene.world.supervisor,
    )


def _policy_document(scene: Scene) -> None:
    from iecommons.policy.services.documents import document_issue

    document_issue(
        actor=scene.world.supervisor,
        title=f"政策文件{scene.next()}",
        issuer="国务院办公厅",
        issued_on=datetime.date(2024, 5, 1),
        level="national",
        jurisdiction=None,
        full_text="全文",
        measures=[
            {
                "text": "措施",
                "responsible_body": "教育厅",
                "target": "目标",
                "deadline": "2026-12-31",
                "indicator": "指标",
            }
        ],
    )


@parent
def _published_run(scene: Scene) -> Any:
    from iecommons.assessment.services import runs as run_services

    run_services.evaluation_run_publish(actor=scene.world.supervisor, run=scene.run)
    return scene.run


def _selection_made(scene: Scene) -> DemonstrationSelection:
    from iecommons.policy.services.demonstration import selection_create

    return selection_create(
        actor=scene.world.supervisor,
        title=f"示范遴选{scene.next()}",
        run=_published_run(scene),
        jurisdiction=None,
        total=2,
    )


def _selection_in_notice(scene: Scene) -> None:
    selection = _selection_made(scene)
    DemonstrationSelection.objects.filter(pk=selection.pk).update(
        status=DemonstrationSelection.Status.NOTICE,
        notice_starts=datetime.date(2026, 3, 1),
        notice_ends=datetime.date(2026, 3, 7),
    )


@parent
def _selection(scene: Scene) -> DemonstrationSelection:
    return _selection_made(scene)


def _entry(scene: Scene) -> None:
    selection = _selection(scene)
    community = CommunityFactory(field=scene.community.field)
    DemonstrationEntry.objects.create(
        selection=selection,
        community=community,
        rank=100 + scene.next(),
        score=1.0,
        grade="pass",
        province_code=community.province.code,
        field_code=community.field.code,
        founded=community.founded,
        gates=[{"gate": "min_grade", "passed": True, "required": "pass", "actual": "pass"}],
        outcome="total",
    )


def _objection(scene: Scene) -> None:
    selection = _selection(scene)
    DemonstrationObjection.objects.create(
        selection=selection,
        entry=selection.entries.order_by("rank").first(),
        filed_by=UserFactory(username=f"objector{scene.next()}"),
        reason="数据存疑",
    )


def _student(scene: Scene) -> Student:
    number = scene.next()
    return Student.objects.create(
        college=_college(scene),
        name=f"学生{number}",
        student_number=f"2023{number:04d}",
        major_code=ROBOTS,
        year=2023,
        birth_date=datetime.date(2005, 3, 1),
    )


def _placement(scene: Scene) -> None:
    Placement.objects.create(round=_round(scene), student=_student(scene), lottery=scene.next())


def _published_need(scene: Scene) -> None:
    TalentNeed.objects.create(
        community=scene.community,
        organization=scene.member().organization,
        status=ListStatus.PUBLISHED,
        published_at=timezone.now(),
        occupation_code="6-31-01-10",
        title=f"工业机器人运维{scene.next()}",
        skill_level=TalentNeed.SkillLevel.INTERMEDIATE,
        headcount=5,
        region=scene.community.region,
        salary_min=5000,
        salary_max=8000,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2027, 6, 30),
    )


def _release(scene: Scene) -> None:
    OpenDataRelease.objects.create(
        version=scene.next(),
        descriptor_sha256="0" * 64,
        resources=[{"name": "communities", "path": "communities.csv", "rows": 1}],
    )


def _accepted_report(scene: Scene) -> None:
    AnnualReport.objects.create(
        community=CommunityFactory(),
        year=2025,
        status=AnnualReport.Status.ACCEPTED,
        accepted_at=timezone.now(),
        figures={"empty_sections": []},
    )


def _assignment(scene: Scene) -> None:
    community = CommunityFactory(field=scene.community.field, level=scene.community.level)
    scene.cycle.communities.add(community)
    ExpertAssignment.objects.create(
        cycle=scene.cycle,
        expert=scene.world.expert,
        community=community,
        assigned_by=scene.world.supervisor,
    )


def _certification_path(scene: Scene) -> None:
    """Paths in every state, in both provinces: pool, certified, due soon, overdue."""
    from tests.policy.conftest import certify

    number = scene.next()
    organization = scene.member().organization
    certification = certify(organization, organization.region.province)
    today = timezone.localdate()
    certification.status = ("pool", "certified", "certified", "certified")[number % 4]
    certification.confirmation_due = today + datetime.timedelta(days=(-5, 400, 30, -30)[number % 4])
    certification.save(update_fields=["status", "confirmation_due"])


def _criteria_version(scene: Scene) -> None:
    from iecommons.policy.services.certification import criteria_publish

    criteria_publish(
        actor=scene.world.provincial_supervisor,
        province=scene.community.province,
        items=[{"code": str(n), "text": f"条件{n}"} for n in range(1, 4 + scene.next() % 3)],
    )


LATER_LISTS = [
    # policy
    ListCase(
        "api:application_list",
        "provincial_supervisor",
        _submitted,
        lambda _s: "/api/policy/applications",
    ),
    ListCase(
        "policy:application_list",
        "provincial_supervisor",
        _submitted,
        page("policy:application_list"),
    ),
    ListCase(
        "api:ledger_list",
        "provincial_supervisor",
        _movement,
        lambda scene: f"/api/policy/programmes/{_programme(scene).pk}/ledger",
    ),
    ListCase("api:award_list", "stranger", _awarded, lambda _s: "/api/policy/awards"),
    ListCase(
        "policy:certification_list",
        "supervisor",
        _certification_path,
        page("policy:certification_list"),
    ),
    ListCase(
        "api:certification_list",
        "supervisor",
        _certification_path,
        lambda _s: "/api/policy/certifications",
    ),
    ListCase(
        "api:criteria_versions",
        "stranger",
        _criteria_version,
        lambda scene: f"/api/policy/provinces/{scene.community.province.code}/criteria",
    ),
    ListCase("policy:awards", "stranger", _awarded, page("policy:awards")),
    ListCase("policy:scenario_list", "supervisor", _scenario, page("policy:scenario_list")),
    ListCase("policy:document_list", "stranger", _policy_document, page("policy:document_list")),
    ListCase(
        "api:policy_document_list",
        "stranger",
        _policy_document,
        lambda _s: "/api/policy/documents",
    ),
    ListCase(
        "policy:demonstration_list",
        "stranger",
        _selection_in_notice,
        page("policy:demonstration_list"),
    ),
    ListCase(
        "api:demonstration_list",
        "stranger",
        _selection_in_notice,
        lambda _s: "/api/policy/demonstrations",
    ),
    ListCase(
        "policy:demonstration_candidates",
        "supervisor",
        _entry,
        lambda scene: reverse("policy:demonstration_candidates", args=[_selection(scene).pk]),
    ),
    ListCase(
        "api:demonstration_entry_list",
        "supervisor",
        _entry,
        lambda scene: f"/api/policy/demonstrations/{_selection(scene).pk}/entries",
    ),
    ListCase(
        "api:demonstration_objection_list",
        "supervisor",
        _objection,
        lambda scene: f"/api/policy/demonstrations/{_selection(scene).pk}/objections",
    ),
    # talent
    ListCase(
        "api:placement_list",
        _dean,
        _placement,
        lambda scene: f"/api/talent/rounds/{_round(scene).pk}/placements",
    ),
    ListCase(
        "api:student_list",
        _dean,
        lambda scene: _student(scene) and None,
        lambda scene: f"/api/talent/colleges/{_college(scene).pk}/students",
    ),
    ListCase(
        "talent:community_lists",
        "stranger",
        _published_need,
        page("talent:community_lists", community_id=community_pk),
    ),
    # oversight
    ListCase("api:releases", "stranger", _release, lambda _s: "/api/open-data"),
    ListCase("api:report_list", "stranger", _accepted_report, lambda _s: "/api/reports"),
    ListCase("reports:report_index", "stranger", _accepted_report, page("reports:report_index")),
    # assessment: the experts' assignments of a cycle
    ListCase(
        "api:assignment_list",
        "supervisor",
        _assignment,
        lambda scene: f"/api/assessment/cycles/{scene.cycle.pk}/assignments",
    ),
    ListCase(
        "assessment:expert_assignments",
        "supervisor",
        _assignment,
        lambda scene: reverse("assessment:expert_assignments", kwargs={"pk": scene.cycle.pk}),
    ),
]
