"""Open data in the API: where the current package and its versions are."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from iecommons.accounts.api_auth import PUBLIC
from iecommons.common.api import ERRORS
from iecommons.oversight.models import OpenDataRelease

router = Router(tags=["open data"])


class ReleaseOut(Schema):
    version: int
    created_at: datetime.datetime
    descriptor: str
    descriptor_sha256: str
    resources: list[dict[str, Any]]


@router.get(
    "/open-data",
    response={200: list[ReleaseOut], **ERRORS},
    auth=PUBLIC,
)
def releases(request: HttpRequest) -> Any:
    """Every release of the open-data package, newest first, with the address of its
    ``datapackage.json`` (a Frictionless Data Package) and its files."""
    out = []
    for release in OpenDataRelease.objects.order_by("-version")[:100]:
        files = [
            {
                **item,
                "url": reverse("oversight:open_data_file", args=[release.version, item["path"]]),
            }
            for item in release.resources
        ]
        out.append(
            {
                "version": release.version,
                "created_at": release.created_at,
                "descriptor": reverse(
                    "oversight:open_data_file", args=[release.version, "datapackage.json"]
                ),
                "descriptor_sha256": release.descriptor_sha256,
                "resources": files,
            }
        )
    return out
