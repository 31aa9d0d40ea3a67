"""Forms of the run, results and rectification pages."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from iecommons.assessment.labels import (
    GRADE_LABELS,
    IMPUTATION_LABELS,
    METHOD_LABELS,
    NORMALIZATION_LABELS,
)
from iecommons.assessment.models import EvaluationRun, Indicator, RectificationTask
from iecommons.assessment.selectors.rectification import Candidate
from iecommons.assessment.services.rectification import DEFAULT_DAYS, DEFAULT_TOP
from iecommons.common.collation import pinyin
from iecommons.common.forms import AccessibleForm
from iecommons.common.uploads import RECTIFICATION_EVIDENCE
from iecommons.registry.models import Community, Field, Region

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
    return [
        ("", capfirst(_("all fields"))),
        *((f.code, f.name) for f in Field.objects.order_by("order")),
    ]


def _province_choices() -> list[tuple[str, Any]]:
    provinces = Region.objects.filter(level=Region.Level.PROVINCE).order_by("code")
    return [("", capfirst(_("all provinces"))), *((r.code, r.name) for r in provinces)]


class ResultFilterForm(forms.Form):
    q = forms.CharField(label=_("Community"), required=False)
    field = forms.ChoiceField(label=_("Industry field"), required=False)
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", capfirst(_("all levels"))), *Community.Level.choices],
    )
    province = forms.ChoiceField(label=_("Province"), required=False)
    grade = forms.ChoiceField(
        label=_("Grade"),
        required=False,
        choices=[
            ("", capfirst(_("all grades"))),
            *((grade, capfirst(label)) for grade, label in GRADE_LABELS.items()),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("rank", capfirst(_("rank"))),
            ("-rank", capfirst(_("rank, last first"))),
            ("name", capfirst(_("name"))),
            ("peer_rank", capfirst(_("rank among peers"))),
            ("band", capfirst(_("rank stability"))),
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


class GenerateTasksForm(AccessibleForm):
    """The deadline, how many indicators per community, and which communities: a checklist
    of every community that would get a task, each with its count, all ticked at first."""

    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DATE_INPUT,
        help_text=_("Every task is due on this day; it must be in the future."),
    )
    top = forms.IntegerField(
        label=_("Indicators per community"),
        min_value=1,
        max_value=10,
        initial=DEFAULT_TOP,
        help_text=_("The community's weakest indicators below the peer median, worst first."),
    )
    communities = forms.TypedMultipleChoiceField(
        label=_("Communities"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("%(value)s is not a community of this run that would get a task."),
            "required": _("Choose at least one community."),
        },
    )

    def __init__(self, *args: Any, candidates: list[Candidate], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "deadline": timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS),
                "top": DEFAULT_TOP,
                "communities": [candidate.community_id for candidate in candidates],
            },
        )
        super().__init__(*args, **kwargs)
        field = self.fields["communities"]
        field.choices = [  # type: ignore[attr-defined]
            (
                candidate.community_id,
                ngettext("%(name)s — %(count)d task", "%(name)s — %(count)d tasks", candidate.count)
                % {"name": candidate.name, "count": candidate.count},
            )
            for candidate in candidates
        ]


class TaskCreateForm(AccessibleForm):
    """One task by hand: a community of the run, an indicator of its framework."""

    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none())
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_INPUT)
    description = forms.CharField(
        label=_("What to do"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Left empty, the task says the community's value against the peer median."),
    )

    def __init__(self, *args: Any, run: EvaluationRun, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"deadline": timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS)}
        )
        super().__init__(*args, **kwargs)
        community = self.fields["community"]
        community.queryset = Community.objects.filter(  # type: ignore[attr-defined]
            assessment_results__run=run
        ).order_by(pinyin("name"))
        community.error_messages["invalid_choice"] = _("Choose a community evaluated in this run.")
        indicator = self.fields["indicator"]
        indicator.queryset = Indicator.objects.filter(  # type: ignore[attr-defined]
            framework_id=run.framework_id
        ).order_by("code")
        indicator.error_messages["invalid_choice"] = _(
            "Choose an indicator of the run's framework."
        )


class WithdrawForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public page of published grades, with the date."),
    )


class TaskCompleteForm(AccessibleForm):
    evidence = RECTIFICATION_EVIDENCE.form_field(label=_("Evidence"))
    note = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea)
