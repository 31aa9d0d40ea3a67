"""The pages of one's own account that show communities, under ``/accounts/`` and in the
``accounts`` URL namespace (joined there in :mod:`iecommons.config.urls`): accepting an
invitation to a community, and the "me" page of roles, scopes and memberships."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iecommons.accounts import selectors as account_selectors
from iecommons.accounts.forms import InvitationAcceptForm
from iecommons.accounts.models import Invitation, Role, User
from iecommons.authz import registry as rules
from iecommons.authz.scope import is_operator
from iecommons.common.collation import pinyin
from iecommons.common.forms import apply_service_errors
from iecommons.registry import invitations
from iecommons.registry.models import Community, Membership

GET_POST = require_http_methods(["GET", "POST"])
SUPERVISED_SHOWN = 20


@GET_POST
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee chooses a username and password, is signed in and sent to their work."""
    invitation = (
        Invitation.objects.select_related("community", "organization").filter(token=token).first()
    )
    usable = (
        invitation is not None
        and invitation.accepted_at is None
        and invitation.expires_at > timezone.now()
    )
    form = InvitationAcceptForm(request.POST if request.method == "POST" else None)
    if usable and request.method == "POST" and form.is_valid():
        try:
            user = invitations.invitation_accept(
                token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            apply_service_errors(form, error, fields={"password": "password1"})
        else:
            assert invitation is not None  # usable implies it exists
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome, %(name)s. You now take part in %(community)s.")
                % {"name": invitation.name, "community": invitation.community},
            )
            return redirect(_landing_for(invitation))
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "usable": usable, "form": form},
        status=200 if usable else 410 if invitation else 404,
    )


def _landing_for(invitation: Invitation) -> str:
    """Secretariat: the community's management page; a member representative: the
    community's public page, where its organisation is listed among the members."""
    if invitation.role == Role.SECRETARIAT:
        return reverse("registry:community_manage", kwargs={"pk": invitation.community_id})
    if invitation.role == Role.MEMBER:
        return reverse("registry:community_detail", kwargs={"pk": invitation.community_id})
    return reverse("accounts:me")


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The user's roles and scopes, with links to what each lets them manage."""
    assignments = list(account_selectors.roles_of(cast(User, request.user)))
    supervises_some = any(a.role == Role.SUPERVISOR for a in assignments)
    supervised = rules.visible_supervised_communities(
        request.user, Community.objects.select_related("region").order_by(pinyin("name"))
    )
    organization_ids = [a.organization_id for a in assignments if a.organization_id]
    memberships = (
        Membership.objects.filter(organization_id__in=organization_ids, left__isnull=True)
        .select_related("community", "organization")
        .order_by(pinyin("organization__name"), pinyin("community__name"))
    )
    return render(
        request,
        "accounts/me.html",
        {
            "assignments": assignments,
            "is_operator": is_operator(request.user),
            "supervised_count": supervised.count() if supervises_some else 0,
            "supervised": supervised[:SUPERVISED_SHOWN] if supervises_some else [],
            "memberships": memberships,
        },
    )


#: Included by config/urls.py beside accounts' own URLs, in the ``accounts`` namespace.
urlpatterns = [
    path("invitations/<str:token>/", invitation_accept, name="invitation_accept"),
    path("me/", me, name="me"),
]
