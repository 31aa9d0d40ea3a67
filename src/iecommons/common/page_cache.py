"""A cache of the public pages as anonymous visitors see them.

Public registry pages are the same for every anonymous visitor, and they are read far
more often than the registry changes. A rendered page is kept per process, keyed by the
*data version*, the language, the htmx variant and the full URL. The data version is a
counter that every audited write increments in its own transaction (see
``common.audit.record``), so any committed change makes every older entry unreachable at
once, with no list of pages to invalidate. (Seeding bypasses the audit trail; it runs
before the server starts, and each process starts with an empty cache.)

Signed-in people always get a fresh page: theirs show management links and private data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from iecommons.common.models import DataVersion

# Bounds memory; the version in the key makes stale entries unreachable long before this.
TIMEOUT_SECONDS = 600
VARIANT_HEADERS = ("HX-Request", "HX-History-Restore-Request", "HX-Boosted")


def data_version() -> int:
    """The number of committed audited writes so far."""
    return DataVersion.objects.values_list("number", flat=True).filter(pk=1).first() or 0


def _key(request: HttpRequest) -> str:
    variant = "|".join(request.headers.get(name, "") for name in VARIANT_HEADERS)
    raw = f"{data_version()}|{get_language()}|{variant}|{request.get_full_path()}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method != "GET" or request.user.is_authenticated:
        return False
    # A pending flash message belongs to this visitor alone.
    return len(get_messages(request)) == 0


def _cacheable_response(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
    )


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve ``view`` from the cache for anonymous GETs; store its good answers."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if _cacheable_response(response):
            kept = {
                name: response[name]
                for name in ("Content-Type", "Vary")
                if response.has_header(name)
            }
            cache.set(key, (response.content, kept), TIMEOUT_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper
