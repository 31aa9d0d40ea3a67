"""Demonstration selection pages: the public list of selections, creating one from a
published run, a selection's page (its list, the notice period, objections and their
answers, the inputs hash), every candidate with its gates for its supervisors, publishing
and finalising behind the confirmation, and the list as CSV or XLSX."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy
from django.views.decorators.http import require_http_methods

from iecommons.assessment.labels import grade_label
from iecommons.assessment.models import EvaluationRun
from iecommons.assessment.selectors.results import published_runs
from iecommons.authz import policy as rules
from iecommons.common.confirmation import Confirmation, is_confirmed, render_confirmation
from iecommons.common.exports import (
    XLSX_CONTENT_TYPE,
    CsvWriter,
    append_row,
    new_workbook,
    workbook_bytes,
)
from iecommons.common.pages import ServiceRefusedError, bind, form_page, refusals_onto, render_form
from iecommons.common.services import refuse
from iecommons.policy import demonstration
from iecommons.policy.forms import (
    AnswerForm,
    NoticeForm,
    ObjectionForm,
    RevisionForm,
    SelectionForm,
    quota_lines,
)
from iecommons.policy.models import (
    DemonstrationEntry,
    DemonstrationObjection,
    DemonstrationSelection,
)
from iecommons.policy.selectors import demonstration as selectors
from iecommons.policy.services import demonstration as services
from iecommons.registry.models import Community, Region

CANDIDATES_PER_PAGE = 100

GATE_LABELS = {
    "min_grade": gettext_lazy("minimum grade"),
    "no_overdue_rectification": gettext_lazy("no overdue rectification task"),
    "min_years_founded": gettext_lazy("years since founded"),
}
OUTCOME_LABELS = {
    demonstration.SELECTED: pgettext_lazy("demonstration outcome", "on the list"),
    demonstration.FAILED_GATE: pgettext_lazy("demonstration outcome", "failed a gate"),
    demonstration.REMOVED: pgettext_lazy("demonstration outcome", "removed after an objection"),
    demonstration.PROVINCE_FULL: pgettext_lazy(
        "demonstration outcome", "its province's places are taken"
    ),
    demonstration.FIELD_FULL: pgettext_lazy(
        "demonstration outcome", "its field's places are taken"
    ),
    demonstration.TOTAL_REACHED: pgettext_lazy(
        "demonstration outcome", "the total number of places is reached"
    ),
}


def _selection(request: HttpRequest, pk: int) -> DemonstrationSelection:
    selection = get_object_or_404(
        DemonstrationSelection.objects.select_related("jurisdiction", "run__cycle").defer(
            "run__snapshot", "run__weights", "run__outcome"
        ),
        pk=pk,
    )
    if not rules.can_see_selection(request.user, selection):
        raise Http404
    return selection


def _managed(request: HttpRequest, pk: int) -> DemonstrationSelection:
    selection = _selection(request, pk)
    if not rules.can_manage_selection(request.user, selection):
        raise PermissionDenied
    return selection


def _gate_text(gate: dict[str, Any]) -> str:
    """One gate in words: what was required and what the community has."""
    name, required, actual = gate["gate"], gate["required"], gate["actual"]
    if name == "min_grade":
        return _("grade %(actual)s (at least %(required)s)") % {
            "actual": grade_label(str(actual)),
            "required": grade_label(str(required)),
        }
    if name == "no_overdue_rectification":
        return ngettext(
            "%(count)d overdue rectification task",
            "%(count)d overdue rectification tasks",
            int(actual),
        ) % {"count": int(actual)}
    return _("%(actual)d years since founded (at least %(required)d)") % {
        "actual": int(actual),
        "required": int(required),
    }


def _entry_row(entry: DemonstrationEntry) -> dict[str, Any]:
    return {
        "entry": entry,
        "grade_label": grade_label(entry.grade),
        "outcome_label": OUTCOME_LABELS.get(entry.outcome, entry.outcome),
        "gates": [
            {
                "label": GATE_LABELS.get(gate["gate"], gate["gate"]),
                "passed": gate["passed"],
                "text": _gate_text(gate),
            }
            for gate in entry.gates
        ],
    }


def demonstration_list(request: HttpRequest) -> HttpResponse:
    """Every selection published or final (and the drafts one supervises), newest first."""
    return render(
        request,
        "policy/demonstration_list.html",
        {
            "selections": selectors.selections(request.user),
            "can_create": rules.can_start_selections(request.user),
        },
    )


def _run_choices() -> list[tuple[int, str]]:
    return [
        (
            run.pk,
            _("%(cycle)s · run #%(run)d, published %(date)s")
            % {
                "cycle": run.cycle,
                "run": run.pk,
                "date": timezone.localdate(run._published_at).isoformat(),  # type: ignore[attr-defined]
            },
        )
        for run in published_runs()
    ]


def _jurisdiction_choices(request: HttpRequest) -> list[tuple[str, str]]:
    choices = []
    if rules.can_create_selection(request.user, None):
        choices.append(("", str(_("National"))))
    for region in Region.objects.filter(level=Region.Level.PROVINCE).order_by("code"):
        if rules.can_create_selection(request.user, region):
            choices.append((region.code, str(region)))
    return choices


@login_required
def demonstration_create(request: HttpRequest) -> HttpResponse:
    """A new draft selection: the run, the jurisdiction, quotas and gates."""
    if not rules.can_start_selections(request.user):
        raise PermissionDenied
    runs = _run_choices()
    grades = [(name, grade_label(name)) for name in GRADE_CODES]
    form = bind(
        SelectionForm,
        request,
        runs=runs,
        jurisdictions=_jurisdiction_choices(request),
        grades=grades,
    )

    def save(data: dict[str, Any]) -> DemonstrationSelection:
        run = EvaluationRun.objects.defer("snapshot").filter(pk=data["run"]).first()
        if run is None:
            raise refuse("run", _("Unknown evaluation run."))
        code = str(data["jurisdiction"] or "")
        jurisdiction = Region.objects.filter(code=code).first() if code else None
        if code and jurisdiction is None:
            raise refuse("jurisdiction", _("Unknown region code."))
        if not rules.can_create_selection(request.user, jurisdiction):
            raise refuse("jurisdiction", _("Choose a jurisdiction you supervise."))
        return services.selection_create(
            actor=request.user,
            title=data["title"],
            run=run,
            jurisdiction=jurisdiction,
            total=data["total"],
            province_quotas=data["province_quotas"],
            field_quotas=data["field_quotas"],
            min_grade=data["min_grade"],
            no_overdue_rectification=data["no_overdue_rectification"],
            min_years_founded=data["min_years_founded"],
        )

    return form_page(
        request,
        form=form,
        template="policy/demonstration_form.html",
        context={"has_runs": bool(runs)},
        save=save,
        success_url=lambda selection: reverse("policy:demonstration_detail", args=[selection.pk]),
        success_message=_("The draft list is computed; check it, then publish it for notice."),
        fields={"jurisdiction_code": "jurisdiction", **_quota_fields(form)},
    )


GRADE_CODES = ("excellent", "good", "pass", "fail")


@login_required
def demonstration_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft's title, quotas and gates; its list is computed again."""
    selection = _managed(request, pk)
    if selection.status != DemonstrationSelection.Status.DRAFT:
        messages.info(request, _("This selection is already published."))
        return redirect("policy:demonstration_detail", selection.pk)
    form = bind(
        RevisionForm,
        request,
        grades=[(name, grade_label(name)) for name in selection.grades or GRADE_CODES],
        initial={
            "title": selection.title,
            "total": selection.total,
            "province_quotas": quota_lines(selection.province_quotas),
            "field_quotas": quota_lines(selection.field_quotas),
            "min_grade": selection.min_grade,
            "no_overdue_rectification": selection.no_overdue_rectification,
            "min_years_founded": selection.min_years_founded,
        },
    )

    def save(data: dict[str, Any]) -> DemonstrationSelection:
        return services.selection_revise(
            actor=request.user,
            selection=selection,
            title=data["title"],
            total=data["total"],
            province_quotas=data["province_quotas"],
            field_quotas=data["field_quotas"],
            min_grade=data["min_grade"],
            no_overdue_rectification=data["no_overdue_rectification"],
            min_years_founded=data["min_years_founded"],
        )

    return form_page(
        request,
        form=form,
        template="policy/demonstration_form.html",
        context={"has_runs": True, "selection": selection},
        save=save,
        success_url=lambda revised: reverse("policy:demonstration_detail", args=[revised.pk]),
        success_message=_("The draft list is computed again."),
        fields={"status": "title", **_quota_fields(form)},
    )


def _quota_fields(form: Any) -> dict[str, str]:
    """The service's ``province_quotas.320000`` refusals onto the form's quota boxes."""
    mapping: dict[str, str] = {}
    if form.is_bound and form.is_valid():
        for name in ("province_quotas", "field_quotas"):
            mapping.update({f"{name}.{code}": name for code in form.cleaned_data[name]})
    return mapping


def _objection_form(
    request: HttpRequest, selection: DemonstrationSelection, listed: list[DemonstrationEntry]
) -> ObjectionForm | None:
    """The objection form during the notice period, for anyone signed in."""
    today = timezone.localdate()
    if not rules.can_object(request.user, selection):
        return None
    if not (selection.notice_starts and selection.notice_ends):
        return None
    if not selection.notice_starts <= today <= selection.notice_ends:
        return None
    communities = [
        (community.pk, str(community))
        for community in rules.visible_objection_communities(
            request.user, Community.objects.only("pk", "name", "name_en").order_by("pk")
        )
    ]
    return bind(
        ObjectionForm,
        request,
        entries=[(entry.pk, f"{entry.position}. {entry.community}") for entry in listed],
        communities=communities,
    )


@require_http_methods(["GET", "POST"])
def demonstration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The selection: its list (with the removals), the notice period, the inputs hash;
    objections are filed here during the notice, and answered by its supervisors."""
    selection = _selection(request, pk)
    manages = rules.can_manage_selection(request.user, selection)
    listed = list(selectors.selected_entries(selection))
    form = _objection_form(request, selection, listed)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            entry = next((e for e in listed if e.pk == form.cleaned_data["entry"]), None)
            community = None
            if form.cleaned_data.get("on_behalf_of"):
                community = Community.objects.filter(pk=form.cleaned_data["on_behalf_of"]).first()
            try:
                with refusals_onto(form):
                    if entry is None:
                        raise refuse("entry", _("Choose an entry of the list."))
                    services.objection_file(
                        actor=request.user,
                        entry=entry,
                        reason=form.cleaned_data["reason"],
                        on_behalf_of=community,
                    )
            except ServiceRefusedError:
                pass
            else:
                messages.success(
                    request, _("Your objection is filed; the supervisors will answer it.")
                )
                return redirect("policy:demonstration_detail", selection.pk)
    removed = [
        _entry_row(entry)
        for entry in selectors.entries(request.user, selection).filter(
            outcome=demonstration.REMOVED
        )
    ]
    objections = list(selectors.objections(request.user, selection))
    today = timezone.localdate()
    return render_form(
        request,
        "policy/demonstration_detail.html",
        {
            "selection": selection,
            "manages": manages,
            "listed": [_entry_row(entry) for entry in listed],
            "removed": removed,
            "objections": objections,
            "form": form,
            "answer_forms": {
                objection.pk: AnswerForm(prefix=f"objection-{objection.pk}")
                for objection in objections
                if manages and objection.status == DemonstrationObjection.Status.PENDING
            },
            "can_publish": manages and selection.status == DemonstrationSelection.Status.DRAFT,
            "can_finalise": manages
            and selection.status == DemonstrationSelection.Status.NOTICE
            and selection.notice_ends is not None
            and today > selection.notice_ends,
            "in_notice": selection.status == DemonstrationSelection.Status.NOTICE
            and selection.notice_starts is not None
            and selection.notice_ends is not None
            and selection.notice_starts <= today <= selection.notice_ends,
            "signed_in": request.user.is_authenticated,
            "grade_label": grade_label(selection.min_grade) if selection.min_grade else "",
        },
    )


@login_required
def demonstration_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """Every candidate with its rank, each gate passed or failed and why, and its outcome:
    for the selection's supervisors."""
    selection = _managed(request, pk)
    page = Paginator(selectors.entries(request.user, selection), CANDIDATES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "policy/demonstration_candidates.html",
        {
            "selection": selection,
            "page_obj": page,
            "rows": [_entry_row(entry) for entry in page.object_list],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def demonstration_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the draft for its notice period, after the confirmation."""
    selection = _managed(request, pk)
    if selection.status != DemonstrationSelection.Status.DRAFT:
        messages.info(request, _("This selection is already published."))
        return redirect("policy:demonstration_detail", selection.pk)
    confirmed = is_confirmed(request)
    today = timezone.localdate()
    form = NoticeForm(
        request.POST if confirmed else None,
        # Five working days is the usual shortest public notice; seven calendar days here.
        initial={"notice_starts": today, "notice_ends": today + datetime.timedelta(days=6)},
    )
    if confirmed and form.is_valid():
        try:
            with refusals_onto(form, fields={"status": "notice_starts", "total": "notice_starts"}):
                services.selection_publish(
                    actor=request.user,
                    selection=selection,
                    notice_starts=form.cleaned_data["notice_starts"],
                    notice_ends=form.cleaned_data["notice_ends"],
                )
        except ServiceRefusedError:
            pass
        else:
            messages.success(request, _("The list is published for its public notice."))
            return redirect("policy:demonstration_detail", selection.pk)
    count = selection.entries.filter(outcome=demonstration.SELECTED).count()
    return render_confirmation(
        request,
        Confirmation(
            title=ngettext(
                "Publish the list of %(count)d community for public notice?",
                "Publish the list of %(count)d communities for public notice?",
                count,
            )
            % {"count": count},
            message=_(
                "Publishing cannot be undone: the list is public from now on, and anyone signed "
                "in can object to an entry during the notice period."
            ),
            consequences=[
                _("The quotas, gates and the run's snapshot hash are fixed and shown with it."),
                _("After the period, you answer every objection and finalise the list."),
            ],
            confirm_label=_("Publish for notice"),
            action=request.path,
            cancel_url=reverse("policy:demonstration_detail", args=[selection.pk]),
            form=form,
            tone="primary",
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def demonstration_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the list final, after the confirmation."""
    selection = _managed(request, pk)
    if not is_confirmed(request):
        count = selection.entries.filter(outcome=demonstration.SELECTED).count()
        return render_confirmation(
            request,
            Confirmation(
                title=ngettext(
                    "Make the list of %(count)d community final?",
                    "Make the list of %(count)d communities final?",
                    count,
                )
                % {"count": count},
                message=_(
                    "Finalising cannot be undone: the list becomes the final list of "
                    "demonstration communities, public with its inputs hash."
                ),
                confirm_label=_("Finalise the list"),
                action=request.path,
                cancel_url=reverse("policy:demonstration_detail", args=[selection.pk]),
                tone="primary",
            ),
        )
    try:
        services.selection_finalise(actor=request.user, selection=selection)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The list is final."))
    return redirect("policy:demonstration_detail", selection.pk)


@login_required
@require_http_methods(["GET", "POST"])
def objection_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer one objection (the selection's supervisors): uphold or dismiss, with the
    answer. The selection's page posts here; a refusal is shown on this page."""
    objection = get_object_or_404(
        DemonstrationObjection.objects.select_related(
            "selection__jurisdiction", "entry__community", "filed_by", "on_behalf_of"
        ),
        pk=pk,
    )
    if not rules.can_see_objection(request.user, objection):
        raise Http404
    if not rules.can_manage_selection(request.user, objection.selection):
        raise PermissionDenied
    form = bind(AnswerForm, request, prefix=f"objection-{objection.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            with refusals_onto(form, fields={"objection": "answer", "status": "answer"}):
                services.objection_answer(
                    actor=request.user,
                    objection=objection,
                    upheld=form.cleaned_data["upheld"],
                    answer=form.cleaned_data["answer"],
                )
        except ServiceRefusedError:
            pass
        else:
            messages.success(request, _("The objection is answered."))
            return redirect("policy:demonstration_detail", objection.selection_id)
    return render_form(
        request,
        "policy/objection_answer.html",
        {"objection": objection, "selection": objection.selection, "form": form},
    )


def _export_rows(selection: DemonstrationSelection) -> tuple[list[str], list[list[Any]]]:
    header = [
        str(pgettext("position on a list", "Place")),
        str(_("Community")),
        str(_("Province")),
        str(_("Industry field")),
        str(_("Score")),
        str(_("Grade")),
        str(_("Rank")),
    ]
    rows = [
        [
            entry.position,
            str(entry.community),
            str(entry.community.province),
            str(entry.community.field),
            round(entry.score, 4),
            grade_label(entry.grade),
            entry.rank,
        ]
        for entry in selectors.selected_entries(selection)
    ]
    return header, rows


def demonstration_export(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    """The list as CSV (UTF-8 with BOM for spreadsheet programs) or XLSX (which also carries
    the title and the inputs hash); both send the hash in ``X-Inputs-SHA256``. For anyone
    once published, through the common export helper (formula-like text stays text)."""
    if extension not in ("csv", "xlsx"):
        raise Http404
    selection = _selection(request, pk)
    if selection.status == DemonstrationSelection.Status.DRAFT:
        raise Http404
    header, rows = _export_rows(selection)
    name = f"demonstration-{selection.pk}-{selection.status}"
    if extension == "xlsx":
        workbook, sheet = new_workbook()
        sheet.title = "list"
        append_row(sheet, [selection.title])
        append_row(sheet, [str(_("Inputs SHA-256")), selection.inputs_sha256])
        append_row(sheet, header)
        for row in rows:
            append_row(sheet, row)
        response = HttpResponse(workbook_bytes(workbook), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        writer = CsvWriter(response)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    response["X-Inputs-SHA256"] = selection.inputs_sha256
    return response
