"""The assessment JSON API: frameworks, cycles and values to read; value submission.

Same scoping as the pages (:mod:`iecommons.authz.assessment`): a cycle the caller
may not see is a 404; a community's values need the right to see that community's data.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from iecommons.assessment.models import AssessmentCycle, Indicator, IndicatorFramework
from iecommons.assessment.selectors import values as value_selectors
from iecommons.assessment.selectors.weights import cycle_weights
from iecommons.assessment.services import values as value_services
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.common.api import ERRORS, actor
from iecommons.common.services import refuse

router = Router(tags=["assessment"])


class IndicatorOut(Schema):
    id: int
    code: str
    parent_code: str | None
    name_zh: str
    name_en: str
    definition: str
    definition_en: str
    unit: str
    unit_en: str
    direction: str
    source: str
    formula: str
    min_value: float | None
    max_value: float | None
    grade_boundaries: list[float]
    order: int


class FrameworkOut(Schema):
    id: int
    name: str
    name_en: str
    version: int
    status: str
    parent_id: int | None


class FrameworkDetailOut(FrameworkOut):
    indicators: list[IndicatorOut]


class CycleOut(Schema):
    id: int
    name: str
    name_en: str
    year: int
    period_start: datetime.date
    period_end: datetime.date
    framework_id: int
    status: str
    submission_deadline: datetime.date
    verification_deadline: datetime.date
    judgment_deadline: datetime.date


class ValueOut(Schema):
    id: int
    community_id: int
    indicator_code: str
    value: float | None
    status: str
    trace: dict[str, Any]
    comment: str
    submitted_at: datetime.datetime | None
    verified_at: datetime.datetime | None
    evidence: list[str]


def _indicator_out(indicator: Indicator) -> dict[str, Any]:
    return {
        **{
            name: getattr(indicator, name)
            for name in IndicatorOut.model_fields
            if name != "parent_code"
        },
        "parent_code": indicator.parent.code if indicator.parent else None,
    }


def _value_out(value: Any) -> dict[str, Any]:
    return {
        "id": value.pk,
        "community_id": value.community_id,
        "indicator_code": value.indicator.code,
        "value": value.value,
        "status": value.status,
        "trace": value.trace,
        "comment": value.comment,
        "submitted_at": value.submitted_at,
        "verified_at": value.verified_at,
        "evidence": [item.original_name for item in value.evidence.all()],
    }


def _cycle(request: HttpRequest, cycle_id: int) -> AssessmentCycle:
    cycle = get_object_or_404(AssessmentCycle, pk=cycle_id)
    if not rules.can_view_cycle(actor(request), cycle):
        raise Http404
    return cycle


@router.get("/assessment/frameworks", response={200: list[FrameworkOut], **ERRORS})
def framework_list(request: HttpRequest) -> Any:
    """Every framework version."""
    require(rules.can_read_frameworks(actor(request)))
    return list(IndicatorFramework.objects.order_by("name", "version"))


@router.get("/assessment/frameworks/{framework_id}", response={200: FrameworkDetailOut, **ERRORS})
def framework_detail(request: HttpRequest, framework_id: int) -> Any:
    """A framework with its dimensions and indicators (a dimension has no parent_code)."""
    require(rules.can_read_frameworks(actor(request)))
    framework = get_object_or_404(IndicatorFramework, pk=framework_id)
    indicators = framework.indicators.select_related("parent").order_by("parent_id", "order")
    return {
        **{name: getattr(framework, name) for name in FrameworkOut.model_fields},
        "indicators": [_indicator_out(i) for i in indicators],
    }


@router.get("/assessment/cycles", response={200: list[CycleOut], **ERRORS})
def cycle_list(request: HttpRequest) -> Any:
    """The cycles the caller supervises, or in which it submits, verifies or judges."""
    cycles = rules.visible_cycles(actor(request), AssessmentCycle.objects.all())
    return list(cycles.order_by("-year", "name"))


@router.get("/assessment/cycles/{cycle_id}", response={200: CycleOut, **ERRORS})
def cycle_detail(request: HttpRequest, cycle_id: int) -> Any:
    return _cycle(request, cycle_id)


@router.get("/assessment/cycles/{cycle_id}/weights", response={200: dict[str, Any], **ERRORS})
def cycle_weight_breakdown(request: HttpRequest, cycle_id: int) -> Any:
    """Local (AHP per node), subjective, objective, combined and used weights by code."""
    cycle = _cycle(request, cycle_id)
    require(rules.can_manage_cycle(actor(request), cycle))
    return cycle_weights(cycle).as_json()


@router.get(
    "/assessment/cycles/{cycle_id}/communities/{community_id}/values",
    response={200: list[ValueOut], **ERRORS},
)
def value_list(request: HttpRequest, cycle_id: int, community_id: int) -> Any:
    """A community's values in the cycle, with traces and evidence file names."""
    cycle = _cycle(request, cycle_id)
    community = get_object_or_404(cycle.communities.all(), pk=community_id)
    if not rules.can_view_community_data(actor(request), cycle, community):
        raise PermissionDenied
    return [_value_out(v) for v in value_selectors.community_values(cycle, community)]


@router.post(
    "/assessment/cycles/{cycle_id}/communities/{community_id}/values",
    response={201: ValueOut, **ERRORS},
)
def value_submit(
    request: HttpRequest,
    cycle_id: int,
    community_id: int,
    indicator: Form[str],
    value: Form[float],
    comment: Form[str] = "",
    evidence: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Any:
    """Submit a value (multipart form: ``indicator`` code, ``value``, ``comment``, one or
    more ``evidence`` files). The secretariat of the community only."""
    cycle = _cycle(request, cycle_id)
    community = get_object_or_404(cycle.communities.all(), pk=community_id)
    target = Indicator.objects.filter(framework_id=cycle.framework_id, code=indicator).first()
    if target is None:
        raise refuse(
            "indicator",
            _("%(code)s: no such indicator in the cycle's framework.") % {"code": indicator},
        )
    record = value_services.indicator_value_submit(
        actor=actor(request),
        cycle=cycle,
        community=community,
        indicator=target,
        value=value,
        evidence=evidence or [],
        comment=comment,
    )
    return Status(201, _value_out(record))
