"""Derived values: indicators computed from the platform's own records (formulas), each
stored with the trace of how it was computed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from iecommons.assessment.formulas import FORMULAS
from iecommons.assessment.models import AssessmentCycle, Indicator, IndicatorValue
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.registry.models import Community


@transaction.atomic
def compute_derived(
    *, cycle: AssessmentCycle, community: Community, actor: Any = None
) -> list[IndicatorValue]:
    """Compute every derived indicator of ``community`` in ``cycle`` from the platform's
    records, storing the value and its trace. A verified derived value is recomputed too:
    the records are the authority. Called by the background task (no actor) or by a
    supervisor asking for a recomputation."""
    if actor is not None:
        require(rules.can_manage_cycle(actor, cycle))
    written = []
    derived = Indicator.objects.filter(
        framework_id=cycle.framework_id, source=Indicator.Source.DERIVED, parent__isnull=False
    )
    for indicator in derived:
        formula = FORMULAS.get(indicator.formula)
        if formula is None:
            continue
        result = formula.compute(community, cycle.period_start, cycle.period_end)
        value, _created = IndicatorValue.objects.select_for_update().get_or_create(
            cycle=cycle, community=community, indicator=indicator
        )
        before = audit.snapshot(value)
        value.value = result.value
        value.status = (
            IndicatorValue.Status.DERIVED
            if result.value is not None
            else IndicatorValue.Status.MISSING
        )
        value.trace = result.trace(formula.key)
        value.submitted_at = timezone.now()
        value.save()
        if before.get("value") != value.value or before.get("status") != value.status:
            audit.record(actor=actor, instance=value, operation="compute_derived", before=before)
        written.append(value)
    return written


def derived_values_compute(*, cycle_id: int) -> int:
    """Compute the derived indicators of every community of the cycle; return how many
    values were written (the background job's work)."""
    cycle = AssessmentCycle.objects.get(pk=cycle_id)
    count = 0
    for community in cycle.communities.order_by("pk"):
        count += len(compute_derived(cycle=cycle, community=community))
    return count
