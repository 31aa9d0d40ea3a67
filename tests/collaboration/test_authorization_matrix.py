"""Every collaboration page and API endpoint, for each named person, against community A.

Legend of the expected answers:
- ``private``: those who may see A's private records (operator, both A supervisors, the
  secretary, the expert, A's member representatives) get 200; the others 403 (a
  community page) or 404 (an object); anonymous visitors are sent to log in (302) on a
  page and get 401 from the API.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from iecommons.collaboration import services
from iecommons.collaboration.models import Announcement, Booking, Meeting, Resource, Thread
from tests.collaboration.conftest import make_booking

PEOPLE = [
    "anonymous",
    "operator",
    "supervisor",
    "provincial_supervisor",
    "guangdong_supervisor",
    "secretary",
    "outsider",
    "representative",
    "owner_rep",
    "expert",
    "stranger",
]
PRIVATE = {
    "operator",
    "supervisor",
    "provincial_supervisor",
    "secretary",
    "representative",
    "owner_rep",
    "expert",
}
SECRETARIAT = {"operator", "secretary"}
PARTICIPANTS = {"operator", "secretary", "representative", "owner_rep"}
OWNERS = {"operator", "secretary", "owner_rep"}


@dataclass
class Objects:
    resource: Resource
    booking: Booking
    private_announcement: Announcement
    public_announcement: Announcement
    thread: Thread
    document_id: int
    version_id: int
    meeting: Meeting


@pytest.fixture
def objects(collab, settings, tmp_path) -> Objects:
    settings.MEDIA_ROOT = tmp_path
    world = collab.world
    booking = make_booking(collab.resource, world.member_a, collab.at(0, 9), collab.at(0, 10))
    booking.requested_by = world.representative
    booking.save()
    private = services.announcement_publish(
        actor=world.secretary, community=world.community_a, title="内部通知", body="仅成员"
    )
    public = services.announcement_publish(
        actor=world.secretary,
        community=world.community_a,
        title="公开通知",
        body="公开",
        is_public=True,
    )
    thread = services.thread_start(
        actor=world.representative, community=world.community_a, title="讨论", body="第一帖"
    )
    version = services.document_upload(
        actor=world.secretary,
        community=world.community_a,
        title="章程",
        file=SimpleUploadedFile("章程.txt", "共同体章程".encode()),
    )
    meeting = services.meeting_record(
        actor=world.secretary,
        community=world.community_a,
        title="理事会",
        held_on=timezone.localdate() - datetime.timedelta(days=3),
        decisions=["通过章程"],
    )
    return Objects(
        resource=collab.resource,
        booking=booking,
        private_announcement=private,
        public_announcement=public,
        thread=thread,
        document_id=version.document_id,
        version_id=version.pk,
        meeting=meeting,
    )


def _person(collab, name):  # type: ignore[no-untyped-def]
    if name == "anonymous":
        return None
    if name == "owner_rep":
        return collab.owner_rep
    return getattr(collab.world, name)


def _client(collab, name) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    user = _person(collab, name)
    if user is not None:
        client.force_login(user)
    return client


def _private_page(name: str, *, community_page: bool) -> int:
    if name == "anonymous":
        return 302
    if name in PRIVATE:
        return 200
    return 403 if community_page else 404


def _gated_page(name: str, allowed: set[str], *, hidden: int = 403) -> int:
    """Pages only some of those who can see private records may open."""
    if name == "anonymous":
        return 302
    if name in allowed:
        return 200
    return 403 if name in PRIVATE else hidden


def _page_expectations(o: Objects, a: int) -> list[tuple[str, dict[str, int]]]:
    everyone = dict.fromkeys(PEOPLE, 200)
    signed_in = {name: 302 if name == "anonymous" else 200 for name in PEOPLE}
    private_c = {name: _private_page(name, community_page=True) for name in PEOPLE}
    private_o = {name: _private_page(name, community_page=False) for name in PEOPLE}
    return [
        (f"/collaboration/c/{a}/", everyone),
        (f"/collaboration/c/{a}/resources/", everyone),
        (f"/collaboration/c/{a}/resources/?type=lab&q=数控", everyone),
        (f"/collaboration/resources/{o.resource.pk}/", everyone),
        (f"/collaboration/c/{a}/resources/new/", {n: _gated_page(n, PARTICIPANTS) for n in PEOPLE}),
        (
            f"/collaboration/resources/{o.resource.pk}/edit/",
            {n: _gated_page(n, OWNERS, hidden=404) for n in PEOPLE},
        ),
        ("/collaboration/bookings/", signed_in),
        ("/collaboration/bookings/requests/", signed_in),
        (f"/collaboration/bookings/{o.booking.pk}/", private_o),
        ("/collaboration/notifications/", signed_in),
        (f"/collaboration/c/{a}/announcements/", everyone),
        (f"/collaboration/announcements/{o.public_announcement.pk}/", everyone),
        (f"/collaboration/announcements/{o.private_announcement.pk}/", private_o),
        (
            f"/collaboration/c/{a}/announcements/new/",
            {n: _gated_page(n, SECRETARIAT) for n in PEOPLE},
        ),
        (f"/collaboration/c/{a}/threads/", private_c),
        (f"/collaboration/c/{a}/threads/new/", {n: _gated_page(n, PARTICIPANTS) for n in PEOPLE}),
        (f"/collaboration/threads/{o.thread.pk}/", private_o),
        (f"/collaboration/c/{a}/documents/", private_c),
        (
            f"/collaboration/c/{a}/documents/new/",
            {n: _gated_page(n, PARTICIPANTS) for n in PEOPLE},
        ),
        (f"/collaboration/documents/{o.document_id}/", private_o),
        (f"/collaboration/documents/versions/{o.version_id}/download/", private_o),
        (f"/collaboration/c/{a}/meetings/", private_c),
        (f"/collaboration/c/{a}/meetings/new/", {n: _gated_page(n, SECRETARIAT) for n in PEOPLE}),
        (f"/collaboration/meetings/{o.meeting.pk}/", private_o),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PEOPLE)
def test_every_page_answers_each_person_as_the_rules_say(collab, objects, name):
    client = _client(collab, name)
    problems = []
    for url, expected in _page_expectations(objects, collab.world.community_a.pk):
        status = client.get(url).status_code
        if status != expected[name]:
            problems.append(f"{url}: expected {expected[name]}, got {status}")
    assert problems == []


def _action_status(name: str, allowed: set[str]) -> int:
    if name == "anonymous":
        return 302
    if name in allowed:
        return 302  # done, back to the booking page
    return 403 if name in PRIVATE else 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize(
    ("action", "allowed", "done_status"),
    [
        ("approve", OWNERS, Booking.Status.APPROVED),
        ("decline", OWNERS, Booking.Status.DECLINED),
        ("cancel", {"representative"}, Booking.Status.CANCELLED),
    ],
)
def test_booking_actions_are_open_only_to_whom_the_rules_say(
    collab, objects, name, action, allowed, done_status
):
    client = _client(collab, name)
    response = client.post(
        f"/collaboration/bookings/{objects.booking.pk}/{action}/", {"comment": "理由"}
    )
    assert response.status_code == _action_status(name, allowed)
    objects.booking.refresh_from_db()
    if name in allowed:
        assert objects.booking.status == done_status
    else:
        assert objects.booking.status == Booking.Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("name", PEOPLE)
def test_only_a_representative_of_an_active_member_can_request_a_booking(collab, objects, name):
    client = _client(collab, name)
    start = collab.at(1, 9)
    response = client.post(
        f"/collaboration/resources/{objects.resource.pk}/book/",
        {
            "organization": collab.world.member_a.pk if name != "owner_rep" else collab.owner.pk,
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "quantity": 1,
            "purpose": "实训",
        },
    )
    expected = {"representative": 302, "owner_rep": 302, "anonymous": 302}.get(
        name, 403 if name in PRIVATE else 404
    )
    assert response.status_code == expected
    made = Booking.objects.filter(start=start).count()
    assert made == (1 if name in ("representative", "owner_rep") else 0)


# --- API -------------------------------------------------------------------------------------


def _api_private(name: str, *, community_level: bool = False) -> int:
    if name == "anonymous":
        return 401
    if name in PRIVATE:
        return 200
    return 403 if community_level else 404


def _api_expectations(o: Objects, a: int) -> list[tuple[str, dict[str, int]]]:
    everyone = dict.fromkeys(PEOPLE, 200)
    signed_in = {name: 401 if name == "anonymous" else 200 for name in PEOPLE}
    private_o = {name: _api_private(name) for name in PEOPLE}
    base = "/api/collaboration"
    return [
        (f"{base}/communities/{a}/resources?type=lab", everyone),
        (f"{base}/resources/{o.resource.pk}", everyone),
        (f"{base}/bookings", signed_in),
        (f"{base}/bookings/to-decide", signed_in),
        (f"{base}/bookings/{o.booking.pk}", private_o),
        (f"{base}/communities/{a}/announcements", everyone),
        (f"{base}/announcements/{o.public_announcement.pk}", everyone),
        (
            f"{base}/announcements/{o.private_announcement.pk}",
            {n: 404 if n == "anonymous" else private_o[n] for n in PEOPLE},
        ),
        (
            f"{base}/communities/{a}/threads",
            {n: _api_private(n, community_level=True) for n in PEOPLE},
        ),
        (f"{base}/threads/{o.thread.pk}/posts", private_o),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PEOPLE)
def test_every_api_read_answers_each_person_as_the_rules_say(collab, objects, name):
    client = _client(collab, name)
    problems = []
    for url, expected in _api_expectations(objects, collab.world.community_a.pk):
        status = client.get(url).status_code
        if status != expected[name]:
            problems.append(f"{url}: expected {expected[name]}, got {status}")
    assert problems == []


def _post(client: Client, url: str, body: dict) -> int:
    return client.post(url, json.dumps(body), content_type="application/json").status_code


@pytest.mark.django_db
@pytest.mark.parametrize("name", PEOPLE)
def test_every_api_write_answers_each_person_as_the_rules_say(collab, objects, name):
    client = _client(collab, name)
    base = "/api/collaboration"
    a = collab.world.community_a.pk
    pk = objects.booking.pk
    denied = 401 if name == "anonymous" else (403 if name in PRIVATE else 404)

    def expect(allowed: set[str], ok: int, *, hidden: int | None = None) -> int:
        if name in allowed:
            return ok
        if name == "anonymous":
            return 401
        if name in PRIVATE:
            return 403
        return hidden if hidden is not None else denied

    start = collab.at(2, 9)
    booking_body = {
        "resource_id": objects.resource.pk,
        "organization_id": collab.world.member_a.pk,
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(hours=1)).isoformat(),
        "purpose": "实训",
    }
    checks = [
        (f"{base}/bookings", booking_body, expect({"representative"}, 201, hidden=403)),
        (
            f"{base}/communities/{a}/announcements",
            {"title": "t", "body": "b"},
            expect(SECRETARIAT, 201, hidden=403),
        ),
        (
            f"{base}/communities/{a}/threads",
            {"title": "t", "body": "b"},
            expect(PARTICIPANTS, 201, hidden=403),
        ),
        (f"{base}/threads/{objects.thread.pk}/posts", {"body": "回复"}, expect(PARTICIPANTS, 201)),
        (f"{base}/bookings/{pk}/approve", {"comment": ""}, expect(OWNERS, 200)),
    ]
    problems = []
    for url, body, expected in checks:
        status = _post(client, url, body)
        if status != expected:
            problems.append(f"POST {url}: expected {expected}, got {status}")
    assert problems == []
