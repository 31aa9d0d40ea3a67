"""Single-holder positions (chair, secretary-general) are held by one person at a time, and one
person holds one seat, over the whole of each term, not only open-ended ones."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from iecommons.registry import services
from iecommons.registry.models import CouncilSeat
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 1)


def _seat(world, person, position, start=START, end=datetime.date(2027, 12, 31)):  # type: ignore[no-untyped-def]
    return services.council_seat_fill(
        actor=world.secretary,
        community=world.community_a,
        person=person,
        position=position,
        term_start=start,
        term_end=end,
    )


def test_a_second_chair_is_refused_while_the_first_term_is_current(world):
    _seat(world, PersonFactory(organization=world.member_a), CouncilSeat.Position.CHAIR)
    other = PersonFactory(organization=MembershipFactory(community=world.community_a).organization)
    with pytest.raises(ValidationError) as refused:
        _seat(world, other, CouncilSeat.Position.CHAIR, start=datetime.date(2026, 6, 1))
    assert "one person holds this position at a time" in refused.value.message_dict["position"][0]
    assert CouncilSeat.objects.filter(position=CouncilSeat.Position.CHAIR).count() == 1


def test_the_next_chair_may_start_after_the_term_ends(world):
    _seat(world, PersonFactory(organization=world.member_a), CouncilSeat.Position.CHAIR)
    other = PersonFactory(organization=MembershipFactory(community=world.community_a).organization)
    _seat(world, other, CouncilSeat.Position.CHAIR, start=datetime.date(2028, 1, 1), end=None)
    assert CouncilSeat.objects.filter(position=CouncilSeat.Position.CHAIR).count() == 2


def test_one_person_holds_one_seat(world):
    person = PersonFactory(organization=world.member_a)
    _seat(world, person, CouncilSeat.Position.SECRETARY_GENERAL)
    with pytest.raises(ValidationError) as refused:
        _seat(world, person, CouncilSeat.Position.DIRECTOR)
    assert "one person, one seat" in refused.value.message_dict["person"][0]
