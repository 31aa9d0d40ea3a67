"""Forms of the cycle pages: opening a cycle, choosing its weighting."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iecommons.assessment.models import IndicatorFramework, WeightingChoice
from iecommons.common.forms import AccessibleForm
from iecommons.registry.models import Community, Field, Region

DATE = forms.DateInput(attrs={"type": "date"})


class CycleOpenForm(AccessibleForm):
    name = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(
        label=_("Name (English)"),
        max_length=200,
        required=False,
        help_text=_("Shown to readers who use the platform in English."),
    )
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

    def __init__(self, *args: Any, regions: Any, national: bool, **kwargs: Any) -> None:
        """``regions``: the jurisdictions the person may open a cycle for; ``national``:
        whether it may open a national one (else the empty choice 全国 is not offered)."""
        super().__init__(*args, **kwargs)
        jurisdiction = self.fields["jurisdiction"]
        jurisdiction.queryset = regions  # type: ignore[attr-defined]
        if not national:
            jurisdiction.required = True
            jurisdiction.empty_label = None  # type: ignore[attr-defined]


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
