"""The registry's part of the page kit (``common.pages``): finding a community for a page.

Every app above the registry (collaboration, projects, assessment, …) loads the community
of a page with :func:`community_or_404`, so a missing one answers 404 the same way
everywhere; whether the visitor may see it is a question for ``authz``.
"""

from __future__ import annotations

from iecommons.common.pages import object_or_404
from iecommons.registry.models import Community


def community_or_404(community_id: int) -> Community:
    """The community with its region, province, field and host organisation, or 404."""
    return object_or_404(
        Community.objects.select_related(
            "field", "region", "region__parent", "province", "secretariat_host"
        ),
        pk=community_id,
    )
