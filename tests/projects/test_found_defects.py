"""Defects found trying the project pages as a new user would, each pinned."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from iecommons.projects.forms import ParticipantForm
from iecommons.projects.models import Contribution, Outcome, Participant
from iecommons.registry.models import Organization

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_a_new_participant_is_a_partner_unless_told_otherwise():
    form = ParticipantForm(organizations=Organization.objects.none())
    assert form["role"].value() == Participant.Role.PARTNER


def test_outcomes_include_software_copyright_and_other():
    assert "software_copyright" in Outcome.Kind.values
    assert "other" in Outcome.Kind.values


def test_a_contribution_dated_after_the_project_end_is_refused(projects):
    projects.project.end = datetime.date(2025, 6, 30)
    projects.project.save(update_fields=["end"])
    url = reverse("projects:contribution_add", args=[projects.project.pk])
    response = _client(projects.world.representative).post(
        url,
        {
            "participant": projects.lead.pk,
            "kind": Contribution.Kind.CASH,
            "value": "1000",
            "date": "2025-07-01",
        },
    )
    assert response.status_code == 422
    assert "cannot be dated after its end" in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_contribution_with_two_mistakes_shows_both(projects):
    projects.project.end = datetime.date(2025, 6, 30)
    projects.project.save(update_fields=["end"])
    url = reverse("projects:contribution_add", args=[projects.project.pk])
    response = _client(projects.world.representative).post(
        url,
        {
            "participant": projects.lead.pk,
            "kind": Contribution.Kind.IN_KIND,
            "value": "0",
            "date": "2025-07-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "must be worth more than zero" in page
    assert "Describe what was contributed" in page
    assert "cannot be dated after its end" in page


def test_a_recorded_contribution_says_so(projects):
    url = reverse("projects:contribution_add", args=[projects.project.pk])
    client = _client(projects.world.representative)
    response = client.post(
        url,
        {
            "participant": projects.lead.pk,
            "kind": Contribution.Kind.CASH,
            "value": "1000",
            "date": "2025-03-01",
        },
        follow=True,
    )
    assert "The contribution has been recorded." in response.content.decode()


def test_a_share_total_reads_as_people_write_it(projects):
    from django.core.exceptions import ValidationError

    from iecommons.projects.sharing import shares_check

    participants = [projects.lead, projects.partner_one, projects.partner_two]
    with pytest.raises(ValidationError) as refused:
        shares_check(
            {projects.lead.pk: "50", projects.partner_one.pk: "30", projects.partner_two.pk: "10"},
            participants,
            field="benefit_share",
        )
    message = refused.value.message_dict["benefit_share"][0]
    assert "add up to 90%" in message
    assert "E+" not in message
