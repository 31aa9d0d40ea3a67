"""Form helpers shared by the management and account pages.

- :class:`AccessibleForm` links each field to its error and help text
  (``aria-describedby``) and marks it ``aria-invalid``, so that screen readers announce
  the error where the field is.
- :class:`KitFormRenderer` (the ``FORM_RENDERER``) draws every form in the UI kit.
- :func:`apply_service_errors` puts a service's refusal onto the form: each message beside
  the field it names, anything else above the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates

if TYPE_CHECKING:
    _FormBase = forms.Form
else:
    _FormBase = object


class AccessibleFormMixin(_FormBase):
    """Makes a form's invalid fields point at their error messages; mix into any form."""

    template_name = "common/form_fields.html"

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
