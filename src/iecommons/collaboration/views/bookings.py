"""Pages of bookings: request one, my bookings, requests to answer, a booking with its
actions (approve, decline, cancel, record use), and the notifications page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iecommons.authz import collaboration as rules
from iecommons.collaboration import selectors, services
from iecommons.collaboration.forms import BookingForm, DecisionForm, UsageForm
from iecommons.collaboration.models import Booking, Resource
from iecommons.collaboration.views.base import login_redirects, page, require, require_visible
from iecommons.common.forms import apply_service_errors
from iecommons.common.models import Notification
from iecommons.registry.models import Organization


@require_POST
@login_redirects
def booking_request(request: HttpRequest, pk: int) -> HttpResponse:
    """The booking form of the resource page; on a refusal the page shows it again."""
    resource = get_object_or_404(Resource.objects.select_related("community", "owner"), pk=pk)
    require_visible(request, rules.can_see_private(request.user, resource.community))
    organizations = rules.acting_organizations(request.user, resource.community)
    require(request, bool(organizations))
    form = BookingForm(
        request.POST,
        organizations=Organization.objects.filter(pk__in=[o.pk for o in organizations]),
    )
    if form.is_valid():
        try:
            booking = services.booking_request(
                actor=request.user, resource=resource, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your request has been sent to the owner."))
            return redirect("collaboration:booking_detail", booking.pk)
    return page(
        request,
        "form_page.html",
        resource.community,
        form=form,
        heading=_("Book %(name)s") % {"name": resource.display_name},
        submit=_("Request"),
    )


@login_required
def booking_mine(request: HttpRequest) -> HttpResponse:
    """Bookings of the organisations the user represents."""
    status = request.GET.get("status", "")
    bookings = Paginator(selectors.bookings_of(request.user, status=status), 25)
    return page(
        request,
        "booking_list.html",
        None,
        page_obj=bookings.get_page(request.GET.get("page")),
        mode="mine",
        status=status,
        statuses=Booking.Status.choices,
    )


@login_required
def booking_to_decide(request: HttpRequest) -> HttpResponse:
    """Requests for the user's organisations' resources (and, for a secretariat, its
    communities'), waiting first."""
    status = request.GET.get("status", Booking.Status.PENDING)
    bookings = Paginator(selectors.bookings_to_decide(request.user, status=status), 25)
    return page(
        request,
        "booking_list.html",
        None,
        page_obj=bookings.get_page(request.GET.get("page")),
        mode="decide",
        status=status,
        statuses=Booking.Status.choices,
    )


def _booking(request: HttpRequest, pk: int) -> Booking:
    booking = get_object_or_404(
        Booking.objects.select_related(
            "resource__community",
            "resource__owner",
            "organization",
            "requested_by",
            "decided_by",
        ),
        pk=pk,
    )
    require_visible(request, rules.can_see_booking(request.user, booking))
    return booking


@login_redirects
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    user = request.user
    pending = booking.status == Booking.Status.PENDING
    can_decide = pending and rules.can_decide_booking(user, booking)
    can_record = (
        booking.status == Booking.Status.APPROVED
        and booking.start <= timezone.now()
        and rules.can_record_usage(user, booking)
    )
    return page(
        request,
        "booking_detail.html",
        booking.resource.community,
        booking=booking,
        usage=getattr(booking, "usage", None)
        if booking.status == Booking.Status.COMPLETED
        else None,
        decision_form=DecisionForm() if can_decide else None,
        can_cancel=booking.status in (Booking.Status.PENDING, Booking.Status.APPROVED)
        and booking.end > timezone.now()
        and rules.can_cancel_booking(user, booking),
        usage_form=UsageForm(
            initial={"hours": round(booking.hours, 2), "quantity": booking.quantity}
        )
        if can_record
        else None,
    )


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    booking = _booking(request, pk)
    try:
        if action == "approve":
            require(request, rules.can_decide_booking(request.user, booking))
            services.booking_approve(
                actor=request.user, booking=booking, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("The booking has been approved."))
        elif action == "decline":
            require(request, rules.can_decide_booking(request.user, booking))
            services.booking_decline(
                actor=request.user, booking=booking, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("The request has been declined."))
        elif action == "cancel":
            require(request, rules.can_cancel_booking(request.user, booking))
            services.booking_cancel(actor=request.user, booking=booking)
            messages.success(request, _("The booking has been cancelled."))
        else:
            require(request, rules.can_record_usage(request.user, booking))
            form = UsageForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Give the hours and units used."))
                return redirect("collaboration:booking_detail", booking.pk)
            services.booking_usage_record(actor=request.user, booking=booking, **form.cleaned_data)
            messages.success(request, _("The use has been recorded."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("collaboration:booking_detail", booking.pk)


@require_POST
@login_redirects
def booking_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "approve")


@require_POST
@login_redirects
def booking_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "decline")


@require_POST
@login_redirects
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "cancel")


@require_POST
@login_redirects
def booking_usage(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "usage")


# --- notifications ---------------------------------------------------------------------------


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, unread ones marked."""
    rows = Paginator(selectors.notifications_for(request.user), 30)
    return page(
        request,
        "notifications.html",
        None,
        page_obj=rows.get_page(request.GET.get("page")),
        unread=selectors.unread_notifications_count(request.user),
    )


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read, then follow its link (if it is one of ours)."""
    notification = get_object_or_404(Notification, pk=pk, recipient_id=request.user.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    link = notification.link
    if request.POST.get("follow") and url_has_allowed_host_and_scheme(
        link, allowed_hosts={request.get_host()}
    ):
        return redirect(link)
    return redirect("collaboration:notifications")


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient_id=request.user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("collaboration:notifications")
