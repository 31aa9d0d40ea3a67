"""History pages: the audit trail of a community or an organisation. Private.

A community's history is for those who may see its private records
(:func:`rules.can_see_private`); an organisation's for those who may edit it
(:func:`rules.can_edit_organization`, which includes operators). Anonymous visitors are
sent to sign in; others get the friendly 403 page (the object itself is public, so
refusing does not leak that it exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from iecommons.authz import registry as rules
from iecommons.common.audit import history_for
from iecommons.common.models import AuditEntry
from iecommons.registry.models import Community, CouncilSeat, Membership, Organization

ENTRIES_PER_PAGE = 50
#: Bookkeeping timestamps change with every write; they would only add noise.
HIDDEN_FIELDS = frozenset({"created_at", "updated_at"})

#: How each business operation reads in a history; unknown ones show their machine name.
OPERATION_LABELS = {
    "community_register": _("Community registered"),
    "community_update": _("Profile changed"),
    "community_suspend": _("Community suspended"),
    "community_reinstate": _("Community reinstated"),
    "community_dissolve": _("Community dissolved"),
    "membership_admit": _("Member admitted"),
    "membership_update": _("Member's role or duties changed"),
    "membership_end": _("Membership ended"),
    "member_import": _("Imported"),
    "council_seat_fill": _("Council seat filled"),
    "council_seat_end": _("Council seat ended"),
    "organization_create": _("Organisation registered"),
    "organization_update": _("Organisation profile changed"),
}


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class HistoryRow:
    entry: AuditEntry
    operation: str
    changes: list[Change]


def _display(field: models.Field[Any, Any] | None, value: Any) -> Any:
    if value is None or value == "":
        return None
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def _rows(entries: Any) -> list[HistoryRow]:
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, (before, after) in sorted(entry.changes.items()):
            if name in HIDDEN_FIELDS:
                continue
            field: Any = None
            label: Any = name
            if model is not None:
                try:
                    field = model._meta.get_field(name)
                    label = field.verbose_name
                except FieldDoesNotExist:
                    pass
            changes.append(
                Change(
                    field=str(label), before=_display(field, before), after=_display(field, after)
                )
            )
        label = OPERATION_LABELS.get(entry.operation, entry.operation)
        rows.append(HistoryRow(entry=entry, operation=str(label), changes=changes))
    return rows


def community_audit_trail(community: Community) -> QuerySet[AuditEntry]:
    """Entries about the community itself, its memberships and its council seats."""
    types = ContentType.objects.get_for_models(Community, Membership, CouncilSeat)
    membership_ids = [str(pk) for pk in community.memberships.values_list("pk", flat=True)]
    seat_ids = [str(pk) for pk in community.council_seats.values_list("pk", flat=True)]
    return (
        AuditEntry.objects.filter(
            Q(content_type=types[Community], object_id=str(community.pk))
            | Q(content_type=types[Membership], object_id__in=membership_ids)
            | Q(content_type=types[CouncilSeat], object_id__in=seat_ids)
        )
        .select_related("actor", "content_type")
        .order_by("-at", "-id")
    )


def _render_history(
    request: HttpRequest, *, subject: Any, entries: QuerySet[AuditEntry], back_url: str
) -> HttpResponse:
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "subject": subject,
        "back_url": back_url,
        "page_obj": page,
        "rows": _rows(page.object_list),
    }
    return render(request, "registry/history.html", context)


@login_required
def community_history(request: HttpRequest, pk: int) -> HttpResponse:
    community = Community.objects.filter(pk=pk).first()
    if community is None:
        raise Http404
    if not rules.can_see_private(request.user, community):
        raise PermissionDenied
    return _render_history(
        request,
        subject=community,
        entries=community_audit_trail(community),
        back_url=reverse("registry:community_detail", args=[community.pk]),
    )


@login_required
def organization_history(request: HttpRequest, pk: int) -> HttpResponse:
    organization = Organization.objects.filter(pk=pk).first()
    if organization is None:
        raise Http404
    if not rules.can_edit_organization(request.user, organization):
        raise PermissionDenied
    return _render_history(
        request,
        subject=organization,
        entries=history_for(organization).select_related("content_type"),
        back_url=reverse("registry:organization_detail", args=[organization.pk]),
    )


urlpatterns: list[URLPattern] = [
    path("communities/<int:pk>/history/", community_history, name="community_history"),
    path("organizations/<int:pk>/history/", organization_history, name="organization_history"),
]
