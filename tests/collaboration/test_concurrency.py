"""Two simultaneous requests for the same slot: the database lets exactly one through."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from iecommons.collaboration import services
from iecommons.collaboration.models import Booking


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_overlapping_requests_book_the_slot_only_once(collab):
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[object] = []
    lock = threading.Lock()
    starts = [collab.at(0, 9), collab.at(0, 10)]  # 09–11 and 10–12 overlap

    def request(start):  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            # The refusal is asserted in English; each thread starts in the default language.
            translation.activate("en")
            booking = services.booking_request(
                actor=collab.world.representative,
                resource=collab.resource,
                organization=collab.world.member_a,
                start=start,
                end=start.replace(hour=start.hour + 2),
                purpose="并发申请",
            )
            outcome: object = booking.pk
        except ValidationError as error:
            outcome = error
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=request, args=(start,)) for start in starts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    errors = [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert len(outcomes) == 2
    assert len(errors) == 1, outcomes
    assert "already booked" in errors[0].message_dict["start"][0]
    assert Booking.objects.count() == 1
