"""A cache of the public pages as anonymous visitors see them.

Public registry pages are the same for every anonymous visitor, and they are read far
more often than the registry changes. A rendered page is kept per process, keyed by the
*data version*, the language, the htmx variant, the path and the query parameters the page
reads (each page names them). The data version is a
counter that every audited write increments in its own transaction (see
``common.audit.record``), so any committed change makes every older entry unreachable at
once, with no list of pages to invalidate. (Seeding bypasses the audit trail; it runs
before the server starts, and each process starts with an empty cache.)

Signed-in people always get a fresh page: theirs show management links and private data.
Most of such a page is still the public record, though, so a page may keep its heavy
public parts as *fragments* (:func:`cached_fragments`), keyed like the pages by the data
version and the language, plus whatever the fragment depends on (its object, a parameter,
the visitor's visibility class such as "may see private contacts"); the page then
renders only the per-person parts around them.

A parameter the page does not read (``?utm_source=…``, ``?x=1``) would otherwise make a new
entry per value and let anyone bypass the cache at will. So the query is normalised before
the page is looked up *and before it is rendered* (for signed-in people too): unknown and
empty parameters are dropped and the rest sorted by name. The page then renders from
exactly the parameters its key names, so the links it carries (pagination, language
switch, log in) never echo a parameter of another visitor's URL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from iecommons.common.models import DataVersion

# Bounds memory; the version in the key makes stale entries unreachable long before this.
TIMEOUT_SECONDS = 600
T = TypeVar("T")
VARIANT_HEADERS = ("HX-Request", "HX-History-Restore-Request", "HX-Boosted")


def data_version() -> int:
    """The number of committed audited writes so far."""
    return DataVersion.objects.values_list("number", flat=True).filter(pk=1).first() or 0


_VERSION_ATTRIBUTE = "_iecommons_data_version"


def _request_data_version(request: HttpRequest) -> int:
    """The data version, read once per request (the page and its fragments agree)."""
    version = getattr(request, _VERSION_ATTRIBUTE, None)
    if version is None:
        version = data_version()
        setattr(request, _VERSION_ATTRIBUTE, version)
    return int(version)


def normalised_query(query: QueryDict, reads: frozenset[str]) -> QueryDict:
    """The parameters of ``query`` that the page reads, non-empty, sorted by name.

    The values of one name keep their order (a form reads the last one).
    """
    kept = [
        (name, value)
        for name in sorted(reads.intersection(query))
        for value in query.getlist(name)
        if value != ""
    ]
    return QueryDict(urlencode(kept))


def _normalise(request: HttpRequest, reads: frozenset[str]) -> None:
    """Make the request carry only the parameters the page reads."""
    query = normalised_query(request.GET, reads)
    request.GET = query  # type: ignore[assignment]  # immutable, as Django makes it
    request.META["QUERY_STRING"] = query.urlencode()


def _key(request: HttpRequest) -> str:
    variant = "|".join(request.headers.get(name, "") for name in VARIANT_HEADERS)
    raw = f"{_request_data_version(request)}|{get_language()}|{variant}|{request.get_full_path()}"
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


def public_page(
    *, reads: Iterable[str] = ()
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Serve the view from the cache for anonymous GETs; store its good answers.

    ``reads`` names every query parameter the view (and its template) reads; any other is
    dropped from an anonymous request before the cache is asked (see the module's
    docstring). A parameter left out of ``reads`` is thus ignored on anonymous visits:
    the test of each page proves that a parameter it reads still changes it.
    """
    names = frozenset(reads)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        return _cached(view, names)

    return decorator


def reads_query(
    *reads: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Let the view's GET requests carry only the query parameters it reads.

    For a page whose fragments are shared by several people (:func:`cached_fragments`
    keyed by the full path): no parameter of one person's URL reaches another's page.
    """
    names = frozenset(reads)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "GET":
                _normalise(request, names)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _cached(
    view: Callable[..., HttpResponse], reads: frozenset[str]
) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "GET":
            # Signed-in people too: the page reads nothing else, and the fragments it
            # shares between them must not echo one person's parameters to another.
            _normalise(request, reads)
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


def cached_value(request: HttpRequest, name: str, *depends_on: object, build: Callable[[], T]) -> T:
    """``build()``, computed once per data version and language and shared by every request
    whose ``depends_on`` are equal (see :func:`cached_fragments` for what they must name).
    The value must pickle: the cache of a process keeps a copy."""
    raw = f"{_request_data_version(request)}|{get_language()}|{name}|{depends_on!r}"
    key = "value:" + hashlib.sha256(raw.encode()).hexdigest()
    stored: tuple[T] | None = cache.get(key)
    if stored is None:
        stored = (build(),)
        cache.set(key, stored, TIMEOUT_SECONDS)
    return stored[0]


def cached_fragments(
    request: HttpRequest, name: str, *depends_on: object, render: Callable[[], dict[str, str]]
) -> dict[str, SafeString]:
    """Named HTML fragments of a page, rendered once per data version and language.

    ``depends_on`` must name everything the fragments show that is not the public record
    as of the data version (the object's id, a parameter read, a visibility flag):
    people whose values are equal share one entry. ``render`` makes every fragment at
    once, so that the rows they share are read once on a miss.
    """
    fragments = cached_value(request, "fragments:" + name, *depends_on, build=render)
    # The fragments were rendered by our own templates, autoescaped.
    return {part: mark_safe(html) for part, html in fragments.items()}  # noqa: S308
