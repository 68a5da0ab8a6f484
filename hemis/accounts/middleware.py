"""Two-factor enforcement and bearer-token sign-in for scripts."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

# Paths a signed-in user may reach before finishing two-factor sign-in.
_OPEN_NAMES = (
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "accounts:logout",
)


class TwoFactorRequiredMiddleware:
    """A user with an authenticator must use it; admins and coordinators must have one.

    Bearer-token requests are exempt: the token was created from a two-factor session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        auth = request.META.get("HTTP_AUTHORIZATION", "")
        if auth[:7].lower() == "bearer ":
            from hemis.accounts.services import api_token_authenticate

            user = api_token_authenticate(auth[7:].strip())
            if user is None:
                return JsonResponse(
                    {"detail": _("The API token is not valid or has been revoked.")}, status=401
                )
            # The token stands for a session that completed two-factor sign-in.
            user.is_verified = lambda: True  # type: ignore[method-assign]
            request.user = user
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
            request.bearer_authenticated = True  # type: ignore[attr-defined]
            return self.get_response(request)

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            path = request.path_info
            if not self._is_exempt(path):
                if user_has_device(user, confirmed=True):
                    return redirect(f"{reverse('accounts:two_factor_verify')}?next={path}")
                if user.requires_two_factor:
                    return redirect(reverse("accounts:two_factor_setup"))
        return self.get_response(request)

    @staticmethod
    def _is_exempt(path: str) -> bool:
        if path.startswith(("/static/", "/healthz", "/api/")):
            return True
        return any(path == reverse(name) for name in _OPEN_NAMES)
