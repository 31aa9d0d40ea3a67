"""Survey pages: manage (create, send) for supervisors, results (aggregates only) for
those who may see a community's data, and the respond page for representatives.

No page shows who answered: the data to do so is not stored (see
:class:`~iecommons.assessment.models.SurveyResponse`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iecommons.assessment.forms.surveys import SurveyForm
from iecommons.assessment.models import Indicator, Survey, SurveyInvitation
from iecommons.assessment.selectors import surveys as survey_selectors
from iecommons.assessment.services import surveys as services
from iecommons.assessment.views.base import TEMPLATES, cycle_for
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.common.collation import pinyin
from iecommons.common.forms import apply_service_errors
from iecommons.common.pages import REFUSED, post_data


@login_required
@require_http_methods(["GET", "POST"])
def survey_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The cycle's surveys; supervisors create new ones here."""
    cycle = cycle_for(request, pk)
    can_manage = rules.can_manage_surveys(request.user, cycle)
    communities = rules.visible_cycle_communities(request.user, cycle)
    if not can_manage and not communities.exists():
        raise Http404
    indicators = Indicator.objects.filter(
        framework_id=cycle.framework_id, source=Indicator.Source.SURVEY
    )
    data, _files = post_data(request)
    form = SurveyForm(data, indicators=indicators) if can_manage else None
    status = 200
    if data is not None:
        require(can_manage)
        assert form is not None
        if form.is_valid():
            try:
                survey = services.survey_create(
                    actor=request.user,
                    cycle=cycle,
                    title=form.cleaned_data["title"],
                    title_en=form.cleaned_data["title_en"],
                    introduction=form.cleaned_data["introduction"],
                    audience=form.cleaned_data["audience"],
                    questions=form.questions(),
                )
            except ValidationError as error:
                apply_service_errors(form, error)
                status = REFUSED
            else:
                return redirect("assessment:survey_detail", pk=survey.pk)
        else:
            status = REFUSED
    return render(
        request,
        TEMPLATES + "survey_list.html",
        {
            "cycle": cycle,
            "surveys": cycle.surveys.order_by("created_at"),
            "form": form,
            "can_manage": can_manage,
        },
        status=status,
    )


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Response rate, Cronbach's alpha and question means: overall for the cycle's
    supervisors, per community for whoever may see that community's data."""
    survey = get_object_or_404(Survey.objects.select_related("cycle"), pk=pk)
    cycle = cycle_for(request, survey.cycle_id)
    can_manage = rules.can_manage_surveys(request.user, cycle)
    communities = list(
        rules.visible_cycle_communities(request.user, cycle).order_by(pinyin("name"))
    )
    if not can_manage and not communities:
        raise Http404
    chosen = None
    community_pk = request.GET.get("community")
    if community_pk:
        chosen = next((c for c in communities if str(c.pk) == community_pk), None)
        if chosen is None:
            raise Http404
    elif not can_manage:
        chosen = communities[0]
    stats = survey_selectors.survey_stats(survey, chosen)
    return render(
        request,
        TEMPLATES + "survey_detail.html",
        {
            "cycle": cycle,
            "survey": survey,
            "stats": stats,
            "community": chosen,
            "communities": communities,
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def survey_send(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    cycle_for(request, survey.cycle_id, rules.can_manage_surveys)
    try:
        count = services.survey_send(actor=request.user, survey=survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sent to %(count)d representatives.") % {"count": count})
    return redirect("assessment:survey_detail", pk=survey.pk)


@login_required
@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    cycle_for(request, survey.cycle_id, rules.can_manage_surveys)
    services.survey_close(actor=request.user, survey=survey)
    messages.success(request, _("The survey is closed."))
    return redirect("assessment:survey_detail", pk=survey.pk)


@login_required
def my_surveys(request: HttpRequest) -> HttpResponse:
    invitations = (
        SurveyInvitation.objects.filter(user_id=request.user.pk or 0)
        .select_related("survey", "community")
        .order_by("-sent_at")
    )
    return render(request, TEMPLATES + "my_surveys.html", {"invitations": invitations})


@login_required
@require_http_methods(["GET", "POST"])
def survey_respond(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(
        SurveyInvitation.objects.select_related("survey", "community"), pk=pk
    )
    if invitation.user_id != request.user.pk:
        raise Http404
    if not invitation.survey.accepts_answers:
        messages.error(request, services.survey_closed_message(invitation.survey))
        return redirect("assessment:my_surveys")
    require(rules.can_respond(request.user, invitation))
    questions = list(invitation.survey.questions.order_by("order", "id"))
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        answers = {q.pk: request.POST.get(f"question_{q.pk}") for q in questions}
        try:
            services.survey_respond(actor=request.user, invitation=invitation, answers=answers)
        except ValidationError as error:
            errors = error.message_dict
            status = REFUSED
        else:
            messages.success(request, _("Thank you: your answers are recorded anonymously."))
            return redirect("assessment:my_surveys")
    return render(
        request,
        TEMPLATES + "survey_respond.html",
        {
            "invitation": invitation,
            "survey": invitation.survey,
            "questions": questions,
            "errors": errors,
            "scale": services.LIKERT,
            "answered": request.POST if request.method == "POST" else {},
        },
        status=status,
    )
