"""Forms of the project pages. They only collect input: the services validate it (numbers
arrive as text so that a refusal says the same thing on a page and in the API)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from iecommons.common.forms import AccessibleForm
from iecommons.common.uploads import EVIDENCE
from iecommons.projects.models import Contribution, Outcome, Participant, Project, SharingRule
from iecommons.projects.sharing import UI_TABLE_PARTICIPANTS, all_coalitions, coalition_key
from iecommons.registry.models import Organization


def number_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,  # the service names a missing value itself
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "required": required}),
    )


def date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


class ProjectForm(AccessibleForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    type = forms.ChoiceField(label=_("Type"), choices=Project.Type.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Project.Status.choices)
    start = date_field(_("Start"))
    end = date_field(_("End"), required=False)
    budget = number_field(_("Budget (CNY)"))
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Project.Visibility.choices)
    lead = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["lead"].queryset = organizations  # type: ignore[attr-defined]


class ParticipantForm(AccessibleForm):
    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.none()
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Participant.Role.choices, initial=Participant.Role.PARTNER
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class ParticipantChoiceMixin(AccessibleForm):
    def set_participants(self, project: Project, field: str = "participant") -> None:
        self.fields[field].queryset = project.participants.select_related(  # type: ignore[attr-defined]
            "organization"
        )
        self.fields[field].label_from_instance = lambda p: str(p.organization)  # type: ignore[attr-defined]


class ContributionForm(ParticipantChoiceMixin):
    participant = forms.ModelChoiceField(
        label=_("Participant"), queryset=Participant.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Contribution.Kind.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        help_text=_("Required for in-kind contributions and IP."),
    )
    value = number_field(
        _("Amount or value (CNY)"),
        required=False,
        help_text=_("Cash amount, stated value (in kind) or agreed value (IP)."),
    )
    hours = number_field(_("Hours"), required=False, help_text=_("For staff hours only."))
    rate = number_field(
        _("Rate (CNY per hour)"), required=False, help_text=_("For staff hours only.")
    )
    date = date_field(_("Date"))
    evidence = EVIDENCE.form_field(label=_("Evidence"), required=False)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_participants(project)


class MilestoneForm(AccessibleForm):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due = date_field(_("Due"))


class MilestoneDoneForm(AccessibleForm):
    done = date_field(_("Reached on"))


class OutcomeForm(ParticipantChoiceMixin):
    kind = forms.ChoiceField(label=_("Kind"), choices=Outcome.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    quantity = number_field(_("Quantity or amount"), help_text=_("A count, or CNY for revenue."))
    date = date_field(_("Date"))
    attributed_to = forms.ModelChoiceField(
        label=_("Credited to"),
        queryset=Participant.objects.none(),
        required=False,
        help_text=_("The participant that received it, e.g. the enterprise that hired."),
    )
    evidence = EVIDENCE.form_field(label=_("Evidence"), required=False)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_participants(project, "attributed_to")


class SharingForm(AccessibleForm):
    """The rule, one percentage per participant for fixed shares, and (up to six
    participants) one value per coalition for the Shapley rule."""

    benefit_rule = forms.ChoiceField(label=_("Benefits are shared"), choices=SharingRule.choices)
    loss_rule = forms.ChoiceField(
        label=_("Losses are shared"),
        choices=[("", capfirst(_("by the same rule"))), *SharingRule.choices],
        required=False,
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = list(project.participants.select_related("organization"))
        self.participants.sort(key=lambda p: p.pk)
        names = {p.pk: str(p.organization) for p in self.participants}
        self.share_fields: list[tuple[str, str]] = []
        for participant in self.participants:
            for prefix, label in (
                ("benefit_share", _("%(name)s: benefit share (%%)")),
                ("loss_share", _("%(name)s: loss share (%%)")),
            ):
                name = f"{prefix}_{participant.pk}"
                initial = getattr(participant, prefix)
                self.fields[name] = number_field(
                    label % {"name": names[participant.pk]}, required=False
                )
                self.fields[name].initial = initial.normalize() if initial is not None else ""
                self.share_fields.append((prefix, name))
        self.coalition_fields: list[str] = []
        self.table_offered = 2 <= len(self.participants) <= UI_TABLE_PARTICIPANTS
        if self.table_offered:
            stored = project.coalition_values or {}
            for coalition in all_coalitions([p.pk for p in self.participants]):
                key = coalition_key(coalition)
                name = "coalition_" + key.replace(",", "_")
                coalition_label = "v({" + ", ".join(names[pid] for pid in sorted(coalition)) + "})"
                self.fields[name] = number_field(coalition_label, required=False)
                self.fields[name].initial = stored.get(key, "")
                self.coalition_fields.append(name)

    @property
    def share_boundfields(self) -> list[forms.BoundField]:
        return [self[name] for _prefix, name in self.share_fields]

    @property
    def coalition_boundfields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.coalition_fields]

    def shares(self, prefix: str) -> dict[int, str]:
        return {p.pk: self.cleaned_data.get(f"{prefix}_{p.pk}", "") for p in self.participants}

    def coalition_values(self) -> dict[str, str]:
        return {
            name.removeprefix("coalition_").replace("_", ","): self.cleaned_data.get(name, "")
            for name in self.coalition_fields
        }


class AllocationForm(AccessibleForm):
    description = forms.CharField(
        label=_("What is shared"),
        max_length=200,
        help_text=_("e.g. licence income 2025, or a loss on equipment"),
    )
    amount = number_field(_("Amount (CNY)"), help_text=_("Negative for a loss."))
    date = date_field(_("Date"))


class CommentForm(AccessibleForm):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))


class CommitmentForm(AccessibleForm):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    description = forms.CharField(label=_("Commitment"), max_length=300)
    quantity = number_field(_("Quantity per year"))
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    start = date_field(_("Starts"))


class FulfilmentForm(AccessibleForm):
    year = forms.IntegerField(label=_("Year"))
    quantity = number_field(_("Quantity delivered"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    evidence = EVIDENCE.form_field(label=_("Evidence"), required=False)
