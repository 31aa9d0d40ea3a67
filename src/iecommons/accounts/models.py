"""User accounts, role assignments with their scope, API tokens and invitations."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. What it may do comes from its active :class:`RoleAssignment` rows."""

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]  # missing from django-stubs
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", _("Supervisor")
    SECRETARIAT = "secretariat", _("Secretariat")
    MEMBER = "member", _("Member representative")
    EXPERT = "expert", _("Expert")


class RoleAssignment(models.Model):
    """A role held by a user within a scope.

    - supervisor: ``region`` is the jurisdiction (a province or a city); none means national;
    - secretariat and expert: ``community``;
    - member representative: ``organization`` (it acts in every community the organisation
      belongs to).
    Ending an assignment sets ``ended_at``; the row stays for the record.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                name="role_assignment_scope_matches_role",
                condition=(
                    Q(role="supervisor", community__isnull=True, organization__isnull=True)
                    | Q(
                        role__in=["secretariat", "expert"],
                        community__isnull=False,
                        region__isnull=True,
                        organization__isnull=True,
                    )
                    | Q(
                        role="member",
                        organization__isnull=False,
                        region__isnull=True,
                        community__isnull=True,
                    )
                ),
                violation_error_message=_("The scope does not fit the role."),
            ),
        ]
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        scope = self.community or self.organization or self.region or _("national")
        return f"{self.user} · {self.get_role_display()} · {scope}"


class ApiToken(models.Model):
    """A bearer token for programmatic clients. Only its SHA-256 is stored.

    It works until ``expires_at`` (chosen at creation, at most three years ahead) unless
    revoked first; ``last_used_at`` is kept to the minute.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "iec_" + secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation by a community's secretariat for a person to take a role.

    The invitee opens the link, chooses a username and password, and gets the role.
    """

    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=[(Role.SECRETARIAT, Role.SECRETARIAT.label), (Role.MEMBER, Role.MEMBER.label)],
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"
