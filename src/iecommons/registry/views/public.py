"""Public pages of the registry: communities and organisations, searchable by anyone.

Each page reads through :mod:`iecommons.registry.selectors` and asks
:mod:`iecommons.authz.registry` what the visitor may see beyond the public record. The
query count of every page is constant in the number of rows (pinned by tests).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils.functional import Promise
from django.utils.translation import get_language, ngettext_lazy

from iecommons.authz import registry as rules
from iecommons.common.collation import pinyin_key
from iecommons.common.page_cache import cached_fragments, cached_value, public_page
from iecommons.common.rendering import (
    is_partial_request,
    render_page_or_partial,
    vary_on_htmx,
)
from iecommons.registry import selectors
from iecommons.registry.filters import CommunityFilterForm, OrganizationFilterForm
from iecommons.registry.models import Community, CouncilSeat, Membership, Organization
from iecommons.registry.views.history import urlpatterns as history_urlpatterns

COMMUNITIES_PER_PAGE = 25
ORGANIZATIONS_PER_PAGE = 25
#: Membership events shown on a community page before "show all".
HISTORY_PREVIEW = 20

#: "49 enterprises": how a count of members of one type reads.
TYPE_COUNTS: dict[str, Promise] = {
    Organization.Type.ENTERPRISE: ngettext_lazy(
        "%(count)d enterprise", "%(count)d enterprises", "count"
    ),
    Organization.Type.UNIVERSITY: ngettext_lazy(
        "%(count)d university", "%(count)d universities", "count"
    ),
    Organization.Type.VOCATIONAL_UNDERGRADUATE: ngettext_lazy(
        "%(count)d vocational-undergraduate university",
        "%(count)d vocational-undergraduate universities",
        "count",
    ),
    Organization.Type.HIGHER_VOCATIONAL: ngettext_lazy(
        "%(count)d higher-vocational college", "%(count)d higher-vocational colleges", "count"
    ),
    Organization.Type.SECONDARY_VOCATIONAL: ngettext_lazy(
        "%(count)d secondary-vocational school",
        "%(count)d secondary-vocational schools",
        "count",
    ),
    Organization.Type.ASSOCIATION: ngettext_lazy(
        "%(count)d industry association", "%(count)d industry associations", "count"
    ),
    Organization.Type.RESEARCH_INSTITUTE: ngettext_lazy(
        "%(count)d research institute", "%(count)d research institutes", "count"
    ),
    Organization.Type.GOVERNMENT: ngettext_lazy(
        "%(count)d government body", "%(count)d government bodies", "count"
    ),
    Organization.Type.OTHER: ngettext_lazy(
        "%(count)d other organisation", "%(count)d other organisations", "count"
    ),
}


#: The query parameters each public page reads (the cache key is made of these alone).
COMMUNITY_LIST_READS = (*CommunityFilterForm.base_fields, "page")
ORGANIZATION_LIST_READS = (*OrganizationFilterForm.base_fields, "page")
COMMUNITY_DETAIL_READS = ("history",)


def _page(request: HttpRequest, items: Any, per_page: int) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _community_list_fragment(request: HttpRequest, template: str) -> dict[str, str]:
    form = CommunityFilterForm(request.GET)
    filters, sort = form.to_filter()
    english = (get_language() or "").startswith("en")
    communities = selectors.community_search(filters, sort=sort, english=english)
    page = _page(request, communities, COMMUNITIES_PER_PAGE)
    context = {"form": form, "page_obj": page, "communities": page.object_list}
    return {"body": render_to_string(template, context, request=request)}


@public_page(reads=COMMUNITY_LIST_READS)
def community_list(request: HttpRequest) -> HttpResponse:
    """The registry: every community, filtered, searched, sorted and paginated.

    The filters and results depend on the query alone (normalised by ``public_page``):
    they are a cached fragment, and only the header is per person. An htmx request
    gets the results partial alone.
    """
    partial = is_partial_request(request)
    template = (
        "registry/partials/community_results.html"
        if partial
        else "registry/partials/community_list_body.html"
    )
    fragments = cached_fragments(
        request,
        "registry:community_list",
        request.get_full_path(),
        template,
        render=lambda: _community_list_fragment(request, template),
    )
    if partial:
        response = HttpResponse(fragments["body"])
    else:
        context = {
            "fragments": fragments,
            "can_register": rules.can_register_communities(request.user),
        }
        response = render(request, "registry/community_list.html", context)
    return vary_on_htmx(response)


@dataclass(frozen=True)
class PositionGroup:
    label: str
    seats: list[CouncilSeat]


@dataclass(frozen=True)
class TypeGroup:
    type: str
    label: str
    count_text: str
    memberships: list[Membership]


@dataclass(frozen=True)
class MembershipEvent:
    """One line of the membership history: an organisation joined or left on a day."""

    date: datetime.date
    joined: bool
    membership: Membership


def _council_groups(seats: list[CouncilSeat]) -> list[PositionGroup]:
    labels = dict(CouncilSeat.Position.choices)
    by_position: dict[str, list[CouncilSeat]] = {}
    for seat in seats:  # already most senior first
        by_position.setdefault(seat.position, []).append(seat)
    return [
        PositionGroup(label=str(labels[position]), seats=group)
        for position, group in by_position.items()
    ]


def _member_groups(memberships: list[Membership]) -> list[TypeGroup]:
    by_type: dict[str, list[Membership]] = {}
    for membership in memberships:
        by_type.setdefault(membership.organization.type, []).append(membership)
    labels = dict(Organization.Type.choices)
    return [
        TypeGroup(
            type=type_,
            label=str(labels[type_]),
            count_text=str(TYPE_COUNTS[type_] % {"count": len(by_type[type_])}),
            memberships=by_type[type_],
        )
        for type_ in Organization.Type.values
        if type_ in by_type
    ]


def _membership_events(memberships: list[Membership]) -> list[MembershipEvent]:
    events = [MembershipEvent(date=m.joined, joined=True, membership=m) for m in memberships]
    events += [
        MembershipEvent(date=m.left, joined=False, membership=m)
        for m in memberships
        if m.left is not None
    ]
    # Newest first; on one day a departure is listed above a joining.
    events.sort(key=lambda event: (event.date, not event.joined, event.membership.pk), reverse=True)
    return events


def _community_fragments(
    community: Community, *, show_all_history: bool, can_see_private: bool
) -> dict[str, str]:
    """The public record of a community page, rendered (see :func:`community_detail`)."""
    # One read of every membership, past and present, gives the members and the history.
    memberships = list(selectors.community_history(community))
    members = sorted(
        (m for m in memberships if m.left is None), key=lambda m: pinyin_key(m.organization.name)
    )
    events = _membership_events(memberships)
    seats = selectors.community_council(community)
    context = {
        "community": community,
        "lead_units": [m.organization for m in members if m.role == Membership.Role.LEAD_UNIT],
        "council_groups": _council_groups(seats),
        "council_count": len(seats),
        "member_groups": _member_groups(members),
        "member_count": len(members),
        "events": events if show_all_history else events[:HISTORY_PREVIEW],
        "event_count": len(events),
        "history_truncated": not show_all_history and len(events) > HISTORY_PREVIEW,
        "can_see_private": can_see_private,
    }
    return {
        part: render_to_string(f"registry/partials/community_{part}.html", context)
        for part in ("summary", "sections")
    }


@public_page(reads=COMMUNITY_DETAIL_READS)
def community_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A community's public record; its managers also see links to manage it.

    The record (members, council, history) is the same for everyone who may see as much:
    it is kept as cached fragments, and only the links and the badge are per person.
    """
    try:
        # Public, and changed only by audited writes: kept per data version, like the
        # fragments (a missing community raises, so nothing is kept for it).
        community = cached_value(
            request, "registry:community", pk, build=lambda: selectors.community_detail(pk)
        )
    except Community.DoesNotExist:
        raise Http404 from None
    show_all_history = request.GET.get("history") == "all"
    user = request.user
    can_see_private = rules.can_see_private(user, community)
    fragments = cached_fragments(
        request,
        "registry:community_detail",
        community.pk,
        show_all_history,
        can_see_private,
        render=lambda: _community_fragments(
            community, show_all_history=show_all_history, can_see_private=can_see_private
        ),
    )
    context = {
        "community": community,
        "fragments": fragments,
        "can_manage": rules.can_manage(user, community),
        "can_see_private": can_see_private,
    }
    return render(request, "registry/community_detail.html", context)


@public_page(reads=ORGANIZATION_LIST_READS)
def organization_list(request: HttpRequest) -> HttpResponse:
    """Every organisation, searched by name or credit code, filtered by type and province."""
    form = OrganizationFilterForm(request.GET)
    values = form.cleaned()
    organizations = selectors.organization_search(
        q=values["q"], type=values["type"], province=values["province"]
    )
    page = _page(request, organizations, ORGANIZATIONS_PER_PAGE)
    return render_page_or_partial(
        request,
        page="registry/organization_list.html",
        partial="registry/partials/organization_results.html",
        context={"form": form, "page_obj": page, "organizations": page.object_list},
    )


@public_page()
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation's profile and every community it belongs or belonged to."""
    try:
        organization = Organization.objects.select_related("region", "region__parent").get(pk=pk)
    except Organization.DoesNotExist:
        raise Http404 from None
    memberships = list(selectors.organization_memberships(organization))
    context = {
        "organization": organization,
        "current_memberships": [m for m in memberships if m.left is None],
        "past_memberships": [m for m in memberships if m.left is not None],
        "can_edit": rules.can_edit_organization(request.user, organization),
    }
    return render(request, "registry/organization_detail.html", context)


urlpatterns: list[URLPattern] = [
    path("", community_list, name="community_list"),
    path("communities/<int:pk>/", community_detail, name="community_detail"),
    path("organizations/", organization_list, name="organization_list"),
    path("organizations/<int:pk>/", organization_detail, name="organization_detail"),
    *history_urlpatterns,
]
