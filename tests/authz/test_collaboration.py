"""Who may do what in a community's collaboration area, over the world."""

from __future__ import annotations

import datetime

from django.utils import timezone

from iecommons.authz import collaboration as rules
from iecommons.collaboration.models import Announcement, Booking, Document, Resource
from tests.authz.conftest import EVERYONE, MANAGE_A, PRIVATE_A, AuthzWorld, mismatches

RUN_A = {"operator", "secretariat_a"}


def test_the_collaboration_rules(authz_world: AuthzWorld) -> None:
    world = authz_world
    a = world.community_a
    lab = Resource.objects.create(
        community=a, owner=world.org_a, name="实训中心", type=Resource.Type.LAB, capacity=1
    )
    withdrawn = Resource.objects.create(
        community=a,
        owner=world.org_a,
        name="旧车间",
        type=Resource.Type.LAB,
        capacity=1,
        status=Resource.Status.WITHDRAWN,
    )
    start = timezone.now() + datetime.timedelta(days=7)
    booking = Booking.objects.create(
        resource=lab,
        organization=world.org_a,
        start=start,
        end=start + datetime.timedelta(hours=2),
        quantity=1,
        purpose="实训课",
    )
    notice = Announcement.objects.create(community=a, title="内部通知", body="…", is_public=False)
    public = Announcement.objects.create(community=a, title="公开通知", body="…", is_public=True)
    document = Document.objects.create(community=a, title="章程修订稿")
    bookings = Booking.objects.filter(pk=booking.pk)
    table = [
        ("can_see_private(A)", lambda u: rules.can_see_private(u, a), PRIVATE_A),
        ("can_run(A)", lambda u: rules.can_run(u, a), RUN_A),
        ("can_participate(A)", lambda u: rules.can_participate(u, a), RUN_A | {"member_rep_a"}),
        (
            "can_offer_resource(A)",
            lambda u: rules.can_offer_resource(u, a),
            RUN_A | {"member_rep_a"},
        ),
        ("can_change_settings(A)", lambda u: rules.can_change_settings(u, a), MANAGE_A),
        (
            "can_see_resource_summary(active)",
            lambda u: rules.can_see_resource_summary(u, lab),
            (EVERYONE),
        ),
        (
            "can_see_resource_summary(withdrawn)",
            lambda u: rules.can_see_resource_summary(u, withdrawn),
            PRIVATE_A,
        ),
        (
            "can_edit_resource(org_a's lab)",
            lambda u: rules.can_edit_resource(u, lab),
            RUN_A | {"member_rep_a"},
        ),
        (
            "can_request_booking(lab, for org_a)",
            lambda u: rules.can_request_booking(u, lab, world.org_a),
            {"member_rep_a"},
        ),
        (
            "can_request_booking(lab, for org_former)",
            lambda u: rules.can_request_booking(u, lab, world.org_former),
            set(),  # it left A: its representative acts there no more
        ),
        ("can_see_booking", lambda u: rules.can_see_booking(u, booking), PRIVATE_A),
        (
            "can_decide_booking",
            lambda u: rules.can_decide_booking(u, booking),
            RUN_A | {"member_rep_a"},
        ),
        ("can_cancel_booking", lambda u: rules.can_cancel_booking(u, booking), {"member_rep_a"}),
        (
            "can_record_usage",
            lambda u: rules.can_record_usage(u, booking),
            RUN_A | {"member_rep_a"},
        ),
        (
            "visible_requested_bookings ∋ booking",
            lambda u: rules.visible_requested_bookings(u, bookings).exists(),
            {"member_rep_a"},
        ),
        (
            "visible_bookings_to_decide ∋ booking",
            lambda u: rules.visible_bookings_to_decide(u, bookings).exists(),
            RUN_A | {"member_rep_a"},
        ),
        (
            "can_read_announcement(private)",
            lambda u: rules.can_read_announcement(u, notice),
            (PRIVATE_A),
        ),
        (
            "can_read_announcement(public)",
            lambda u: rules.can_read_announcement(u, public),
            (EVERYONE),
        ),
        ("can_post_announcement(A)", lambda u: rules.can_post_announcement(u, a), RUN_A),
        ("can_read_document", lambda u: rules.can_read_document(u, document), PRIVATE_A),
        ("can_record_meeting(A)", lambda u: rules.can_record_meeting(u, a), RUN_A),
    ]
    assert mismatches(world, table) == []
