"""Every list page and API list costs the same number of queries for a few rows as for many.

:data:`LISTS` is the registry of lists: each names its URL, who looks at it, how to add
rows to it and where it is. One test walks it (few rows, then many more, same queries);
another walks the URL resolver and fails when a list-like URL (its name ends in
``_list``, ``_queue``, ``_table``, ``_history``, or is a plural such as ``tokens``) is
neither in :data:`LISTS` nor in :data:`NOT_LISTS` with the reason it is not one. A new
list URL thus cannot skip the registry.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from iecommons.accounts.models import ApiToken
from iecommons.assessment.models import (
    AssessmentCycle,
    EvaluationRun,
    Evidence,
    IndicatorFramework,
    IndicatorValue,
    Publication,
    RectificationTask,
    Survey,
    SurveyInvitation,
)
from iecommons.assessment.services import runs as run_services
from iecommons.collaboration.models import (
    Announcement,
    Booking,
    Document,
    Meeting,
    Post,
    Resource,
    Thread,
)
from iecommons.common.models import Notification
from iecommons.projects.models import (
    Commitment,
    Contribution,
    Outcome,
    Participant,
    Project,
)
from iecommons.registry.models import Field, Region
from tests.factories import CommunityFactory, OrganizationFactory, shenzhen
from tests.fixtures import World
from tests.list_cases_later import LATER_LISTS
from tests.list_cases_talent import TALENT_LISTS
from tests.list_scene import FEW, MORE, ListCase, Scene, community_pk, page, viewer_of

pytestmark = pytest.mark.django_db


def _communities(scene: Scene) -> None:
    CommunityFactory(region=shenzhen()) if scene.next() % 2 else CommunityFactory()


def _organizations(scene: Scene) -> None:
    OrganizationFactory(region=shenzhen()) if scene.next() % 2 else OrganizationFactory()


def _history(scene: Scene) -> None:
    from iecommons.common import audit

    membership = scene.member()
    audit.record(actor=scene.world.secretary, instance=membership, operation="membership_admit")


def _organization_history(scene: Scene) -> None:
    from iecommons.common import audit

    organization = scene.world.member_a
    before = audit.snapshot(organization)
    organization.description = f"简介{scene.next()}"
    organization.save(update_fields=["description"])
    audit.record(
        actor=scene.world.secretary,
        instance=organization,
        operation="organization_update",
        before=before,
    )


def _announcement(scene: Scene) -> None:
    Announcement.objects.create(
        community=scene.community, title="通知", body="正文", author=scene.world.secretary
    )


def _thread(scene: Scene) -> None:
    Thread.objects.create(
        community=scene.community,
        title=f"讨论{scene.next()}",
        author=scene.world.representative,
        last_post_at=timezone.now(),
    )


def _post(scene: Scene) -> None:
    Post.objects.create(thread=scene.thread, author=scene.world.representative, body="回复")


def _document(scene: Scene) -> None:
    Document.objects.create(
        community=scene.community, title=f"文件{scene.next()}", created_by=scene.world.secretary
    )


def _meeting(scene: Scene) -> None:
    meeting = Meeting.objects.create(
        community=scene.community,
        title="理事会",
        held_on=datetime.date(2025, 3, 1),
        recorded_by=scene.world.secretary,
    )
    meeting.attendees.set([])


def _resource(scene: Scene) -> None:
    owner = scene.member().organization
    Resource.objects.create(
        community=scene.community,
        owner=owner,
        name=f"实训室{scene.next()}",
        type=Resource.Type.LAB,
        capacity=1,
        unit="间",
    )


def _booking(scene: Scene) -> None:
    start = timezone.now() + datetime.timedelta(days=7 + scene.next())
    Booking.objects.create(
        resource=scene.resource,
        organization=scene.owner,
        start=start,
        end=start + datetime.timedelta(hours=2),
        quantity=1,
        purpose="实训课",
        status=Booking.Status.PENDING,
    )


def _notification(scene: Scene) -> None:
    Notification.objects.create(recipient=scene.world.secretary, subject="提醒")


def _token(scene: Scene) -> None:
    number = scene.next()
    ApiToken.objects.create(
        user=scene.world.secretary,
        name=f"脚本{number}",
        prefix="iec_",
        key_hash=f"{number:064d}",
        expires_at=timezone.now() + datetime.timedelta(days=90),
    )


def _project(scene: Scene) -> None:
    project = Project.objects.create(
        community=scene.community,
        title=f"项目{scene.next()}",
        type=Project.Type.JOINT_RD,
        start=datetime.date(2025, 1, 1),
        budget=1000,
    )
    Participant.objects.create(
        project=project, organization=scene.member().organization, role=Participant.Role.LEAD
    )


def _commitment(scene: Scene) -> None:
    membership = scene.member(duties="每年提供实习岗位")
    Commitment.objects.create(
        membership=membership,
        description="实习岗位",
        quantity=10,
        unit="个",
        start=datetime.date(2025, 1, 1),
    )


def _contribution(scene: Scene) -> None:
    participant = Participant.objects.create(
        project=scene.project, organization=scene.member().organization
    )
    Contribution.objects.create(
        participant=participant,
        organization=participant.organization,
        kind=Contribution.Kind.CASH,
        value=100,
        date=datetime.date(2025, 2, 1),
        year=2025,
    )


def _outcome(scene: Scene) -> None:
    Outcome.objects.create(
        project=scene.project,
        kind=Outcome.Kind.PATENT,
        title=f"专利{scene.next()}",
        quantity=1,
        date=datetime.date(2025, 2, 1),
    )


def _allocation(scene: Scene) -> None:
    from iecommons.projects.sharing import allocation_create

    if not Contribution.objects.filter(participant__project=scene.project).exists():
        _contribution(scene)  # the proportional rule shares by what was put in
    allocation_create(
        actor=scene.world.secretary,
        project=scene.project,
        amount="1000",
        date=datetime.date(2025, 3, 1),
        description=f"收益{scene.next()}",
    )


def _field(scene: Scene) -> None:
    Field.objects.create(code=f"field-{scene.next()}", name_zh="领域", name_en="Field")


def _region(scene: Scene) -> None:
    number = scene.next()
    Region.objects.create(
        code=f"{990000 + number}",
        name_zh=f"地区{number}",
        name_en="Region",
        level=Region.Level.CITY,
    )


def _cycle(scene: Scene) -> None:
    first = scene.cycle
    cycle = AssessmentCycle.objects.create(
        name=f"{first.name} {scene.next()}",
        year=first.year,
        period_start=first.period_start,
        period_end=first.period_end,
        framework=first.framework,
        jurisdiction=first.jurisdiction,
        submission_deadline=first.submission_deadline,
        verification_deadline=first.verification_deadline,
        judgment_deadline=first.judgment_deadline,
    )
    cycle.communities.set([scene.community])


def _survey(scene: Scene) -> Survey:
    return Survey.objects.create(
        cycle=scene.cycle,
        title=f"满意度调查{scene.next()}",
        status=Survey.Status.OPEN,
        created_by=scene.world.supervisor,
    )


def _invitation(scene: Scene) -> None:
    SurveyInvitation.objects.create(
        survey=_survey(scene),
        community=scene.community,
        organization=scene.world.member_a,
        user=scene.world.representative,
    )


def _evidence(scene: Scene) -> None:
    from django.core.files.base import ContentFile

    value = IndicatorValue.objects.filter(cycle=scene.cycle, community=scene.community).first()
    assert value is not None
    evidence = Evidence(
        value=value, original_name="纪要.pdf", size=8, content_type="application/pdf"
    )
    evidence.file.save("纪要.pdf", ContentFile(b"%PDF-1.4"), save=False)
    evidence.save()


def _programme(scene: Scene) -> None:
    from tests.policy.conftest import open_programme

    open_programme(scene.world.supervisor, None, title=f"产教融合奖补{scene.next()}")


def _certified(scene: Scene) -> None:
    from tests.policy.conftest import certify

    certify(scene.member().organization, scene.community.province)


def _framework(scene: Scene) -> None:
    IndicatorFramework.objects.create(name=f"指标体系{scene.next()}")


def _submitted_value(scene: Scene) -> None:
    """A value waiting for verification, of another community of the cycle."""
    community = CommunityFactory(field=scene.community.field, level=scene.community.level)
    scene.cycle.communities.add(community)
    IndicatorValue.objects.create(
        cycle=scene.cycle,
        community=community,
        indicator=next(iter(scene.assessed.indicators.values())),
        value=50.0,
        status=IndicatorValue.Status.SUBMITTED,
        submitted_by=scene.world.secretary,
        submitted_at=timezone.now(),
    )


def _result(scene: Scene) -> None:
    scene.result_like_the_first()


def _published_result(scene: Scene) -> None:
    if not Publication.objects.filter(cycle=scene.cycle).exists():
        run_services.evaluation_run_publish(actor=scene.world.supervisor, run=scene.run)
    scene.result_like_the_first()


def _correction(scene: Scene) -> None:
    """Another withdrawn publication of the run (as publication_withdraw leaves it)."""
    Publication.objects.create(
        cycle=scene.cycle,
        run=scene.run,
        published_by=scene.world.supervisor,
        withdrawn_at=timezone.now(),
        withdrawn_by=scene.world.supervisor,
        withdrawal_reason="数据有误",
    )


def _task(scene: Scene) -> None:
    result = scene.result_like_the_first()
    RectificationTask.objects.create(
        community=result.community,
        cycle=scene.cycle,
        run=scene.run,
        indicator=next(iter(scene.assessed.indicators.values())),
        description="整改",
        deadline=datetime.date(2026, 6, 30),
    )


def _run(scene: Scene) -> None:
    first = scene.run
    EvaluationRun.objects.create(
        cycle=scene.cycle,
        framework=first.framework,
        framework_version=first.framework_version,
        methods=first.methods,
        weights=first.weights,
        engine_version=first.engine_version,
        input_sha256=first.input_sha256,
        status=EvaluationRun.Status.DONE,
        created_by=scene.world.supervisor,
    )


LISTS = [
    # registry
    ListCase("registry:community_list", "stranger", _communities, page("registry:community_list")),
    ListCase(
        "registry:organization_list",
        "stranger",
        _organizations,
        page("registry:organization_list"),
    ),
    ListCase(
        "registry:community_history",
        "secretary",
        _history,
        page("registry:community_history", pk=community_pk),
    ),
    ListCase(
        "registry:organization_history",
        "supervisor",
        lambda scene: _organization_history(scene),
        lambda scene: reverse(
            "registry:organization_history", kwargs={"pk": scene.world.member_a.pk}
        ),
    ),
    ListCase("api:community_list", "stranger", _communities, lambda _s: "/api/communities"),
    ListCase("api:organization_list", "stranger", _organizations, lambda _s: "/api/organizations"),
    ListCase(
        "api:community_member_list",
        "stranger",
        lambda scene: scene.member() and None,
        lambda scene: f"/api/communities/{scene.community.pk}/members",
    ),
    ListCase(
        "api:community_history",
        "secretary",
        _history,
        lambda scene: f"/api/communities/{scene.community.pk}/history",
    ),
    ListCase("api:field_list", "stranger", _field, lambda _s: "/api/fields"),
    ListCase("api:region_list", "stranger", _region, lambda _s: "/api/regions"),
    # accounts
    ListCase("accounts:tokens", "secretary", _token, page("accounts:tokens")),
    ListCase("api:token_list", "secretary", _token, lambda _s: "/api/tokens"),
    # collaboration
    ListCase(
        "collaboration:resource_list",
        "representative",
        _resource,
        page("collaboration:resource_list", community_id=community_pk),
    ),
    ListCase(
        "api:resource_list",
        "representative",
        _resource,
        lambda scene: f"/api/collaboration/communities/{scene.community.pk}/resources",
    ),
    ListCase(
        "collaboration:announcement_list",
        "representative",
        _announcement,
        page("collaboration:announcement_list", community_id=community_pk),
    ),
    ListCase(
        "api:announcement_list",
        "representative",
        _announcement,
        lambda scene: f"/api/collaboration/communities/{scene.community.pk}/announcements",
    ),
    ListCase(
        "collaboration:thread_list",
        "representative",
        _thread,
        page("collaboration:thread_list", community_id=community_pk),
    ),
    ListCase(
        "api:thread_list",
        "representative",
        _thread,
        lambda scene: f"/api/collaboration/communities/{scene.community.pk}/threads",
    ),
    ListCase(
        "collaboration:thread_detail",
        "representative",
        _post,
        lambda scene: reverse("collaboration:thread_detail", args=[scene.thread.pk]),
    ),
    ListCase(
        "api:post_list",
        "representative",
        _post,
        lambda scene: f"/api/collaboration/threads/{scene.thread.pk}/posts",
    ),
    ListCase(
        "collaboration:document_list",
        "representative",
        _document,
        page("collaboration:document_list", community_id=community_pk),
    ),
    ListCase(
        "collaboration:meeting_list",
        "representative",
        _meeting,
        page("collaboration:meeting_list", community_id=community_pk),
    ),
    ListCase(
        "collaboration:booking_mine",
        "representative",
        _booking,
        page("collaboration:booking_mine"),
    ),
    ListCase(
        "collaboration:booking_to_decide",
        "representative",
        _booking,
        page("collaboration:booking_to_decide"),
    ),
    ListCase(
        "api:booking_list", "representative", _booking, lambda _s: "/api/collaboration/bookings"
    ),
    ListCase(
        "api:booking_to_decide_list",
        "representative",
        _booking,
        lambda _s: "/api/collaboration/bookings/to-decide",
    ),
    ListCase(
        "collaboration:notifications",
        "secretary",
        _notification,
        page("collaboration:notifications"),
    ),
    # projects
    ListCase(
        "projects:community_projects",
        "secretary",
        _project,
        page("projects:community_projects", community_id=community_pk),
    ),
    ListCase(
        "api:project_list",
        "secretary",
        _project,
        lambda scene: f"/api/projects/communities/{scene.community.pk}",
    ),
    ListCase(
        "projects:commitments",
        "secretary",
        _commitment,
        page("projects:commitments", community_id=community_pk),
    ),
    ListCase(
        "api:contribution_list",
        "secretary",
        _contribution,
        lambda scene: f"/api/projects/{scene.project.pk}/contributions",
    ),
    ListCase(
        "api:allocation_list",
        "secretary",
        _allocation,
        lambda scene: f"/api/projects/{scene.project.pk}/allocations",
    ),
    ListCase(
        "api:outcome_list",
        "secretary",
        _outcome,
        lambda scene: f"/api/projects/{scene.project.pk}/outcomes",
    ),
    # policy
    ListCase("api:programme_list", "stranger", _programme, lambda _s: "/api/policy/programmes"),
    ListCase("api:certified_list", "stranger", _certified, lambda _s: "/api/policy/certified"),
    ListCase("policy:programme_list", "stranger", _programme, page("policy:programme_list")),
    ListCase("policy:certified_list", "stranger", _certified, page("policy:certified_list")),
    # assessment
    ListCase("assessment:cycle_list", "supervisor", _cycle, page("assessment:cycle_list")),
    ListCase("api:cycle_list", "supervisor", _cycle, lambda _s: "/api/assessment/cycles"),
    ListCase(
        "assessment:survey_list",
        "supervisor",
        lambda scene: _survey(scene) and None,
        lambda scene: reverse("assessment:survey_list", kwargs={"pk": scene.cycle.pk}),
    ),
    ListCase("assessment:my_surveys", "representative", _invitation, page("assessment:my_surveys")),
    ListCase(
        "api:value_list",
        "secretary",
        _evidence,
        lambda scene: (
            f"/api/assessment/cycles/{scene.cycle.pk}/communities/{scene.community.pk}/values"
        ),
    ),
    ListCase(
        "assessment:community_data",
        "secretary",
        _evidence,
        lambda scene: reverse(
            "assessment:community_data",
            kwargs={"pk": scene.cycle.pk, "community_pk": scene.community.pk},
        ),
    ),
    ListCase(
        "assessment:framework_list", "supervisor", _framework, page("assessment:framework_list")
    ),
    ListCase(
        "api:framework_list", "supervisor", _framework, lambda _s: "/api/assessment/frameworks"
    ),
    ListCase(
        "assessment:verification_queue",
        "supervisor",
        _submitted_value,
        lambda scene: reverse("assessment:verification_queue", kwargs={"pk": scene.cycle.pk}),
    ),
    ListCase(
        "assessment:run_list",
        "supervisor",
        _run,
        lambda scene: reverse("assessment:run_list", kwargs={"cycle_pk": scene.cycle.pk}),
    ),
    ListCase(
        "api:run_list",
        "supervisor",
        _run,
        lambda scene: f"/api/assessment/cycles/{scene.cycle.pk}/runs",
    ),
    ListCase(
        "assessment:results_table",
        "supervisor",
        _result,
        lambda scene: reverse("assessment:results_table", kwargs={"pk": scene.run.pk}),
    ),
    ListCase(
        "api:result_list",
        "supervisor",
        _result,
        lambda scene: f"/api/assessment/runs/{scene.run.pk}/results",
    ),
    ListCase(
        "assessment:published_grades",
        "stranger",
        _published_result,
        page("assessment:published_grades"),
    ),
    ListCase(
        "api:published_grades", "stranger", _published_result, lambda _s: "/api/assessment/grades"
    ),
    ListCase("api:corrections", "stranger", _correction, lambda _s: "/api/assessment/corrections"),
    ListCase(
        "assessment:rectification_list",
        "supervisor",
        _task,
        page("assessment:rectification_list"),
    ),
]

#: URLs that look like lists but are not, each with the reason.
NOT_LISTS = {
    "assessment:judgment_list": "the nodes of the cycle's framework to judge: a fixed tree",
    "assessment:run_progress": "the progress bar of one run, an htmx partial",
}

LIST_LIKE = re.compile(r"(_list|_queue|_table|_history|_mine|_to_decide|[a-z]s)$")


def _queries(client: Client, url: str) -> int:
    cache.clear()  # measure the work of a miss: cached pages and answers are built then
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 100} if url.startswith("/api/") else {})
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


@pytest.mark.parametrize(
    "case",
    LISTS + LATER_LISTS + TALENT_LISTS,
    ids=[c.name for c in LISTS + LATER_LISTS + TALENT_LISTS],
)
def test_a_list_costs_the_same_queries_for_a_few_rows_as_for_many(
    world: World, case: ListCase
) -> None:
    scene = Scene(world)
    for _ in range(FEW):
        case.add(scene)
    url = case.url(scene)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(viewer_of(case, scene))
    _queries(client, url)  # warms the caches a first visit fills (data version, sessions)
    few = _queries(client, url)
    for _ in range(MORE):
        case.add(scene)
    many = _queries(client, url)
    assert many == few, f"{case.name}: {few} queries for {FEW} rows, {many} for {FEW + MORE}"


def _url_names(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def test_every_list_url_is_in_the_registry_of_lists() -> None:
    registered = {case.name for case in LISTS + LATER_LISTS + TALENT_LISTS} | set(NOT_LISTS)
    list_like = {
        name
        for name in _url_names(get_resolver().url_patterns)
        if not name.startswith("admin:") and LIST_LIKE.search(name.split(":")[-1])
    }
    assert sorted(list_like - registered) == [], (
        "a list URL without a query-count case: add it to LISTS (or to NOT_LISTS with why)"
    )
