"""Framework writes: load the default, edit a draft, make a new version of a frozen one."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.assessment.default_framework import (
    DEFAULT_FRAMEWORK_NAME,
    DEFAULT_FRAMEWORK_NAME_EN,
    DIMENSIONS,
)
from iecommons.assessment.formulas import FORMULAS
from iecommons.assessment.models import Indicator, IndicatorFramework
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse, validate_model

INDICATOR_FIELDS = (
    "code",
    "name_zh",
    "name_en",
    "definition",
    "definition_en",
    "unit",
    "unit_en",
    "direction",
    "source",
    "formula",
    "min_value",
    "max_value",
    "grade_boundaries",
)


@transaction.atomic
def default_framework_load(*, actor: Any = None) -> IndicatorFramework:
    """Create the default framework (version 1) unless it exists; return it.

    Used by the ``load_default_framework`` command and the demo seed; no permission
    check, as it is an operator's action.
    """
    existing = IndicatorFramework.objects.filter(name=DEFAULT_FRAMEWORK_NAME).order_by("version")
    if existing.exists():
        return existing.first()  # type: ignore[return-value]
    framework = IndicatorFramework.objects.create(
        name=DEFAULT_FRAMEWORK_NAME,
        name_en=DEFAULT_FRAMEWORK_NAME_EN,
        description=_("Six dimensions of the performance of an industry–education community."),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for order, (code, name_zh, name_en, indicators) in enumerate(DIMENSIONS, start=1):
        dimension = Indicator.objects.create(
            framework=framework, code=code, name_zh=name_zh, name_en=name_en, order=order
        )
        Indicator.objects.bulk_create(
            [
                Indicator(framework=framework, parent=dimension, order=position, **fields)
                for position, fields in enumerate(indicators, start=1)
            ]
        )
    audit.record(actor=actor, instance=framework, operation="framework_load_default")
    return framework


def _require_draft(framework: IndicatorFramework) -> None:
    if framework.is_frozen:
        raise refuse(
            "framework",
            _(
                "Version %(version)d of “%(name)s” is frozen: a cycle uses it. "
                "Make a new version to change it."
            )
            % {"version": framework.version, "name": framework.display_name},
        )


def _check_indicator(indicator: Indicator) -> None:
    if indicator.source == Indicator.Source.DERIVED and indicator.parent_id is not None:
        if indicator.formula not in FORMULAS:
            raise refuse("formula", _("Choose one of the named formulas for a derived indicator."))
    elif indicator.formula:
        raise refuse("formula", _("Only a derived indicator has a formula."))
    boundaries = indicator.grade_boundaries or []
    if not isinstance(boundaries, list) or not all(isinstance(b, int | float) for b in boundaries):
        raise refuse("grade_boundaries", _("Grade boundaries are a list of numbers."))
    if boundaries and boundaries != sorted(boundaries):
        raise refuse("grade_boundaries", _("Grade boundaries must be in ascending order."))
    duplicate = Indicator.objects.filter(framework_id=indicator.framework_id, code=indicator.code)
    if indicator.pk:
        duplicate = duplicate.exclude(pk=indicator.pk)
    if duplicate.exists():
        raise refuse(
            "code",
            _("The code %(code)s is already used in this framework.") % {"code": indicator.code},
        )
    if indicator.parent_id is not None and indicator.parent and indicator.parent.parent_id:
        raise refuse("parent", _("Indicators sit under a dimension, not under an indicator."))
    validate_model(indicator, exclude=["framework", "parent"])


@transaction.atomic
def indicator_create(
    *, actor: Any, framework: IndicatorFramework, parent: Indicator | None, **fields: Any
) -> Indicator:
    """Add a dimension (no parent) or an indicator under a dimension of a draft framework."""
    require(rules.can_edit_frameworks(actor))
    framework = IndicatorFramework.objects.select_for_update().get(pk=framework.pk)
    _require_draft(framework)
    if parent is not None and parent.framework_id != framework.pk:
        raise refuse("parent", _("Choose a dimension of this framework."))
    siblings = Indicator.objects.filter(framework=framework, parent=parent)
    order = (siblings.aggregate(top=Max("order"))["top"] or 0) + 1
    indicator = Indicator(framework=framework, parent=parent, order=order)
    for name in INDICATOR_FIELDS:
        if name in fields:
            setattr(indicator, name, fields[name])
    if parent is None:
        indicator.source = Indicator.Source.SUBMITTED
        indicator.formula = ""
    _check_indicator(indicator)
    indicator.save()
    audit.record(actor=actor, instance=indicator, operation="indicator_create")
    return indicator


@transaction.atomic
def indicator_update(*, actor: Any, indicator: Indicator, **fields: Any) -> Indicator:
    """Change an indicator of a draft framework; a frozen one is refused."""
    require(rules.can_edit_frameworks(actor))
    indicator = Indicator.objects.select_related("framework", "parent").get(pk=indicator.pk)
    _require_draft(indicator.framework)
    before = audit.snapshot(indicator)
    for name in INDICATOR_FIELDS:
        if name in fields:
            setattr(indicator, name, fields[name])
    _check_indicator(indicator)
    indicator.save()
    audit.record(actor=actor, instance=indicator, operation="indicator_update", before=before)
    return indicator


@transaction.atomic
def indicator_move(*, actor: Any, indicator: Indicator, up: bool) -> Indicator:
    """Swap an indicator with its previous (``up``) or next sibling in a draft framework."""
    require(rules.can_edit_frameworks(actor))
    indicator = Indicator.objects.select_related("framework").get(pk=indicator.pk)
    _require_draft(indicator.framework)
    siblings = list(
        Indicator.objects.filter(
            framework=indicator.framework, parent=indicator.parent_id
        ).order_by("order", "code")
    )
    position = next(i for i, s in enumerate(siblings) if s.pk == indicator.pk)
    other = position - 1 if up else position + 1
    if 0 <= other < len(siblings):
        siblings[position], siblings[other] = siblings[other], siblings[position]
        for order, sibling in enumerate(siblings, start=1):
            if sibling.order != order:
                sibling.order = order
                sibling.save(update_fields=["order"])
        audit.record(actor=actor, instance=indicator, operation="indicator_move")
    return indicator


@transaction.atomic
def indicator_delete(*, actor: Any, indicator: Indicator) -> None:
    """Remove a node (and, for a dimension, its indicators) from a draft framework."""
    require(rules.can_edit_frameworks(actor))
    indicator = Indicator.objects.select_related("framework").get(pk=indicator.pk)
    _require_draft(indicator.framework)
    before = audit.snapshot(indicator)
    audit.record(
        actor=actor, instance=indicator, operation="indicator_delete", before=before, deleted=True
    )
    indicator.delete()


def framework_freeze(*, framework: IndicatorFramework) -> IndicatorFramework:
    """Freeze a framework when a cycle starts using it (called by ``cycle_open``)."""
    if not framework.is_frozen:
        framework.status = IndicatorFramework.Status.FROZEN
        framework.frozen_at = timezone.now()
        framework.save(update_fields=["status", "frozen_at"])
    return framework


@transaction.atomic
def framework_new_version(*, actor: Any, framework: IndicatorFramework) -> IndicatorFramework:
    """Copy a framework (usually a frozen one) into a new draft version to edit."""
    require(rules.can_edit_frameworks(actor))
    top = IndicatorFramework.objects.filter(name=framework.name).aggregate(top=Max("version"))
    copy = IndicatorFramework.objects.create(
        name=framework.name,
        name_en=framework.name_en,
        description=framework.description,
        version=(top["top"] or framework.version) + 1,
        parent=framework,
        created_by=actor,
    )
    nodes = list(framework.indicators.order_by("parent_id", "order"))
    copies: dict[int, Indicator] = {}
    for node in sorted(nodes, key=lambda n: n.parent_id is not None):
        original_pk = node.pk
        parent = copies[node.parent_id] if node.parent_id else None
        node.pk = None
        node.id = None
        node.framework = copy
        node.parent = parent
        node._state.adding = True
        node.save()
        copies[original_pk] = node
    audit.record(actor=actor, instance=copy, operation="framework_new_version")
    return copy


@transaction.atomic
def framework_create(*, actor: Any, name: str, name_en: str = "") -> IndicatorFramework:
    """Start an empty draft framework."""
    require(rules.can_edit_frameworks(actor))
    if not name.strip():
        raise refuse("name", _("Give the framework a name."))
    if IndicatorFramework.objects.filter(name=name.strip()).exists():
        raise refuse("name", _("A framework with this name exists: make a new version of it."))
    framework = IndicatorFramework.objects.create(
        name=name.strip(), name_en=name_en.strip(), created_by=actor
    )
    audit.record(actor=actor, instance=framework, operation="framework_create")
    return framework
