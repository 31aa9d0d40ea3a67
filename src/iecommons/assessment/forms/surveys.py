"""The form of a new survey: its text and up to six questions on indicators."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iecommons.assessment.models import Indicator, Survey
from iecommons.common.forms import AccessibleForm

QUESTION_SLOTS = 6


class SurveyForm(AccessibleForm):
    title = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    audience = forms.ChoiceField(label=_("Audience"), choices=Survey.Audience.choices)
    introduction = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, indicators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for slot in range(1, QUESTION_SLOTS + 1):
            self.fields[f"q{slot}_indicator"] = forms.ModelChoiceField(
                label=_("Question %(n)d: indicator") % {"n": slot},
                queryset=indicators,
                required=False,
            )
            self.fields[f"q{slot}_text"] = forms.CharField(
                label=_("Question %(n)d (Chinese)") % {"n": slot}, required=False
            )
            self.fields[f"q{slot}_text_en"] = forms.CharField(
                label=_("Question %(n)d (English)") % {"n": slot}, required=False
            )

    def questions(self) -> list[tuple[Indicator, str, str]]:
        data = self.cleaned_data
        return [
            (data[f"q{slot}_indicator"], data[f"q{slot}_text"], data[f"q{slot}_text_en"])
            for slot in range(1, QUESTION_SLOTS + 1)
            if data.get(f"q{slot}_indicator") and data.get(f"q{slot}_text")
        ]
