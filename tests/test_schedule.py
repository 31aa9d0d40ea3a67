"""Periodic jobs run once per period, whoever looks at the clock and however often."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from iecommons.assessment.models import Survey
from iecommons.common.models import ScheduledRun
from iecommons.common.schedule import periodic_jobs, schedule_due
from tests.assessment.runs_world import assessment_world
from tests.fixtures import World

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
CLOSE_SURVEYS = {
    "assessment.close_surveys": {
        "task": "iecommons.assessment.tasks.close_due_surveys",
        "every": "day",
        "at": "00:10",
    }
}


def at(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=SHANGHAI)


def _job(every: str, at_time: str):
    return _jobs({"job": {"task": "x.y", "every": every, "at": at_time}})[0]


def _jobs(configured):
    from django.test import override_settings

    with override_settings(PERIODIC_JOBS=configured):
        return periodic_jobs()


@pytest.mark.parametrize(
    ("every", "at_time", "now", "period"),
    [
        ("hour", ":05", at(2026, 3, 2, 9, 4), at(2026, 3, 2, 8, 5)),
        ("hour", ":05", at(2026, 3, 2, 9, 5), at(2026, 3, 2, 9, 5)),
        ("day", "00:10", at(2026, 3, 2, 0, 9), at(2026, 3, 1, 0, 10)),
        ("day", "00:10", at(2026, 3, 2, 23, 0), at(2026, 3, 2, 0, 10)),
        # 2026-03-02 is a Monday: weekly jobs run on Mondays.
        ("week", "07:00", at(2026, 3, 2, 6, 59), at(2026, 2, 23, 7, 0)),
        ("week", "07:00", at(2026, 3, 8, 22, 0), at(2026, 3, 2, 7, 0)),
    ],
)
def test_a_period_starts_at_its_time_in_beijing_time(every, at_time, now, period) -> None:
    assert _job(every, at_time).period_start(now.astimezone(datetime.UTC)) == period


@pytest.mark.parametrize(
    ("entry", "named"),
    [
        ({"every": "day"}, '"task": "dotted.path"'),
        ({"task": "x.y", "every": "month"}, "'every' is 'month'"),
        ({"task": "x.y", "every": "day", "at": "25:00"}, "'at' is '25:00'"),
        ({"task": "x.y", "every": "hour", "at": "09:05"}, "'at' is '09:05'"),
        ({"task": "x.y", "every": "day", "at": "noon"}, "'at' is 'noon'"),
    ],
)
def test_a_misconfigured_job_is_named_with_what_was_expected(entry, named) -> None:
    with pytest.raises(ImproperlyConfigured) as error:
        _jobs({"broken.job": entry})
    assert "PERIODIC_JOBS['broken.job']" in str(error.value)
    assert named in str(error.value)


@pytest.mark.django_db
def test_a_job_is_enqueued_once_per_period_however_often_the_clock_is_read(settings) -> None:
    settings.PERIODIC_JOBS = CLOSE_SURVEYS
    morning = at(2026, 3, 2, 8, 0)
    assert schedule_due(now=morning) == ["assessment.close_surveys"]
    assert schedule_due(now=morning) == []
    assert schedule_due(now=at(2026, 3, 2, 23, 59)) == []
    assert DBTaskResult.objects.count() == 1
    assert schedule_due(now=at(2026, 3, 3, 0, 10)) == ["assessment.close_surveys"]
    assert list(
        ScheduledRun.objects.order_by("period_start").values_list("period_start", flat=True)
    ) == [
        at(2026, 3, 2, 0, 10),
        at(2026, 3, 3, 0, 10),
    ]
    assert DBTaskResult.objects.count() == 2


@pytest.mark.django_db
def test_the_platform_schedules_the_calendar_jobs_it_has() -> None:
    names = {job.name for job in periodic_jobs()}
    assert {"assessment.close_surveys", "collaboration.escalate_bookings"} <= names
    for job in periodic_jobs():
        from django.utils.module_loading import import_string

        assert hasattr(import_string(job.task), "enqueue"), job.name


@pytest.mark.django_db(transaction=True)
def test_the_schedule_and_a_worker_close_a_survey_past_its_last_day(world: World, settings) -> None:
    settings.PERIODIC_JOBS = CLOSE_SURVEYS
    cycle = assessment_world(world).cycle
    survey = Survey.objects.create(
        cycle=cycle,
        title="满意度调查",
        status=Survey.Status.OPEN,
        closes_on=datetime.date(2020, 1, 1),
        created_by=world.supervisor,
    )
    # What a cron host runs: the due periodic jobs enqueued, then the queue worked through.
    call_command("schedule", "--due", verbosity=0)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    call_command("schedule", "--due", verbosity=0)
    assert ScheduledRun.objects.filter(job="assessment.close_surveys").count() == 1


@pytest.mark.django_db
def test_the_schedule_command_lists_the_jobs_and_enqueues_the_due_ones(settings, capsys) -> None:
    settings.PERIODIC_JOBS = CLOSE_SURVEYS
    call_command("schedule")
    assert "assessment.close_surveys" in capsys.readouterr().out
    call_command("schedule", "--due")
    assert "enqueued: assessment.close_surveys" in capsys.readouterr().out
    call_command("schedule", "--due")
    assert "nothing is due" in capsys.readouterr().out
    call_command("schedule")
    assert "never" not in capsys.readouterr().out
