"""The digest choice on the home page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from iecommons.desk.models import DigestPreference


class DigestForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Digest by e-mail"), choices=DigestPreference.Frequency.choices
    )
    language = forms.ChoiceField(
        label=_("Language of the digest"), choices=[("zh-hans", "中文"), ("en", "English")]
    )
