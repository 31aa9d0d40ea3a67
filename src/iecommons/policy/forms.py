"""Forms of the policy pages; every rule is the services', the forms only carry input."""

from __future__ import annotations

import json
from typing import Any

from django import forms
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
        choices=[("1", _("award")), ("0", _("reject"))],
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
