"""Forms of the data pages: submitting a value with its evidence, returning one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from iecommons.common.forms import AccessibleForm


class ValueSubmitForm(AccessibleForm):
    value = forms.FloatField(label=_("Value"))
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, PNG or JPG, up to 10 MB."),
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReturnForm(AccessibleForm):
    comment = forms.CharField(
        label=_("Why is it returned?"), widget=forms.Textarea(attrs={"rows": 2})
    )
