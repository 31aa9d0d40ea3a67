"""Writes of invitations to a community: inviting a person to act for a member
organisation or to join the secretariat, and accepting (the invitee's account, person
record and role in one transaction). The invitation itself is an accounts model; the
registry owns the flow because it is about a community and its members."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.accounts.models import Invitation, Role, RoleAssignment, User
from iecommons.authz import accounts as account_rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse, validate_model
from iecommons.registry.models import Community, Membership, Organization, Person

INVITATION_DAYS = 14


@transaction.atomic
def invitation_create(
    *,
    actor: Any,
    community: Community,
    email: str,
    name: str,
    role: str,
    organization: Organization | None = None,
) -> Invitation:
    """Invite a person to act for a member organisation, or (supervisors only) to join the
    secretariat. The e-mail with the link is sent after the transaction commits."""
    if role not in (Role.SECRETARIAT, Role.MEMBER):
        raise refuse("role", _("Invite a member representative or a secretariat colleague."))
    require(account_rules.can_invite(actor, community, role))
    if role == Role.MEMBER:
        if organization is None:
            raise refuse("organization", _("Choose the member organisation the person acts for."))
        if not Membership.objects.filter(
            community=community, organization=organization, left__isnull=True
        ).exists():
            raise refuse("organization", _("The organisation is not a member of this community."))
    email = (email or "").strip().lower()
    if Invitation.objects.filter(
        community=community, email=email, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).exists():
        raise refuse("email", _("This address already has an open invitation."))
    invitation = Invitation(
        community=community,
        email=email,
        name=(name or "").strip(),
        role=role,
        organization=organization if role == Role.MEMBER else None,
        token=secrets.token_urlsafe(32),
        invited_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
    )
    validate_model(invitation, exclude=["invited_by", "token"])
    invitation.save()
    audit.record(actor=actor, instance=invitation, operation="invitation_create")
    # Absolute: the e-mail is read in a mail program, not on one of our pages.
    link = settings.SITE_URL + reverse(
        "accounts:invitation_accept", kwargs={"token": invitation.token}
    )
    transaction.on_commit(
        lambda: send_mail(
            subject=_("Invitation to %(community)s") % {"community": community.name},
            message=_(
                "%(name)s, you are invited to take part in %(community)s on IE Commons. "
                "Open %(link)s within %(days)d days to set up your account."
            )
            % {
                "name": invitation.name,
                "community": community.name,
                "link": link,
                "days": INVITATION_DAYS,
            },
            from_email=None,
            recipient_list=[invitation.email],
            fail_silently=True,
        )
    )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str) -> User:
    """Create the invitee's account, their person record and their role."""
    invitation = (
        Invitation.objects.select_for_update()
        .filter(token=token)
        .select_related("community")
        .first()
    )
    if invitation is None or invitation.accepted_at is not None:
        raise refuse("token", _("This invitation is not valid or has already been used."))
    if invitation.expires_at <= timezone.now():
        raise refuse("token", _("This invitation has expired; ask for a new one."))
    username = (username or "").strip()
    if not username:
        raise refuse("username", _("Choose a username."))
    if User.objects.filter(username__iexact=username).exists():
        raise refuse("username", _("This username is taken."))
    user = User(username=username, email=invitation.email)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.save()
    community = invitation.community
    organization = invitation.organization or community.secretariat_host
    Person.objects.create(
        user=user, name=invitation.name, organization=organization, email=invitation.email
    )
    if invitation.role == Role.MEMBER:
        assignment = RoleAssignment.objects.create(
            user=user,
            role=Role.MEMBER,
            organization=invitation.organization,
            granted_by=invitation.invited_by,
        )
    else:
        assignment = RoleAssignment.objects.create(
            user=user,
            role=Role.SECRETARIAT,
            community=community,
            granted_by=invitation.invited_by,
        )
    before = audit.snapshot(invitation)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(actor=user, instance=invitation, operation="invitation_accept", before=before)
    audit.record(actor=user, instance=assignment, operation="role_assignment_create")
    return user
