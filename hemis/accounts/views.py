from __future__ import annotations

import base64
import textwrap

import segno
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy, translate_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from hemis.accounts import access, policy, selectors, services
from hemis.accounts.forms import (
    ROLE_FILTER_CHOICES,
    AcceptInvitationForm,
    ApiTokenForm,
    InvitationForm,
    PasswordResetForm,
    ProfileForm,
    SignInForm,
    TwoFactorCodeForm,
    TwoFactorSetupForm,
    UserEditForm,
)
from hemis.accounts.models import Role
from hemis.core import exports
from hemis.core.forms import apply_errors, local_url
from hemis.core.pagination import page_of
from hemis.core.selectors import member_state_rows


def _safe_next(request: HttpRequest, default: str = "core:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return local_url(request, target) or str(reverse_lazy(default))


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        # After signing in, the interface speaks the user's preferred language.
        return translate_url(super().get_success_url(), self.request.user.preferred_language)

    def form_valid(self, form):
        response = super().form_valid(form)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.get_user().preferred_language,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response


class SignOutView(auth_views.LogoutView):
    pass


@login_required
def two_factor_verify_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():
        return redirect(_safe_next(request))
    if not user_has_device(request.user, confirmed=True):
        return redirect("accounts:two_factor_setup")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].replace(" ", "")
        device = match_token(request.user, code)
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("code", services.ERR_BAD_CODE)
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
    )


SETUP_SESSION_KEY = "hemis_totp_setup_device"


@login_required
def two_factor_setup_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified() is False and user_has_device(request.user, confirmed=True):
        # Replacing an authenticator requires proving possession of the current one first.
        return redirect("accounts:two_factor_verify")
    device = TOTPDevice.objects.filter(
        pk=request.session.get(SETUP_SESSION_KEY), user=request.user, confirmed=False
    ).first()
    if device is None:
        device = services.totp_device_start(actor=request.user)
        request.session[SETUP_SESSION_KEY] = device.pk
    form = TwoFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_device_confirm(
                actor=request.user, device=device, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            request.session.pop(SETUP_SESSION_KEY, None)
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on."))
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=4, title=_("QR code for your authenticator app")),
            # Groups of four are easier to type into an app by hand.
            "secret": " ".join(textwrap.wrap(base64.b32encode(device.bin_key).decode(), 4)),
            "required": request.user.requires_two_factor,
        },
    )


@require_POST
@login_required
def recovery_codes_regenerate_view(request: HttpRequest) -> HttpResponse:
    if not user_has_device(request.user, confirmed=True):
        raise Http404
    codes = services.recovery_codes_regenerate(actor=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_for_token(token)
    except ValidationError as error:
        return render(
            request, "accounts/invitation_invalid.html", {"message": error.messages[0]}, status=410
        )
    form = AcceptInvitationForm(request.POST or None, initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
            )
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to hemis. Your account is ready."))
            if user.requires_two_factor:
                return redirect("accounts:two_factor_setup")
            return redirect("core:home")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"reset_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(actor=form.user, reset=True)
        # Whoever proves they own the mailbox may try signing in again at once.
        axes_reset(username=form.user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(actor=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
def profile_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"full_name": user.full_name, "preferred_language": user.preferred_language},
    )
    if request.method == "POST" and form.is_valid():
        services.profile_update(actor=user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "token_form": ApiTokenForm(),
            "tokens": selectors.api_token_list(user=user),
            "has_two_factor": user_has_device(user, confirmed=True),
        },
    )


@require_POST
@login_required
def api_token_create_view(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        token, key = services.api_token_create(actor=request.user, name=form.cleaned_data["name"])
        return render(request, "accounts/api_token_created.html", {"token": token, "key": key})
    messages.error(request, _("Give the token a name, so that you can recognise it later."))
    return redirect("accounts:profile")


@require_POST
@login_required
def api_token_revoke_view(request: HttpRequest, token_id: str) -> HttpResponse:
    token = access.get_api_token_for_user(request.user, token_id)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:profile")


def _require_manager(request: HttpRequest) -> None:
    if not policy.can_manage_users(request.user):
        raise Http404


USER_SORTS = {
    "email": "email",
    "-email": "-email",
    "name": "full_name",
    "-name": "-full_name",
    "role": "role",
    "-role": "-role",
    "state": "state__iso3",
    "-state": "-state__iso3",
    "joined": "date_joined",
    "-joined": "-date_joined",
}


@login_required
def user_list_view(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    query = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    state = request.GET.get("state", "")
    sort = request.GET.get("sort", "email")
    users = selectors.user_list(viewer=request.user, query=query, role=role, state=state)
    users = users.order_by(USER_SORTS.get(sort, "email"), "pk")
    if request.GET.get("format") == "csv":
        return _users_csv(users)
    page = page_of(request, users, 50)
    states = member_state_rows() if policy.is_admin(request.user) else []
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "q": query,
            "role": role,
            "state": state,
            "sort": sort,
            "roles": ROLE_FILTER_CHOICES,
            "states": states,
            "invitations": selectors.pending_invitation_list(viewer=request.user),
        },
    )


USER_COLUMNS = tuple(
    exports.Column(name) for name in ("email", "full_name", "role", "state", "active", "joined")
)


def _users_csv(users) -> HttpResponse:
    rows = (
        [
            user.email,
            user.full_name,
            user.role,
            user.state.iso3 if user.state else "",
            "yes" if user.is_active else "no",
            user.date_joined.date(),
        ]
        for user in users
    )
    return exports.csv_response(USER_COLUMNS, rows, filename="hemis-users.csv")


@login_required
def invitation_create_view(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = InvitationForm(request.POST or None, manager=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied:
            form.add_error("role", services.ERR_ROLE_NOT_ALLOWED)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("accounts:users")
    return render(
        request,
        "accounts/invitation_form.html",
        {"form": form, "days": settings.HEMIS_INVITATION_DAYS},
    )


@require_POST
@login_required
def invitation_revoke_view(request: HttpRequest, invitation_id: str) -> HttpResponse:
    _require_manager(request)
    invitation = access.get_invitation_for_manager(request.user, invitation_id)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("accounts:users")


@login_required
def user_edit_view(request: HttpRequest, user_id: str) -> HttpResponse:
    _require_manager(request)
    target = access.get_user_for_manager(request.user, user_id)
    editable = policy.can_manage_user(request.user, target)
    form = UserEditForm(
        request.POST or None,
        manager=request.user,
        initial={
            "full_name": target.full_name,
            "role": target.role,
            "state": target.state.iso3 if target.state else "",
            "is_active": target.is_active,
        },
    )
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            try:
                services.user_update(actor=request.user, user=target, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            except PermissionDenied:
                form.add_error("role", services.ERR_ROLE_NOT_ALLOWED)
            else:
                messages.success(request, _("The user has been saved."))
                return redirect("accounts:users")
    return render(
        request,
        "accounts/user_edit.html",
        {
            "form": form,
            "target": target,
            "editable": editable,
            "role_label": Role(target.role).label,
            "can_reset_two_factor": policy.is_admin(request.user) and editable,
        },
    )


@require_POST
@login_required
def two_factor_reset_view(request: HttpRequest, user_id: str) -> HttpResponse:
    _require_manager(request)
    target = access.get_user_for_manager(request.user, user_id)
    try:
        services.two_factor_reset(actor=request.user, user=target)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, _("Two-factor sign-in has been reset for this user."))
    return redirect("accounts:user_edit", target.public_id)
