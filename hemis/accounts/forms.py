from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from hemis.accounts import policy
from hemis.accounts.models import Role, User, normalize_email
from hemis.core.models import MemberState
from hemis.core.selectors import member_state_rows


class NormalizedEmailField(forms.EmailField):
    """An e-mail address as typed, in the one spelling hemis keeps (trimmed, lower case)."""

    def to_python(self, value):
        return normalize_email(super().to_python(value))


class SignInForm(AuthenticationForm):
    username = NormalizedEmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("The e-mail address or password is not correct."),
        "inactive": _("This account has been deactivated."),
    }


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = NormalizedEmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class TwoFactorSetupForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


def _state_choices():
    return [("", "—")] + [(row.iso3, row.name) for row in member_state_rows()]


class InvitationForm(forms.Form):
    email = NormalizedEmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"))
    state = forms.ChoiceField(label=_("Member state"), required=False)

    def __init__(self, *args, manager: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.manager = manager
        self.fields["role"].choices = [(r.value, r.label) for r in policy.invitable_roles(manager)]
        if policy.is_admin(manager):
            self.fields["state"].choices = _state_choices()
            self.fields["state"].help_text = _(
                "Required for state roles; empty for Secretariat roles."
            )
        else:
            self.fields["state"].choices = [(manager.state.iso3, manager.state.name)]
            self.fields["state"].initial = manager.state.iso3
            self.fields["state"].required = True

    def clean_state(self) -> MemberState | None:
        code = self.cleaned_data.get("state")
        if not code:
            return None
        return MemberState.objects.filter(iso3=code).first()


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"))
    state = forms.ChoiceField(label=_("Member state"), required=False)
    is_active = forms.BooleanField(label=_("May sign in"), required=False)

    def __init__(self, *args, manager: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in policy.invitable_roles(manager)]
        if policy.is_admin(manager):
            self.fields["state"].choices = _state_choices()
        else:
            self.fields["state"].choices = [(manager.state.iso3, manager.state.name)]

    def clean_state(self) -> MemberState | None:
        code = self.cleaned_data.get("state")
        return MemberState.objects.filter(iso3=code).first() if code else None


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("For example the script or system that will use it."),
    )


ROLE_FILTER_CHOICES = [("", _("All roles")), *Role.choices]
