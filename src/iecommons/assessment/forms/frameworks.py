"""Forms of the framework pages; the services do the real validation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iecommons.assessment.formulas import formula_choices
from iecommons.assessment.models import Indicator, IndicatorFramework
from iecommons.common.forms import AccessibleForm


class FrameworkCreateForm(AccessibleForm):
    name = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)


class IndicatorForm(AccessibleForm):
    parent = forms.ModelChoiceField(
        label=_("Dimension"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("(none: this is a dimension)"),
    )
    code = forms.CharField(label=_("Code"), max_length=32)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    definition = forms.CharField(
        label=_("Definition (Chinese)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    definition_en = forms.CharField(
        label=_("Definition (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    unit = forms.CharField(label=_("Unit (Chinese)"), max_length=40, required=False)
    unit_en = forms.CharField(label=_("Unit (English)"), max_length=40, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=Indicator.Direction.choices)
    source = forms.ChoiceField(label=_("Source"), choices=Indicator.Source.choices)
    formula = forms.ChoiceField(label=_("Formula (derived only)"), required=False)
    min_value = forms.FloatField(label=_("Lowest valid value"), required=False)
    max_value = forms.FloatField(label=_("Highest valid value"), required=False)
    grade_boundaries = forms.CharField(
        label=_("Grade boundaries"),
        required=False,
        help_text=_("Three ascending numbers separating fail, pass, good and excellent."),
    )

    def __init__(self, *args: Any, framework: IndicatorFramework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = framework.indicators.filter(  # type: ignore[attr-defined]
            parent__isnull=True
        )
        self.fields["formula"].choices = formula_choices()  # type: ignore[attr-defined]

    def clean_grade_boundaries(self) -> list[float]:
        raw = self.cleaned_data.get("grade_boundaries") or ""
        try:
            return [float(part) for part in raw.replace("，", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("Enter numbers separated by commas.")) from None
