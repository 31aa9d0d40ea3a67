"""Pages of annual quality reports and report batches. Every page asks ``authz.reports``;
what a visitor may not see answers 404 (it does not exist for them), what it may see but
not do answers 403."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from iecommons.authz import reports as rules
from iecommons.authz.scope import require
from iecommons.common.jobs import jobs_sweep_due
from iecommons.common.pages import (
    ServiceRefusedError,
    bind,
    refusals_onto,
    render_form,
)
from iecommons.oversight.models import AnnualReport, ReportBatch
from iecommons.oversight.reports import batch as batches
from iecommons.oversight.reports import selectors, services
from iecommons.oversight.reports.forms import BatchForm, NarrativeForm, ReturnForm, StartReportForm
from iecommons.oversight.reports.labels import SECTION_TITLES
from iecommons.oversight.reports.render import LANGUAGES, report_pdf
from iecommons.registry.models import Community
from iecommons.registry.pages import community_or_404

PER_PAGE = 50


def report_index(request: HttpRequest) -> HttpResponse:
    """Public: accepted reports. Signed in: also the reports one works on, and where to
    start one."""
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else None
    page = Paginator(selectors.public_reports(year), PER_PAGE).get_page(request.GET.get("page"))
    user = request.user
    return render(
        request,
        "oversight/reports/index.html",
        {
            "page_obj": page,
            "year": year,
            "working": list(selectors.reports_to_work_on(user)) if user.is_authenticated else [],
            "draftable": selectors.draftable_communities(user) if user.is_authenticated else [],
            "start_form": StartReportForm(),
            "batches": rules.can_use_batches(user),
        },
    )


def _report_or_404(request: HttpRequest, community: Community, year: int) -> AnnualReport:
    report = selectors.report_for(community, year)
    if report is None or not rules.can_see_report(request.user, report):
        raise Http404
    return report


def report_detail(request: HttpRequest, community_id: int, year: int) -> HttpResponse:
    community = community_or_404(community_id)
    report = selectors.report_for(community, year)
    if report is None:
        if not rules.can_draft_report(request.user, community):
            raise Http404
        return render(
            request,
            "oversight/reports/start.html",
            {"community": community, "year": year},
        )
    if not rules.can_see_report(request.user, report):
        raise Http404
    return _detail(request, report)


def _detail(
    request: HttpRequest,
    report: AnnualReport,
    *,
    narrative_form: NarrativeForm | None = None,
    return_form: ReturnForm | None = None,
) -> HttpResponse:
    figures = report.figures
    editable = rules.can_edit_report(request.user, report)
    if narrative_form is None and editable:
        narrative_form = NarrativeForm(initial_sections=report.narrative)
    decides = rules.can_decide_report(request.user, report)
    return render_form(
        request,
        "oversight/reports/detail.html",
        {
            "report": report,
            "community": report.community,
            "figures": figures,
            "empty_sections": [SECTION_TITLES[key] for key in figures.get("empty_sections", [])],
            "evaluation": figures.get("evaluation"),
            "editable": editable,
            "decides": decides,
            "form": narrative_form,
            "return_form": return_form or (ReturnForm() if decides else None),
        },
        refused=bool(
            (narrative_form is not None and narrative_form.is_bound and narrative_form.errors)
            or (return_form is not None and return_form.errors)
        ),
    )


@login_required
@require_POST
def report_start(request: HttpRequest, community_id: int) -> HttpResponse:
    community = community_or_404(community_id)
    if not rules.can_draft_report(request.user, community):
        raise Http404
    form = bind(StartReportForm, request)
    if form.is_valid():
        try:
            with refusals_onto(form):
                report = services.annual_report_start(
                    actor=request.user, community=community, year=form.cleaned_data["year"]
                )
        except ServiceRefusedError:
            pass
        else:
            return redirect("reports:report_detail", community.pk, report.year)
    return render_form(
        request, "oversight/reports/start.html", {"community": community, "form": form}
    )


@login_required
@require_POST
def report_narrative(request: HttpRequest, community_id: int, year: int) -> HttpResponse:
    report = _report_or_404(request, community_or_404(community_id), year)
    require(rules.can_edit_report(request.user, report))
    form = bind(NarrativeForm, request, initial_sections=report.narrative)
    if form.is_valid():
        try:
            with refusals_onto(form):
                notes = services.annual_report_narrative_save(
                    actor=request.user, report=report, sections=dict(form.cleaned_data)
                )
        except ServiceRefusedError:
            pass
        else:
            for note in notes:
                messages.warning(request, note)
            messages.success(request, _("The narrative was saved."))
            return redirect("reports:report_detail", community_id, year)
    return _detail(request, report, narrative_form=form)


#: The steps taken by one button on a report's page: the service, and what the person is told.
STEPS: dict[str, tuple[Callable[..., AnnualReport], Promise]] = {
    "refresh": (
        services.annual_report_refresh,
        gettext_lazy("The figures were gathered again from the records."),
    ),
    "submit": (
        services.annual_report_submit,
        gettext_lazy("The report was submitted to the supervisor."),
    ),
    "accept": (
        services.annual_report_accept,
        gettext_lazy("The report was accepted and is now public."),
    ),
}


@login_required
@require_POST
def report_step(request: HttpRequest, community_id: int, year: int, *, step: str) -> HttpResponse:
    """Refresh, submit or accept (``step``, given by the URL): the service asks authz."""
    report = _report_or_404(request, community_or_404(community_id), year)
    service, done = STEPS[step]
    service(actor=request.user, report=report)
    messages.success(request, str(done))
    return redirect("reports:report_detail", community_id, year)


@login_required
@require_POST
def report_return(request: HttpRequest, community_id: int, year: int) -> HttpResponse:
    report = _report_or_404(request, community_or_404(community_id), year)
    require(rules.can_decide_report(request.user, report))
    form = bind(ReturnForm, request)
    if form.is_valid():
        try:
            with refusals_onto(form):
                services.annual_report_return(
                    actor=request.user, report=report, reason=form.cleaned_data["reason"]
                )
        except ServiceRefusedError:
            pass
        else:
            messages.success(request, _("The report was returned to the secretariat."))
            return redirect("reports:report_detail", community_id, year)
    return _detail(request, report, return_form=form)


def report_download(
    request: HttpRequest, community_id: int, year: int
) -> HttpResponse | FileResponse:
    """The PDF: ``?lang=en`` for English. An accepted or submitted report's Chinese PDF is
    the stored one (drawn and stored at the first download); any other is drawn from the
    stored figures."""
    report = _report_or_404(request, community_or_404(community_id), year)
    language = request.GET.get("lang", "zh-hans")
    if language not in LANGUAGES:
        raise Http404
    filename = f"annual-report-{report.community_id}-{report.year}-{language}.pdf"
    if language == "zh-hans" and report.status != AnnualReport.Status.DRAFT:
        return FileResponse(
            services.annual_report_pdf_zh(report=report),
            content_type="application/pdf",
            as_attachment=True,
            filename=filename,
        )
    pdf = report_pdf(report.figures, report.narrative, language=language, status=report.status)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- batches ---------------------------------------------------------------------------------


@login_required
def batch_start(request: HttpRequest) -> HttpResponse:
    """Supervisors: start a batch for a jurisdiction they supervise; their recent batches."""
    if not rules.can_use_batches(request.user):
        raise Http404
    regions = selectors.batch_regions(request.user)
    form = bind(BatchForm, request, regions=regions)
    if request.method == "POST" and form.is_valid():
        region = form.regions.get(form.cleaned_data["region"])
        try:
            with refusals_onto(form):
                started = batches.report_batch_start(
                    actor=request.user,
                    year=form.cleaned_data["year"],
                    region=region,
                    language=form.cleaned_data["language"],
                )
        except ServiceRefusedError:
            pass
        except PermissionDenied:
            raise
        else:
            return redirect("reports:batch_detail", started.pk)
    return render_form(
        request,
        "oversight/reports/batches.html",
        {"form": form, "recent": list(selectors.visible_batches(request.user))},
    )


def _batch_or_404(request: HttpRequest, pk: int) -> ReportBatch:
    found = get_object_or_404(ReportBatch.objects.select_related("region"), pk=pk)
    if not rules.can_see_batch(request.user, found):
        raise Http404
    return found


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _batch_or_404(request, pk)
    jobs_sweep_due()
    template = (
        "oversight/reports/_batch_progress.html"
        if request.headers.get("HX-Request")
        else "oversight/reports/batch.html"
    )
    return render(
        request,
        template,
        {
            "batch": found,
            "progress": batches.batch_progress(found),
            "progress_url": reverse("reports:batch_detail", args=[found.pk]),
        },
    )


@login_required
def batch_download(request: HttpRequest, pk: int) -> FileResponse:
    found = _batch_or_404(request, pk)
    try:
        archive = batches.batch_archive(actor=request.user, batch=found)
    except ValidationError:  # pragma: no cover - the archive has no refusals today
        raise Http404 from None
    return FileResponse(
        archive,
        content_type="application/zip",
        as_attachment=True,
        filename=f"annual-reports-{found.year}-batch-{found.pk}.zip",
    )
