"""The spreadsheet import of a community's lists in the JSON API, under ``/api/talent/``."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from iecommons.common.api import ERRORS, actor
from iecommons.registry.models import Community
from iecommons.talent.imports import COLUMNS, list_import

router = Router(tags=["talent"])


class ImportedOut(Schema):
    posted: int


@router.post(
    "/communities/{community_id}/lists/{kind}/import", response={201: ImportedOut, **ERRORS}
)
def list_import_create(
    request: HttpRequest, community_id: int, kind: str, file: File[UploadedFile]
) -> Any:
    """Post every row of an XLSX or CSV file (the columns of the list's export) for review,
    or none: a refusal (422) lists each bad row and column under ``errors.file``."""
    community = get_object_or_404(Community, pk=community_id)
    if kind not in COLUMNS:
        raise Http404
    posted = list_import(actor=actor(request), community=community, kind=kind, upload=file)
    return 201, {"posted": posted}
