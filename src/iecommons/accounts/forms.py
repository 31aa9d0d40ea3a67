"""Forms of the account pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from iecommons.accounts.services import api_token_default_expiry
from iecommons.common.forms import AccessibleForm, AccessibleFormMixin


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    """Django's sign-in form, rendered with the accessible field template."""


class ResetRequestForm(AccessibleFormMixin, PasswordResetForm):
    """Django's "send me a reset link" form: the same answer whether or not the address is known."""


class ResetPasswordForm(AccessibleFormMixin, SetPasswordForm):
    """Django's "choose a new password" form, behind the link in the e-mail."""


class InvitationAcceptForm(AccessibleForm):
    username = forms.CharField(
        label=_("username"),
        max_length=150,
        help_text=_("You sign in with it. Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=_("password"),
        strip=False,
        help_text=_("At least 8 characters, not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") != data.get("password1"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class TokenCreateForm(AccessibleForm):
    name = forms.CharField(
        label=_("token name"),
        max_length=100,
        help_text=_("Name it after the script or service that will use it."),
    )
    expires_on = forms.DateField(
        label=_("works until"),
        required=False,
        help_text=_("The last day the token works: at most three years ahead."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read per form, not at import: the default moves with the calendar.
        self.fields["expires_on"].initial = api_token_default_expiry()
