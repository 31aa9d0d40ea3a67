"""What every management view shares: loading the community and asking the rules. Binding
forms, service refusals and the 422 of a refused form come from ``common.pages``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from iecommons.authz import registry as rules
from iecommons.authz.scope import require
from iecommons.registry.models import Community
from iecommons.registry.pages import community_or_404

TEMPLATE_DIR = "registry/manage/"


def community_for(
    request: HttpRequest, pk: int, allowed: Callable[[Any, Community], bool] = rules.can_manage
) -> Community:
    """The community, or 404; PermissionDenied (403) unless ``allowed`` for the user."""
    community = community_or_404(pk)
    require(allowed(request.user, community))
    return community
