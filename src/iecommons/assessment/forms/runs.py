"""Forms of the run, results and rectification pages."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iecommons.assessment.labels import (
    GRADE_LABELS,
    IMPUTATION_LABELS,
    METHOD_LABELS,
    NORMALIZATION_LABELS,
)
from iecommons.assessment.models import RectificationTask
from iecommons.assessment.services.rectification import DEFAULT_DAYS, DEFAULT_TOP
from iecommons.common.forms import AccessibleForm
from iecommons.common.uploads import RECTIFICATION_EVIDENCE
from iecommons.registry.models import Community, Field, Region


class RunStartForm(AccessibleForm):
    method = forms.ChoiceField(
        label=_("Aggregation"), choices=list(METHOD_LABELS.items()), initial="topsis"
    )
    normalization = forms.ChoiceField(
        label=_("Normalisation"),
        required=False,
        choices=[
            ("", _("The method's own (vector for TOPSIS, min-max otherwise)")),
            *NORMALIZATION_LABELS.items(),
        ],
    )
    imputation = forms.ChoiceField(
        label=_("Missing data"), choices=list(IMPUTATION_LABELS.items()), initial="none"
    )


def _field_choices() -> list[tuple[str, Any]]:
    return [("", _("all fields")), *((f.code, f.name) for f in Field.objects.order_by("order"))]


def _province_choices() -> list[tuple[str, Any]]:
    provinces = Region.objects.filter(level=Region.Level.PROVINCE).order_by("code")
    return [("", _("all provinces")), *((r.code, r.name) for r in provinces)]


class ResultFilterForm(forms.Form):
    q = forms.CharField(label=_("Community"), required=False)
    field = forms.ChoiceField(label=_("Industry field"), required=False)
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("all levels")), *Community.Level.choices],
    )
    province = forms.ChoiceField(label=_("Province"), required=False)
    grade = forms.ChoiceField(
        label=_("Grade"), required=False, choices=[("", _("all grades")), *GRADE_LABELS.items()]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("rank", _("rank")),
            ("-rank", _("rank, last first")),
            ("name", _("name")),
            ("peer_rank", _("rank among peers")),
            ("band", _("rank stability")),
        ],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["field"].choices = _field_choices()  # type: ignore[attr-defined]
        self.fields["province"].choices = _province_choices()  # type: ignore[attr-defined]


class PublishedFilterForm(ResultFilterForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["q"]
        del self.fields["sort"]


class TaskFilterForm(forms.Form):
    community = forms.CharField(label=_("Community"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *RectificationTask.Status.choices],
    )


class GenerateTasksForm(forms.Form):
    top = forms.IntegerField(
        label=_("Indicators per community"),
        min_value=1,
        max_value=10,
        initial=DEFAULT_TOP,
        required=False,
    )
    deadline = forms.DateField(label=_("Deadline"), required=False)

    def clean_top(self) -> int:
        return self.cleaned_data.get("top") or DEFAULT_TOP

    def clean_deadline(self) -> datetime.date:
        value = self.cleaned_data.get("deadline")
        return value or timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS)


class TaskCompleteForm(AccessibleForm):
    evidence = RECTIFICATION_EVIDENCE.form_field(label=_("Evidence"))
    note = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea)
