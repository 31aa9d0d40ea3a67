"""Digests: each person chooses daily or weekly, in its language; the digest lists what needs
it (the home page shows the same lines); the scheduled job sends each period's digest once,
never twice, however often it runs."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from iecommons.common.schedule import schedule_due
from iecommons.desk.digest import digest_lines
from iecommons.desk.models import DigestPreference, DigestSent
from iecommons.desk.services import digest_preference_set, digests_send
from tests.fixtures import World

MONDAY = datetime.datetime(2026, 11, 30, 7, 0, tzinfo=datetime.UTC)
TUESDAY = MONDAY + datetime.timedelta(days=1)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def secretary_email(world: World) -> None:
    world.secretary.email = "secretary@example.cn"
    world.secretary.save(update_fields=["email"])


def test_the_digest_names_the_report_still_to_submit(world: World) -> None:
    lines = digest_lines(world.secretary, today=datetime.date(2026, 3, 1))
    kinds = [line.kind for line in lines]
    assert "report_to_submit" in kinds
    line = next(line for line in lines if line.kind == "report_to_submit")
    assert "2025" in line.text
    assert line.link == reverse("reports:report_detail", args=[world.community_a.pk, 2025])
    assert not [line for line in digest_lines(world.stranger) if line.kind == "report_to_submit"]


def test_the_home_page_shows_what_needs_the_person(world: World) -> None:
    response = signed_in(world.secretary).get(reverse("desk:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "annual quality report" in response.content.decode()


def test_a_daily_digest_goes_out_once_a_day_in_the_chosen_language(
    world: World, secretary_email: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in(world.secretary)
    response = client.post(reverse("desk:digest_choose"), {"frequency": "daily", "language": "en"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(now=TUESDAY) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(now=TUESDAY + datetime.timedelta(hours=5)) == 0  # never twice
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["secretary@example.cn"]
    assert "things need you" in message.subject
    assert "annual quality report 2025" in message.body
    assert DigestSent.objects.filter(user=world.secretary).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(now=TUESDAY + datetime.timedelta(days=1)) == 1  # the next day
    assert len(mail.outbox) == 2


def test_a_weekly_digest_goes_out_on_mondays_only_and_in_chinese_by_choice(
    world: World, secretary_email: None, django_capture_on_commit_callbacks: Any
) -> None:
    digest_preference_set(actor=world.secretary, frequency="weekly", language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(now=TUESDAY) == 0
        assert digests_send(now=MONDAY) == 1
        assert digests_send(now=MONDAY) == 0
    assert len(mail.outbox) == 1
    assert "年度质量报告" in mail.outbox[0].body


def test_the_scheduled_job_is_enqueued_once_a_day(world: World) -> None:
    now = timezone.now()
    assert "desk.send_digests" in schedule_due(now=now)
    assert "desk.send_digests" not in schedule_due(now=now + datetime.timedelta(minutes=5))


def test_a_person_chooses_only_its_own_digest_and_a_bad_choice_is_refused(world: World) -> None:
    assert Client().post(reverse("desk:digest_choose"), {"frequency": "daily"}).status_code == 302
    assert not DigestPreference.objects.exists()
    client = signed_in(world.stranger)
    assert (
        client.post(
            reverse("desk:digest_choose"), {"frequency": "hourly", "language": "en"}
        ).status_code
        == 422
    )
    assert (
        client.post(
            reverse("desk:digest_choose"), {"frequency": "weekly", "language": "en"}
        ).status_code
        == 302
    )
    assert list(DigestPreference.objects.values_list("user__username", "frequency")) == [
        ("stranger", "weekly")
    ]
