"""A joint project in community A with three participants, and one in community B.

``world.member_a`` (represented by ``representative``) leads the project in A; two more
members of A, ``partner_one`` and ``partner_two``, take part. Community B has its own
project with ``world.member_b``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from iecommons.projects.models import Participant, Project
from iecommons.registry.models import Organization
from tests.factories import MembershipFactory, OrganizationFactory
from tests.fixtures import World


@dataclass
class Projects:
    world: World
    project: Project  # in community A
    lead: Participant  # world.member_a
    partner_one: Participant
    partner_two: Participant
    project_b: Project  # in community B
    participant_b: Participant  # world.member_b
    bystander: Organization  # an active member of A that takes no part


def make_project(community, title="联合研发项目", **fields) -> Project:
    defaults = {
        "type": Project.Type.JOINT_RD,
        "start": datetime.date(2025, 1, 1),
        "budget": 1_000_000,
    }
    defaults.update(fields)
    return Project.objects.create(community=community, title=title, **defaults)


@pytest.fixture
def projects(world: World) -> Projects:
    one = MembershipFactory(
        community=world.community_a, organization=OrganizationFactory(name="常州轨道学院")
    ).organization
    two = MembershipFactory(
        community=world.community_a, organization=OrganizationFactory(name="江苏装备研究院")
    ).organization
    bystander = MembershipFactory(
        community=world.community_a, organization=OrganizationFactory(name="旁观企业")
    ).organization
    project = make_project(world.community_a)
    lead = Participant.objects.create(
        project=project, organization=world.member_a, role=Participant.Role.LEAD
    )
    partner_one = Participant.objects.create(project=project, organization=one)
    partner_two = Participant.objects.create(project=project, organization=two)
    project_b = make_project(world.community_b, title="乙共同体项目")
    participant_b = Participant.objects.create(
        project=project_b, organization=world.member_b, role=Participant.Role.LEAD
    )
    return Projects(
        world=world,
        project=project,
        lead=lead,
        partner_one=partner_one,
        partner_two=partner_two,
        project_b=project_b,
        participant_b=participant_b,
        bystander=bystander,
    )
