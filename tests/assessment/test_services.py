"""Assessment services: derived traces, range refusals, frozen frameworks, judgments."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from iecommons.assessment.models import (
    AssessmentCycle,
    Indicator,
    IndicatorFramework,
    IndicatorValue,
)
from iecommons.assessment.services import frameworks, judgments, values
from iecommons.assessment.services.derived import compute_derived
from iecommons.registry.models import Organization
from tests.assessment.conftest import indicator
from tests.factories import MembershipFactory, OrganizationFactory
from tests.fixtures import World


def pdf(name: str = "minutes.pdf", size: int = 100) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4" + b"0" * size, content_type="application/pdf")


def test_the_default_framework_has_six_dimensions_and_nineteen_indicators(
    framework: IndicatorFramework,
) -> None:
    dimensions = framework.indicators.filter(parent__isnull=True)
    assert [d.name_en for d in dimensions.order_by("order")] == [
        "Governance and organisation",
        "Collaboration and resource sharing",
        "Talent cultivation quality",
        "Technological innovation and service",
        "Cooperation satisfaction",
        "Policy support and implementation",
    ]
    assert framework.indicators.filter(parent__isnull=False).count() == 19
    assert frameworks.default_framework_load() == framework


def test_derived_enterprise_share_equals_a_hand_count_and_traces_the_memberships(
    world: World, cycle: AssessmentCycle
) -> None:
    a = world.community_a
    school = OrganizationFactory(type=Organization.Type.HIGHER_VOCATIONAL)
    counted_school = MembershipFactory(community=a, organization=school, duties="开设订单班")
    enterprise = MembershipFactory(community=a)  # an enterprise, by the factory's default
    MembershipFactory(community=a, left=datetime.date(2024, 6, 30))  # left before the end
    MembershipFactory(community=a, joined=datetime.date(2026, 1, 5))  # joined after the end

    compute_derived(cycle=cycle, community=a)

    share = IndicatorValue.objects.get(cycle=cycle, community=a, indicator__code="D1.1")
    # Active at 2025-12-31: world's member (enterprise), the school, the second enterprise.
    assert share.status == IndicatorValue.Status.DERIVED
    assert share.value == pytest.approx(100 * 2 / 3, abs=1e-3)
    traced = {record["id"]: record["counted"] for record in share.trace["records"]}
    assert traced == {
        world.membership_a.pk: True,
        counted_school.pk: False,
        enterprise.pk: True,
    }
    assert share.trace["counted"] == 2
    assert share.trace["total"] == 3
    duties = IndicatorValue.objects.get(cycle=cycle, community=a, indicator__code="D1.3")
    assert duties.value == pytest.approx(100 / 3, abs=1e-3)
    assert [r["id"] for r in duties.trace["records"] if r["counted"]] == [counted_school.pk]


def test_a_value_out_of_range_is_refused_naming_the_indicator_and_range(
    world: World, cycle: AssessmentCycle, framework: IndicatorFramework
) -> None:
    rate = indicator(framework, "D3.2")
    with pytest.raises(ValidationError) as refused:
        values.indicator_value_submit(
            actor=world.secretary,
            cycle=cycle,
            community=world.community_a,
            indicator=rate,
            value=140,
            evidence=[pdf()],
        )
    message = refused.value.message_dict["value"][0]
    assert "D3.2" in message
    assert rate.name_zh in message or rate.name_en in message
    assert "0" in message
    assert "100" in message
    assert "140" in message
    assert not IndicatorValue.objects.filter(cycle=cycle, status="submitted").exists()


def test_evidence_of_a_forbidden_type_is_refused(world: World, cycle: AssessmentCycle) -> None:
    with pytest.raises(ValidationError) as refused:
        values.indicator_value_submit(
            actor=world.secretary,
            cycle=cycle,
            community=world.community_a,
            indicator=indicator(cycle.framework, "D1.2"),
            value=4,
            evidence=[SimpleUploadedFile("run.exe", b"MZ", content_type="application/x-msdos")],
        )
    assert "run.exe" in refused.value.message_dict["evidence"][0]


def test_a_secretariat_submits_only_for_its_own_community(
    world: World, cycle: AssessmentCycle
) -> None:
    with pytest.raises(PermissionDenied):
        values.indicator_value_submit(
            actor=world.outsider,
            cycle=cycle,
            community=world.community_a,
            indicator=indicator(cycle.framework, "D1.2"),
            value=4,
            evidence=[pdf()],
        )


def test_submit_then_verify_and_return(world: World, cycle: AssessmentCycle) -> None:
    value = values.indicator_value_submit(
        actor=world.secretary,
        cycle=cycle,
        community=world.community_a,
        indicator=indicator(cycle.framework, "D1.2"),
        value=4,
        evidence=[pdf()],
    )
    assert value.evidence.count() == 1
    with pytest.raises(PermissionDenied):
        values.indicator_value_verify(actor=world.outsider, value=value)
    verified = values.indicator_value_verify(actor=world.expert, value=value)
    assert verified.status == IndicatorValue.Status.VERIFIED
    with pytest.raises(ValidationError):
        values.indicator_value_return(actor=world.supervisor, value=value, comment="  ")
    returned = values.indicator_value_return(
        actor=world.supervisor, value=value, comment="纪要缺少签字页"
    )
    assert returned.status == IndicatorValue.Status.RETURNED
    assert world.secretary.notifications.filter(body="纪要缺少签字页").exists()


def test_editing_a_frozen_framework_is_refused_and_a_new_version_is_editable(
    world: World, cycle: AssessmentCycle, framework: IndicatorFramework
) -> None:
    framework.refresh_from_db()
    assert framework.is_frozen
    node = indicator(framework, "D1.2")
    with pytest.raises(ValidationError) as refused:
        frameworks.indicator_update(actor=world.supervisor, indicator=node, name_en="Meetings")
    assert "frozen" in refused.value.message_dict["framework"][0]

    copy = frameworks.framework_new_version(actor=world.supervisor, framework=framework)
    assert copy.version == 2
    assert copy.parent == framework
    assert copy.status == IndicatorFramework.Status.DRAFT
    assert copy.indicators.count() == framework.indicators.count()
    copied = indicator(copy, "D1.2")
    assert copied.parent is not None
    assert copied.parent.framework == copy
    frameworks.indicator_update(actor=world.supervisor, indicator=copied, name_en="Meetings")
    assert indicator(copy, "D1.2").name_en == "Meetings"
    assert indicator(framework, "D1.2").name_en == "Council meetings held"


def test_a_secretariat_cannot_edit_frameworks(world: World, framework: IndicatorFramework) -> None:
    with pytest.raises(PermissionDenied):
        frameworks.framework_new_version(actor=world.secretary, framework=framework)


def test_a_non_reciprocal_judgment_is_refused(world: World, cycle: AssessmentCycle) -> None:
    node = indicator(cycle.framework, "D1")
    matrix = [[1, 3, 5], [3, 1, 2], [1 / 5, 1 / 2, 1]]
    with pytest.raises(ValidationError) as refused:
        judgments.judgment_submit(actor=world.expert, cycle=cycle, node=node, matrix=matrix)
    assert "reciprocal" in refused.value.message_dict["matrix"][0]


def test_an_out_of_scale_judgment_is_refused(world: World, cycle: AssessmentCycle) -> None:
    node = indicator(cycle.framework, "D1")
    matrix = [[1, 12, 5], [1 / 12, 1, 2], [1 / 5, 1 / 2, 1]]
    with pytest.raises(ValidationError) as refused:
        judgments.judgment_submit(actor=world.expert, cycle=cycle, node=node, matrix=matrix)
    assert "1/9" in refused.value.message_dict["matrix"][0]


def test_a_judgment_is_stored_with_its_cr_and_feeds_the_weights(
    world: World, cycle: AssessmentCycle
) -> None:
    from iecommons.assessment.selectors.weights import cycle_weights

    node = indicator(cycle.framework, "D1")
    matrix = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]
    judgment = judgments.judgment_submit(actor=world.expert, cycle=cycle, node=node, matrix=matrix)
    assert judgment.consistency_ratio < 0.1
    weights = cycle_weights(cycle)
    assert weights.local["D1"].experts == 1
    local = weights.local["D1"].weights
    assert local["D1.1"] > local["D1.2"] > local["D1.3"]
    assert sum(weights.weights.values()) == pytest.approx(1.0)
    assert set(weights.weights) == set(
        Indicator.objects.filter(framework=cycle.framework, parent__isnull=False).values_list(
            "code", flat=True
        )
    )


def test_a_stranger_cannot_judge(world: World, cycle: AssessmentCycle) -> None:
    with pytest.raises(PermissionDenied):
        judgments.judgment_submit(
            actor=world.outsider,
            cycle=cycle,
            node=indicator(cycle.framework, "D1"),
            matrix=[[1, 1, 1], [1, 1, 1], [1, 1, 1]],
        )


def test_opening_a_cycle_tells_the_secretariats(world: World, cycle: AssessmentCycle) -> None:
    assert world.secretary.notifications.filter(subject__contains=cycle.name).exists()
    assert world.outsider.notifications.filter(subject__contains=cycle.name).exists()
    assert not world.expert.notifications.exists()


def test_objective_weights_follow_the_data_and_the_choice_decides(
    world: World, cycle: AssessmentCycle
) -> None:
    from iecommons.assessment.selectors.weights import cycle_weights
    from iecommons.assessment.services.cycles import weighting_choose

    # Two communities differ a lot on patents and not at all on standards.
    for community, patents in ((world.community_a, 2), (world.community_b, 40)):
        for code, number in (("D4.2", patents), ("D4.3", 3)):
            IndicatorValue.objects.filter(
                cycle=cycle, community=community, indicator__code=code
            ).update(value=number, status=IndicatorValue.Status.VERIFIED)
    weighting_choose(
        actor=world.supervisor,
        cycle=cycle,
        method="objective",
        objective_method="entropy",
        combination="linear",
        alpha=0.5,
        group_aggregation="judgments",
    )
    weights = cycle_weights(cycle)
    assert weights.weights == weights.objective
    assert weights.objective["D4.2"] > weights.objective["D4.3"]
    assert sum(weights.objective.values()) == pytest.approx(1.0)
    with pytest.raises(ValidationError):
        weighting_choose(
            actor=world.supervisor,
            cycle=cycle,
            method="combined",
            objective_method="entropy",
            combination="linear",
            alpha=1.5,
            group_aggregation="judgments",
        )
    with pytest.raises(PermissionDenied):
        weighting_choose(
            actor=world.provincial_supervisor,
            cycle=cycle,
            method="combined",
            objective_method="entropy",
            combination="linear",
            alpha=0.5,
            group_aggregation="judgments",
        )


def test_a_draft_framework_takes_dimensions_and_indicators_and_refuses_a_duplicate_code(
    world: World,
) -> None:
    draft = frameworks.framework_create(actor=world.supervisor, name="市域联合体评价")
    dimension = frameworks.indicator_create(
        actor=world.supervisor, framework=draft, parent=None, code="G", name_zh="治理"
    )
    first = frameworks.indicator_create(
        actor=world.supervisor,
        framework=draft,
        parent=dimension,
        code="G1",
        name_zh="企业占比",
        source="derived",
        formula="enterprise_member_share",
        min_value=0.0,
        max_value=100.0,
    )
    second = frameworks.indicator_create(
        actor=world.supervisor, framework=draft, parent=dimension, code="G2", name_zh="会议"
    )
    with pytest.raises(ValidationError) as refused:
        frameworks.indicator_create(
            actor=world.supervisor, framework=draft, parent=dimension, code="G1", name_zh="重复"
        )
    assert "G1" in refused.value.message_dict["code"][0]
    with pytest.raises(ValidationError):
        frameworks.indicator_create(
            actor=world.supervisor,
            framework=draft,
            parent=dimension,
            code="G3",
            name_zh="未知公式",
            source="derived",
            formula="no_such_formula",
        )
    frameworks.indicator_move(actor=world.supervisor, indicator=second, up=True)
    ordered = list(dimension.children.order_by("order").values_list("code", flat=True))
    assert ordered == ["G2", "G1"]
    assert first.framework == draft
