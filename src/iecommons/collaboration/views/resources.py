"""Pages of the resource catalogue: the community's overview, the catalogue, a resource
with its week calendar and booking form, and offering or changing a resource."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iecommons.authz import collaboration as rules
from iecommons.collaboration import selectors, services
from iecommons.collaboration.forms import BookingForm, ClosureForm, ResourceForm, WindowForm
from iecommons.collaboration.models import AvailabilityWindow, Resource
from iecommons.collaboration.views.base import (
    community_or_404,
    login_redirects,
    page,
    require,
    require_visible,
)
from iecommons.common.collation import pinyin
from iecommons.common.forms import apply_service_errors
from iecommons.common.rendering import render_page_or_partial
from iecommons.registry.models import Community, Organization


def community_home(request: HttpRequest, community_id: int) -> HttpResponse:
    """The community's collaboration overview: links, and public announcements for all."""
    community = community_or_404(community_id)
    announcements = selectors.announcements_for(request.user, community)[:5]
    return page(request, "community_home.html", community, announcements=announcements)


def resource_list(request: HttpRequest, community_id: int) -> HttpResponse:
    """The catalogue: public summary for anyone; filter by type, search by text (htmx)."""
    community = community_or_404(community_id)
    filters = selectors.ResourceFilter(
        q=request.GET.get("q", "")[:100], type=request.GET.get("type", "")
    )
    resources = selectors.resource_catalogue(community, filters)
    page_obj = Paginator(resources, 25).get_page(request.GET.get("page"))
    context = {
        "community": community,
        "filters": filters,
        "types": Resource.Type.choices,
        "page_obj": page_obj,
        "can_see_private": rules.can_see_private(request.user, community),
        "is_secretariat": rules.can_run(request.user, community),
        "can_offer": rules.can_offer_resource(request.user, community),
    }
    return render_page_or_partial(
        request,
        page="collaboration/resource_list.html",
        partial="collaboration/partials/resource_rows.html",
        context=context,
    )


def _week_start(raw: str | None) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(raw or "")
    except ValueError:
        day = timezone.localdate()
    return day - datetime.timedelta(days=day.weekday())


def _owners(request: HttpRequest, community: Community) -> QuerySet[Organization]:
    """The organisations whose resources the user may offer in ``community``."""
    members = Organization.objects.filter(
        memberships__community=community, memberships__left__isnull=True
    ).order_by(pinyin("name"))
    return rules.visible_resource_owners(request.user, community, members)


@login_redirects
def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A resource, its week calendar (bookings only for members) and the booking form."""
    resource = get_object_or_404(Resource.objects.select_related("community", "owner"), pk=pk)
    require_visible(request, rules.can_see_resource_summary(request.user, resource))
    community = resource.community
    private = rules.can_see_private(request.user, community)
    week_start = _week_start(request.GET.get("week"))
    organizations = rules.acting_organizations(request.user, community)
    booking_form = None
    if organizations and resource.status == Resource.Status.ACTIVE:
        booking_form = BookingForm(
            organizations=Organization.objects.filter(pk__in=[o.pk for o in organizations])
        )
    can_edit = rules.can_edit_resource(request.user, resource)
    return page(
        request,
        "resource_detail.html",
        community,
        resource=resource,
        days=selectors.resource_week(resource, week_start, with_bookings=private),
        week_start=week_start,
        previous_week=week_start - datetime.timedelta(days=7),
        next_week=week_start + datetime.timedelta(days=7),
        windows=list(resource.windows.all()),
        closures=list(resource.closures.filter(end__gt=timezone.now())) if private else [],
        booking_form=booking_form,
        can_edit=can_edit,
        window_form=WindowForm() if can_edit else None,
        closure_form=ClosureForm() if can_edit else None,
    )


@login_redirects
def resource_create(request: HttpRequest, community_id: int) -> HttpResponse:
    """Offer a resource: a member representative for its organisation, or the secretariat."""
    community = community_or_404(community_id)
    owners = _owners(request, community)
    require(request, bool(request.user.is_authenticated and owners.exists()))
    form = ResourceForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(
                actor=request.user, community=community, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The resource is in the catalogue. Add its opening hours."))
            return redirect("collaboration:resource_detail", resource.pk)
    return page(
        request,
        "form_page.html",
        community,
        form=form,
        heading=_("Offer a resource"),
        submit=_("Offer"),
    )


@login_redirects
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_object_or_404(Resource.objects.select_related("community", "owner"), pk=pk)
    require_visible(request, rules.can_see_private(request.user, resource.community))
    require(request, rules.can_edit_resource(request.user, resource))
    owners = Organization.objects.filter(pk=resource.owner_id)
    initial = {name: getattr(resource, name) for name in services.resources.RESOURCE_FIELDS}
    initial["owner"] = resource.owner
    form = ResourceForm(request.POST or None, owners=owners, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        changes.pop("owner")
        try:
            services.resource_update(actor=request.user, resource=resource, **changes)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The resource has been updated."))
            return redirect("collaboration:resource_detail", resource.pk)
    return page(
        request,
        "form_page.html",
        resource.community,
        form=form,
        heading=_("Change %(name)s") % {"name": resource.display_name},
        submit=_("Save"),
    )


def _editable(request: HttpRequest, pk: int) -> Resource:
    resource = get_object_or_404(Resource.objects.select_related("community", "owner"), pk=pk)
    require_visible(request, rules.can_see_private(request.user, resource.community))
    require(request, rules.can_edit_resource(request.user, resource))
    return resource


@require_POST
@login_redirects
def resource_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _editable(request, pk)
    try:
        services.resource_withdraw(actor=request.user, resource=resource)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The resource has been withdrawn."))
    return redirect("collaboration:resource_detail", resource.pk)


@require_POST
@login_redirects
def window_add(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _editable(request, pk)
    form = WindowForm(request.POST)
    if form.is_valid():
        try:
            services.availability_window_add(
                actor=request.user, resource=resource, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The opening window has been added."))
    else:
        messages.error(request, _("Give a weekday, an opening and a closing time."))
    return redirect("collaboration:resource_detail", resource.pk)


@require_POST
@login_redirects
def window_remove(request: HttpRequest, pk: int) -> HttpResponse:
    window = get_object_or_404(
        AvailabilityWindow.objects.select_related("resource__community", "resource__owner"), pk=pk
    )
    resource = _editable(request, window.resource_id)
    services.availability_window_remove(actor=request.user, window=window)
    messages.success(request, _("The opening window has been removed."))
    return redirect("collaboration:resource_detail", resource.pk)


@require_POST
@login_redirects
def closure_add(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _editable(request, pk)
    form = ClosureForm(request.POST)
    if form.is_valid():
        try:
            services.closure_add(actor=request.user, resource=resource, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The closure has been added."))
    else:
        messages.error(request, _("Give the start and end of the closure."))
    return redirect("collaboration:resource_detail", resource.pk)
