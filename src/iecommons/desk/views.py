"""The home page after sign-in: what needs the person, then each of its desks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iecommons.common.pages import ServiceRefusedError, bind, refusals_onto
from iecommons.desk import services
from iecommons.desk.digest import digest_lines
from iecommons.desk.forms import DigestForm
from iecommons.desk.models import DigestPreference
from iecommons.desk.selectors import desks_for


def _digest_form(request: HttpRequest) -> DigestForm:
    preference = DigestPreference.objects.filter(user_id=request.user.pk or 0).first()
    return DigestForm(
        initial={
            "frequency": preference.frequency if preference else DigestPreference.Frequency.NEVER,
            "language": preference.language if preference else (request.LANGUAGE_CODE or "zh-hans"),
        }
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    desks = desks_for(request.user)
    return render(
        request,
        "desk/home.html",
        {
            "desks": desks,
            "digest": digest_lines(request.user, desks=desks),
            "digest_form": _digest_form(request),
        },
    )


@login_required
@require_POST
def digest_choose(request: HttpRequest) -> HttpResponse:
    form = bind(DigestForm, request)
    if form.is_valid():
        try:
            with refusals_onto(form):
                services.digest_preference_set(
                    actor=request.user,
                    frequency=form.cleaned_data["frequency"],
                    language=form.cleaned_data["language"],
                )
        except ServiceRefusedError:
            pass
        else:
            messages.success(request, _("Your digest choice was saved."))
            return redirect("desk:home")
    return render(
        request,
        "desk/home.html",
        {
            "desks": desks_for(request.user),
            "digest": digest_lines(request.user),
            "digest_form": form,
        },
        status=422,
    )
