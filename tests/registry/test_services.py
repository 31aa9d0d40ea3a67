"""The registry's writes: who may make them, what they refuse, and the audit they leave."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from iecommons.common.models import AuditEntry
from iecommons.registry import services
from iecommons.registry.models import Community, CouncilSeat, Membership, Organization
from tests.factories import OrganizationFactory, PersonFactory, city, valid_credit_code

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def test_it_registers_an_organisation_and_audits_it(world):
    organization = services.organization_create(
        actor=world.secretary,
        name="常州新能源装备有限公司",
        credit_code=valid_credit_code(777).lower(),
        type=Organization.Type.ENTERPRISE,
        region=city(),
    )
    assert organization.credit_code == valid_credit_code(777)
    entry = AuditEntry.objects.get(operation="organization_create")
    assert entry.actor == world.secretary
    assert entry.changes["name"] == [None, "常州新能源装备有限公司"]


def test_it_rejects_a_bad_credit_code_naming_the_field(world):
    code = valid_credit_code(5)
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(ValidationError) as error:
        services.organization_create(
            actor=world.secretary, name="X", credit_code=wrong, type="enterprise", region=city()
        )
    assert "check character" in _messages(error.value)["credit_code"][0]
    assert not Organization.objects.filter(name="X").exists()


def test_it_rejects_a_duplicate_organisation(world):
    with pytest.raises(ValidationError) as error:
        services.organization_create(
            actor=world.secretary,
            name="Y",
            credit_code=world.member_a.credit_code,
            type="enterprise",
            region=city(),
        )
    assert "already registered" in _messages(error.value)["credit_code"][0]


def test_it_rejects_a_province_as_a_region(world):
    with pytest.raises(ValidationError) as error:
        services.organization_create(
            actor=world.secretary,
            name="Z",
            credit_code=valid_credit_code(6),
            type="enterprise",
            region=city().parent,
        )
    assert "region" in _messages(error.value)


def test_an_anonymous_visitor_cannot_register_an_organisation(db):
    with pytest.raises(PermissionDenied):
        services.organization_create(
            actor=None, name="Z", credit_code=valid_credit_code(6), type="enterprise", region=city()
        )


def test_the_secretariat_admits_and_ends_a_membership_keeping_history(world):
    organization = OrganizationFactory()
    membership = services.membership_admit(
        actor=world.secretary,
        community=world.community_a,
        organization=organization,
        joined=datetime.date(2024, 1, 1),
        role=Membership.Role.COUNCIL,
        duties="每年提供20个实习岗位",
    )
    world.community_a.refresh_from_db()
    assert world.community_a.member_count == 2
    services.membership_end(
        actor=world.secretary, membership=membership, left=datetime.date(2024, 6, 1), reason="退出"
    )
    world.community_a.refresh_from_db()
    assert world.community_a.member_count == 1
    assert Membership.objects.filter(pk=membership.pk, left=datetime.date(2024, 6, 1)).exists()
    operations = list(
        AuditEntry.objects.filter(object_id=str(membership.pk)).values_list("operation", flat=True)
    )
    assert sorted(operations) == ["membership_admit", "membership_end"]


def test_a_membership_cannot_end_before_it_starts(world):
    with pytest.raises(ValidationError) as error:
        services.membership_end(
            actor=world.secretary, membership=world.membership_a, left=datetime.date(2023, 1, 1)
        )
    assert "left" in _messages(error.value)
    world.membership_a.refresh_from_db()
    assert world.membership_a.left is None


def test_an_organisation_cannot_be_admitted_twice(world):
    with pytest.raises(ValidationError) as error:
        services.membership_admit(
            actor=world.secretary,
            community=world.community_a,
            organization=world.member_a,
            joined=datetime.date(2024, 1, 1),
        )
    assert "organization" in _messages(error.value)


def test_the_secretariat_of_another_community_cannot_admit_members(world):
    with pytest.raises(PermissionDenied):
        services.membership_admit(
            actor=world.outsider,
            community=world.community_a,
            organization=OrganizationFactory(),
            joined=datetime.date(2024, 1, 1),
        )


def test_a_council_seat_for_a_non_member_is_refused(world):
    person = PersonFactory(organization=world.member_b)
    with pytest.raises(ValidationError) as error:
        services.council_seat_fill(
            actor=world.secretary,
            community=world.community_a,
            person=person,
            position=CouncilSeat.Position.DIRECTOR,
            term_start=datetime.date(2024, 1, 1),
        )
    assert "not a member" in _messages(error.value)["person"][0]
    assert not CouncilSeat.objects.exists()


def test_ending_a_membership_ends_the_organisations_council_seats(world):
    person = PersonFactory(organization=world.member_a)
    seat = services.council_seat_fill(
        actor=world.secretary,
        community=world.community_a,
        person=person,
        position=CouncilSeat.Position.VICE_CHAIR,
        term_start=datetime.date(2024, 1, 1),
    )
    services.membership_end(
        actor=world.secretary, membership=world.membership_a, left=datetime.date(2024, 5, 1)
    )
    seat.refresh_from_db()
    assert seat.term_end == datetime.date(2024, 5, 1)


def test_only_supervisors_of_the_jurisdiction_suspend_a_community(world):
    with pytest.raises(PermissionDenied):
        services.community_suspend(actor=world.secretary, community=world.community_a, reason="x")
    with pytest.raises(PermissionDenied):
        services.community_suspend(
            actor=world.guangdong_supervisor, community=world.community_a, reason="x"
        )
    services.community_suspend(
        actor=world.provincial_supervisor, community=world.community_a, reason="年度检查未通过"
    )
    world.community_a.refresh_from_db()
    assert world.community_a.status == Community.Status.SUSPENDED


def test_dissolving_ends_every_membership(world):
    services.community_dissolve(
        actor=world.supervisor,
        community=world.community_a,
        reason="合并",
        on=datetime.date(2025, 1, 1),
    )
    assert not world.community_a.memberships.filter(left__isnull=True).exists()
    world.community_a.refresh_from_db()
    assert world.community_a.member_count == 0
    with pytest.raises(ValidationError):
        services.membership_admit(
            actor=world.supervisor,
            community=world.community_a,
            organization=OrganizationFactory(),
            joined=datetime.date(2025, 2, 1),
        )


def test_the_secretariat_edits_the_charter_but_not_the_level(world):
    services.community_update(actor=world.secretary, community=world.community_a, charter="新章程")
    world.community_a.refresh_from_db()
    assert world.community_a.charter == "新章程"
    with pytest.raises(PermissionDenied):
        services.community_update(
            actor=world.secretary, community=world.community_a, level="national"
        )


def test_a_provincial_supervisor_registers_only_in_its_province(world):
    community = services.community_register(
        actor=world.provincial_supervisor,
        name="常州市智能制造市域产教联合体",
        kind=Community.Kind.MUNICIPAL,
        level=Community.Level.MUNICIPAL,
        field=world.community_a.field,
        region=city(),
        founded=datetime.date(2024, 3, 1),
    )
    assert community.province.code == "320000"
    with pytest.raises(PermissionDenied):
        services.community_register(
            actor=world.provincial_supervisor,
            name="深圳联合体",
            kind=Community.Kind.MUNICIPAL,
            level=Community.Level.MUNICIPAL,
            field=world.community_a.field,
            region=world.community_b.region,
            founded=datetime.date(2024, 3, 1),
        )
