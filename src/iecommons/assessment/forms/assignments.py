"""The form of the expert-assignment page: pick experts, pick or paste communities."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iecommons.accounts.models import User
from iecommons.assessment.models import AssessmentCycle
from iecommons.common.collation import pinyin
from iecommons.common.forms import AccessibleForm
from iecommons.registry.models import Community

MAX_PASTED_LINES = 5000


class ExpertAssignmentForm(AccessibleForm):
    experts = forms.ModelMultipleChoiceField(
        label=_("Experts"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Experts appointed to this cycle."),
    )
    communities = forms.ModelMultipleChoiceField(
        label=_("Communities"),
        queryset=Community.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    names = forms.CharField(
        label=_("Or paste community names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One community name per line, as the registry spells it."),
    )

    def __init__(self, *args: Any, cycle: AssessmentCycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        experts = self.fields["experts"]
        communities = self.fields["communities"]
        assert isinstance(experts, forms.ModelMultipleChoiceField)
        assert isinstance(communities, forms.ModelMultipleChoiceField)
        experts.queryset = User.objects.filter(cycle_appointments__cycle=cycle).order_by("username")
        communities.queryset = cycle.communities.order_by(pinyin("name"))

    def clean_names(self) -> list[Community]:
        """The pasted names, each a community of the cycle (a line that is not is refused)."""
        lines = [line.strip() for line in self.cleaned_data.get("names", "").splitlines()]
        if len(lines) > MAX_PASTED_LINES:
            raise forms.ValidationError(
                _("Paste at most %(count)d names at once.") % {"count": MAX_PASTED_LINES}
            )
        wanted = {line: number for number, line in enumerate(lines, start=1) if line}
        found = {c.name: c for c in self.cycle.communities.filter(name__in=list(wanted))}
        for name, number in wanted.items():
            if name not in found:
                raise forms.ValidationError(
                    _("Line %(line)d: no community of this cycle is called “%(name)s”.")
                    % {"line": number, "name": name}
                )
        return list(found.values())

    def chosen_communities(self) -> list[Community]:
        return [*self.cleaned_data.get("communities", []), *self.cleaned_data.get("names", [])]
