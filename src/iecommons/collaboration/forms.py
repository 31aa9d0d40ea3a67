"""Forms of the collaboration pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from iecommons.collaboration.models import AvailabilityWindow, Resource
from iecommons.common.forms import AccessibleForm
from iecommons.common.uploads import DOCUMENTS
from iecommons.registry.models import Organization, Person

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ResourceForm(AccessibleForm):
    owner: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("Owner"), queryset=Organization.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=Resource.Type.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    location = forms.CharField(label=_("Location"), max_length=300, required=False)
    location_en = forms.CharField(label=_("Location (English)"), max_length=300, required=False)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        initial=1,
        help_text=_("Units that can be booked at the same time (seats, machines, places)."),
    )
    unit = forms.CharField(label=_("Unit"), max_length=32, required=False)
    unit_en = forms.CharField(label=_("Unit (English)"), max_length=32, required=False)
    terms = forms.ChoiceField(label=_("Terms"), choices=Resource.Terms.choices)
    price = forms.DecimalField(
        label=_("Price (yuan per unit and hour)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("Needed when the terms are a fee."),
    )

    def __init__(self, *args, owners=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        owner_field.queryset = owners


class WindowForm(AccessibleForm):
    prefix = "window"
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=AvailabilityWindow.Weekday.choices, coerce=int
    )
    start_time = forms.TimeField(label=_("Opens"), widget=TIME_INPUT)
    end_time = forms.TimeField(label=_("Closes"), widget=TIME_INPUT)


class ClosureForm(AccessibleForm):
    prefix = "closure"
    start = forms.DateTimeField(label=_("From"), widget=DATETIME_INPUT)
    end = forms.DateTimeField(label=_("Until"), widget=DATETIME_INPUT)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class BookingForm(AccessibleForm):
    organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("Book for"), queryset=Organization.objects.none(), empty_label=None
    )
    start = forms.DateTimeField(label=_("Start"), widget=DATETIME_INPUT)
    end = forms.DateTimeField(label=_("End"), widget=DATETIME_INPUT)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organizations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations


class DecisionForm(AccessibleForm):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class UsageForm(AccessibleForm):
    hours = forms.DecimalField(label=_("Hours used"), min_value=0, max_digits=8, decimal_places=2)
    quantity = forms.IntegerField(label=_("Units used"), min_value=0)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AnnouncementForm(AccessibleForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea)
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        help_text=_("Public announcements can be read by anyone, without signing in."),
    )


class ThreadForm(AccessibleForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("First post"), widget=forms.Textarea)


class PostForm(AccessibleForm):
    body = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}))


class DocumentForm(AccessibleForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    file = DOCUMENTS.form_field(label=_("File"))


class VersionForm(AccessibleForm):
    file = DOCUMENTS.form_field(label=_("File"))
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class MeetingForm(AccessibleForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    attendees: forms.ModelMultipleChoiceField[Person] = forms.ModelMultipleChoiceField(
        label=_("Attendees"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea, required=False)
    decisions = forms.CharField(
        label=_("Decisions"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One decision per line."),
    )

    def __init__(self, *args, people=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = people
