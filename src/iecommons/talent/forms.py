"""Forms of the talent pages. They only collect input: the services validate it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iecommons.talent.models import InternshipPosition


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
        field.choices = [("", _("not placed"))] + [(str(p.pk), p.title) for p in positions]
