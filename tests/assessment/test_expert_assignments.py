"""Expert assignments: an appointed expert sees and reviews only the communities its
cycle's supervisor assigned to it, never one its own organisation is a member of."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from iecommons.accounts.models import Role, User
from iecommons.assessment.models import AssessmentCycle, CycleExpert, ExpertAssignment
from iecommons.assessment.services.assignments import (
    expert_assignment_remove,
    expert_assignments_create,
)
from iecommons.assessment.services.cycles import cycle_expert_appoint
from iecommons.common.models import AuditEntry
from tests.factories import UserFactory, grant
from tests.fixtures import World


def _as(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def appointee(world: World, cycle: AssessmentCycle) -> User:
    expert = UserFactory(username="appointee")
    cycle_expert_appoint(actor=world.supervisor, cycle=cycle, user=expert)
    return expert


def _data_url(cycle: AssessmentCycle, community) -> str:  # type: ignore[no-untyped-def]
    return reverse(
        "assessment:community_data", kwargs={"pk": cycle.pk, "community_pk": community.pk}
    )


def test_an_appointed_expert_sees_no_community_until_one_is_assigned(
    world: World, cycle: AssessmentCycle, appointee: User
) -> None:
    client = _as(appointee)
    detail = client.get(reverse("assessment:cycle_detail", kwargs={"pk": cycle.pk}))
    assert detail.status_code == 200
    assert str(world.community_a) not in detail.content.decode()
    assert client.get(_data_url(cycle, world.community_a)).status_code == 403
    api = f"/api/assessment/cycles/{cycle.pk}/communities/{world.community_a.pk}/values"
    assert client.get(api).status_code == 403

    expert_assignments_create(
        actor=world.supervisor, cycle=cycle, experts=[appointee], communities=[world.community_a]
    )
    client = _as(appointee)
    detail = client.get(reverse("assessment:cycle_detail", kwargs={"pk": cycle.pk}))
    assert str(world.community_a) in detail.content.decode()
    assert str(world.community_b) not in detail.content.decode()
    assert client.get(_data_url(cycle, world.community_a)).status_code == 200
    assert client.get(_data_url(cycle, world.community_b)).status_code == 403
    assert client.get(api).status_code == 200
    queue = client.get(reverse("assessment:verification_queue", kwargs={"pk": cycle.pk}))
    assert str(world.community_b) not in queue.content.decode()


def test_an_expert_is_never_assigned_a_community_its_organisation_belongs_to(
    world: World, cycle: AssessmentCycle
) -> None:
    conflicted = UserFactory(username="conflicted")
    grant(conflicted, Role.MEMBER, organization=world.member_a)
    cycle_expert_appoint(actor=world.supervisor, cycle=cycle, user=conflicted)
    with pytest.raises(ValidationError) as refused:
        expert_assignments_create(
            actor=world.supervisor,
            cycle=cycle,
            experts=[conflicted],
            communities=[world.community_b, world.community_a],
        )
    message = refused.value.message_dict["communities"][0]
    assert str(world.community_a) in message
    assert "member" in message
    assert not ExpertAssignment.objects.exists()  # B is not assigned either: all or nothing


def test_only_appointed_experts_and_the_cycle_s_communities_are_assigned(
    world: World, cycle: AssessmentCycle, appointee: User
) -> None:
    stranger = world.stranger
    with pytest.raises(ValidationError) as refused:
        expert_assignments_create(
            actor=world.supervisor, cycle=cycle, experts=[stranger], communities=[world.community_a]
        )
    assert "not appointed" in refused.value.message_dict["experts"][0]
    with pytest.raises(PermissionDenied):
        expert_assignments_create(
            actor=world.secretary, cycle=cycle, experts=[appointee], communities=[world.community_a]
        )
    assert not ExpertAssignment.objects.exists()


def test_assigning_twice_keeps_one_assignment_and_removing_is_audited(
    world: World, cycle: AssessmentCycle, appointee: User
) -> None:
    for _ in range(2):
        expert_assignments_create(
            actor=world.supervisor,
            cycle=cycle,
            experts=[appointee],
            communities=[world.community_a],
        )
    assignment = ExpertAssignment.objects.get()
    expert_assignment_remove(actor=world.supervisor, assignment=assignment)
    assert not ExpertAssignment.objects.exists()
    operations = set(AuditEntry.objects.values_list("operation", flat=True))
    assert {"expert_assignment_create", "expert_assignment_remove"} <= operations


def test_the_assignment_page_takes_pasted_names_and_names_a_bad_line(
    world: World, cycle: AssessmentCycle, appointee: User
) -> None:
    url = reverse("assessment:expert_assignments", kwargs={"pk": cycle.pk})
    client = _as(world.supervisor)
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"experts": [appointee.pk], "names": f"{world.community_a.name}\n无此共同体"}
    )
    assert bad.status_code == 422
    assert "Line 2" in bad.content.decode()
    assert not ExpertAssignment.objects.exists()
    good = client.post(url, {"experts": [appointee.pk], "names": world.community_a.name})
    assert good.status_code == 302
    assert ExpertAssignment.objects.filter(expert=appointee, community=world.community_a).exists()
    assert str(world.community_a) in client.get(url).content.decode()


def test_only_the_cycle_s_supervisor_opens_the_assignment_page(
    world: World, cycle: AssessmentCycle, appointee: User
) -> None:
    url = reverse("assessment:expert_assignments", kwargs={"pk": cycle.pk})
    assert _as(world.supervisor).get(url).status_code == 200
    assert _as(world.secretary).get(url).status_code == 403  # sees the cycle, may not assign
    assert _as(appointee).get(url).status_code == 403
    assert _as(world.stranger).get(url).status_code == 404  # does not see the cycle at all


def test_the_assignment_api(world: World, cycle: AssessmentCycle, appointee: User) -> None:
    url = f"/api/assessment/cycles/{cycle.pk}/assignments"
    supervisor = _as(world.supervisor)
    made = supervisor.post(
        url,
        {"experts": ["appointee"], "communities": [world.community_a.pk]},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert [row["community"] for row in made.json()] == [world.community_a.name]
    assert [row["expert"] for row in supervisor.get(url).json()] == ["appointee"]
    conflicted = UserFactory(username="conflicted")
    grant(conflicted, Role.MEMBER, organization=world.member_a)
    CycleExpert.objects.create(cycle=cycle, user=conflicted)
    refused = supervisor.post(
        url,
        {"experts": ["conflicted"], "communities": [world.community_a.pk]},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert str(world.community_a) in refused.json()["errors"]["communities"][0]
    assert _as(world.secretary).get(url).status_code == 403
    assert _as(world.stranger).get(url).status_code == 404
    assignment_id = made.json()[0]["id"]
    assert supervisor.delete(f"{url}/{assignment_id}").status_code == 204
    assert supervisor.get(url).json() == []
