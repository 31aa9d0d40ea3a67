"""Defects found trying the resource pages as a new user would, each pinned."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from iecommons.collaboration.models import AvailabilityWindow, Closure
from iecommons.common.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_weekly_window_is_added_and_audited(collab):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(collab.owner_rep)
    response = client.post(
        reverse("collaboration:window_add", args=[collab.resource.pk]),
        {"window-weekday": "5", "window-start_time": "09:00", "window-end_time": "12:30"},
    )
    assert response.status_code == 302
    window = AvailabilityWindow.objects.get(resource=collab.resource, weekday=5)
    assert window.start_time == datetime.time(9)
    entry = AuditEntry.objects.get(operation="availability_window_add")
    assert entry.changes["start_time"] == [None, "09:00:00"]


def test_a_closure_reads_in_local_time():
    shanghai = ZoneInfo("Asia/Shanghai")
    closure = Closure(
        start=datetime.datetime(2026, 5, 1, 8, 0, tzinfo=shanghai),
        end=datetime.datetime(2026, 5, 1, 18, 0, tzinfo=shanghai),
        reason="检修",
    )
    assert str(closure) == "2026-05-01 08:00–2026-05-01 18:00 检修"
