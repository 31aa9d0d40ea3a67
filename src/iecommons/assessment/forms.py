"""Forms of the assessment pages; the services do the real validation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iecommons.assessment.formulas import formula_choices
from iecommons.assessment.models import (
    Indicator,
    IndicatorFramework,
    Survey,
    WeightingChoice,
)
from iecommons.common.forms import AccessibleForm
from iecommons.registry.models import Community, Field, Region

DATE = forms.DateInput(attrs={"type": "date"})


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


class CycleOpenForm(AccessibleForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period_start = forms.DateField(label=_("Period starts"), widget=DATE)
    period_end = forms.DateField(label=_("Period ends"), widget=DATE)
    framework = forms.ModelChoiceField(
        label=_("Framework version"), queryset=IndicatorFramework.objects.all()
    )
    jurisdiction = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("national"),
    )
    levels = forms.MultipleChoiceField(
        label=_("Levels"),
        choices=Community.Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every level."),
    )
    fields_in_scope = forms.ModelMultipleChoiceField(
        label=_("Industry fields"),
        queryset=Field.objects.all(),
        required=False,
        help_text=_("Leave empty for every field."),
    )
    submission_deadline = forms.DateField(label=_("Submission deadline"), widget=DATE)
    verification_deadline = forms.DateField(label=_("Verification deadline"), widget=DATE)
    judgment_deadline = forms.DateField(label=_("Judgment deadline"), widget=DATE)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = regions  # type: ignore[attr-defined]


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


class WeightingForm(AccessibleForm):
    method = forms.ChoiceField(label=_("Weights"), choices=WeightingChoice.Method.choices)
    objective_method = forms.ChoiceField(
        label=_("Objective method"), choices=WeightingChoice.Objective.choices
    )
    combination = forms.ChoiceField(
        label=_("Combination"), choices=WeightingChoice.Combination.choices
    )
    alpha = forms.FloatField(label=_("Share of expert weights (alpha)"), min_value=0, max_value=1)
    group_aggregation = forms.ChoiceField(
        label=_("Group aggregation"), choices=WeightingChoice.Aggregation.choices
    )


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
