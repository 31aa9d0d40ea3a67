"""A withdrawal reaches the people it concerns: a graded community's own public page says a
correction was made (when, of which cycle, and why), and the secretariats of the cycle's
communities and the cycle's supervisors are notified, in the app and by e-mail after the
commit. A community the publication did not grade says nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from iecommons.assessment.models import Publication
from iecommons.assessment.services import publications as publication_services
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.common.models import Notification
from tests.assessment.runs_world import AssessmentWorld, assessment_world
from tests.factories import CommunityFactory
from tests.fixtures import World

pytestmark = pytest.mark.django_db

REASON = "第二季度数据录入有误，已更正。"


@pytest.fixture
def assessed(world: World) -> AssessmentWorld:
    return assessment_world(world)


@pytest.fixture
def published(world: World, assessed: AssessmentWorld) -> Publication:
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    run = run_execution.evaluation_run_execute(run_id=started.pk)
    return run_services.evaluation_run_publish(actor=world.supervisor, run=run)


def _withdraw(world: World, publication: Publication) -> None:
    publication_services.publication_withdraw(
        actor=world.supervisor, publication=publication, reason=REASON
    )


def _community_page(community_pk: int, language: str = "en") -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    return client.get(reverse("registry:community_detail", args=[community_pk])).content.decode()


def test_the_graded_community_s_page_says_a_correction_was_made(
    world: World, published: Publication
) -> None:
    before = _community_page(world.community_a.pk)
    assert "A correction was made" not in before
    _withdraw(world, published)
    page = _community_page(world.community_a.pk)
    assert "A correction was made on" in page
    assert REASON in page
    assert "were withdrawn" in page
    chinese = _community_page(world.community_a.pk, "zh-hans")
    assert "更正" in chinese
    assert REASON in chinese


def test_a_community_the_publication_did_not_grade_says_nothing(
    world: World, published: Publication
) -> None:
    other = CommunityFactory()
    _withdraw(world, published)
    assert "A correction was made" not in _community_page(other.pk)


def test_the_secretariats_and_the_supervisors_are_notified(
    world: World,
    published: Publication,
    django_capture_on_commit_callbacks: Any,
) -> None:
    world.secretary.email = "secretary@example.cn"
    world.secretary.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        _withdraw(world, published)
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    # community A's and B's secretariats (both in the cycle) and the national supervisor
    assert {"secretary", "outsider", "supervisor"} <= told
    # a provincial supervisor does not supervise a national cycle; an expert is not told
    assert "jiangsu" not in told
    assert "expert" not in told
    notice = Notification.objects.get(recipient=world.secretary)
    assert REASON in notice.body
    assert notice.link == reverse("assessment:published_grades")
    assert any("secretary@example.cn" in message.to for message in mail.outbox)
