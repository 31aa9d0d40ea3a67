"""Benefit and risk sharing, checked against allocations computed by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from iecommons.common.models import Notification
from iecommons.projects import services, sharing
from iecommons.projects.models import AllocationShare, BenefitAllocation, SharingRule

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 30)


def _amounts(allocation: BenefitAllocation) -> dict[int, Decimal]:
    return {share.participant_id: share.amount for share in allocation.shares.all()}


def _contribute(projects, participant, value):
    services.contribution_record(
        actor=projects.world.secretary,
        project=projects.project,
        participant=participant,
        kind="cash",
        value=value,
        date=DAY,
    )


def _glove_table(projects) -> dict[tuple[int, ...], str]:
    # A glove game scaled to ¥600: the lead holds the only left glove, each partner a
    # right glove; a coalition is worth 600 when it can make a pair, else 0.
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


def test_proportional_sharing_gives_500_300_200_of_1000_for_contributions_50_30_20(projects):
    _contribute(projects, projects.lead, "50")
    _contribute(projects, projects.partner_one, "30")
    _contribute(projects, projects.partner_two, "20")
    allocation = sharing.allocation_create(
        actor=projects.world.representative,
        project=projects.project,
        amount="1000",
        date=DAY,
        description="技术服务收入",
    )
    assert _amounts(allocation) == {
        projects.lead.pk: Decimal("500.00"),
        projects.partner_one.pk: Decimal("300.00"),
        projects.partner_two.pk: Decimal("200.00"),
    }
    assert allocation.rule == SharingRule.PROPORTIONAL
    assert allocation.inputs["contributions"][str(projects.lead.pk)] == "50.00"
    assert Notification.objects.filter(recipient=projects.world.representative).exists()
    assert "Proportional to contributions" in sharing.allocation_explanation(allocation)


def test_proportional_sharing_rounds_to_the_fen_and_still_adds_up(projects):
    for participant in (projects.lead, projects.partner_one, projects.partner_two):
        _contribute(projects, participant, "1")
    allocation = sharing.allocation_create(
        actor=projects.world.secretary,
        project=projects.project,
        amount="100",
        date=DAY,
        description="三等分",
    )
    amounts = sorted(_amounts(allocation).values(), reverse=True)
    # 100 / 3 = 33.333…: the largest remainder gets the odd fen.
    assert amounts == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


def test_fixed_shares_split_by_the_agreed_percentages(projects):
    sharing.project_sharing_set(
        actor=projects.world.secretary,
        project=projects.project,
        benefit_rule=SharingRule.FIXED_SHARES,
        benefit_shares={
            projects.lead.pk: "60",
            projects.partner_one.pk: "25",
            projects.partner_two.pk: "15",
        },
    )
    allocation = sharing.allocation_create(
        actor=projects.world.secretary,
        project=projects.project,
        amount="2000",
        date=DAY,
        description="专利许可收入",
    )
    # 2,000 × 60% = 1,200; × 25% = 500; × 15% = 300.
    assert _amounts(allocation) == {
        projects.lead.pk: Decimal("1200.00"),
        projects.partner_one.pk: Decimal("500.00"),
        projects.partner_two.pk: Decimal("300.00"),
    }


def test_shapley_sharing_of_a_glove_game_matches_the_hand_computation(projects):
    # Orders of joining (lead = A, partners B and C) and A's marginal contribution:
    # ABC 0, ACB 0, BAC 600, BCA 600, CAB 600, CBA 600 → φ_A = 2400 / 6 = 400.
    # B adds 600 only in ABC (joining A alone) → φ_B = 600 / 6 = 100; likewise φ_C = 100.
    # Sharing ¥1,200 in proportion to 400 : 100 : 100 gives 800, 200, 200.
    sharing.project_sharing_set(
        actor=projects.world.secretary,
        project=projects.project,
        benefit_rule=SharingRule.SHAPLEY,
        coalition_values=_glove_table(projects),
    )
    allocation = sharing.allocation_create(
        actor=projects.world.secretary,
        project=projects.project,
        amount="1200",
        date=DAY,
        description="联合研发成果转化收入",
    )
    assert _amounts(allocation) == {
        projects.lead.pk: Decimal("800.00"),
        projects.partner_one.pk: Decimal("200.00"),
        projects.partner_two.pk: Decimal("200.00"),
    }
    assert allocation.inputs["shapley_values"][str(projects.lead.pk)] == "400.000000"
    assert len(allocation.inputs["coalitions"]) == 7
    assert "average marginal contribution over all orders of joining" in (
        sharing.allocation_explanation(allocation)
    )


def test_a_loss_follows_the_benefit_rule_unless_a_loss_rule_is_set(projects):
    _contribute(projects, projects.lead, "50")
    _contribute(projects, projects.partner_one, "30")
    _contribute(projects, projects.partner_two, "20")
    loss = sharing.allocation_create(
        actor=projects.world.secretary,
        project=projects.project,
        amount="-100",
        date=DAY,
        description="设备损失",
    )
    assert _amounts(loss)[projects.lead.pk] == Decimal("-50.00")
    sharing.project_sharing_set(
        actor=projects.world.secretary,
        project=projects.project,
        benefit_rule=SharingRule.PROPORTIONAL,
        loss_rule=SharingRule.FIXED_SHARES,
        loss_shares={
            projects.lead.pk: "100",
            projects.partner_one.pk: "0",
            projects.partner_two.pk: "0",
        },
    )
    second = sharing.allocation_create(
        actor=projects.world.secretary,
        project=projects.project,
        amount="-100",
        date=DAY,
        description="第二次损失",
    )
    assert second.rule == SharingRule.FIXED_SHARES
    assert _amounts(second)[projects.lead.pk] == Decimal("-100.00")
    assert "loss" in sharing.allocation_explanation(second)


def test_a_new_allocation_supersedes_an_old_one_which_then_no_longer_counts(projects):
    _contribute(projects, projects.lead, "10")
    first = sharing.allocation_create(
        actor=projects.world.secretary,
        project=projects.project,
        amount="100",
        date=DAY,
        description="收入",
    )
    second = sharing.allocation_create(
        actor=projects.world.secretary,
        project=projects.project,
        amount="120",
        date=DAY,
        description="收入（更正）",
        supersedes=first,
    )
    first.refresh_from_db()
    assert first.superseded_by == second
    assert not AllocationShare.objects.filter(allocation=first, current=True).exists()
    with pytest.raises(ValidationError) as error:
        sharing.allocation_create(
            actor=projects.world.secretary,
            project=projects.project,
            amount="130",
            date=DAY,
            description="再次更正",
            supersedes=first,
        )
    assert "already been superseded" in error.value.message_dict["supersedes"][0]


# --- refusals ------------------------------------------------------------------------------


def test_it_refuses_shares_that_add_up_to_99_percent(projects):
    with pytest.raises(ValidationError) as error:
        sharing.project_sharing_set(
            actor=projects.world.secretary,
            project=projects.project,
            benefit_rule=SharingRule.FIXED_SHARES,
            benefit_shares={
                projects.lead.pk: "60",
                projects.partner_one.pk: "25",
                projects.partner_two.pk: "14",
            },
        )
    assert "add up to 99%" in error.value.message_dict["benefit_shares"][0]
    projects.project.refresh_from_db()
    assert projects.project.benefit_rule == SharingRule.PROPORTIONAL


def test_it_refuses_an_incomplete_coalition_table_naming_a_missing_coalition(projects):
    table = _glove_table(projects)
    del table[(projects.partner_one.pk, projects.partner_two.pk)]
    with pytest.raises(ValidationError) as error:
        sharing.project_sharing_set(
            actor=projects.world.secretary,
            project=projects.project,
            benefit_rule=SharingRule.SHAPLEY,
            coalition_values=table,
        )
    message = error.value.message_dict["coalitions"][0]
    # Names follow the active language; sorted by participant id, as the message lists them.
    names = f"{{{projects.partner_one.organization}, {projects.partner_two.organization}}}"
    assert names in message
    assert "is missing" in message


def test_it_refuses_a_non_monotone_table_naming_the_coalition_that_breaks_it(projects):
    table = _glove_table(projects)
    a, b, c = projects.lead.pk, projects.partner_one.pk, projects.partner_two.pk
    table[(a, b, c)] = "500"  # less than {A, B} = 600
    with pytest.raises(ValidationError) as error:
        sharing.project_sharing_set(
            actor=projects.world.secretary,
            project=projects.project,
            benefit_rule=SharingRule.SHAPLEY,
            coalition_values=table,
        )
    message = error.value.message_dict["coalitions"][0]
    assert "Not monotone" in message
    assert str(projects.world.member_a) in message
    assert "600" in message
    assert "500" in message


def test_it_refuses_a_negative_contribution_and_writes_nothing(projects):
    with pytest.raises(ValidationError) as error:
        services.contribution_record(
            actor=projects.world.secretary,
            project=projects.project,
            participant=projects.lead,
            kind="cash",
            value="-5",
            date=DAY,
        )
    assert "cannot be negative" in error.value.message_dict["value"][0]
    assert not projects.lead.contributions.exists()


def test_it_refuses_a_contribution_without_a_value(projects):
    with pytest.raises(ValidationError) as error:
        services.contribution_record(
            actor=projects.world.secretary,
            project=projects.project,
            participant=projects.lead,
            kind="staff_hours",
            hours="10",
            rate="",
            date=DAY,
        )
    assert "required" in error.value.message_dict["rate"][0]


def test_staff_hours_are_valued_at_hours_times_rate(projects):
    contribution = services.contribution_record(
        actor=projects.world.representative,
        project=projects.project,
        participant=projects.lead,
        kind="staff_hours",
        hours="120",
        rate="250.50",
        date=DAY,
    )
    assert contribution.value == Decimal("30060.00")


def test_it_refuses_to_allocate_proportionally_without_contributions(projects):
    with pytest.raises(ValidationError) as error:
        sharing.allocation_create(
            actor=projects.world.secretary,
            project=projects.project,
            amount="1000",
            date=DAY,
            description="收入",
        )
    assert "No contributions" in error.value.message_dict["amount"][0]
    assert not BenefitAllocation.objects.exists()
