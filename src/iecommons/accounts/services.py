"""Writes to accounts: API tokens, and reading the account a token stands for.
Invitations to a community are the registry's (:mod:`iecommons.registry.invitations`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.accounts import scope
from iecommons.accounts.models import ApiToken, User
from iecommons.common import audit
from iecommons.common.services import refuse


@transaction.atomic
def api_token_create(*, actor: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for the actor's own account; the key is returned once and never stored."""
    if not getattr(actor, "is_authenticated", False):
        raise refuse("user", _("Sign in first."))
    name = (name or "").strip()
    if not name:
        raise refuse("name", _("Name the token, e.g. after the script that uses it."))
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=actor, name=name[:100], prefix=key[4:12], key_hash=ApiToken.hash_key(key)
    )
    audit.record(actor=actor, instance=token, operation="api_token_create")
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens."""
    scope.require(token.user_id == getattr(actor, "pk", None))
    if token.revoked_at is None:
        before = audit.snapshot(token)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, instance=token, operation="api_token_revoke", before=before)
    return token


def api_token_user(key: str) -> User | None:
    """The user behind a bearer key, or None for an unknown or revoked key."""
    token = (
        ApiToken.objects.filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    # Recorded at most once a minute, so reads do not turn into writes on every call.
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
