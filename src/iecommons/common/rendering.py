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
    htmx = getattr(request, "htmx", None)
    # A history restore (back button after the cache expired) needs the whole page.
    is_htmx = htmx is not None and bool(htmx) and not htmx.history_restore_request
    response = render(request, partial if is_htmx else page, context)
    response.headers["Vary"] = ", ".join(
        value for value in (response.headers.get("Vary"), "HX-Request") if value
    )
    return response
