"""Forms of the data pages: submitting a value with its evidence, returning one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from iecommons.common.forms import AccessibleForm
from iecommons.common.uploads import EVIDENCE


class ValueSubmitForm(AccessibleForm):
    value = forms.FloatField(label=_("Value"))
    evidence = EVIDENCE.form_field(label=_("Evidence"), required=False)
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReturnForm(AccessibleForm):
    comment = forms.CharField(
        label=_("Why is it returned?"), widget=forms.Textarea(attrs={"rows": 2})
    )
