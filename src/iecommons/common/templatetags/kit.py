"""Template helpers of the UI kit (Tabler): a form field's widget with the kit's classes.

``{% load kit %}{% kit_widget field %}`` renders ``field`` with ``form-control``,
``form-select`` or ``form-check-input`` by its kind, and ``is-invalid`` when it has an
error, keeping every attribute the form set (``aria-describedby``, ``required``, ...).
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_SELECTS = frozenset({"select", "selectmultiple", "nullbooleanselect"})
_CHECKS = frozenset({"checkbox", "radioselect", "checkboxselectmultiple"})


def widget_class(field: BoundField) -> str:
    """The kit's class for the widget of ``field``."""
    kind = field.widget_type
    if kind in _CHECKS:
        return "form-check-input"
    if kind in _SELECTS:
        return "form-select"
    return "form-control"


@register.simple_tag
def kit_widget(field: BoundField) -> SafeString:
    """``field``'s widget with the kit's classes added to its own."""
    classes = [field.field.widget.attrs.get("class", ""), widget_class(field)]
    if field.errors:
        classes.append("is-invalid")
    return field.as_widget(attrs={"class": " ".join(name for name in classes if name)})
