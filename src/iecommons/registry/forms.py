"""Forms of the management pages. They parse and check the shape of input; the services
decide what is allowed and refuse bad values with messages naming the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from iecommons.accounts.models import Role
from iecommons.authz import registry as rules
from iecommons.common.collation import pinyin
from iecommons.common.forms import AccessibleForm
from iecommons.common.uploads import MEMBER_IMPORT
from iecommons.registry.models import (
    Community,
    CouncilSeat,
    Field,
    Membership,
    Organization,
    Person,
    Region,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT_AREA = forms.Textarea(attrs={"rows": 5})


class CityChoiceField(forms.ModelChoiceField):
    """A prefecture-level city, shown with its province so that the list reads well."""

    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.parent.name} · {obj.name}" if obj.parent else obj.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} · {obj.organization}"


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj} ({obj.credit_code})"


def model_choice(form: forms.Form, name: str) -> forms.ModelChoiceField:
    """A form's model-choice field, typed, so that its queryset can be narrowed."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def cities() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.CITY).select_related("parent").order_by("code")


def cities_for(user: Any) -> QuerySet[Region]:
    """The cities where ``user`` may seat a community: its jurisdiction, or all for a
    national supervisor. The service checks the choice again."""
    return rules.visible_seat_regions(user, cities())


def active_member_organizations(community: Community) -> QuerySet[Organization]:
    return Organization.objects.filter(
        memberships__community=community, memberships__left__isnull=True
    ).order_by(pinyin("name"))


DATE_HELP = _("A date, not in the future.")


# --- communities -----------------------------------------------------------------------------


class CommunityEditForm(AccessibleForm):
    """The profile a secretariat keeps; supervisors also see the supervised fields."""

    name = forms.CharField(label=_("name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("summary"),
        max_length=300,
        required=False,
        help_text=_("One or two sentences shown in the registry list."),
    )
    charter = forms.CharField(label=_("charter"), widget=TEXT_AREA, required=False)
    goals = forms.CharField(label=_("goals"), widget=TEXT_AREA, required=False)
    development_plan = forms.CharField(
        label=_("development plan"), widget=TEXT_AREA, required=False
    )
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    contact_email = forms.EmailField(label=_("contact e-mail"), required=False)
    secretariat_host = OrganizationChoiceField(
        label=_("secretariat hosted by"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("The member organisation that hosts the secretariat."),
    )
    kind = forms.ChoiceField(label=_("kind"), choices=Community.Kind.choices)
    level = forms.ChoiceField(label=_("level"), choices=Community.Level.choices)
    field = forms.ModelChoiceField(label=_("industry field"), queryset=Field.objects.all())
    region = CityChoiceField(
        label=_("seat (city)"),
        queryset=Region.objects.none(),
        help_text=_("The prefecture-level city where the community is seated."),
    )
    founded = forms.DateField(label=_("founded"), widget=DATE_WIDGET, help_text=DATE_HELP)

    SUPERVISED = ("kind", "level", "field", "region", "founded")

    def __init__(self, *args: Any, community: Community, supervisor: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice(self, "secretariat_host").queryset = active_member_organizations(community)
        if supervisor:
            model_choice(self, "region").queryset = cities()
        else:
            for name in self.SUPERVISED:
                del self.fields[name]


class CommunityRegisterForm(AccessibleForm):
    name = forms.CharField(label=_("name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=Community.Kind.choices)
    level = forms.ChoiceField(
        label=_("level"),
        choices=Community.Level.choices,
        help_text=_("National communities are registered by national supervisors."),
    )
    field = forms.ModelChoiceField(label=_("industry field"), queryset=Field.objects.all())
    region = CityChoiceField(
        label=_("seat (city)"),
        queryset=Region.objects.none(),
        help_text=_("Only the cities of your jurisdiction are listed."),
    )
    founded = forms.DateField(label=_("founded"), widget=DATE_WIDGET, help_text=DATE_HELP)
    summary = forms.CharField(label=_("summary"), max_length=300, required=False)
    charter = forms.CharField(label=_("charter"), widget=TEXT_AREA, required=False)
    goals = forms.CharField(label=_("goals"), widget=TEXT_AREA, required=False)
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    contact_email = forms.EmailField(label=_("contact e-mail"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice(self, "region").queryset = cities_for(user)
        if not rules.can_register_national(user):
            level = self.fields["level"]
            assert isinstance(level, forms.ChoiceField)
            level.choices = [
                choice for choice in Community.Level.choices if choice[0] != "national"
            ]
            level.initial = Community.Level.PROVINCIAL


class StatusChangeForm(AccessibleForm):
    reason = forms.CharField(
        label=_("reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with the status and shown on the community's page."),
    )


class ReinstateForm(AccessibleForm):
    reason = forms.CharField(
        label=_("reason"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DissolveForm(StatusChangeForm):
    on = forms.DateField(
        label=_("dissolved on"),
        widget=DATE_WIDGET,
        initial=timezone.localdate,
        help_text=_("Every membership and council term ends on this day; the history stays."),
    )


class ConfirmForm(AccessibleForm):
    """No fields: the POST itself is the confirmation (and carries the CSRF token)."""


class SecretariatAppointForm(AccessibleForm):
    username = forms.CharField(
        label=_("username"),
        max_length=150,
        required=False,
        help_text=_("Appoint someone who already has an account."),
    )
    email = forms.EmailField(
        label=_("e-mail"),
        required=False,
        help_text=_("Or invite someone without an account: they receive a link by e-mail."),
    )
    name = forms.CharField(label=_("name of the invitee"), max_length=100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("username") and not data.get("email"):
            raise forms.ValidationError(_("Give a username, or an e-mail address to invite."))
        if data.get("email") and not data.get("username") and not data.get("name"):
            self.add_error("name", _("Give the name of the person you invite."))
        return data


# --- members ---------------------------------------------------------------------------------


class MembershipAdmitForm(AccessibleForm):
    """Admit a registered organisation by its credit code, or register it here first."""

    credit_code = forms.CharField(
        label=_("unified social credit code"),
        max_length=24,
        help_text=_(
            "18 characters. Search above to find a registered organisation's code; "
            "for a new organisation, also fill in the fields below."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label=_("role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )
    duties = forms.CharField(
        label=_("written duties"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the member undertakes to do in the community."),
    )
    joined = forms.DateField(
        label=_("joined"), widget=DATE_WIDGET, initial=timezone.localdate, help_text=DATE_HELP
    )
    new_name = forms.CharField(label=_("name"), max_length=200, required=False)
    new_name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    new_type = forms.ChoiceField(
        label=_("type"), choices=[("", "---------"), *Organization.Type.choices], required=False
    )
    new_region = CityChoiceField(label=_("city"), queryset=Region.objects.none(), required=False)

    NEW_ORGANIZATION = ("new_name", "new_name_en", "new_type", "new_region")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice(self, "new_region").queryset = cities()

    def registers_new_organization(self) -> bool:
        return bool(self.cleaned_data.get("new_name"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_name"):
            for name in ("new_type", "new_region"):
                if not data.get(name):
                    self.add_error(name, _("Needed to register the new organisation."))
        return data

    def membership_fields(self) -> list[Any]:
        return [self[name] for name in ("credit_code", "role", "duties", "joined")]

    def organization_fields(self) -> list[Any]:
        return [self[name] for name in self.NEW_ORGANIZATION]


class MembershipEditForm(AccessibleForm):
    role = forms.ChoiceField(label=_("role"), choices=Membership.Role.choices)
    duties = forms.CharField(
        label=_("written duties"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the member undertakes to do in the community."),
    )


class MembershipEndForm(AccessibleForm):
    left = forms.DateField(
        label=_("left on"), widget=DATE_WIDGET, initial=timezone.localdate, help_text=DATE_HELP
    )
    reason = forms.CharField(
        label=_("reason for leaving"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CouncilSeatFillForm(AccessibleForm):
    """Seat a recorded person, or record a person of a member organisation first."""

    person = PersonChoiceField(
        label=_("person"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("People recorded for the community's member organisations."),
    )
    new_person_name = forms.CharField(label=_("name"), max_length=100, required=False)
    new_person_organization = OrganizationChoiceField(
        label=_("organisation"), queryset=Organization.objects.none(), required=False
    )
    new_person_title = forms.CharField(label=_("title"), max_length=100, required=False)
    position = forms.ChoiceField(label=_("position"), choices=CouncilSeat.Position.choices)
    term_start = forms.DateField(label=_("term starts"), widget=DATE_WIDGET)
    term_end = forms.DateField(
        label=_("term ends"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Leave empty for an open term."),
    )

    def __init__(self, *args: Any, community: Community, **kwargs: Any):
        super().__init__(*args, **kwargs)
        organizations = active_member_organizations(community)
        model_choice(self, "new_person_organization").queryset = organizations
        model_choice(self, "person").queryset = (
            Person.objects.filter(organization__in=organizations)
            .select_related("organization")
            .order_by(pinyin("organization__name"), pinyin("name"))
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not data.get("new_person_name"):
            self.add_error("person", _("Choose a person, or record a new one below."))
        if data.get("new_person_name") and not data.get("new_person_organization"):
            self.add_error("new_person_organization", _("Choose the person's organisation."))
        return data

    def seat_fields(self) -> list[Any]:
        return [self[name] for name in ("person", "position", "term_start", "term_end")]

    def person_fields(self) -> list[Any]:
        return [
            self[name]
            for name in ("new_person_name", "new_person_organization", "new_person_title")
        ]


class CouncilSeatEndForm(AccessibleForm):
    term_end = forms.DateField(label=_("term ends on"), widget=DATE_WIDGET)


class InvitationForm(AccessibleForm):
    email = forms.EmailField(label=_("e-mail"))
    name = forms.CharField(label=_("name"), max_length=100)
    role = forms.ChoiceField(label=_("role"), choices=[(Role.MEMBER, Role.MEMBER.label)])
    organization = OrganizationChoiceField(
        label=_("organisation"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("The member organisation the person will act for."),
    )

    def __init__(self, *args: Any, community: Community, supervisor: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice(self, "organization").queryset = active_member_organizations(community)
        if supervisor:
            role = self.fields["role"]
            assert isinstance(role, forms.ChoiceField)
            role.choices = [
                (Role.MEMBER, Role.MEMBER.label),
                (Role.SECRETARIAT, _("secretariat colleague")),
            ]


class MemberImportForm(AccessibleForm):
    # An empty file gets the import's own message, beside the others it gives.
    file = MEMBER_IMPORT.form_field(
        label=_("spreadsheet"),
        allow_empty_file=True,
        help_text=lazy(
            lambda: (
                _("%(policy)s, with a header row; see the columns below.")
                % {"policy": MEMBER_IMPORT.help_text()}
            ),
            str,
        )(),
    )


class OrganizationEditForm(AccessibleForm):
    name = forms.CharField(label=_("name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    credit_code = forms.CharField(
        label=_("unified social credit code"),
        max_length=24,
        help_text=_("18 characters, the last one a check character."),
    )
    type = forms.ChoiceField(label=_("type"), choices=Organization.Type.choices)
    region = CityChoiceField(label=_("city"), queryset=Region.objects.none())
    address = forms.CharField(label=_("address"), max_length=300, required=False)
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("description"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice(self, "region").queryset = cities()
