"""Framework pages: list, detail (the tree), create, add/edit/reorder indicators of a
draft, new version of a frozen one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iecommons.assessment.forms.frameworks import FrameworkCreateForm, IndicatorForm
from iecommons.assessment.models import Indicator, IndicatorFramework
from iecommons.assessment.services import frameworks as services
from iecommons.assessment.views.base import TEMPLATES
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.common.forms import apply_service_errors
from iecommons.common.pages import REFUSED, post_data


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    require(rules.can_read_frameworks(request.user))
    return render(
        request,
        TEMPLATES + "framework_list.html",
        {
            "frameworks": IndicatorFramework.objects.order_by("name", "-version"),
            "can_edit": rules.can_edit_frameworks(request.user),
            "form": FrameworkCreateForm(),
        },
    )


@login_required
@require_POST
def framework_create(request: HttpRequest) -> HttpResponse:
    require(rules.can_edit_frameworks(request.user))
    form = FrameworkCreateForm(request.POST)
    if form.is_valid():
        try:
            framework = services.framework_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("assessment:framework_detail", pk=framework.pk)
    return render(
        request,
        TEMPLATES + "framework_list.html",
        {
            "frameworks": IndicatorFramework.objects.order_by("name", "-version"),
            "can_edit": True,
            "form": form,
        },
        status=REFUSED,
    )


@login_required
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(rules.can_read_frameworks(request.user))
    framework = get_object_or_404(IndicatorFramework, pk=pk)
    nodes = list(framework.indicators.order_by("order", "code"))
    dimensions = [
        (d, [n for n in nodes if n.parent_id == d.pk]) for d in nodes if d.parent_id is None
    ]
    return render(
        request,
        TEMPLATES + "framework_detail.html",
        {
            "framework": framework,
            "dimensions": dimensions,
            "can_edit": rules.can_edit_frameworks(request.user),
            "versions": IndicatorFramework.objects.filter(name=framework.name).order_by("version"),
        },
    )


@login_required
@require_POST
def framework_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_object_or_404(IndicatorFramework, pk=pk)
    copy = services.framework_new_version(actor=request.user, framework=framework)
    messages.success(
        request, _("Version %(version)d created: edit it.") % {"version": copy.version}
    )
    return redirect("assessment:framework_detail", pk=copy.pk)


def _indicator_fields(form: IndicatorForm) -> dict[str, object]:
    data = dict(form.cleaned_data)
    data.pop("parent", None)
    return data


@login_required
@require_http_methods(["GET", "POST"])
def indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    require(rules.can_edit_frameworks(request.user))
    framework = get_object_or_404(IndicatorFramework, pk=pk)
    data, _files = post_data(request)
    form = IndicatorForm(data, framework=framework, initial={"parent": request.GET.get("parent")})
    status = 200
    if framework.is_frozen:
        messages.error(
            request,
            _("This version is frozen: a cycle uses it. Make a new version to change it."),
        )
    if data is not None and form.is_valid():
        try:
            services.indicator_create(
                actor=request.user,
                framework=framework,
                parent=form.cleaned_data["parent"],
                **_indicator_fields(form),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            status = REFUSED
        else:
            return redirect("assessment:framework_detail", pk=framework.pk)
    elif data is not None:
        status = REFUSED
    return render(
        request,
        TEMPLATES + "indicator_form.html",
        {"framework": framework, "form": form, "indicator": None},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(rules.can_edit_frameworks(request.user))
    indicator = get_object_or_404(Indicator.objects.select_related("framework"), pk=pk)
    framework = indicator.framework
    data, _files = post_data(request)
    initial = {
        name: getattr(indicator, name)
        for name in services.INDICATOR_FIELDS
        if name != "grade_boundaries"
    }
    initial["parent"] = indicator.parent_id
    initial["grade_boundaries"] = ", ".join(f"{b:g}" for b in indicator.grade_boundaries or [])
    form = IndicatorForm(data, framework=framework, initial=initial)
    status = 200
    if framework.is_frozen:
        messages.error(
            request,
            _("This version is frozen: a cycle uses it. Make a new version to change it."),
        )
    if data is not None and form.is_valid():
        try:
            services.indicator_update(
                actor=request.user, indicator=indicator, **_indicator_fields(form)
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            status = REFUSED
        else:
            return redirect("assessment:framework_detail", pk=framework.pk)
    elif data is not None:
        status = REFUSED
    return render(
        request,
        TEMPLATES + "indicator_form.html",
        {"framework": framework, "form": form, "indicator": indicator},
        status=status,
    )


@login_required
@require_POST
def indicator_move(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator, pk=pk)
    try:
        services.indicator_move(
            actor=request.user, indicator=indicator, up=request.POST.get("direction") == "up"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assessment:framework_detail", pk=indicator.framework_id)
