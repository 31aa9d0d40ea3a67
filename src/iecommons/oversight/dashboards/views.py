"""The dashboard pages: the public one of each jurisdiction, and the supervisor's.

Both render from the stored figures (``DashboardFigures``) and queue their computation when
they are behind; neither computes a figure itself.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from iecommons.authz import dashboards as rules
from iecommons.common.page_cache import cached_fragments
from iecommons.oversight.dashboards import presentation
from iecommons.oversight.dashboards.freshness import dashboard_refresh_if_behind, stored_figures
from iecommons.registry.models import Region


def _region(code: str | None) -> Region | None:
    if code is None:
        return None
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise Http404
    return region


def _render(request: HttpRequest, region: Region | None, *, supervisor: bool) -> HttpResponse:
    stored = stored_figures(region)
    queued = dashboard_refresh_if_behind(region, stored)
    figures = None
    if stored is not None:
        figures = stored.supervisor if supervisor else stored.public
    computed_at = stored.computed_at if stored else None
    context = presentation.page_context(
        region=region,
        computed_at=computed_at,
        supervisor=supervisor,
        figures=None,
        refreshing=queued,
        can_supervise=rules.can_see_supervisor_dashboard(request.user, region),
    )
    if stored is not None and figures is not None:
        shown = figures

        def body() -> dict[str, str]:
            full = presentation.page_context(
                region=region,
                computed_at=computed_at,
                supervisor=supervisor,
                figures=shown,
                refreshing=False,
                can_supervise=False,
            )
            return {"body": render_to_string("oversight/dashboards/_body.html", full)}

        # The figures' part of the page is the same for everyone of this audience: it is
        # rendered once per stored computation and language (common.page_cache).
        fragments = cached_fragments(
            request,
            "dashboard",
            stored.key,
            stored.computed_at.isoformat(),
            supervisor,
            render=body,
        )
        context.update(figures=figures, body=fragments["body"])
    return render(request, "oversight/dashboards/dashboard.html", context)


def public_dashboard(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Public: the public figures of the nation, a province or a city."""
    region = _region(code)
    if not rules.can_see_public_dashboard(request.user, region):
        raise Http404
    return _render(request, region, supervisor=False)


@login_required
def supervisor_dashboard(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """The supervisors of the jurisdiction: every figure; anyone else gets a 404."""
    region = _region(code)
    if not rules.can_see_supervisor_dashboard(request.user, region):
        raise Http404
    return _render(request, region, supervisor=True)


@login_required
def supervisor_home(request: HttpRequest) -> HttpResponse:
    """A supervisor's own dashboard: the nation's, else its province's, else its city's."""
    if rules.supervises_nation(request.user):
        return redirect("dashboards:supervisor")
    regions = rules.visible_supervised_regions(
        request.user, Region.objects.order_by("level", "code")
    )
    # "city" sorts before "province": take a province first when there is one.
    found = sorted(regions, key=lambda region: (region.parent_id is not None, region.code))
    if not found:
        raise Http404
    return redirect("dashboards:supervisor_region", code=found[0].code)
