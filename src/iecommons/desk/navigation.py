"""The header's sections for the signed-in person, as authz allows them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iecommons.authz.desk import navigation_rights


@dataclass(frozen=True)
class NavItem:
    label: Any
    url: str
    icon: str


def _items(request: HttpRequest) -> list[NavItem]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    rights = navigation_rights(user)
    wanted = [
        (rights.desk, pgettext_lazy("navigation", "My desk"), "desk:home", "layout-dashboard"),
        (rights.assessment, _("Assessment"), "assessment:cycle_list", "chart-bar"),
        (rights.my_bookings, _("My bookings"), "collaboration:booking_mine", "calendar"),
        (
            rights.bookings_to_decide,
            _("Requests to decide"),
            "collaboration:booking_to_decide",
            "calendar-check",
        ),
        (rights.my_surveys, _("My surveys"), "assessment:my_surveys", "list-check"),
        (rights.rectification, _("Rectification"), "assessment:rectification_list", "tool"),
    ]
    return [NavItem(label, reverse(name), icon) for allowed, label, name, icon in wanted if allowed]


#: The URL namespaces of the header's "public information" menu.
PUBLIC_NAMESPACES = frozenset({"dashboards", "policy", "reports", "oversight"})


def _in_public_section(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    return match.namespace in PUBLIC_NAMESPACES or match.view_name == "registry:organization_list"


def navigation(request: HttpRequest) -> dict[str, Any]:
    """``nav_items``: computed only when a template reads it; ``public_section``: whether the
    page is one of the "public information" menu's."""
    return {
        "nav_items": SimpleLazyObject(lambda: _items(request)),
        "public_section": _in_public_section(request),
    }
