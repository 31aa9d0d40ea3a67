"""Background job of placement rounds: it takes the round's id, never the object."""

from __future__ import annotations

from django_tasks import task


@task()
def match_round(round_id: int) -> int:
    """Compute a queued round (see :func:`iecommons.talent.matching.round_execute`)."""
    from iecommons.talent.matching import round_execute

    return int(round_execute(round_id=round_id).pk)
