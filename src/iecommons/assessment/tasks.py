"""Background jobs of the assessment app; they take ids, never objects."""

from __future__ import annotations

from django_tasks import task

from iecommons.assessment.models import AssessmentCycle
from iecommons.assessment.services.cycles import compute_derived


@task()
def compute_derived_for_cycle(cycle_id: int) -> int:
    """Compute the derived indicators of every community of the cycle; return how many."""
    cycle = AssessmentCycle.objects.get(pk=cycle_id)
    count = 0
    for community in cycle.communities.order_by("pk"):
        count += len(compute_derived(cycle=cycle, community=community))
    return count
