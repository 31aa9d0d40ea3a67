"""The cycle supervisor's page for assigning communities to the appointed experts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from iecommons.assessment.forms.assignments import ExpertAssignmentForm
from iecommons.assessment.models import ExpertAssignment
from iecommons.assessment.selectors.assignments import cycle_assignments
from iecommons.assessment.services import assignments as services
from iecommons.assessment.views.base import TEMPLATES, cycle_for
from iecommons.authz import assessment as rules
from iecommons.common.forms import apply_service_errors
from iecommons.common.pages import REFUSED, post_data


@login_required
@require_http_methods(["GET", "POST"])
def expert_assignments(request: HttpRequest, pk: int) -> HttpResponse:
    """Who reviews what: assign communities to experts in bulk, see and undo assignments."""
    cycle = cycle_for(request, pk, rules.can_assign_experts)
    data, _files = post_data(request)
    form = ExpertAssignmentForm(data, cycle=cycle)
    status = 200
    if data is not None:
        status = REFUSED
        if form.is_valid():
            try:
                created = services.expert_assignments_create(
                    actor=request.user,
                    cycle=cycle,
                    experts=form.cleaned_data["experts"],
                    communities=form.chosen_communities(),
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d assignment made.", "%(count)d assignments made.", len(created)
                    )
                    % {"count": len(created)},
                )
                return redirect("assessment:expert_assignments", pk=cycle.pk)
    return render(
        request,
        TEMPLATES + "expert_assignments.html",
        {"cycle": cycle, "form": form, "loads": cycle_assignments(cycle)},
        status=status,
    )


@login_required
@require_POST
def expert_assignment_remove(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk, rules.can_assign_experts)
    assignment = get_object_or_404(
        ExpertAssignment.objects.select_related("expert", "community", "cycle"),
        pk=assignment_pk,
        cycle=cycle,
    )
    services.expert_assignment_remove(actor=request.user, assignment=assignment)
    messages.success(
        request,
        _("%(community)s is no longer assigned to %(expert)s.")
        % {"community": assignment.community, "expert": assignment.expert},
    )
    return redirect("assessment:expert_assignments", pk=cycle.pk)
