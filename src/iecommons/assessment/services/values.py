"""Value writes: a secretariat submits a value with evidence; a verifier verifies or
returns it with a comment."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.accounts import selectors as account_selectors
from iecommons.assessment.models import (
    AssessmentCycle,
    Evidence,
    Indicator,
    IndicatorValue,
)
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.common import audit, notifications
from iecommons.common.services import refuse
from iecommons.common.uploads import EVIDENCE
from iecommons.registry.models import Community


def _format_number(number: float) -> str:
    return f"{number:g}"


def value_range_problem(indicator: Indicator, value: float) -> str | None:
    """A message naming the indicator and its valid range, or None if ``value`` fits."""
    if not math.isfinite(value):
        return _("“%(indicator)s” needs a number.") % {"indicator": indicator.name}
    low, high = indicator.min_value, indicator.max_value
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            valid = _("between %(low)s and %(high)s") % {
                "low": _format_number(low),
                "high": _format_number(high),
            }
        elif low is not None:
            valid = _("at least %(low)s") % {"low": _format_number(low)}
        else:
            valid = _("at most %(high)s") % {"high": _format_number(high or 0)}
        return _("“%(code)s %(indicator)s” must be %(valid)s %(unit)s; got %(value)s.") % {
            "code": indicator.code,
            "indicator": indicator.name,
            "valid": valid,
            "unit": indicator.unit_label,
            "value": _format_number(value),
        }
    return None


def _secretariat_users(community: Community) -> list[Any]:
    return account_selectors.secretariat_users([community.pk])


@transaction.atomic
def indicator_value_submit(
    *,
    actor: Any,
    cycle: AssessmentCycle,
    community: Community,
    indicator: Indicator,
    value: float,
    evidence: Sequence[UploadedFile] = (),
    comment: str = "",
) -> IndicatorValue:
    """Submit (or resubmit) a value with evidence for a submitted indicator.

    Refused: a value outside the indicator's range (the message names the indicator and
    the range), a file of a forbidden type or size, no evidence at all, an indicator
    that is derived or surveyed, a closed cycle."""
    require(rules.can_submit(actor, cycle, community))
    if indicator.framework_id != cycle.framework_id or indicator.parent_id is None:
        raise refuse("indicator", _("This indicator is not in the cycle's framework."))
    if indicator.source != Indicator.Source.SUBMITTED:
        raise refuse(
            "indicator",
            _("“%(indicator)s” is %(source)s, not submitted.")
            % {"indicator": indicator.name, "source": indicator.get_source_display()},
        )
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise refuse("value", _("Enter a number.")) from None
    problem = value_range_problem(indicator, number)
    if problem:
        raise refuse("value", problem)
    # What each file is comes from its content, never from the type its client claims.
    checked = [(upload, EVIDENCE.check(upload, field="evidence")) for upload in evidence]
    record, _created = IndicatorValue.objects.select_for_update().get_or_create(
        cycle=cycle, community=community, indicator=indicator
    )
    if not evidence and not record.evidence.exists():
        raise refuse("evidence", _("Attach at least one evidence file."))
    before = audit.snapshot(record)
    record.value = number
    record.status = IndicatorValue.Status.SUBMITTED
    record.comment = comment.strip()
    record.submitted_by = actor
    record.submitted_at = timezone.now()
    record.verified_by = None
    record.verified_at = None
    record.save()
    for upload, file_type in checked:
        item = Evidence(
            value=record,
            original_name=(upload.name or "")[:200],
            size=upload.size or 0,
            content_type=file_type.content_type[:100],
            uploaded_by=actor,
        )
        item.file.save(upload.name or "evidence", upload, save=False)
        item.save()
        audit.record(actor=actor, instance=item, operation="evidence_upload")
    audit.record(actor=actor, instance=record, operation="indicator_value_submit", before=before)
    return record


@transaction.atomic
def indicator_value_verify(*, actor: Any, value: IndicatorValue) -> IndicatorValue:
    """Accept a submitted value."""
    value = (
        IndicatorValue.objects.select_for_update()
        .select_related("cycle", "community")
        .get(pk=value.pk)
    )
    require(rules.can_verify(actor, value.cycle, value.community))
    if value.status != IndicatorValue.Status.SUBMITTED:
        raise refuse("status", _("Only a submitted value can be verified."))
    before = audit.snapshot(value)
    value.status = IndicatorValue.Status.VERIFIED
    value.verified_by = actor
    value.verified_at = timezone.now()
    value.save(update_fields=["status", "verified_by", "verified_at", "updated_at"])
    audit.record(actor=actor, instance=value, operation="indicator_value_verify", before=before)
    return value


@transaction.atomic
def indicator_value_return(*, actor: Any, value: IndicatorValue, comment: str) -> IndicatorValue:
    """Send a submitted value back to the secretariat with a comment saying why."""
    value = (
        IndicatorValue.objects.select_for_update()
        .select_related("cycle", "community", "indicator")
        .get(pk=value.pk)
    )
    require(rules.can_verify(actor, value.cycle, value.community))
    if value.status not in (IndicatorValue.Status.SUBMITTED, IndicatorValue.Status.VERIFIED):
        raise refuse("status", _("Only a submitted or verified value can be returned."))
    if not comment.strip():
        raise refuse("comment", _("Say why the value is returned."))
    before = audit.snapshot(value)
    value.status = IndicatorValue.Status.RETURNED
    value.comment = comment.strip()
    value.verified_by = actor
    value.verified_at = timezone.now()
    value.save(update_fields=["status", "comment", "verified_by", "verified_at", "updated_at"])
    audit.record(actor=actor, instance=value, operation="indicator_value_return", before=before)
    notifications.notify(
        recipients=_secretariat_users(value.community),
        subject=_("Returned: %(indicator)s") % {"indicator": value.indicator.name},
        body=value.comment,
        link=reverse(
            "assessment:community_data",
            kwargs={"pk": value.cycle_id, "community_pk": value.community_id},
        ),
    )
    return value


@transaction.atomic
def expert_score_submit(
    *,
    actor: Any,
    cycle: AssessmentCycle,
    community: Community,
    indicator: Indicator,
    score: float,
    comment: str = "",
) -> IndicatorValue:
    """An expert's 0–100 score of an expert-scored indicator; the indicator's value becomes
    the mean of the experts' scores (trace: how many experts, the mean)."""
    from iecommons.assessment.models import ExpertScore

    require(rules.can_score(actor, cycle, community))
    if indicator.framework_id != cycle.framework_id or indicator.source != Indicator.Source.EXPERT:
        raise refuse("indicator", _("This indicator is not scored by experts."))
    if not 0.0 <= float(score) <= 100.0:
        raise refuse(
            "score",
            _("“%(code)s %(indicator)s” is scored from 0 to 100; got %(value)s.")
            % {"code": indicator.code, "indicator": indicator.name, "value": score},
        )
    ExpertScore.objects.update_or_create(
        cycle=cycle,
        community=community,
        indicator=indicator,
        expert=actor,
        defaults={"score": float(score), "comment": comment.strip()},
    )
    scores = list(
        ExpertScore.objects.filter(
            cycle=cycle, community=community, indicator=indicator
        ).values_list("score", flat=True)
    )
    value, _created = IndicatorValue.objects.select_for_update().get_or_create(
        cycle=cycle, community=community, indicator=indicator
    )
    before = audit.snapshot(value)
    value.value = round(sum(scores) / len(scores), 4)
    value.status = IndicatorValue.Status.VERIFIED
    value.trace = {"experts": len(scores), "mean_score": value.value}
    value.submitted_at = timezone.now()
    value.save()
    audit.record(actor=actor, instance=value, operation="expert_score_submit", before=before)
    return value
