"""The stored figures made ready for the dashboard page: translated labels, chart data and
the link of the list behind each figure. Reads nothing but the regions of the page."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from iecommons.assessment.labels import GRADE_LABELS
from iecommons.collaboration.models import Resource
from iecommons.oversight.dashboards.figures import GRADE_ORDER
from iecommons.oversight.dashboards.tilegrid import COLUMNS, ROWS, TILES
from iecommons.projects.models import Project
from iecommons.registry.models import Community, Organization, Region


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _name(row: dict[str, Any]) -> str:
    return (row.get("name_en") if _english() else "") or row.get("name_zh", "")


def _url(name: str, query: dict[str, Any] | None = None, **kwargs: Any) -> str:
    address = reverse(name, kwargs=kwargs or None)
    wanted = {key: value for key, value in (query or {}).items() if value not in ("", None)}
    return f"{address}?{urlencode(wanted)}" if wanted else address


def _scope_query(region: Region | None) -> dict[str, str]:
    """The registry filters that select the jurisdiction's seats."""
    if region is None:
        return {}
    if region.parent_id is None:
        return {"province": region.code}
    return {"province": region.parent.code if region.parent else "", "city": region.code}


def _dashboard_url(code: str | None, *, supervisor: bool) -> str:
    if supervisor:
        if code is None:
            return reverse("dashboards:supervisor")
        return reverse("dashboards:supervisor_region", kwargs={"code": code})
    if code is None:
        return reverse("dashboards:public")
    return reverse("dashboards:public_region", kwargs={"code": code})


def _bars(
    counts: dict[str, int], labels: dict[str, str], url: Any, order: list[str] | None = None
) -> list[dict[str, Any]]:
    keys = order if order is not None else sorted(counts, key=lambda key: -counts[key])
    return [
        {"key": key, "label": labels.get(key, key), "count": counts.get(key, 0), "url": url(key)}
        for key in keys
        if counts.get(key, 0) or order is not None
    ]


def _communities(figures: dict[str, Any], region: Region | None, sup: bool) -> dict[str, Any]:
    scope = _scope_query(region)
    communities = figures["communities"]

    def listed(**extra: str) -> str:
        return _url("registry:community_list", {**scope, **extra})

    levels = dict(Community.Level.choices)
    statuses = dict(Community.Status.choices)
    fields = [
        {
            "label": _name(row),
            "count": row["count"],
            "url": listed(field=row["code"]),
        }
        for row in communities["by_field"]
    ]
    areas = []
    for row in communities["by_area"]:
        if communities["area_level"] == "province":
            url = _dashboard_url(row["code"], supervisor=sup)
            list_url = _url("registry:community_list", {"province": row["code"]})
        else:
            url = _dashboard_url(row["code"], supervisor=sup)
            list_url = listed(city=row["code"])
        areas.append({**row, "label": _name(row), "url": url, "list_url": list_url})
    founded = communities["founded"]
    return {
        "total": communities["total"],
        "url": listed(),
        "by_level": _bars(
            communities["by_level"],
            {key: str(label) for key, label in levels.items()},
            lambda key: listed(level=key),
            order=list(levels),
        ),
        "by_status": _bars(
            communities["by_status"],
            {key: str(label) for key, label in statuses.items()},
            lambda key: listed(status=key),
            order=list(statuses),
        ),
        "by_field": fields,
        "by_area": areas,
        "area_is_province": communities["area_level"] == "province",
        "founded": {
            "years": founded["years"],
            "series": [
                {"name": str(statuses.get(status, status)), "data": data}
                for status, data in founded["series"].items()
                if any(data)
            ],
            "url": listed(sort="-founded"),
        },
    }


def _members(figures: dict[str, Any], region: Region | None) -> dict[str, Any]:
    members = figures["members"]
    types = {key: str(label) for key, label in Organization.Type.choices}
    province = _scope_query(region).get("province", "")
    return {
        **members,
        "url": _url("registry:organization_list", {"province": province}),
        "by_type": _bars(
            members["by_type"],
            types,
            lambda key: _url("registry:organization_list", {"type": key, "province": province}),
        ),
        "enterprise_url": _url(
            "registry:organization_list", {"type": "enterprise", "province": province}
        ),
    }


def _assessment(figures: dict[str, Any], region: Region | None, sup: bool) -> dict[str, Any]:
    assessment = figures["assessment"]
    province = _scope_query(region).get("province", "")
    grades = {key: str(GRADE_LABELS[key]) for key in GRADE_ORDER}
    cycles = []
    for cycle in assessment["cycles"]:
        if sup:
            url = _url("assessment:results_table", {"province": province}, pk=cycle["run_id"])
        else:
            url = _url("assessment:published_grades", {"province": province})
        cycles.append({**cycle, "url": url, "label": f"{cycle['cycle']}"})
    chart = {
        "cycles": [cycle["label"] for cycle in cycles],
        "series": [
            {"name": grades[grade], "data": [cycle["grades"][grade] for cycle in cycles]}
            for grade in GRADE_ORDER
        ],
    }
    movements = [
        {
            **movement,
            "rows": [
                {
                    "label": grades[before],
                    "cells": [
                        cell["count"] for cell in movement["matrix"] if cell["from"] == before
                    ],
                }
                for before in GRADE_ORDER
            ],
        }
        for movement in assessment["movements"]
    ]
    result: dict[str, Any] = {
        "cycles": cycles,
        "chart": chart,
        "grade_labels": [grades[grade] for grade in GRADE_ORDER],
        "movements": movements,
    }
    if "rectification" in assessment:
        rectification = assessment["rectification"]
        result["rectification"] = [
            {
                "label": label,
                "count": rectification[key],
                "url": _url("assessment:rectification_list", {"status": status}),
            }
            for key, status, label in (
                ("open", "open", pgettext("rectification", "open")),
                ("overdue", "overdue", _("overdue")),
                ("closed", "done", pgettext("rectification", "closed")),
            )
        ]
    return result


def _collaboration(figures: dict[str, Any], region: Region | None) -> dict[str, Any] | None:
    collaboration = figures.get("collaboration")
    if collaboration is None:
        return None
    types = {key: str(label) for key, label in Resource.Type.choices}
    statuses = {key: str(label) for key, label in Project.Status.choices}
    communities = _url("registry:community_list", _scope_query(region))
    return {
        **collaboration,
        "communities_url": communities,
        "resources_by_type": _bars(
            collaboration["resources_by_type"], types, lambda key: communities
        ),
        "projects_by_status": _bars(
            collaboration["projects_by_status"],
            statuses,
            lambda key: communities,
            order=list(statuses),
        ),
    }


def _tiles(figures: dict[str, Any], sup: bool) -> list[dict[str, Any]]:
    counts = {row["code"]: row["count"] for row in figures["communities"]["by_area"]}
    english = _english()
    return [
        {
            "code": code,
            "x": column,
            "y": row,
            "name": name_en if english else name_zh,
            "count": counts.get(code, 0),
            "url": _dashboard_url(code, supervisor=sup),
        }
        for code, (column, row, name_zh, name_en) in TILES.items()
    ]


def page_context(
    *,
    region: Region | None,
    figures: dict[str, Any] | None,
    computed_at: datetime.datetime | None,
    supervisor: bool,
    refreshing: bool,
    can_supervise: bool,
) -> dict[str, Any]:
    """Everything the dashboard template shows."""
    code = region.code if region is not None else None
    title = str(region) if region is not None else pgettext("jurisdiction", "National")
    context: dict[str, Any] = {
        "region": region,
        "parent": region.parent if region is not None and region.parent_id else None,
        "title": title,
        "supervisor": supervisor,
        "computed_at": computed_at,
        "refreshing": refreshing,
        "figures": figures,
        "public_url": _dashboard_url(code, supervisor=False),
        "supervisor_url": _dashboard_url(code, supervisor=True) if can_supervise else "",
        "national_url": _dashboard_url(None, supervisor=supervisor),
        "parent_url": _dashboard_url(region.parent.code, supervisor=supervisor)
        if region is not None and region.parent_id and region.parent
        else "",
    }
    if figures is None:
        return context
    communities = _communities(figures, region, supervisor)
    members = _members(figures, region)
    assessment = _assessment(figures, region, supervisor)
    context.update(
        communities=communities,
        members=members,
        assessment=assessment,
        collaboration=_collaboration(figures, region),
        talent=figures["talent"],
        policy=figures["policy"],
        awards_url=reverse("policy:awards"),
        open_data_url=reverse("oversight:open_data"),
        charts={
            "level": {
                "kind": "bars",
                "labels": [row["label"] for row in communities["by_level"]],
                "values": [row["count"] for row in communities["by_level"]],
                "urls": [row["url"] for row in communities["by_level"]],
            },
            "field": {
                "kind": "bars",
                "horizontal": True,
                "labels": [row["label"] for row in communities["by_field"][:12]],
                "values": [row["count"] for row in communities["by_field"][:12]],
                "urls": [row["url"] for row in communities["by_field"][:12]],
            },
            "founded": {
                "kind": "stacked",
                "labels": [str(year) for year in communities["founded"]["years"]],
                "series": communities["founded"]["series"],
            },
            "members": {
                "kind": "pie",
                "labels": [row["label"] for row in members["by_type"]],
                "values": [row["count"] for row in members["by_type"]],
                "urls": [row["url"] for row in members["by_type"]],
            },
            "grades": {
                "kind": "stacked",
                "labels": assessment["chart"]["cycles"],
                "series": assessment["chart"]["series"],
                "urls": [cycle["url"] for cycle in assessment["cycles"]],
            },
        },
    )
    if region is None:
        context["map"] = {
            "kind": "tiles",
            "columns": COLUMNS,
            "rows": ROWS,
            "tiles": _tiles(figures, supervisor),
            "label": _("communities"),
        }
    return context
