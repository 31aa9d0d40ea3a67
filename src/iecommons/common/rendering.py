"""Rendering shared by the pages: a whole page, or only its htmx partial."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page_or_partial(
    request: HttpRequest,
    *,
    page: str,
    partial: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Render ``partial`` for an htmx request and ``page`` (which includes it) otherwise.

    The same URL thus serves both the first visit and every filter change, so a pushed
    URL reloads to the same results. ``Vary: HX-Request`` keeps caches from mixing them.
    """
    response = render(request, partial if is_partial_request(request) else page, context)
    return vary_on_htmx(response)


def is_partial_request(request: HttpRequest) -> bool:
    """Whether the request is htmx's, asking for the partial alone."""
    htmx = getattr(request, "htmx", None)
    # A history restore (back button after the cache expired) needs the whole page.
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    """Mark an answer that differs between the whole page and its htmx partial."""
    response.headers["Vary"] = ", ".join(
        value for value in (response.headers.get("Vary"), "HX-Request") if value
    )
    return response
