"""``{% published_grade community as published %}``: the public badge's one query."""

from __future__ import annotations

from typing import Any

from django import template

from iecommons.assessment.selectors.results import (
    CommunityCorrection,
    PublishedGrade,
    community_corrections,
    latest_run_with_result,
    published_result,
)
from iecommons.authz.assessment import can_see_unpublished
from iecommons.common.page_cache import cached_value
from iecommons.registry.models import Community

register = template.Library()


@register.simple_tag(takes_context=True)
def published_grade(context: dict[str, Any], community: Community) -> PublishedGrade | None:
    """The community's grade in the latest published run, or None. Publishing and
    withdrawing are audited writes, so the grade is kept per data version (one query on
    the first page of a version, none after)."""
    request = context.get("request")
    if request is None:
        return published_result(community)
    return cached_value(
        request,
        "assessment:published_grade",
        community.pk,
        build=lambda: published_result(community),
    )


@register.simple_tag(takes_context=True)
def grade_corrections(context: dict[str, Any], community: Community) -> list[CommunityCorrection]:
    """The withdrawals of publications that graded the community: one query, kept per
    data version like the grade (a withdrawal is an audited write)."""
    request = context.get("request")
    if request is None:
        return community_corrections(community)
    return cached_value(
        request,
        "assessment:grade_corrections",
        community.pk,
        build=lambda: community_corrections(community),
    )


@register.simple_tag(takes_context=True)
def unpublished_result_run(context: dict[str, Any], community: Community) -> int | None:
    """For the community's secretariat and supervisors: the latest finished run that has a
    result for it (published or not), so that they can read it before publication. No
    query for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can_see_unpublished(user, community):
        return None
    return latest_run_with_result(community)
