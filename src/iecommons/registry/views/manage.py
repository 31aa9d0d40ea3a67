"""Management pages: what supervisors, secretariats and member representatives change.

Views are thin: check who may see the page (the rules live in :mod:`iecommons.authz.registry`),
parse the form, call the service, redirect with a message. A service's refusal lands on
the form beside the field it names. Member, council, invitation and import pages are in
:mod:`.manage_members`; this module exports every management URL.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from iecommons.accounts import selectors as account_selectors
from iecommons.accounts.models import Invitation, Role, User
from iecommons.authz import registry as rules
from iecommons.authz.scope import require
from iecommons.common.confirmation import Confirmation, is_confirmed, render_confirmation
from iecommons.common.page_cache import cached_fragments, reads_query
from iecommons.common.pages import ServiceRefusedError, post_data, refusals_onto, render_form
from iecommons.registry import invitations as invitation_services
from iecommons.registry import selectors, services
from iecommons.registry.forms import (
    CommunityEditForm,
    CommunityRegisterForm,
    ConfirmForm,
    DissolveForm,
    OrganizationEditForm,
    ReinstateForm,
    SecretariatAppointForm,
    StatusChangeForm,
)
from iecommons.registry.models import Community, Organization
from iecommons.registry.views import manage_members
from iecommons.registry.views.manage_base import TEMPLATE_DIR, community_for

GET_POST = require_http_methods(["GET", "POST"])
MEMBERS_PER_PAGE = 50


def _manage_fragments(
    request: HttpRequest, community: Community, can_supervise: bool
) -> dict[str, str]:
    search = request.GET.get("q", "")[:100]
    members = Paginator(
        selectors.community_members(community, search=search), MEMBERS_PER_PAGE
    ).get_page(request.GET.get("page"))
    council = selectors.community_council(community)
    invitations = Invitation.objects.filter(
        community=community, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("organization", "invited_by")
    context = {
        "community": community,
        "members": members,
        "council": council,
        "q": search,
        "secretariat": account_selectors.secretariat_roles([community.pk]),
        "invitations": invitations,
        "can_supervise": can_supervise,
    }
    return {
        part: render_to_string(f"{TEMPLATE_DIR}_{part}.html", context, request=request)
        for part in ("members", "council", "secretariat", "invitations")
    }


@login_required
@reads_query("page", "q")
def community_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """The dashboard of a community for its secretariat and supervisors.

    The member, council, secretariat and invitation tables are the same for everyone who
    may manage the community (the secretariat's table has an action column for its
    supervisors): cached fragments (per data version, language and page), asked for only
    after the rule. Invitations lapse by the clock, not by a write, so the fragments are
    also keyed by the minute.
    """
    community = community_for(request, pk)
    can_supervise = rules.can_supervise(request.user, community)
    fragments = cached_fragments(
        request,
        "registry:community_manage",
        community.pk,
        request.get_full_path(),
        can_supervise,
        timezone.now().strftime("%Y-%m-%dT%H:%M"),
        render=lambda: _manage_fragments(request, community, can_supervise),
    )
    return render(
        request,
        TEMPLATE_DIR + "community_manage.html",
        {
            "community": community,
            "fragments": fragments,
            "can_supervise": can_supervise,
            "is_open": community.status != Community.Status.DISSOLVED,
        },
    )


@login_required
@GET_POST
def community_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The profile, charter and goals; supervisors also see kind, level, field, seat, founded."""
    community = community_for(request, pk)
    supervisor = rules.can_supervise(request.user, community)
    initial = {
        name: getattr(community, name)
        for name in (*services.COMMUNITY_PROFILE_FIELDS, *services.COMMUNITY_SUPERVISED_FIELDS)
    }
    data, _files = post_data(request)
    form = CommunityEditForm(data, initial=initial, community=community, supervisor=supervisor)
    if data is not None and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            with refusals_onto(form):
                services.community_update(actor=request.user, community=community, **changes)
        except ServiceRefusedError:
            community.refresh_from_db()
        else:
            messages.success(request, _("The community's profile was saved."))
            return redirect("registry:community_manage", pk=community.pk)
    return render_form(
        request,
        TEMPLATE_DIR + "community_edit.html",
        {"community": community, "form": form, "supervisor": supervisor},
    )


@login_required
@GET_POST
def community_register(request: HttpRequest) -> HttpResponse:
    """Register a community in the supervisor's jurisdiction."""
    require(rules.can_register_communities(request.user))
    data, _files = post_data(request)
    form = CommunityRegisterForm(data, user=request.user)
    if data is not None and form.is_valid():
        try:
            with refusals_onto(form):
                community = services.community_register(actor=request.user, **form.cleaned_data)
        except ServiceRefusedError:
            pass
        else:
            messages.success(
                request,
                _("%(community)s is registered. Appoint its secretariat next.")
                % {"community": community},
            )
            return redirect("registry:community_manage", pk=community.pk)
    return render_form(request, TEMPLATE_DIR + "community_register.html", {"form": form})


def _status_view(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[StatusChangeForm] | type[ReinstateForm],
    service: Any,
    title: str,
    explanation: str,
    button: str,
    done: str,
) -> HttpResponse:
    community = community_for(request, pk, rules.can_supervise)
    data, _files = post_data(request)
    form = form_class(data)
    if data is not None and form.is_valid():
        try:
            with refusals_onto(form, fields={"status": "__all__"}):
                service(actor=request.user, community=community, **form.cleaned_data)
        except ServiceRefusedError:
            pass
        else:
            messages.success(request, done % {"community": community})
            return redirect("registry:community_manage", pk=community.pk)
    return render_form(
        request,
        TEMPLATE_DIR + "confirm.html",
        {
            "community": community,
            "form": form,
            "title": title,
            "explanation": explanation,
            "button": button,
            "danger": form_class is not ReinstateForm,
        },
    )


@login_required
@GET_POST
def community_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_view(
        request,
        pk,
        form_class=StatusChangeForm,
        service=services.community_suspend,
        title=_("Suspend the community"),
        explanation=_("A suspended community keeps its records and members; it can be reinstated."),
        button=_("Suspend"),
        done=_("%(community)s is suspended."),
    )


@login_required
@GET_POST
def community_reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_view(
        request,
        pk,
        form_class=ReinstateForm,
        service=services.community_reinstate,
        title=_("Reinstate the community"),
        explanation=_("The community becomes active again."),
        button=_("Reinstate"),
        done=_("%(community)s is active again."),
    )


@login_required
@GET_POST
def community_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Dissolve a community after its confirmation (common/confirmation.py), which says
    how many memberships and council terms end."""
    community = community_for(request, pk, rules.can_supervise)
    confirmed = is_confirmed(request)
    form = DissolveForm(request.POST if confirmed else None)
    if confirmed and form.is_valid():
        try:
            with refusals_onto(form, fields={"status": "__all__"}):
                services.community_dissolve(
                    actor=request.user, community=community, **form.cleaned_data
                )
        except ServiceRefusedError:
            pass
        else:
            messages.success(request, _("%(community)s is dissolved.") % {"community": community})
            return redirect("registry:community_manage", pk=community.pk)
    endings = selectors.dissolution_endings(community)
    return render_confirmation(
        request,
        Confirmation(
            title=ngettext(
                "Dissolve %(community)s: %(count)d active membership will end",
                "Dissolve %(community)s: %(count)d active memberships will end",
                endings.memberships,
            )
            % {"community": community, "count": endings.memberships},
            message=_(
                "Dissolving cannot be undone: every membership and council term ends on the "
                "day you give. The history stays public."
            ),
            consequences=[
                ngettext(
                    "%(count)d active membership ends.",
                    "%(count)d active memberships end.",
                    endings.memberships,
                )
                % {"count": endings.memberships},
                ngettext(
                    "%(count)d council term ends.",
                    "%(count)d council terms end.",
                    endings.council_seats,
                )
                % {"count": endings.council_seats},
            ],
            confirm_label=_("Dissolve"),
            action=request.path,
            cancel_url=reverse("registry:community_manage", kwargs={"pk": community.pk}),
            form=form,
        ),
    )


@login_required
@GET_POST
def secretariat_appoint(request: HttpRequest, pk: int) -> HttpResponse:
    """Appoint a user to the secretariat, or invite someone by e-mail to join it."""
    community = community_for(request, pk, rules.can_supervise)
    data, _files = post_data(request)
    form = SecretariatAppointForm(data)
    if data is not None and form.is_valid():
        username = form.cleaned_data["username"].strip()
        try:
            with refusals_onto(form, fields={"user": "username"}):
                if username:
                    user = User.objects.filter(username__iexact=username).first()
                    if user is None:
                        form.add_error("username", _("No account has this username."))
                        raise ServiceRefusedError
                    services.secretariat_appoint(actor=request.user, community=community, user=user)
                    done = _("%(user)s joined the secretariat.") % {"user": user.get_username()}
                else:
                    invitation = invitation_services.invitation_create(
                        actor=request.user,
                        community=community,
                        email=form.cleaned_data["email"],
                        name=form.cleaned_data["name"],
                        role=Role.SECRETARIAT,
                    )
                    done = _("An invitation was sent to %(email)s.") % {"email": invitation.email}
        except ServiceRefusedError:
            pass
        else:
            messages.success(request, done)
            return redirect("registry:community_manage", pk=community.pk)
    return render_form(
        request, TEMPLATE_DIR + "secretariat_appoint.html", {"community": community, "form": form}
    )


@login_required
@GET_POST
def secretariat_end(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """End a secretariat colleague's role (the supervisor's decision), after a confirmation."""
    community = community_for(request, pk, rules.can_supervise)
    assignment = get_object_or_404(
        account_selectors.secretariat_roles([community.pk]),
        pk=assignment_pk,
    )
    assignment.community = community
    data, _files = post_data(request)
    form = ConfirmForm(data)
    if data is not None and form.is_valid():
        try:
            with refusals_onto(form, fields={"ended_at": "__all__"}):
                services.role_assignment_end(actor=request.user, assignment=assignment)
        except ServiceRefusedError:
            pass
        else:
            messages.success(
                request,
                _("%(user)s no longer works in the secretariat.")
                % {"user": _person_name(assignment.user)},
            )
            return redirect("registry:community_manage", pk=community.pk)
    return render_form(
        request,
        TEMPLATE_DIR + "secretariat_end.html",
        {
            "community": community,
            "assignment": assignment,
            "name": _person_name(assignment.user),
            "form": form,
            "danger": True,
        },
    )


def _person_name(user: User) -> str:
    person = getattr(user, "person", None)
    return person.name if person is not None and person.name else user.get_username()


@login_required
@GET_POST
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation's profile, kept by its representatives (and supervisors, operators)."""
    organization = get_object_or_404(Organization.objects.select_related("region"), pk=pk)
    require(rules.can_edit_organization(request.user, organization))
    initial = {name: getattr(organization, name) for name in services.ORGANIZATION_FIELDS}
    data, _files = post_data(request)
    form = OrganizationEditForm(data, initial=initial)
    if not rules.can_change_credit_code(request.user, organization):
        form.fields["credit_code"].disabled = True
        form.fields["credit_code"].help_text = _(
            "Only the community's secretariat or a supervisor may correct the credit code."
        )
    if data is not None and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            with refusals_onto(form):
                services.organization_update(
                    actor=request.user, organization=organization, **changes
                )
        except ServiceRefusedError:
            organization.refresh_from_db()
        else:
            messages.success(request, _("The organisation's profile was saved."))
            return redirect("registry:organization_edit", pk=organization.pk)
    return render_form(
        request,
        TEMPLATE_DIR + "organization_edit.html",
        {
            "organization": organization,
            "form": form,
            "memberships": selectors.organization_memberships(organization),
        },
    )


urlpatterns = [
    path("communities/register/", community_register, name="community_register"),
    path("communities/<int:pk>/manage/", community_manage, name="community_manage"),
    path("communities/<int:pk>/edit/", community_edit, name="community_edit"),
    path("communities/<int:pk>/suspend/", community_suspend, name="community_suspend"),
    path("communities/<int:pk>/reinstate/", community_reinstate, name="community_reinstate"),
    path("communities/<int:pk>/dissolve/", community_dissolve, name="community_dissolve"),
    path(
        "communities/<int:pk>/secretariat/appoint/",
        secretariat_appoint,
        name="secretariat_appoint",
    ),
    path(
        "communities/<int:pk>/secretariat/<int:assignment_pk>/end/",
        secretariat_end,
        name="secretariat_end",
    ),
    path("organizations/<int:pk>/edit/", organization_edit, name="organization_edit"),
    *manage_members.urlpatterns,
]
