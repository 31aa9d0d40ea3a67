"""The notifications page: the user's own notifications, marking them read."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from iecommons.common.models import Notification
from iecommons.common.notifications import notify

pytestmark = pytest.mark.django_db


def test_a_user_sees_only_their_notifications_and_marks_one_read(client, world):
    mine = notify(recipients=[world.representative], subject="给代表的通知", link="/x/")[0]
    notify(recipients=[world.secretary], subject="给秘书处的通知")
    client.force_login(world.representative)
    page = client.get("/collaboration/notifications/").content.decode()
    assert "给代表的通知" in page
    assert "给秘书处的通知" not in page
    response = client.post(f"/collaboration/notifications/{mine.pk}/read/")
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_nobody_can_mark_anothers_notification_read(client, world):
    theirs = notify(recipients=[world.secretary], subject="秘书处")[0]
    client.force_login(world.representative)
    assert client.post(f"/collaboration/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_unread_count_tag_counts_unread_notifications(world):
    notify(recipients=[world.representative], subject="一")
    notify(recipients=[world.representative], subject="二")
    Notification.objects.filter(subject="一").update(read_at="2026-01-01T00:00:00Z")
    template = Template("{% load collaboration %}{% unread_notifications_count user %}")
    assert template.render(Context({"user": world.representative})) == "1"
