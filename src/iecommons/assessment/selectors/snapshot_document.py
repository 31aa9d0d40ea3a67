"""A run's snapshot as a downloadable document (see ``docs/snapshots.md``).

The numbers come from the run's frozen input, never the live tables; names, directions,
units and ranges come from the framework version the run used, which is frozen once used.
"""

from __future__ import annotations

from typing import Any

from iecommons.assessment import engine
from iecommons.assessment.engine import reproduction
from iecommons.assessment.models import EvaluationRun, Indicator, Publication
from iecommons.registry.models import Community


def _indicators(run: EvaluationRun, codes: tuple[str, ...]) -> list[dict[str, Any]]:
    nodes = {
        node.code: node
        for node in Indicator.objects.filter(framework_id=run.framework_id).select_related("parent")
    }
    described: list[dict[str, Any]] = []
    for code in codes:
        node = nodes.get(code)
        if node is None:  # a framework is frozen once used; guard a hand-edited database
            described.append({"code": code})
            continue
        described.append(
            {
                "code": code,
                "name_zh": node.name_zh,
                "name_en": node.name_en,
                "dimension": node.parent.code if node.parent else "",
                "direction": node.direction,
                "unit": node.unit,
                "unit_en": node.unit_en,
                "min_value": node.min_value,
                "max_value": node.max_value,
                "confidential": node.confidential,
            }
        )
    return described


def run_snapshot_document(run: EvaluationRun, *, copy: str) -> dict[str, Any]:
    """The snapshot document of ``run``; ``copy`` is ``"full"`` or ``"public"``."""
    run_input = engine.RunInput.from_json(run.snapshot)
    indicators = _indicators(run, run_input.indicator_codes)
    withheld = (
        [item["code"] for item in indicators if item.get("confidential")]
        if copy == "public"
        else []
    )
    communities = {
        community.pk: community
        for community in Community.objects.filter(pk__in=run_input.community_ids).select_related(
            "field", "province"
        )
    }
    publication = Publication.objects.current().filter(run=run).order_by("-published_at").first()
    cycle = run.cycle
    return reproduction.build_document(
        run_input,
        run={
            "id": run.pk,
            "cycle": {
                "id": cycle.pk,
                "name": cycle.name,
                "name_en": cycle.name_en,
                "year": cycle.year,
            },
            "status": run.status,
            "created_at": run.created_at.isoformat(),
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "published_at": publication.published_at.isoformat() if publication else None,
            "copy": copy,
        },
        framework={
            "id": run.framework_id,
            "name": run.framework.name,
            "name_en": run.framework.name_en,
            "version": run.framework_version,
        },
        indicators=indicators,
        weighting=dict(run.methods.get("weighting", {})),
        communities=[
            {
                "id": pk,
                "name": communities[pk].name if pk in communities else "",
                "name_en": communities[pk].name_en if pk in communities else "",
                "level": communities[pk].level if pk in communities else "",
                "field": communities[pk].field.code if pk in communities else "",
                "province": communities[pk].province.code if pk in communities else "",
                "peer_group": group,
            }
            for pk, group in zip(run_input.community_ids, run_input.peer_groups, strict=True)
        ],
        withheld=withheld,
    )
