"""The filter forms of the public lists: what a visitor may ask, turned into selector input.

A value that is not among the choices is dropped rather than refused: a stale link (a
city of another province, a removed field) still shows results instead of an error.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from iecommons.registry.models import Community, Field, Organization, Region
from iecommons.registry.selectors import CommunityFilter

ANY = [("", _("Any"))]


def _labelled(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The model's lower-case labels, capitalised for a select (a no-op in Chinese)."""
    return ANY + [(value, capfirst(label)) for value, label in choices]


SORT_CHOICES = [
    ("name", _("Name")),
    ("-founded", _("Newest first")),
    ("founded", _("Oldest first")),
    ("-members", _("Most members")),
]


def _province_choices() -> list[tuple[str, str | Promise]]:
    provinces = Region.objects.filter(level=Region.Level.PROVINCE).order_by("code")
    return [("", _("All provinces")), *((region.code, region.name) for region in provinces)]


def _city_choices(province_code: str) -> list[tuple[str, str | Promise]]:
    if not province_code:
        return [("", _("All cities (choose a province first)"))]
    cities = Region.objects.filter(level=Region.Level.CITY, parent__code=province_code).order_by(
        "code"
    )
    return [("", _("All cities")), *((region.code, region.name) for region in cities)]


def _field_choices() -> list[tuple[str, str | Promise]]:
    choices: list[tuple[str, str | Promise]] = [("", _("All fields"))]
    for field in Field.objects.order_by("order", "code"):
        # Sub-fields are indented under their parent; a parent also matches its children.
        prefix = "\u00a0\u00a0" if field.parent_id else ""
        choices.append((field.code, prefix + field.name))
    return choices


class _LenientForm(forms.Form):
    def choice_field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def cleaned(self) -> dict[str, Any]:
        """The valid values, with an invalid one replaced by its empty default."""
        self.is_valid()
        values = dict(getattr(self, "cleaned_data", {}))
        for name, field in self.fields.items():
            if name not in values:
                values[name] = field.initial or ""
        return values


class CommunityFilterForm(_LenientForm):
    """The registry's filters, search box and sort order."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Community, member or lead unit"),
                "autocomplete": "off",
            }
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_labelled(Community.Kind.choices)
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=_labelled(Community.Level.choices)
    )
    field = forms.ChoiceField(label=_("Industry field"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_labelled(Community.Status.choices)
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sort"].initial = "name"
        self.choice_field("field").choices = _field_choices()
        provinces = _province_choices()
        self.choice_field("province").choices = provinces
        province = (self.data.get("province") or "") if self.is_bound else ""
        known = {code for code, _label in provinces}
        self.choice_field("city").choices = _city_choices(province if province in known else "")

    def to_filter(self) -> tuple[CommunityFilter, str]:
        values = self.cleaned()
        return (
            CommunityFilter(
                q=values["q"],
                kind=values["kind"],
                level=values["level"],
                field=values["field"],
                province=values["province"],
                city=values["city"],
                status=values["status"],
            ),
            values["sort"] or "name",
        )


class OrganizationFilterForm(_LenientForm):
    """The organisation list's search box and filters."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Name or credit code"),
                "autocomplete": "off",
            }
        ),
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=_labelled(Organization.Type.choices)
    )
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("province").choices = _province_choices()
