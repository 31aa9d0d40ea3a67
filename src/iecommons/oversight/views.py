"""Open data pages: the current package, its older versions, and its files."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from iecommons.oversight.models import OpenDataRelease
from iecommons.oversight.opendata.build import release_directory
from iecommons.oversight.opendata.freshness import is_stale, open_data_refresh_if_stale

CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def open_data(request: HttpRequest) -> HttpResponse:
    """Public: the latest release's resources, the data package, and every older version."""
    queued = open_data_refresh_if_stale()
    releases = list(OpenDataRelease.objects.order_by("-version")[:50])
    return render(
        request,
        "oversight/open_data.html",
        {
            "latest": releases[0] if releases else None,
            "older": releases[1:],
            "rebuilding": queued or is_stale(),
        },
    )


def open_data_file(request: HttpRequest, version: int, name: str) -> FileResponse:
    """One file of one release: only the files the release lists, and its descriptor."""
    release = get_object_or_404(OpenDataRelease, version=version)
    allowed = {item["path"] for item in release.resources} | {"datapackage.json"}
    if name not in allowed:
        raise Http404
    path = release_directory(version) / name
    if not path.is_file():
        raise Http404
    suffix = path.suffix
    response = FileResponse(
        path.open("rb"),
        content_type=CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0],
        as_attachment=suffix != ".json",
        filename=f"iecommons-v{version}-{name}",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
