"""Concurrent decisions on one programme never over-commit its budget (PostgreSQL).

Two supervisors award at the same moment from a budget that covers only one award: the
programme's row lock makes the second wait, see the first commitment, and be refused.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from iecommons.policy.models import Application, FundMovement, IncentiveProgramme
from iecommons.policy.services import programmes as services
from tests.factories import MembershipFactory, Role, UserFactory, grant
from tests.policy.conftest import TODAY, certify, open_programme

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_awards_cannot_both_commit(world):
    programme = open_programme(world.supervisor, None, budget="300000.00", conditions=[])
    applications = []
    for n in range(2):
        organization = MembershipFactory(community=world.community_a).organization
        certify(organization, world.community_a.province)
        representative = UserFactory(username=f"rep{n}")
        grant(representative, Role.MEMBER, organization=organization)
        application = services.application_submit(
            actor=representative,
            programme=programme,
            organization=organization,
            community=world.community_a,
            amount_requested="200000.00",
            purpose="x",
            today=TODAY,
        )
        services.application_review(
            actor=world.supervisor, application=application, score=80, reason="可"
        )
        applications.append(application)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(application: Application) -> None:
        try:
            barrier.wait()
            services.application_decide(
                actor=world.supervisor,
                application=application,
                award=True,
                amount="200000.00",
                reason="支持",
            )
            outcomes.append("awarded")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["awarded", "refused"]
    programme.refresh_from_db()
    assert programme.committed == Decimal("200000.00")
    assert programme.budget == programme.committed + programme.available
    assert FundMovement.objects.filter(kind="commit").count() == 1
    assert IncentiveProgramme.objects.filter(committed__gt=Decimal("300000")).count() == 0
