"""The project pages as forms: what a submission writes, and the refusals it shows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from iecommons.projects.models import BenefitAllocation, Commitment, Project, SharingRule
from tests.projects.conftest import make_project

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _coalition_fields(projects, values: dict[tuple, str]) -> dict[str, str]:
    return {
        "coalition_" + "_".join(str(pk) for pk in sorted(members)): value
        for members, value in values.items()
    }


def _glove(projects) -> dict[tuple, str]:
    a, b, c = projects.lead.pk, projects.partner_one.pk, projects.partner_two.pk
    return {
        (a,): "0",
        (b,): "0",
        (c,): "0",
        (a, b): "600",
        (a, c): "600",
        (b, c): "0",
        (a, b, c): "600",
    }


def test_the_sharing_page_offers_one_row_per_coalition(projects):
    response = _client(projects.world.secretary).get(
        reverse("projects:sharing_set", args=[projects.project.pk])
    )
    assert response.status_code == 200
    assert response.content.decode().count('name="coalition_') == 7


def test_the_sharing_page_saves_a_coalition_table_and_the_shapley_rule(projects):
    response = _client(projects.world.secretary).post(
        reverse("projects:sharing_set", args=[projects.project.pk]),
        {
            "benefit_rule": SharingRule.SHAPLEY,
            "loss_rule": "",
            **_coalition_fields(projects, _glove(projects)),
        },
    )
    assert response.status_code == 302
    projects.project.refresh_from_db()
    assert projects.project.benefit_rule == SharingRule.SHAPLEY
    assert len(projects.project.coalition_values) == 7


def test_the_sharing_page_names_the_coalition_that_breaks_monotonicity(projects):
    table = _glove(projects)
    table[(projects.lead.pk, projects.partner_one.pk, projects.partner_two.pk)] = "100"
    response = _client(projects.world.secretary).post(
        reverse("projects:sharing_set", args=[projects.project.pk]),
        {"benefit_rule": SharingRule.SHAPLEY, **_coalition_fields(projects, table)},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Not monotone" in page
    assert "常州轨道学院" in page or projects.partner_one.organization.name_en in page
    projects.project.refresh_from_db()
    assert projects.project.benefit_rule == SharingRule.PROPORTIONAL


def test_the_sharing_page_refuses_fixed_shares_of_99_percent(projects):
    response = _client(projects.world.representative).post(
        reverse("projects:sharing_set", args=[projects.project.pk]),
        {
            "benefit_rule": SharingRule.FIXED_SHARES,
            f"benefit_share_{projects.lead.pk}": "50",
            f"benefit_share_{projects.partner_one.pk}": "30",
            f"benefit_share_{projects.partner_two.pk}": "19",
        },
    )
    assert response.status_code == 422
    assert "add up to 99%" in response.content.decode()


def test_allocating_on_the_page_shows_the_explanation(projects):
    client = _client(projects.world.secretary)
    client.post(
        reverse("projects:sharing_set", args=[projects.project.pk]),
        {"benefit_rule": SharingRule.SHAPLEY, **_coalition_fields(projects, _glove(projects))},
    )
    response = client.post(
        reverse("projects:allocate", args=[projects.project.pk]),
        {"description": "成果转化收入", "amount": "1200", "date": "2025-06-30"},
        follow=True,
    )
    page = response.content.decode()
    assert "average marginal contribution over all orders of joining" in page
    assert "800.00" in page
    allocation = BenefitAllocation.objects.get()
    correction = client.post(
        reverse("projects:allocate", args=[projects.project.pk]),
        {
            "description": "成果转化收入（更正）",
            "amount": "1500",
            "date": "2025-07-01",
            "supersedes": allocation.pk,
        },
    )
    assert correction.status_code == 302
    allocation.refresh_from_db()
    assert allocation.superseded_by is not None


def test_a_secretary_creates_a_project_with_a_lead(projects):
    response = _client(projects.world.secretary).post(
        reverse("projects:project_create", args=[projects.world.community_a.pk]),
        {
            "title": "双师型教师企业实践",
            "type": Project.Type.TEACHER_TRAINING,
            "status": Project.Status.PLANNED,
            "start": "2025-09-01",
            "budget": "300000",
            "visibility": Project.Visibility.COMMUNITY,
            "lead": projects.partner_one.organization.pk,
        },
    )
    assert response.status_code == 302
    project = Project.objects.get(title="双师型教师企业实践")
    assert project.participants.get().organization == projects.partner_one.organization


def test_the_project_list_filters_by_type_and_answers_htmx_with_rows_only(projects):
    make_project(projects.world.community_a, title="教材共建", type=Project.Type.TEXTBOOK)
    client = _client(projects.world.representative)
    url = reverse("projects:community_projects", args=[projects.world.community_a.pk])
    response = client.get(url, {"type": Project.Type.TEXTBOOK}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "教材共建" in page
    assert "联合研发项目" not in page
    assert "<html" not in page


def test_the_project_list_costs_the_same_queries_for_many_projects(
    projects, django_assert_num_queries
):
    client = _client(projects.world.representative)
    url = reverse("projects:community_projects", args=[projects.world.community_a.pk])
    client.get(url)  # warm the session
    with django_assert_num_queries(6) as few:
        client.get(url)
    for index in range(30):
        make_project(projects.world.community_a, title=f"项目{index}")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_commitments_page_tracks_a_written_duty(projects):
    membership = projects.world.membership_a
    membership.duties = "每年提供20个实习岗位"
    membership.save()
    client = _client(projects.world.secretary)
    url = reverse("projects:commitments", args=[projects.world.community_a.pk])
    assert "每年提供20个实习岗位" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "membership": membership.pk,
            "description": "实习岗位",
            "quantity": "20",
            "unit": "个",
            "start": "2025-01-01",
        },
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.quantity == Decimal(20)
    fulfil = client.post(
        reverse("projects:fulfilment_record", args=[commitment.pk]),
        {"year": "2025", "quantity": "15"},
        follow=True,
    )
    assert "15 / 20" in fulfil.content.decode()
    assert "75%" in fulfil.content.decode()


def test_a_representative_cannot_track_commitments(projects):
    response = _client(projects.world.representative).post(
        reverse("projects:commitments", args=[projects.world.community_a.pk]),
        {"membership": projects.world.membership_a.pk, "description": "x", "quantity": "1"},
    )
    assert response.status_code == 403


def test_a_participant_marks_the_project_running_and_a_bad_end_is_refused(projects):
    client = _client(projects.world.representative)
    url = reverse("projects:project_edit", args=[projects.project.pk])
    data = {
        "title": projects.project.title,
        "type": projects.project.type,
        "status": Project.Status.RUNNING,
        "start": "2025-01-01",
        "budget": "1000000",
        "visibility": Project.Visibility.COMMUNITY,
    }
    assert client.post(url, data).status_code == 302
    projects.project.refresh_from_db()
    assert projects.project.status == Project.Status.RUNNING
    refused = client.post(url, {**data, "end": "2024-12-31"})
    assert refused.status_code == 422
    assert "cannot end before it starts" in refused.content.decode()
