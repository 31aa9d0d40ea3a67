"""Small typed readers for configuration from environment variables.

Every setting of IE Commons comes from the environment; a bad value stops start-up with
an ``ImproperlyConfigured`` error that names the variable and what was expected.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a number from {minimum} to {maximum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, default: str) -> str:
    """An absolute http(s) address without a trailing slash, e.g. ``https://iec.example.cn``."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().rstrip("/")
    try:
        parts = urlsplit(value)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        valid = False
    if not valid or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name}={raw!r}: expected an http:// or https:// address such as "
            "https://iec.example.cn"
        )
    return value


#: The key every checkout shares: fine for DEBUG on one's own machine, never for a server.
DEVELOPMENT_SECRET_KEY = "iecommons-development-key-change-me-in-production-0123456789"  # noqa: S105
_SECRET_KEY_MIN_LENGTH = 50
_SECRET_KEY_MIN_UNIQUE = 5


def env_secret_key(name: str, *, debug: bool) -> str:
    """A real secret key, required unless ``debug`` (then the development key is the default).

    "Real" follows Django's own deployment check (security.W009): at least 50 characters,
    at least 5 different ones, not the ``django-insecure-`` placeholder, and not the
    development key published with the source code.
    """
    raw = os.environ.get(name, "").strip()
    if debug:
        return raw or DEVELOPMENT_SECRET_KEY
    hint = (
        f"{name}: expected a long random string (50 characters or more) when DEBUG is off, "
        "for example from `python -c 'import secrets; print(secrets.token_urlsafe(48))'`; "
        "`iecommons run` makes one in var/secrets/secret_key by itself"
    )
    if not raw:
        raise ImproperlyConfigured(f"{hint}; it is not set")
    if raw == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(f"{hint}; the development key is public")
    if (
        len(raw) < _SECRET_KEY_MIN_LENGTH
        or len(set(raw)) < _SECRET_KEY_MIN_UNIQUE
        or raw.startswith("django-insecure-")
    ):
        raise ImproperlyConfigured(f"{hint}; the one given is too short or too simple")
    return raw


def env_required_list(name: str, *, default: list[str] | None, example: str) -> list[str]:
    """A comma-separated list that must be given (and not empty) unless there is a default."""
    raw = os.environ.get(name)
    if raw is None and default is not None:
        return default
    values = env_list(name, [])
    if not values:
        raise ImproperlyConfigured(
            f"{name}: expected a comma-separated list such as {example!r} when DEBUG is off"
        )
    return values
