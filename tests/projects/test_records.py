"""Recording a project's work, the participation account and commitments."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from iecommons.common.models import AuditEntry
from iecommons.projects import commitments, services, sharing
from iecommons.projects.accounts import participation_account
from iecommons.projects.models import Contribution, Outcome, Participant, Project
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 30)
PDF = b"%PDF-1.7\n%evidence\n"


def test_a_representative_creates_a_project_and_leads_it(world):
    project = services.project_create(
        actor=world.representative,
        community=world.community_a,
        type=Project.Type.COURSE,
        title="轨道车辆检修课程共建",
        start=datetime.date(2025, 3, 1),
        budget="200000",
    )
    lead = project.participants.get()
    assert lead.organization == world.member_a
    assert lead.role == Participant.Role.LEAD
    assert AuditEntry.objects.filter(operation="project_create").exists()


def test_an_outsider_cannot_create_a_project_in_another_community(world):
    with pytest.raises(PermissionDenied):
        services.project_create(
            actor=world.outsider,
            community=world.community_a,
            type=Project.Type.COURSE,
            title="越权项目",
            start=DAY,
        )


def test_it_refuses_a_participant_that_is_not_an_active_member(projects):
    world = projects.world
    with pytest.raises(ValidationError) as error:
        services.participant_add(
            actor=world.secretary, project=projects.project, organization=world.member_b
        )
    assert "not an active member" in error.value.message_dict["organization"][0]


def test_it_refuses_a_participant_whose_membership_has_ended(projects):
    membership = projects.bystander.memberships.get()
    membership.left = datetime.date(2024, 1, 1)
    membership.save()
    with pytest.raises(ValidationError) as error:
        services.participant_add(
            actor=projects.world.secretary,
            project=projects.project,
            organization=projects.bystander,
        )
    assert "organization" in error.value.message_dict


def test_evidence_of_a_forbidden_type_is_refused_and_nothing_is_written(projects):
    upload = SimpleUploadedFile(
        "payload.exe", b"MZ\x90\x00", content_type="application/octet-stream"
    )
    with pytest.raises(ValidationError) as error:
        services.outcome_record(
            actor=projects.world.secretary,
            project=projects.project,
            kind="patent",
            title="专利",
            quantity="1",
            date=DAY,
            evidence=upload,
        )
    assert "exe" in error.value.message_dict["evidence"][0]
    assert not Outcome.objects.exists()


def test_evidence_over_the_size_limit_is_refused(projects, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    upload = SimpleUploadedFile("report.pdf", PDF + b"x" * 2000, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.contribution_record(
            actor=projects.world.secretary,
            project=projects.project,
            participant=projects.lead,
            kind="cash",
            value="10",
            date=DAY,
            evidence=upload,
        )
    assert "at most 1 KB" in error.value.message_dict["evidence"][0]
    assert not Contribution.objects.exists()


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(projects):
    upload = SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ValidationError) as error:
        services.contribution_record(
            actor=projects.world.secretary,
            project=projects.project,
            participant=projects.lead,
            kind="cash",
            value="10",
            date=DAY,
            evidence=upload,
        )
    assert "PDF" in error.value.message_dict["evidence"][0]


def test_a_pdf_is_kept_as_evidence(projects, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    contribution = services.contribution_record(
        actor=projects.world.secretary,
        project=projects.project,
        participant=projects.lead,
        kind="in_kind",
        description="检测设备一台",
        value="80000",
        date=DAY,
        evidence=SimpleUploadedFile("invoice.pdf", PDF),
    )
    assert contribution.evidence.endswith(".pdf")
    assert (tmp_path / contribution.evidence).read_bytes() == PDF
    assert contribution.value == Decimal("80000")


def test_the_participation_account_sums_across_two_communities(projects):
    world = projects.world
    MembershipFactory(community=world.community_b, organization=world.member_a)
    in_b = services.participant_add(
        actor=world.outsider, project=projects.project_b, organization=world.member_a
    )
    services.contribution_record(
        actor=world.secretary,
        project=projects.project,
        participant=projects.lead,
        kind="cash",
        value="1000",
        date=datetime.date(2024, 5, 1),
    )
    services.contribution_record(
        actor=world.secretary,
        project=projects.project,
        participant=projects.lead,
        kind="staff_hours",
        hours="10",
        rate="200",
        date=datetime.date(2025, 5, 1),
    )
    services.contribution_record(
        actor=world.outsider,
        project=projects.project_b,
        participant=in_b,
        kind="ip",
        description="实用新型专利许可",
        value="3000",
        date=datetime.date(2025, 6, 1),
    )
    # Only member_a contributed in A, so it receives all of a proportional allocation.
    sharing.allocation_create(
        actor=world.secretary,
        project=projects.project,
        amount="5000",
        date=datetime.date(2025, 12, 1),
        description="技术服务收入",
    )
    services.outcome_record(
        actor=world.outsider,
        project=projects.project_b,
        kind="hires",
        title="订单班毕业生入职",
        quantity="12",
        date=datetime.date(2025, 7, 1),
        attributed_to=in_b,
    )
    services.outcome_record(
        actor=world.secretary,
        project=projects.project,
        kind="interns",
        title="实习生",
        quantity="5",
        date=datetime.date(2025, 7, 1),
        attributed_to=projects.lead,
    )
    account = participation_account(world.member_a)
    assert account.projects == 2
    assert account.communities == 2
    assert account.contributed.cash == Decimal("1000")
    assert account.contributed.staff_value == Decimal("2000")
    assert account.contributed.staff_hours == Decimal("10")
    assert account.contributed.ip == Decimal("3000")
    assert account.contributed.total == Decimal("6000")
    assert account.received.revenue_shares == Decimal("5000")
    assert account.received.hires == 12
    assert account.received.interns == 5
    by_year = {line.year: line for line in account.by_year}
    assert by_year[2024].contributed == Decimal("1000")
    assert by_year[2024].received == 0
    assert by_year[2025].contributed == Decimal("5000")
    assert by_year[2025].received == Decimal("5000")
    assert by_year[2025].ratio == Decimal("1.00")
    only_2024 = participation_account(world.member_a, year=2024)
    assert only_2024.contributed.total == Decimal("1000")
    assert only_2024.received.hires == 0


def test_the_account_is_a_fixed_number_of_queries_however_many_projects(
    projects, django_assert_max_num_queries
):
    for index in range(20):
        project = Project.objects.create(
            community=projects.world.community_a, type="joint_rd", title=f"P{index}", start=DAY
        )
        participant = Participant.objects.create(
            project=project, organization=projects.world.member_a
        )
        Contribution.objects.create(
            participant=participant,
            organization=projects.world.member_a,
            kind="cash",
            value=10,
            date=DAY,
            year=2025,
        )
    with django_assert_max_num_queries(5):
        account = participation_account(projects.world.member_a)
    assert account.contributed.cash == Decimal("200")
    assert account.contributed.cash == Contribution.objects.aggregate(total=Sum("value"))["total"]


def test_commitment_progress_shows_fulfilled_against_required_per_year(world):
    commitment = commitments.commitment_create(
        actor=world.secretary,
        membership=world.membership_a,
        description="每年提供20个实习岗位",
        quantity="20",
        unit="个实习岗位",
        start=datetime.date(2024, 1, 1),
    )
    commitments.fulfilment_record(
        actor=world.representative, commitment=commitment, year=2024, quantity="12"
    )
    commitments.fulfilment_record(
        actor=world.secretary, commitment=commitment, year=2024, quantity="8", note="第二批"
    )
    commitments.fulfilment_record(
        actor=world.representative, commitment=commitment, year=2025, quantity="5"
    )
    progress = commitments.commitment_progress(commitment, until=2025)
    assert [(y.year, y.fulfilled, y.percent, y.met) for y in progress.years] == [
        (2024, Decimal("20"), 100, True),
        (2025, Decimal("5"), 25, False),
    ]
    [listed] = commitments.community_commitments(world.community_a)
    assert listed.years[0].fulfilled == Decimal("20")


def test_only_the_secretariat_turns_duties_into_commitments(world):
    with pytest.raises(PermissionDenied):
        commitments.commitment_create(
            actor=world.representative,
            membership=world.membership_a,
            description="自设承诺",
            quantity="1",
            unit="项",
            start=DAY,
        )


def test_a_commitment_needs_a_positive_quantity(world):
    with pytest.raises(ValidationError) as error:
        commitments.commitment_create(
            actor=world.secretary,
            membership=world.membership_a,
            description="每年接收实习生",
            quantity="0",
            unit="人",
            start=DAY,
        )
    assert "quantity" in error.value.message_dict


def test_an_outsider_cannot_record_fulfilment_for_another_communitys_member(world):
    commitment = commitments.commitment_create(
        actor=world.secretary,
        membership=world.membership_a,
        description="每年提供20个实习岗位",
        quantity="20",
        unit="个",
        start=datetime.date(2024, 1, 1),
    )
    with pytest.raises(PermissionDenied):
        commitments.fulfilment_record(
            actor=world.outsider, commitment=commitment, year=2024, quantity="20"
        )


def test_the_account_counts_the_shared_resources_the_member_used(projects):
    from django.utils import timezone

    from iecommons.collaboration.models import Booking, Resource, Usage

    world = projects.world
    resource = Resource.objects.create(
        community=world.community_a,
        owner=projects.partner_one.organization,
        name="实训车间",
        type=Resource.Type.choices[0][0],
    )
    start = timezone.make_aware(datetime.datetime(2025, 4, 1, 9))
    for hours in ("4", "3.5"):
        booking = Booking.objects.create(
            resource=resource,
            organization=world.member_a,
            start=start,
            end=start + datetime.timedelta(hours=4),
            quantity=2,
            purpose="学生实训",
            status=Booking.Status.COMPLETED,
        )
        Usage.objects.create(booking=booking, hours=hours, quantity=2)
    account = participation_account(world.member_a)
    assert account.resource_use is not None
    assert account.resource_use.bookings == 2
    assert account.resource_use.hours == Decimal("7.5")
    assert account.resource_use.unit_hours == Decimal("15")
    assert participation_account(world.member_a, year=2024).resource_use.bookings == 0
