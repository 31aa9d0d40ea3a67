"""Withdrawing a run's publication (the cycle's supervisors), after its confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from iecommons.assessment.forms.runs import WithdrawForm
from iecommons.assessment.models import EvaluationRun
from iecommons.assessment.selectors import results
from iecommons.assessment.selectors import runs as run_selectors
from iecommons.assessment.services import publications as publication_services
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.common.confirmation import Confirmation, is_confirmed, render_confirmation
from iecommons.common.pages import ServiceRefusedError, refusals_onto


def _day(moment: object) -> str:
    return date_format(localtime(moment), "Y-m-d")  # type: ignore[arg-type]


@login_required
@require_http_methods(["GET", "POST"])
def publication_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw the publication in force of run ``pk``, with a reason."""
    run = get_object_or_404(EvaluationRun.objects.select_related("cycle"), pk=pk)
    require(rules.can_run(request.user, run.cycle))
    publication = run_selectors.run_publication(run)
    if publication is None:
        raise Http404
    require(rules.can_withdraw_publication(request.user, publication))
    confirmed = is_confirmed(request)
    form = WithdrawForm(request.POST if confirmed else None)
    if confirmed and form.is_valid():
        try:
            with refusals_onto(form):
                publication_services.publication_withdraw(
                    actor=request.user, publication=publication, reason=form.cleaned_data["reason"]
                )
        except ServiceRefusedError:
            pass
        else:
            messages.success(
                request,
                _("The publication is withdrawn; the page of published grades says so."),
            )
            return redirect("assessment:run_detail", run.pk)
    count = run.results.count()
    previous = results.previous_publication(publication)
    if previous is not None:
        after = _(
            "The cycle's previous publication (run #%(run)d, published %(date)s) is public again."
        ) % {
            "run": previous.run_id,
            "date": _day(previous.published_at),
        }
    else:
        after = _("The cycle then has no published grades until a run is published again.")
    return render_confirmation(
        request,
        Confirmation(
            title=ngettext(
                "Withdraw the published grades of %(count)d community?",
                "Withdraw the published grades of %(count)d communities?",
                count,
            )
            % {"count": count},
            message=_(
                "The grades of run #%(run)d, published %(date)s, stop being public at once. "
                "The page of published grades says that a correction was made, when, and "
                "your reason."
            )
            % {"run": run.pk, "date": _day(publication.published_at)},
            consequences=[after, _("The open data follows at its next rebuild.")],
            confirm_label=_("Withdraw the publication"),
            action=request.path,
            cancel_url=reverse("assessment:run_detail", args=[run.pk]),
            form=form,
        ),
    )
