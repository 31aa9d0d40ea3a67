"""The policy demo: programmes with applications in every state, a ledger that lapsed, a
lapse alert, certified enterprises with investment histories, two run scenarios."""

from __future__ import annotations

import datetime
import random

import pytest

from iecommons.policy.demo import Actors, seed_policy
from iecommons.policy.models import (
    Application,
    Certification,
    FundMovement,
    IncentiveProgramme,
    InvestmentYear,
    MeasureImplementation,
    PolicyDocument,
    PolicyScenario,
)
from iecommons.registry.models import Organization
from tests.factories import MembershipFactory, OrganizationFactory
from tests.fixtures import World

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def seeded(world: World) -> dict[str, int]:
    for community, count in ((world.community_a, 16), (world.community_b, 6)):
        for _ in range(count):
            MembershipFactory(
                community=community,
                organization=OrganizationFactory(
                    type=Organization.Type.ENTERPRISE, region=community.region
                ),
                joined=datetime.date(2022, 3, 1),
            )
    actors = Actors(
        operator=world.operator,
        national=world.supervisor,
        first_province=world.provincial_supervisor,
    )
    return seed_policy(rng=random.Random(5), actors=actors, today=TODAY)


def test_the_open_national_programme_and_applications_in_every_state(seeded):
    assert IncentiveProgramme.objects.count() == 3
    states = set(Application.objects.values_list("status", flat=True))
    assert states == set(Application.Status.values)
    national = IncentiveProgramme.objects.get(jurisdiction__isnull=True)
    assert national.status == IncentiveProgramme.Status.OPEN
    assert national.opens < TODAY < national.deadline


def test_the_first_provinces_programme_lapsed_and_its_ledger_adds_up(seeded):
    lapsed = IncentiveProgramme.objects.get(status=IncentiveProgramme.Status.LAPSED)
    assert lapsed.jurisdiction.code == "320000"
    lapse = lapsed.movements.get(kind=FundMovement.Kind.LAPSE)
    assert lapse.amount == lapsed.lapsed > 0
    assert lapsed.returned > 0
    assert lapsed.budget == lapsed.committed == lapsed.disbursed
    # Returned money became available again, so it lapsed with the rest.
    assert lapsed.original_budget == lapsed.disbursed + lapsed.lapsed
    for programme in IncentiveProgramme.objects.all():
        assert programme.budget == programme.committed + programme.available
        assert programme.disbursed <= programme.committed
    # The second province's programme must be spent soon: its lapse alert went out.
    closing = IncentiveProgramme.objects.get(jurisdiction__code="440000")
    assert closing.status == IncentiveProgramme.Status.CLOSED
    assert closing.lapse_alerted_on == TODAY
    assert closing.budget > closing.disbursed


def test_certified_enterprises_have_four_years_of_investment_and_scenarios_ran(seeded):
    assert PolicyDocument.objects.count() == 2
    assert MeasureImplementation.objects.filter(status="done").exists()
    certified = Certification.objects.filter(status=Certification.Status.CERTIFIED)
    # Every enterprise member of the small world (fewer than the demo's 200).
    assert certified.count() == seeded["certified enterprises"] == 24
    for certification in certified:
        assert InvestmentYear.objects.filter(organization=certification.organization).count() == 4
    assert list(PolicyScenario.objects.values_list("status", flat=True)) == ["done", "done"]
    assert any(scenario.result.get("sweep") for scenario in PolicyScenario.objects.all())


def test_one_confirmation_falls_due_soon_and_one_is_overdue(seeded):
    certified = Certification.objects.filter(status=Certification.Status.CERTIFIED)
    soon = certified.get(confirmation_due=TODAY + datetime.timedelta(days=60))
    overdue = certified.get(confirmation_due__lt=TODAY)
    assert overdue.confirmation_due == TODAY - datetime.timedelta(days=20)
    assert overdue.province == soon.province  # both on the same supervisor's desk
    assert overdue.certified_on < overdue.confirmation_due
    for certification in Certification.objects.all():
        kinds = list(certification.events.values_list("kind", flat=True))
        assert kinds[0] == "entered"
        assert ("certified" in kinds) == (certification.certified_on is not None)
