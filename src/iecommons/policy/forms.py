"""Forms of the policy pages; every rule is the services', the forms only carry input."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iecommons.analytics.games.model import DEFAULT_PARAMETERS
from iecommons.common.forms import AccessibleForm
from iecommons.common.uploads import DOCUMENTS, EVIDENCE
from iecommons.policy.models import MeasureImplementation, PolicyDocument


class ApplicationForm(AccessibleForm):
    community = forms.TypedChoiceField(label=_("community"), coerce=int)
    amount_requested = forms.DecimalField(
        label=_("amount requested (CNY)"), max_digits=16, decimal_places=2
    )
    purpose = forms.CharField(label=_("purpose"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, communities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = communities  # type: ignore[attr-defined]


class _OneOfSeveral(AccessibleForm):
    """A form shown beside others on one page: its own ids (``review_reason``, not a second
    ``id_reason``), so that each label names its own field."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class ReviewForm(_OneOfSeveral):
    id_prefix = "review"
    score = forms.IntegerField(label=_("score"), min_value=0, max_value=100)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(_OneOfSeveral):
    id_prefix = "decision"
    award = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", capfirst(_("award"))), ("0", capfirst(_("reject")))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(
        label=_("amount awarded (CNY)"), max_digits=16, decimal_places=2, required=False
    )
    reason = forms.CharField(
        label=_("reason for the decision"), widget=forms.Textarea(attrs={"rows": 2})
    )


class AmountForm(_OneOfSeveral):
    id_prefix = "disbursement"
    amount = forms.DecimalField(label=_("amount (CNY)"), max_digits=16, decimal_places=2)
    note = forms.CharField(label=_("note"), required=False, max_length=300)


class ApplicationDocumentForm(_OneOfSeveral):
    id_prefix = "document"
    title = forms.CharField(
        label=_("title of the document"),
        max_length=200,
        required=False,
        help_text=_("The file's name if left empty."),
    )
    file = EVIDENCE.form_field(label=_("file"))


class AppealForm(_OneOfSeveral):
    id_prefix = "appeal"
    reason = forms.CharField(label=_("grounds of appeal"), widget=forms.Textarea(attrs={"rows": 3}))


DEFAULT_SCENARIO = {
    "parameters": {name: value for name, (value, _text) in DEFAULT_PARAMETERS.items()},
    "start": [0.5, 0.5, 0.5],
    "t_end": 60,
    "sweep": {
        "first": {"parameter": "S_e", "from": 0, "to": 5, "count": 41},
        "second": {"parameter": "F_e", "from": 0, "to": 5, "count": 41},
        "t_end": 200,
    },
}


class ScenarioForm(AccessibleForm):
    title = forms.CharField(label=_("title of the scenario"), max_length=200)
    document = forms.CharField(
        label=_("scenario (JSON)"),
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace"}),
        initial=json.dumps(DEFAULT_SCENARIO, indent=2),
        help_text=_(
            "Parameters, start, horizon and an optional sweep; a custom model may be given "
            'under "model" (see docs/games.md).'
        ),
    )

    def clean_document(self) -> Any:
        try:
            return json.loads(self.cleaned_data["document"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("Not valid JSON: %(problem)s") % {"problem": str(error)}
            ) from None


class DocumentForm(AccessibleForm):
    title = forms.CharField(label=_("title of the document"), max_length=300)
    issuer = forms.CharField(label=_("issued by"), max_length=300)
    number = forms.CharField(label=_("document number"), max_length=100, required=False)
    issued_on = forms.DateField(
        label=_("issued on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    level = forms.ChoiceField(label=_("level"), choices=PolicyDocument.Level.choices)
    jurisdiction_code = forms.CharField(
        label=_("jurisdiction (GB/T 2260 code)"),
        max_length=6,
        required=False,
        help_text=_("Empty for a national document; 320000 for Jiangsu, 320400 for Changzhou."),
    )
    full_text = forms.CharField(
        label=_("full text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    file = DOCUMENTS.form_field(label=_("file of the document"), required=False)


class MeasureForm(AccessibleForm):
    text = forms.CharField(label=_("measure"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible_body = forms.CharField(label=_("responsible body"), max_length=300)
    target = forms.CharField(label=_("target"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(
        label=pgettext_lazy("measure", "deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    indicator = forms.CharField(label=_("indicator of success"), max_length=300)


class ImplementationForm(AccessibleForm):
    jurisdiction = forms.TypedChoiceField(label=_("jurisdiction"), coerce=int)
    status = forms.ChoiceField(
        label=_("status"),
        choices=MeasureImplementation.Status.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=pgettext_lazy("implementation", "what was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    completed_on = forms.DateField(
        label=_("completed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only when done; today if left empty."),
    )
    evidence = EVIDENCE.form_field(label=_("evidence"), required=False)

    def __init__(self, *args: Any, regions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = regions  # type: ignore[attr-defined]


def _quota_lines(text: str, what: str, example: str) -> dict[str, str]:
    """``code places`` per line (a space, colon, comma or equals sign between) into a dict;
    the numbers stay text for the service, which checks them and names the code."""
    quotas: dict[str, str] = {}
    for number, line in enumerate(str(text or "").splitlines(), start=1):
        parts = line.replace("：", ":").replace("，", ",")
        for separator in ":,=\t":
            parts = parts.replace(separator, " ")
        tokens = parts.split()
        if not tokens:
            continue
        if len(tokens) != 2:
            raise forms.ValidationError(
                _("Line %(line)d: give %(what)s and a number of places, e.g. “%(example)s”.")
                % {"line": number, "what": what, "example": example}
            )
        if tokens[0] in quotas:
            raise forms.ValidationError(
                _("Line %(line)d: %(code)s is given twice.") % {"line": number, "code": tokens[0]}
            )
        quotas[tokens[0]] = tokens[1]
    return quotas


class SelectionForm(AccessibleForm):
    title = forms.CharField(label=_("title of the selection"), max_length=200)
    run = forms.TypedChoiceField(label=_("published evaluation run"), coerce=int)
    jurisdiction = forms.ChoiceField(label=_("jurisdiction"), required=False)
    total = forms.IntegerField(
        label=_("total places"),
        required=False,
        help_text=_("Optional; when given, the quotas of each kind must add up to it."),
    )
    province_quotas = forms.CharField(
        label=_("places per province"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "font-monospace"}),
        help_text=_(
            "One province per line: its GB/T 2260 code and its places (320000 3). A province "
            "not named gets no place once any is named."
        ),
    )
    field_quotas = forms.CharField(
        label=_("places per industry field"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "font-monospace"}),
        help_text=_(
            "One field per line: its code and its places (aerospace 2). A field not named "
            "gets no place once any is named."
        ),
    )
    min_grade = forms.ChoiceField(label=_("minimum grade"), required=False)
    no_overdue_rectification = forms.BooleanField(
        label=_("no overdue rectification task"), required=False, initial=True
    )
    min_years_founded = forms.IntegerField(
        label=_("at least this many years since founded"), required=False, initial=2
    )

    def __init__(
        self,
        *args: Any,
        runs: list[tuple[int, str]],
        jurisdictions: list[tuple[str, str]],
        grades: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["run"].choices = runs  # type: ignore[attr-defined]
        self.fields["jurisdiction"].choices = jurisdictions  # type: ignore[attr-defined]
        self.fields["min_grade"].choices = [("", _("any grade")), *grades]  # type: ignore[attr-defined]

    def clean_province_quotas(self) -> dict[str, str]:
        return _quota_lines(
            self.cleaned_data["province_quotas"], str(_("a province code")), "320000 3"
        )

    def clean_field_quotas(self) -> dict[str, str]:
        return _quota_lines(
            self.cleaned_data["field_quotas"], str(_("a field code")), "aerospace 2"
        )


class NoticeForm(AccessibleForm):
    notice_starts = forms.DateField(
        label=_("notice starts"), widget=forms.DateInput(attrs={"type": "date"})
    )
    notice_ends = forms.DateField(
        label=_("notice ends"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Both days included; objections are taken until the end of this day."),
    )


class ObjectionForm(_OneOfSeveral):
    id_prefix = "objection"
    entry = forms.TypedChoiceField(label=_("entry objected to"), coerce=int)
    reason = forms.CharField(
        label=_("grounds of the objection"), widget=forms.Textarea(attrs={"rows": 3})
    )
    on_behalf_of = forms.TypedChoiceField(
        label=_("on behalf of"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        entries: list[tuple[int, str]],
        communities: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = entries  # type: ignore[attr-defined]
        if communities:
            self.fields["on_behalf_of"].choices = [  # type: ignore[attr-defined]
                ("", _("myself")),
                *communities,
            ]
        else:
            del self.fields["on_behalf_of"]


class AnswerForm(_OneOfSeveral):
    id_prefix = "answer"
    upheld = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", capfirst(_("uphold: remove the entry"))), ("0", capfirst(_("dismiss")))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("answer"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("An upheld objection's answer is shown as the reason for the removal."),
    )


class RevisionForm(SelectionForm):
    """A draft's title, quotas and gates (its run and jurisdiction stay)."""

    def __init__(self, *args: Any, grades: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, runs=[], jurisdictions=[], grades=grades, **kwargs)
        del self.fields["run"]
        del self.fields["jurisdiction"]


def quota_lines(quotas: dict[str, int]) -> str:
    """Quotas as the form's text: one ``code places`` per line."""
    return "\n".join(f"{code} {places}" for code, places in quotas.items())
