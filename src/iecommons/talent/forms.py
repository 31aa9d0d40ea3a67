"""Forms of the talent pages. They only collect input: the services validate it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iecommons.common.uploads import DOCUMENTS, MEMBER_IMPORT
from iecommons.registry.models import Organization
from iecommons.talent.models import Cohort, Course, InternshipPosition, TalentNeed


def apply_refusal(
    form: forms.Form, error: ValidationError, aliases: Mapping[str, str] | None = None
) -> None:
    """Show a service's refusal on the form: beside its field, or above the form.

    ``aliases`` maps a refusal's key that is no field (an internship rule) to the field it
    concerns, so that the rule's message stands beside that field and in the summary."""
    for key, messages in error.message_dict.items():
        field = (aliases or {}).get(key, key)
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


class PositionForm(forms.Form):
    title = forms.CharField(label=capfirst(pgettext_lazy("internship", "position")), max_length=200)
    seats = forms.IntegerField(label=capfirst(_("interns wanted")), min_value=1)
    major_codes = forms.CharField(
        label=capfirst(_("majors accepted")),
        required=False,
        help_text=_("Six-digit codes of the 2021 catalogue, separated by commas."),
    )
    location = forms.CharField(
        label=capfirst(pgettext_lazy("internship", "location")), max_length=200
    )
    monthly_pay = forms.IntegerField(label=capfirst(_("intern pay per month (yuan)")), min_value=0)
    regular_wage = forms.IntegerField(
        label=capfirst(_("wage of the same position (yuan)")), min_value=0
    )
    host_staff = forms.IntegerField(label=capfirst(_("staff of the enterprise")), min_value=0)
    position_staff = forms.IntegerField(
        label=capfirst(_("staff in this position type")), min_value=0
    )
    months = forms.IntegerField(label=capfirst(_("duration (months)")), min_value=1, initial=6)
    night_shifts = forms.BooleanField(label=capfirst(_("night shifts")), required=False)
    overtime = forms.BooleanField(label=capfirst(_("overtime")), required=False)
    exception_registered = forms.BooleanField(
        label=capfirst(_("registered exception for night shifts or overtime")), required=False
    )
    insured = forms.BooleanField(
        label=capfirst(_("internship liability insurance")), required=False
    )

    def clean_major_codes(self) -> list[str]:
        text = self.cleaned_data.get("major_codes") or ""
        return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


class RankingForm(forms.Form):
    """Choice 1..N of a student, each a position of the round (or none)."""

    def __init__(
        self, *args: Any, positions: list[InternshipPosition], choices: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        options = [("", "—")] + [(str(p.pk), f"{p.title} · {p.enterprise}") for p in positions]
        for rank in range(1, choices + 1):
            self.fields[f"choice_{rank}"] = forms.ChoiceField(
                label=capfirst(_("Choice %(rank)d")) % {"rank": rank},
                choices=options,
                required=False,
            )

    def ranked_ids(self) -> list[int]:
        out = []
        for name in sorted(self.fields, key=lambda n: int(n.split("_")[1])):
            value = self.cleaned_data.get(name)
            if value:
                out.append(int(value))
        return out


class OverrideForm(forms.Form):
    position = forms.ChoiceField(
        label=capfirst(pgettext_lazy("internship", "position")), required=False
    )
    reason = forms.CharField(label=capfirst(_("reason for the override")), max_length=300)

    def __init__(self, *args: Any, positions: list[InternshipPosition], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["position"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", capfirst(_("not placed")))] + [
            (str(p.pk), p.title) for p in positions
        ]


# --- programmes ------------------------------------------------------------------------------

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _organization_choices(organizations: Sequence[Organization]) -> list[tuple[str, str]]:
    return [(str(o.pk), str(o)) for o in organizations]


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def chosen(organizations: Sequence[Organization], value: Any) -> Organization | None:
    """The organisation of ``organizations`` a choice names (None for no or a stale choice)."""
    return next((o for o in organizations if str(o.pk) == str(value)), None)


class CourseForm(forms.Form):
    college = forms.ChoiceField(label=capfirst(_("college")))
    kind = forms.ChoiceField(
        label=capfirst(pgettext_lazy("co-developed", "kind")), choices=Course.Kind.choices
    )
    title = forms.CharField(label=capfirst(pgettext_lazy("course", "title")), max_length=200)
    major_code = forms.CharField(
        label=capfirst(_("major code")), max_length=8, help_text=_("A six-digit code of 2021.")
    )
    year = forms.IntegerField(label=capfirst(_("year begun")), min_value=1949)
    hours = forms.IntegerField(label=capfirst(_("teaching hours")), min_value=0, initial=0)
    status = forms.ChoiceField(label=capfirst(_("status")), choices=Course.Status.choices)
    partners = forms.MultipleChoiceField(
        label=capfirst(_("partner enterprises")), widget=forms.CheckboxSelectMultiple
    )
    skills = forms.CharField(
        label=capfirst(_("skills taught")),
        required=False,
        help_text=_("Skills of the shared vocabulary, separated by commas."),
    )

    def __init__(
        self,
        *args: Any,
        colleges: Sequence[Organization],
        enterprises: Sequence[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "college", _organization_choices(colleges))
        _set_choices(self, "partners", _organization_choices(enterprises))


class CohortForm(forms.Form):
    kind = forms.ChoiceField(
        label=capfirst(pgettext_lazy("cohort", "kind")), choices=Cohort.Kind.choices
    )
    title = forms.CharField(label=capfirst(pgettext_lazy("cohort", "title")), max_length=200)
    enterprise = forms.ChoiceField(label=capfirst(_("enterprise")))
    college = forms.ChoiceField(label=capfirst(_("college")))
    major_code = forms.CharField(label=capfirst(_("major code")), max_length=8)
    intake_year = forms.IntegerField(label=capfirst(_("intake year")), min_value=1949)
    size = forms.IntegerField(label=capfirst(_("students")), min_value=1)
    school_hours = forms.IntegerField(
        label=capfirst(_("hours at the college")), min_value=0, initial=0
    )
    enterprise_hours = forms.IntegerField(
        label=capfirst(_("hours at the enterprise")), min_value=0, initial=0
    )

    def __init__(
        self,
        *args: Any,
        colleges: Sequence[Organization],
        enterprises: Sequence[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "college", _organization_choices(colleges))
        _set_choices(self, "enterprise", _organization_choices(enterprises))


class OutcomesForm(forms.Form):
    completed = forms.IntegerField(
        label=capfirst(pgettext_lazy("cohort", "completed")), min_value=0
    )
    certified = forms.IntegerField(label=capfirst(_("with a skill-level certificate")), min_value=0)
    hired = forms.IntegerField(label=capfirst(_("hired by the enterprise")), min_value=0)
    retained = forms.IntegerField(
        label=capfirst(_("still there after 12 months")), min_value=0, required=False
    )


class AgreementForm(forms.Form):
    student = forms.ChoiceField(label=capfirst(_("student")))
    signed_on = forms.DateField(label=capfirst(_("signed on")), widget=DATE_INPUT)
    document = DOCUMENTS.form_field(label=capfirst(_("signed agreement")))

    def __init__(self, *args: Any, students: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "student", [(str(s.pk), str(s)) for s in students])


class TeacherForm(forms.Form):
    name = forms.CharField(label=capfirst(pgettext_lazy("teacher", "name")), max_length=100)
    staff_number = forms.CharField(label=capfirst(_("staff number")), max_length=32)
    major_code = forms.CharField(label=capfirst(_("major code")), max_length=8, required=False)
    specialised = forms.BooleanField(
        label=capfirst(_("teaches specialised courses")), required=False, initial=True
    )
    dual_qualified = forms.BooleanField(
        label=capfirst(_("dual-qualified (双师型)")), required=False
    )
    dual_qualified_since = forms.DateField(
        label=capfirst(_("dual-qualified since")), required=False, widget=DATE_INPUT
    )


class PracticeForm(forms.Form):
    teacher = forms.ChoiceField(label=capfirst(_("teacher")))
    enterprise = forms.ChoiceField(label=capfirst(_("enterprise")))
    starts = forms.DateField(label=capfirst(_("from")), widget=DATE_INPUT)
    ends = forms.DateField(label=capfirst(_("until")), widget=DATE_INPUT)
    description = forms.CharField(
        label=capfirst(pgettext_lazy("practice", "what was done")), max_length=300, required=False
    )

    def __init__(
        self,
        *args: Any,
        teachers: Sequence[Any],
        enterprises: Sequence[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "teacher", [(str(t.pk), str(t)) for t in teachers])
        _set_choices(self, "enterprise", _organization_choices(enterprises))


class MentorForm(forms.Form):
    enterprise = forms.ChoiceField(label=capfirst(_("enterprise")))
    college = forms.ChoiceField(label=capfirst(_("college")))
    name = forms.CharField(label=capfirst(pgettext_lazy("mentor", "name")), max_length=100)
    qualification = forms.CharField(
        label=capfirst(_("qualification")), max_length=100, required=False
    )
    year = forms.IntegerField(label=capfirst(_("year")), min_value=1949)
    teaching_hours = forms.IntegerField(label=capfirst(_("teaching hours")), min_value=1)

    def __init__(
        self,
        *args: Any,
        colleges: Sequence[Organization],
        enterprises: Sequence[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "college", _organization_choices(colleges))
        _set_choices(self, "enterprise", _organization_choices(enterprises))


# --- the three lists -------------------------------------------------------------------------


class _PosterForm(forms.Form):
    organization = forms.ChoiceField(label=capfirst(_("posted for")))

    def __init__(self, *args: Any, organizations: Sequence[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "organization", _organization_choices(organizations))


class TalentNeedForm(_PosterForm):
    occupation_code = forms.CharField(
        label=capfirst(_("occupation code")),
        max_length=16,
        help_text=_("A code of the Occupational Classification (2022), such as 6-31-01-10."),
    )
    title = forms.CharField(label=capfirst(_("position title")), max_length=200)
    skill_level = forms.ChoiceField(
        label=capfirst(_("skill level")), choices=TalentNeed.SkillLevel.choices
    )
    headcount = forms.IntegerField(label=capfirst(_("head count")), min_value=1)
    region = forms.CharField(
        label=capfirst(_("region")), max_length=6, help_text=_("A GB/T 2260 code, such as 320400.")
    )
    salary_min = forms.IntegerField(label=capfirst(_("monthly salary from (yuan)")), min_value=0)
    salary_max = forms.IntegerField(label=capfirst(_("monthly salary to (yuan)")), min_value=0)
    period_start = forms.DateField(label=capfirst(_("needed from")), widget=DATE_INPUT)
    period_end = forms.DateField(label=capfirst(_("needed until")), widget=DATE_INPUT)
    skills = forms.CharField(
        label=capfirst(_("skills")),
        required=False,
        help_text=_("Skills of the shared vocabulary, separated by commas."),
    )
    major_codes = forms.CharField(
        label=capfirst(_("supplying majors")),
        required=False,
        help_text=_("Six-digit codes of the 2021 catalogue, separated by commas."),
    )


class TechnologyNeedForm(_PosterForm):
    problem = forms.CharField(label=capfirst(_("problem")), max_length=200)
    description = forms.CharField(
        label=capfirst(_("description")), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    budget = forms.DecimalField(label=capfirst(_("budget (yuan)")), min_value=0, initial=0)
    deadline = forms.DateField(label=capfirst(_("deadline")), widget=DATE_INPUT)


class CoreProductForm(_PosterForm):
    name = forms.CharField(label=capfirst(_("product")), max_length=200)
    description = forms.CharField(
        label=capfirst(_("description")), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ListImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=capfirst(_("list")),
        choices=[
            ("talent", _("Talent needs")),
            ("technology", _("Technology needs")),
            ("products", _("Core products")),
        ],
    )
    file = MEMBER_IMPORT.form_field(
        label=capfirst(_("spreadsheet")),
        allow_empty_file=True,
        help_text=_("The columns of the list's XLSX export, with a header row."),
    )


class ReturnForm(forms.Form):
    note = forms.CharField(label=capfirst(_("review note")), max_length=300, required=False)
