"""Writes to accounts: API tokens, and reading the account a token stands for.
Invitations to a community are the registry's (:mod:`iecommons.registry.invitations`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.accounts.models import ApiToken, User
from iecommons.authz import accounts as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse

#: How long a token works when its creator does not say, and the longest it may.
TOKEN_DEFAULT_DAYS = 365
TOKEN_MAX_DAYS = 3 * 365


def api_token_default_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=TOKEN_DEFAULT_DAYS)


def _token_expiry(expires_on: datetime.date | None) -> datetime.datetime:
    """The end of ``expires_on`` (local time), after checking it is tomorrow at the
    earliest and three years ahead at the latest."""
    today = timezone.localdate()
    if expires_on is None:
        expires_on = api_token_default_expiry()
    latest = today + datetime.timedelta(days=TOKEN_MAX_DAYS)
    if not today < expires_on <= latest:
        raise refuse(
            "expires_on",
            _("Choose an expiry date from %(earliest)s to %(latest)s.")
            % {
                "earliest": (today + datetime.timedelta(days=1)).isoformat(),
                "latest": latest.isoformat(),
            },
        )
    next_day = datetime.datetime.combine(expires_on + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(next_day)


@transaction.atomic
def api_token_create(
    *, actor: Any, name: str, expires_on: datetime.date | None = None
) -> tuple[ApiToken, str]:
    """A new token for the actor's own account, working until the end of ``expires_on``
    (default: a year from today); the key is returned once and never stored."""
    if not getattr(actor, "is_authenticated", False):
        raise refuse("user", _("Sign in first."))
    name = (name or "").strip()
    if not name:
        raise refuse("name", _("Name the token, e.g. after the script that uses it."))
    expires_at = _token_expiry(expires_on)
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=actor,
        name=name[:100],
        prefix=key[4:12],
        key_hash=ApiToken.hash_key(key),
        expires_at=expires_at,
    )
    audit.record(actor=actor, instance=token, operation="api_token_create")
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens."""
    require(rules.can_revoke_token(actor, token))
    if token.revoked_at is None:
        before = audit.snapshot(token)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, instance=token, operation="api_token_revoke", before=before)
    return token


class ApiTokenRefusedError(Exception):
    """A bearer key that does not let its holder in; the message says why."""


def api_token_user(key: str) -> User:
    """The user behind a bearer key; refused if unknown, revoked, expired or deactivated."""
    token = ApiToken.objects.filter(key_hash=ApiToken.hash_key(key)).select_related("user").first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        raise ApiTokenRefusedError(_("The API token is unknown or has been revoked."))
    now = timezone.now()
    if token.expires_at <= now:
        raise ApiTokenRefusedError(
            _("The API token expired on %(date)s; make a new one on the API tokens page.")
            % {"date": timezone.localtime(token.expires_at).date().isoformat()}
        )
    # Recorded at most once a minute, so reads do not turn into writes on every call.
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
