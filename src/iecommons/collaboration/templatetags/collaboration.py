"""``{% load collaboration %}``: ``{% unread_notifications_count user %}`` for the navigation."""

from __future__ import annotations

from typing import Any

from django import template

from iecommons.collaboration import selectors

register = template.Library()


@register.simple_tag
def unread_notifications_count(user: Any) -> int:
    """The user's unread notifications (0 when signed out): one COUNT query."""
    return selectors.unread_notifications_count(user)
