"""Pages of evaluation runs: the runs of a cycle, starting one, its progress, cancelling,
publishing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from iecommons.assessment import engine
from iecommons.assessment.forms.runs import GenerateTasksForm, RunStartForm, TaskCreateForm
from iecommons.assessment.models import AssessmentCycle, EvaluationRun
from iecommons.assessment.selectors import rectification as rectification_selectors
from iecommons.assessment.selectors import runs as run_selectors
from iecommons.assessment.selectors import snapshot_document, snapshots
from iecommons.assessment.services import rectification as rectification_services
from iecommons.assessment.services import runs as run_services
from iecommons.assessment.services.rectification import DEFAULT_TOP
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.common.confirmation import Confirmation, is_confirmed, render_confirmation
from iecommons.common.forms import apply_service_errors
from iecommons.common.jobs import jobs_sweep_due
from iecommons.common.page_cache import cached_value
from iecommons.common.pages import ServiceRefusedError, refusals_onto, render_form
from iecommons.registry.models import Community

#: Missing pairs listed on the start page before "and N more".
MISSING_SHOWN = 30


def _cycle_for(request: HttpRequest, pk: int) -> AssessmentCycle:
    cycle = get_object_or_404(AssessmentCycle, pk=pk)
    require(rules.can_run(request.user, cycle))
    return cycle


def _run_for(request: HttpRequest, pk: int) -> EvaluationRun:
    jobs_sweep_due()  # a run whose worker died is released before anyone reads it
    # The snapshot (the run's whole input, hundreds of kilobytes of JSON) is not shown on
    # these pages; a service that needs it loads it on first use.
    run = get_object_or_404(
        EvaluationRun.objects.select_related(
            "cycle", "framework", "created_by", "cancelled_by"
        ).defer("snapshot"),
        pk=pk,
    )
    require(rules.can_run(request.user, run.cycle))
    return run


def _run_to_read(request: HttpRequest, pk: int, *, light: bool = False) -> EvaluationRun:
    """The run's record and progress: its supervisors, and whoever may read its table (a
    regional supervisor of communities a national run covers). ``light``: without the
    methods, weights and outcome documents (read only if the summary is built)."""
    jobs_sweep_due()
    heavy = ("snapshot", "methods", "weights", "outcome") if light else ("snapshot",)
    run = get_object_or_404(
        EvaluationRun.objects.select_related(
            "cycle", "framework", "created_by", "cancelled_by"
        ).defer(*heavy),  # the snapshot is not shown (see _run_for)
        pk=pk,
    )
    require(rules.can_see_table(request.user, run))
    return run


def run_snapshot(request: HttpRequest, pk: int) -> HttpResponse:
    """The snapshot document as a file: the full copy for the run's supervisors, the public
    copy for anyone once published (docs/snapshots.md)."""
    run = get_object_or_404(EvaluationRun.objects.select_related("cycle", "framework"), pk=pk)
    copy = rules.snapshot_copy(request.user, run)
    if copy is None or run.status != EvaluationRun.Status.DONE:
        raise Http404
    document = snapshot_document.run_snapshot_document(run, copy=copy)
    response = HttpResponse(
        engine.canonical_json(document).encode(), content_type="application/json"
    )
    name = f"iecommons-run-{run.pk}-{copy}-snapshot.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def run_list(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = _cycle_for(request, cycle_pk)
    summaries = [run_selectors.run_summary(run) for run in run_selectors.cycle_runs(cycle)]
    return render(
        request,
        "assessment/runs/run_list.html",
        {"cycle": cycle, "runs": summaries, "can_start": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def run_start(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = _cycle_for(request, cycle_pk)
    form = RunStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = run_services.evaluation_run_start(
                actor=request.user, cycle=cycle, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The run is queued; this page shows its progress."))
            return redirect("assessment:run_detail", run.pk)
    frozen = snapshots.cycle_snapshot(
        cycle, method="topsis", normalization="vector", imputation="none"
    )
    pairs = engine.missing_pairs(frozen.run_input)
    missing = [(frozen.community_names[pk], code) for pk, code in pairs[:MISSING_SHOWN]]
    return render_form(
        request,
        "assessment/runs/run_start.html",
        {
            "cycle": cycle,
            "form": form,
            "missing": missing,
            "missing_total": len(pairs),
            "missing_more": len(pairs) - len(missing),
            "community_count": len(frozen.run_input.community_ids),
            "indicator_count": len(frozen.run_input.indicator_codes),
        },
    )


def _run_context(request: HttpRequest, run: EvaluationRun) -> dict[str, object]:
    return {
        "run": run_selectors.run_summary(run),
        "can_publish": rules.can_run(request.user, run.cycle),
        "can_see_table": rules.can_see_table(request.user, run),
    }


def _run_record(run: EvaluationRun) -> dict[str, object]:
    return {
        "run": run_selectors.run_summary(run),
        "weights": sorted((run.weights or {}).items()),
        "withdrawals": run_selectors.run_withdrawals(run),
    }


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's record. A finished run changes only by publication and withdrawal
    (audited writes), so its record is kept per data version and status; a queued or
    running one is read afresh."""
    run = _run_to_read(request, pk, light=True)
    if run.status in (
        EvaluationRun.Status.DONE,
        EvaluationRun.Status.FAILED,
        EvaluationRun.Status.CANCELLED,
    ):
        context = dict(
            cached_value(
                request, "assessment:run_detail", run.pk, run.status, build=lambda: _run_record(run)
            )
        )
    else:
        context = _run_record(run)
    context["can_publish"] = rules.can_run(request.user, run.cycle)
    context["can_see_table"] = rules.can_see_table(request.user, run)
    return render(request, "assessment/runs/run_detail.html", context)


@login_required
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment, polled by htmx every 2 s until the run is finished."""
    run = _run_to_read(request, pk)
    return render(request, "assessment/runs/_progress.html", _run_context(request, run))


@login_required
@require_POST
def run_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run_for(request, pk)
    try:
        run_services.evaluation_run_cancel(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The run is cancelled; it stores no results."))
    return redirect("assessment:run_detail", run.pk)


@login_required
@require_http_methods(["GET", "POST"])
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a run's grades after the confirmation that says how many communities."""
    run = _run_for(request, pk)
    if request.method == "GET" and rules.is_published(run):
        messages.info(request, _("The grades of this run are published."))
        return redirect("assessment:run_detail", run.pk)
    if not is_confirmed(request):
        return render_confirmation(request, _publish_confirmation(request, run))
    try:
        run_services.evaluation_run_publish(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The grades of this run are published."))
    return redirect("assessment:run_detail", run.pk)


def _publish_confirmation(request: HttpRequest, run: EvaluationRun) -> Confirmation:
    count = run.results.count()
    consequences = [
        _("Anyone can read them on the page of published grades, in the API and in the open data.")
    ]
    current = run_selectors.current_publication(run.cycle)
    if current is not None and current.run_id != run.pk:
        consequences.append(
            _("They replace the grades of run #%(run)d, published %(date)s.")
            % {"run": current.run_id, "date": date_format(localtime(current.published_at))}
        )
    return Confirmation(
        title=ngettext(
            "Publish the grades of %(count)d community?",
            "Publish the grades of %(count)d communities?",
            count,
        )
        % {"count": count},
        message=_(
            "Publishing cannot be undone: a wrong publication can only be withdrawn, with "
            "a reason that the public page shows."
        ),
        consequences=consequences,
        confirm_label=_("Publish the grades"),
        action=request.path,
        cancel_url=reverse("assessment:run_detail", args=[run.pk]),
        tone="primary",
    )


@login_required
@require_http_methods(["GET", "POST"])
def rectification_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise tasks from the run: the deadline, indicators per community and a checklist of
    the communities, each with its count; all of them at first."""
    run = _run_for(request, pk)
    top = _top_asked(request)
    candidates = rectification_selectors.generation_candidates(run, top=top)
    confirmed = is_confirmed(request)
    form = GenerateTasksForm(request.POST if confirmed else None, candidates=candidates)
    if not confirmed and request.GET.get("top"):
        form = GenerateTasksForm(
            initial={
                **form.initial,
                "top": top,
                "deadline": request.GET.get("deadline") or form.initial["deadline"],
            },
            candidates=candidates,
        )
    if confirmed and form.is_valid():
        chosen = list(Community.objects.filter(pk__in=form.cleaned_data["communities"]))
        try:
            with refusals_onto(form):
                created = rectification_services.rectification_generate(
                    actor=request.user,
                    run=run,
                    top=form.cleaned_data["top"],
                    deadline=form.cleaned_data["deadline"],
                    communities=chosen,
                )
        except ServiceRefusedError:
            pass
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d rectification task created.",
                    "%(count)d rectification tasks created.",
                    len(created),
                )
                % {"count": len(created)},
            )
            return redirect(reverse("assessment:rectification_list"))
    # A new number of indicators asks the confirmation again (htmx), with its new counts.
    form.fields["top"].widget.attrs.update(
        {
            "hx-get": request.path,
            "hx-target": "#confirm-dialog-content",
            "hx-include": "#id_deadline",
            "hx-trigger": "change",
        }
    )
    total = sum(candidate.count for candidate in candidates)
    return render_confirmation(
        request,
        Confirmation(
            title=ngettext(
                "Generate %(count)d rectification task",
                "Generate %(count)d rectification tasks",
                total,
            )
            % {"count": total},
            message=ngettext(
                "For %(communities)d community, each task assigned to its secretariat, who "
                "is notified. Tasks cannot be taken back once raised.",
                "For %(communities)d communities, each task assigned to its secretariat, who "
                "is notified. Tasks cannot be taken back once raised.",
                len(candidates),
            )
            % {"communities": len(candidates)},
            confirm_label=_("Generate the tasks"),
            action=request.path,
            cancel_url=reverse("assessment:run_detail", args=[run.pk]),
            form=form,
            tone="primary",
        ),
    )


def _top_asked(request: HttpRequest) -> int:
    """Indicators per community from the form (a posted or re-asked value), else the default."""
    raw = request.POST.get("top") if request.method == "POST" else request.GET.get("top")
    try:
        value = int(raw or DEFAULT_TOP)
    except ValueError:
        return DEFAULT_TOP
    return value if 1 <= value <= 10 else DEFAULT_TOP


@login_required
@require_http_methods(["GET", "POST"])
def rectification_task_create(request: HttpRequest, pk: int) -> HttpResponse:
    """One task by hand, for one community of the run."""
    run = _run_for(request, pk)
    require(rules.can_generate(request.user, run))
    form = TaskCreateForm(request.POST or None, run=run)
    if request.method == "POST" and form.is_valid():
        try:
            with refusals_onto(form):
                task = rectification_services.rectification_task_create(
                    actor=request.user, run=run, **form.cleaned_data
                )
        except ServiceRefusedError:
            pass
        else:
            messages.success(
                request,
                _("The task for %(community)s is created.") % {"community": task.community},
            )
            return redirect("assessment:rectification_detail", task.pk)
    return render_form(
        request,
        "assessment/runs/task_create.html",
        {"run": run_selectors.run_summary(run), "form": form},
    )
