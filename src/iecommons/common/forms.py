"""Form helpers shared by the management and account pages.

- :class:`AccessibleForm` links each field to its error and help text
  (``aria-describedby``) and marks it ``aria-invalid``, so that screen readers announce
  the error where the field is.
- :class:`KitFormRenderer` (the ``FORM_RENDERER``) draws every form in the UI kit.
- Its length and range refusals name the field and say what was expected ("“Name” may have
  at most 200 characters; it has 230."), instead of Django's anonymous "Ensure this value…".
- :func:`apply_service_errors` puts a service's refusal onto the form: each message beside
  the field it names, anything else above the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

if TYPE_CHECKING:
    _FormBase = forms.Form
else:
    _FormBase = object


def _plain(value: Any) -> Any:
    """A limit as people write it: 100, not 1E+2; 0.5, not 0.50."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class _NamedLimit:
    """Mixed into Django's limit validators: the refusal names the field it checks."""

    limit_value: Any
    message: Any
    code: str

    def __init__(self, limit_value: Any, label: Any) -> None:
        super().__init__(limit_value)  # type: ignore[call-arg]
        self.label = label

    def __call__(self, value: Any) -> None:
        cleaned = self.clean(value)  # type: ignore[attr-defined]
        limit = self.limit_value() if callable(self.limit_value) else self.limit_value
        if self.compare(cleaned, limit):  # type: ignore[attr-defined]
            params = {
                "field": capfirst(str(self.label)),
                "limit_value": _plain(limit),
                "show_value": _plain(cleaned),
                "value": value,
            }
            raise ValidationError(self.message, code=self.code, params=params)


class _NamedMaxLength(_NamedLimit, validators.MaxLengthValidator):
    message = ngettext_lazy(
        "“%(field)s” may have at most %(limit_value)d character; it has %(show_value)d.",
        "“%(field)s” may have at most %(limit_value)d characters; it has %(show_value)d.",
        "limit_value",
    )


class _NamedMinLength(_NamedLimit, validators.MinLengthValidator):
    message = ngettext_lazy(
        "“%(field)s” needs at least %(limit_value)d character; it has %(show_value)d.",
        "“%(field)s” needs at least %(limit_value)d characters; it has %(show_value)d.",
        "limit_value",
    )


class _NamedMaxValue(_NamedLimit, validators.MaxValueValidator):
    message = _("“%(field)s” may be at most %(limit_value)s.")


class _NamedMinValue(_NamedLimit, validators.MinValueValidator):
    message = _("“%(field)s” must be at least %(limit_value)s.")


_NAMED = {
    validators.MaxLengthValidator: _NamedMaxLength,
    validators.MinLengthValidator: _NamedMinLength,
    validators.MaxValueValidator: _NamedMaxValue,
    validators.MinValueValidator: _NamedMinValue,
}


def name_limit_refusals(form: forms.BaseForm) -> None:
    """Give each field's length and range validators a message naming the field.

    Only Django's own validators are replaced (a validator with a message of its own keeps
    it); the field's validators list is the form instance's copy, so nothing is shared.
    """
    for name, field in form.fields.items():
        label = field.label or name.replace("_", " ")
        field.validators = [_named(validator, label) for validator in field.validators]


def _named(validator: Any, label: Any) -> Any:
    named = _NAMED.get(type(validator))
    if named is None or validator.message != type(validator).message:
        return validator
    return named(validator.limit_value, label)


class AccessibleFormMixin(_FormBase):
    """Makes a form's invalid fields point at their error messages; mix into any form.

    Its length and range refusals name the field (:func:`name_limit_refusals`).
    """

    template_name = "common/form_fields.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_limit_refusals(self)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        self._describe_errors()

    def _describe_errors(self) -> None:
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            described_by = [f"{bound.auto_id}_error"]
            if self.fields[name].help_text:
                described_by.insert(0, f"{bound.auto_id}_helptext")
            attrs = self.fields[name].widget.attrs
            attrs["aria-describedby"] = " ".join(described_by)
            attrs["aria-invalid"] = "true"


class AccessibleForm(AccessibleFormMixin, forms.Form):
    """A plain form with accessible errors."""


def apply_service_errors(
    form: forms.Form, error: ValidationError, *, fields: Mapping[str, str] | None = None
) -> None:
    """Show a service's ``ValidationError`` on ``form``.

    ``fields`` maps a service's field name to the form's where they differ (the service
    says ``organization``, the form asks for ``credit_code``). A name the form does not
    have becomes an error of the whole form.
    """
    mapping = fields or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        target = mapping.get(name, name)
        if target in form.fields:
            form.add_error(target, messages)
        else:
            form.add_error(None, messages)


class KitFormRenderer(DjangoTemplates):
    """Renders every ``{{ form }}`` and ``{{ field.as_field_group }}`` with the UI kit.

    The form gets its error summary first, then each field with a label (marked when
    required), the widget in Tabler's classes, help text and errors.
    """

    form_template_name = "common/form_fields.html"
    field_template_name = "common/field.html"

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        # Every widget gets the kit's class here, not only those drawn through
        # ``{% kit_widget %}``: a template that writes ``{{ form.field }}`` by hand (the
        # desk's digest choice did) still gets a styled select.
        widget = context.get("widget")
        if isinstance(widget, dict) and "attrs" in widget and not _is_admin_widget(widget):
            _dress(widget)
        return super().render(template_name, context, request)


# Widget templates by the kit class they take; hidden inputs take none.
_SELECT_TEMPLATES = frozenset({"django/forms/widgets/select.html"})
_CHECK_TEMPLATES = frozenset(
    {
        "django/forms/widgets/checkbox.html",
        "django/forms/widgets/radio_option.html",
        "django/forms/widgets/checkbox_option.html",
        "django/forms/widgets/radio.html",
        "django/forms/widgets/checkbox_select.html",
    }
)
_PLAIN_TEMPLATES = frozenset(
    {"django/forms/widgets/hidden.html", "django/forms/widgets/multiple_hidden.html"}
)


def kit_class(widget_template: str, input_type: str | None = None) -> str:
    """The kit's class for a widget drawn by ``widget_template`` ("" for hidden ones)."""
    if widget_template in _PLAIN_TEMPLATES or input_type == "hidden":
        return ""
    if widget_template in _SELECT_TEMPLATES:
        return "form-select"
    if widget_template in _CHECK_TEMPLATES or input_type in ("checkbox", "radio"):
        return "form-check-input"
    return "form-control"


def kit_attrs(widget: Mapping[str, Any]) -> dict[str, Any]:
    """``widget``'s attributes with the kit's class (and ``is-invalid`` when marked so)."""
    attrs = dict(widget.get("attrs") or {})
    wanted = kit_class(str(widget.get("template_name", "")), widget.get("type"))
    classes = str(attrs.get("class", "")).split()
    if wanted and not any(name in classes for name in _KIT_CLASSES):
        classes.append(wanted)
    if wanted and attrs.get("aria-invalid") in ("true", True) and "is-invalid" not in classes:
        classes.append("is-invalid")
    if classes:
        attrs["class"] = " ".join(classes)
    return attrs


_KIT_CLASSES = frozenset({"form-control", "form-select", "form-check-input", "btn-check"})


def _is_admin_widget(widget: Mapping[str, Any]) -> bool:
    """A widget of Django's admin, which has its own look: its templates live under
    ``admin/`` and its classes are named ``vTextField``, ``vForeignKeyRawIdAdminField``…"""
    if str(widget.get("template_name", "")).startswith("admin/"):
        return True
    classes = str((widget.get("attrs") or {}).get("class", "")).split()
    return any(len(name) > 1 and name[0] == "v" and name[1].isupper() for name in classes)


def _dress(widget: dict[str, Any]) -> None:
    """Give ``widget`` and the parts it draws itself (options, sub-widgets) the kit's class."""
    widget["attrs"] = kit_attrs(widget)
    for subwidget in widget.get("subwidgets") or ():
        if isinstance(subwidget, dict) and "attrs" in subwidget:
            _dress(subwidget)
    if widget.get("template_name") in _SELECT_TEMPLATES:
        return  # a select's <option>s take no class
    for _group, options, _index in widget.get("optgroups") or ():
        for option in options:
            option["attrs"] = kit_attrs(option)
