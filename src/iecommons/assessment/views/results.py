"""Pages of results: the supervisor's table and its export, one community's evaluation
with charts, the public page of published grades, and rectification tasks."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iecommons.assessment import exports
from iecommons.assessment.forms.runs import (
    PublishedFilterForm,
    ResultFilterForm,
    TaskCompleteForm,
    TaskFilterForm,
)
from iecommons.assessment.models import EvaluationRun, RectificationTask, Result
from iecommons.assessment.selectors import grade_paths, rectification, results, snapshots
from iecommons.assessment.selectors import runs as run_selectors
from iecommons.assessment.services import rectification as rectification_services
from iecommons.authz import assessment as rules
from iecommons.authz import registry as registry_rules
from iecommons.authz.scope import require
from iecommons.common.forms import apply_service_errors
from iecommons.common.page_cache import cached_fragments, reads_query
from iecommons.common.pages import render_form
from iecommons.common.rendering import is_partial_request, render_page_or_partial, vary_on_htmx
from iecommons.registry.models import Community

PER_PAGE = 50
#: The query parameters of the results table (its fragments are keyed by these alone).
TABLE_READS = (*ResultFilterForm.base_fields, "page")
EXPORT_LIMIT = 20_000


def _filters(form: ResultFilterForm) -> tuple[results.ResultFilter, str]:
    data = form.cleaned_data if form.is_valid() else {}
    filters = results.ResultFilter(
        field=data.get("field", ""),
        level=data.get("level", ""),
        province=data.get("province", ""),
        grade=data.get("grade", ""),
        q=data.get("q", ""),
    )
    return filters, data.get("sort") or "rank"


def _table_run(request: HttpRequest, pk: int) -> EvaluationRun:
    # The snapshot (the run's whole input, hundreds of kilobytes) is not shown here.
    run = get_object_or_404(EvaluationRun.objects.select_related("cycle").defer("snapshot"), pk=pk)
    require(rules.can_see_table(request.user, run))
    return run


def _columns(request: HttpRequest, sort: str) -> list[dict[str, Any]]:
    def column(label: str, key: str = "") -> dict[str, Any]:
        if not key:
            return {"label": label}
        target = f"-{key}" if sort == key else key
        query = {k: v for k, v in request.GET.items() if k not in ("sort", "page")}
        query["sort"] = target
        current = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        return {"label": label, "sort": True, "query": urlencode(query), "current": current}

    return [
        column(_("Rank"), "rank"),
        column(_("Community"), "name"),
        column(_("Industry field")),
        column(_("Level")),
        column(_("Province")),
        column(_("Score")),
        column(_("Grade")),
        column(_("Rank among peers"), "peer_rank"),
        column(_("Rank stability"), "band"),
    ]


def _table_fragment(request: HttpRequest, run: EvaluationRun, template: str) -> dict[str, str]:
    form = ResultFilterForm(request.GET)
    filters, sort = _filters(form)
    page = Paginator(results.result_rows(request.user, run, filters, sort=sort), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [results.result_row(result) for result in page.object_list]
    context = {
        "run": run,
        "form": form,
        "page": page,
        "rows": rows,
        "columns": _columns(request, sort),
    }
    return {"body": render_to_string(template, context, request=request)}


@login_required
@reads_query(*TABLE_READS)
def results_table(request: HttpRequest, pk: int) -> HttpResponse:
    """The supervisor's table of a run's results, filtered, sorted and paginated.

    The filters and rows depend on the query and on which communities the person
    supervises: a cached fragment shared by the supervisors of the same jurisdiction.
    """
    run = _table_run(request, pk)
    partial = is_partial_request(request)
    template = "assessment/results/_table.html" if partial else "assessment/results/_body.html"
    fragments = cached_fragments(
        request,
        "assessment:results_table",
        run.pk,
        request.get_full_path(),
        template,
        registry_rules.supervised_view_key(request.user),
        render=lambda: _table_fragment(request, run, template),
    )
    if partial:
        response = HttpResponse(fragments["body"])
    else:
        response = render(
            request, "assessment/results/table.html", {"run": run, "fragments": fragments}
        )
    return vary_on_htmx(response)


@login_required
def results_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The filtered table as XLSX, every row (not only the page)."""
    run = _table_run(request, pk)
    filters, sort = _filters(ResultFilterForm(request.GET))
    names = snapshots.dimension_names(run)
    codes = list(dict.fromkeys(run.snapshot.get("dimensions", [])))
    rows = []
    for result in results.result_rows(request.user, run, filters, sort=sort)[:EXPORT_LIMIT]:
        row = results.result_row(result)
        rows.append(
            [
                row.rank,
                row.community_name,
                row.field_name,
                row.level_label,
                row.province_name,
                round(row.score, 4),
                row.grade_label,
                row.peer_rank,
                row.peer_count,
                round(row.band_percent / 100.0, 4),
                *(round(row.dimension_scores.get(code, 0.0), 2) for code in codes),
            ]
        )
    summary = run_selectors.run_summary(run, result_count=len(rows))
    content = exports.results_workbook(
        title=str(run.cycle),
        dimension_names=[names.get(code, code) for code in codes],
        rows=rows,
        about=[
            (_("Run"), f"#{run.pk}"),
            (_("Aggregation"), summary.method_label),
            (_("Normalisation"), summary.normalization),
            (_("Missing data"), summary.imputation_label),
            (_("Grading"), summary.grading_label),
            (_("Engine"), run.engine_version),
            (_("SHA-256 of the inputs"), run.input_sha256),
            (_("Exported"), timezone.now().isoformat(timespec="seconds")),
        ],
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="results-run-{run.pk}.xlsx"'
    return response


def result_detail(request: HttpRequest, pk: int, community_pk: int) -> HttpResponse:
    """One community's evaluation: facts, radar against the peers, trend, weak points."""
    run = get_object_or_404(EvaluationRun.objects.select_related("cycle"), pk=pk)
    community = get_object_or_404(
        Community.objects.select_related("field", "province"), pk=community_pk
    )
    require(rules.can_see_result(request.user, run, community))
    try:
        result = results.community_result(run, community)
    except Result.DoesNotExist:
        raise Http404(_("This community was not evaluated in this run.")) from None
    row = results.result_row(result)
    names = snapshots.dimension_names(run)
    radar = results.radar_data(run, result, names)
    indicator_names = snapshots.indicator_names(run)
    units = snapshots.indicator_units(run)
    weaknesses = [
        {**w, "name": indicator_names.get(w["code"], w["code"]), "unit": units.get(w["code"], "")}
        for w in result.weakest_indicators
    ]
    points = results.trend_points(request.user, community)
    tasks_url = ""
    own_tasks = RectificationTask.objects.filter(community=community)
    if rules.visible_tasks(request.user, own_tasks).exists():
        tasks_url = "?".join(
            [_reverse("assessment:rectification_list"), urlencode({"community": community.name})]
        )
    return render(
        request,
        "assessment/results/community.html",
        {
            "run": run_selectors.run_summary(run, result_count=0),
            "result": {
                **row.__dict__,
                "total": Result.objects.filter(run=run).count(),
                "peer_label": results.peer_label(community, result.peer_group),
            },
            "radar": radar,
            "dimensions": list(
                zip(radar["dimensions"], radar["community"], radar["peers"], strict=True)
            ),
            "trend": results.trend_chart(points),
            "trend_rows": points,
            "weaknesses": weaknesses,
            "can_see_table": rules.can_see_table(request.user, run),
            "tasks_url": tasks_url,
            "next_grade": grade_paths.next_grade_view(run, community.pk),
            "check_url": _reverse("assessment:result_check", run.pk, community.pk),
        },
    )


def result_check(request: HttpRequest, pk: int, community_pk: int) -> HttpResponse:
    """The "check this grade" page: the run's hash, the command that reproduces it, and the steps of
    this community's computation. Public once the run is published, like the grade."""
    run = get_object_or_404(EvaluationRun.objects.select_related("cycle"), pk=pk)
    community = get_object_or_404(Community, pk=community_pk)
    require(rules.can_see_result(request.user, run, community))
    if not Result.objects.filter(run=run, community=community).exists():
        raise Http404(_("This community was not evaluated in this run."))
    return render(
        request,
        "assessment/results/check.html",
        {
            "run": run_selectors.run_summary(run, result_count=0),
            "community": community,
            "snapshot_url": _reverse("assessment:run_snapshot", run.pk),
            "result_url": _reverse("assessment:result_detail", run.pk, community.pk),
            **grade_paths.check_view(run, community.pk),
        },
    )


def _reverse(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


def published_grades(request: HttpRequest) -> HttpResponse:
    """Open data: every published grade, for anyone."""
    form = PublishedFilterForm(request.GET)
    filters, _sort = _filters(form)
    page = Paginator(results.published_rows(filters), PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for result in page.object_list:
        row = results.result_row(result)
        rows.append({**row.__dict__, "cycle_name": str(result.run.cycle)})
    publications = [
        {
            "cycle_name": str(run.cycle),
            "published_at": run._published_at,  # type: ignore[attr-defined]
            "method_label": run_selectors.method_label(run),
            "input_hash": run.input_sha256,
        }
        for run in results.published_runs()
    ]
    return render_page_or_partial(
        request,
        page="assessment/results/published.html",
        partial="assessment/results/_published_table.html",
        context={
            "form": form,
            "page": page,
            "rows": rows,
            "publications": publications,
            "corrections": results.corrections(),
        },
    )


# --- rectification -------------------------------------------------------------------------


@login_required
def rectification_list(request: HttpRequest) -> HttpResponse:
    form = TaskFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = rectification.task_filter(
        rules.visible_tasks(request.user, rectification.task_rows()),
        status=data.get("status", ""),
        community=data.get("community", ""),
    )
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    rows = [_task_view(task) for task in page.object_list]
    return render_page_or_partial(
        request,
        page="assessment/results/rectification_list.html",
        partial="assessment/results/_rectification_table.html",
        context={"form": form, "page": page, "rows": rows},
    )


def _task_view(task: RectificationTask) -> dict[str, Any]:
    return {
        "pk": task.pk,
        "community": task.community,
        "cycle_name": str(task.cycle),
        "indicator_label": f"{task.indicator.name} ({task.indicator.code})",
        "deadline": task.deadline,
        "status": task.status,
        "status_label": task.get_status_display(),
        "is_overdue": rectification.is_overdue(task),
        "value_before": task.baseline_value,
        "peer_median": task.peer_median,
        "unit": task.indicator.unit_label,
        "description": task.description,
        "evidence": task.evidence or None,
        "note": task.evidence_note,
        "completed_at": task.completed_at,
        "assignee": task.assignee,
    }


def _task_for(request: HttpRequest, pk: int) -> RectificationTask:
    task = get_object_or_404(
        RectificationTask.objects.select_related(
            "community", "cycle", "indicator", "assignee", "outcome_cycle"
        ),
        pk=pk,
    )
    require(rules.can_see_task(request.user, task))
    return task


@login_required
def rectification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_for(request, pk)
    return _render_task(request, task, TaskCompleteForm())


def _render_task(
    request: HttpRequest, task: RectificationTask, form: TaskCompleteForm
) -> HttpResponse:
    return render_form(
        request,
        "assessment/results/rectification_detail.html",
        {
            "task": _task_view(task),
            "movement": rectification.task_movement(task),
            "can_complete": rules.can_complete(request.user, task),
            "form": form,
        },
    )


@login_required
@require_http_methods(["POST"])
def rectification_complete(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_for(request, pk)
    form = TaskCompleteForm(request.POST, request.FILES)
    form.is_valid()  # the service checks the file; the form only carries it
    try:
        rectification_services.rectification_complete(
            actor=request.user,
            task=task,
            evidence=request.FILES.get("evidence"),
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        form = TaskCompleteForm(request.POST)
        apply_service_errors(form, error)
        return _render_task(request, task, form)
    messages.success(request, _("The task is completed."))
    return redirect("assessment:rectification_detail", task.pk)
