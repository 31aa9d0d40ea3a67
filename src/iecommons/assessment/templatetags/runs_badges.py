"""``{% published_grade community as published %}``: the public badge's one query."""

from __future__ import annotations

from django import template

from iecommons.assessment.results import PublishedGrade, published_result
from iecommons.registry.models import Community

register = template.Library()


@register.simple_tag
def published_grade(community: Community) -> PublishedGrade | None:
    """The community's grade in the latest published run, or None."""
    return published_result(community)
