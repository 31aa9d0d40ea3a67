"""Forms of the certification pages: the criteria as rows, the path filters, applying with
evidence per criterion, documents and the reasons of decisions. Every rule is the
services'; the forms only carry input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iecommons.common.forms import AccessibleForm
from iecommons.common.uploads import EVIDENCE
from iecommons.policy.models import CertificationCriteria
from iecommons.policy.services.certification import (
    CODE_MAX,
    CRITERIA_MAX,
    EVIDENCE_MAX,
    REASON_MAX,
    TEXT_MAX,
)
from iecommons.registry.models import Region

STATE_LABELS = {
    "pool": _("In the cultivation pool"),
    "certified": _("Certified"),
    "due": _("Confirmation due soon"),
    "overdue": _("Confirmation overdue"),
    "rejected": pgettext_lazy("certification status", "Rejected"),
    "withdrawn": pgettext_lazy("certification status", "Withdrawn"),
}


class CriteriaRowForm(forms.Form):
    """One criterion: its code and text (a row left empty is dropped)."""

    code = forms.CharField(
        label=pgettext_lazy("criterion", "code"), max_length=CODE_MAX, required=False
    )
    text = forms.CharField(
        label=_("criterion"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not (data.get("code", "").strip() or data.get("text", "").strip())


CriteriaRowFormSet = forms.formset_factory(
    CriteriaRowForm,
    extra=3,
    max_num=CRITERIA_MAX,
    absolute_max=CRITERIA_MAX + 10,
    validate_max=True,
)


class CriteriaYearsForm(AccessibleForm):
    confirmation_years = forms.IntegerField(
        label=_("years between confirmations"),
        min_value=1,
        max_value=10,
        help_text=_("A certified enterprise is confirmed again after this many years."),
    )


class PathFilterForm(forms.Form):
    """The filters of the certification paths: state, province, name or credit code."""

    state = forms.ChoiceField(label=_("State"), required=False)
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )
    q = forms.CharField(label=_("Enterprise or credit code"), required=False, max_length=100)

    def __init__(self, *args: Any, provinces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All")), *STATE_LABELS.items()]  # type: ignore[attr-defined]
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]


class CertifiedFilterForm(forms.Form):
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )

    def __init__(self, *args: Any, provinces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]


class EvidenceForm(AccessibleForm):
    """The evidence text of each criterion (``evidence_1``, …, in the criteria's order) and,
    when applying, one document per criterion (``file_1``, …)."""

    def __init__(
        self, *args: Any, criteria: CertificationCriteria, with_files: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.codes: dict[str, str] = {}
        for number, item in enumerate(criteria.items, start=1):
            self.codes[f"evidence_{number}"] = item["code"]
            self.fields[f"evidence_{number}"] = forms.CharField(
                label=f"{item['code']}. {item['text']}",
                required=False,
                max_length=EVIDENCE_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            if with_files:
                self.fields[f"file_{number}"] = EVIDENCE.form_field(
                    label=_("Document for %(code)s") % {"code": item["code"]}, required=False
                )

    def evidence(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(name, "") for name, code in self.codes.items()}

    def documents(self) -> list[tuple[str, Any]]:
        return [
            (code, self.cleaned_data[name.replace("evidence_", "file_")])
            for name, code in self.codes.items()
            if self.cleaned_data.get(name.replace("evidence_", "file_"))
        ]

    def field_for(self, code: str) -> str:
        """The form's field name of a criterion code (a refusal names the code)."""
        return next((name for name, known in self.codes.items() if known == code), "__all__")


class CertificationDocumentForm(AccessibleForm):
    criterion = forms.ChoiceField(label=_("criterion"))
    title = forms.CharField(
        label=_("title of the document"),
        max_length=200,
        required=False,
        help_text=_("The file's name if left empty."),
    )
    file = EVIDENCE.form_field(label=_("file"))

    def __init__(self, *args: Any, criteria: CertificationCriteria, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "document_%s")
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [  # type: ignore[attr-defined]
            (item["code"], f"{item['code']}. {item['text'][:60]}") for item in criteria.items
        ]


class ReasonForm(AccessibleForm):
    reason = forms.CharField(
        label=_("reason"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
