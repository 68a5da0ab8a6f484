"""Two-factor enforcement and bearer-token sign-in for scripts."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

# Pages a signed-in user may reach before finishing two-factor sign-in: nothing else.
_OPEN_NAMES = (
    "accounts:login",
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "accounts:logout",
)
_OPEN_PREFIXES = ("/static/", "/healthz")
API_PREFIX = "/api/"


def second_factor_pending(user) -> bool:
    """Whether `user` typed the password but still owes the second factor.

    A user with a confirmed authenticator owes its code; a role that needs two-factor sign-in
    owes an authenticator until it has one.
    """
    if user is None or not user.is_authenticated or user.is_verified():
        return False
    return user.requires_two_factor or user_has_device(user, confirmed=True)


class TwoFactorRequiredMiddleware:
    """Until the second factor, a session reaches only the sign-in and two-factor pages.

    On the API such a session is anonymous (public data only, 401 for the rest); a page sends it
    to the two-factor step. Bearer-token requests are exempt: the token was created from a
    two-factor session.
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

        path = request.path_info
        if path.startswith(_OPEN_PREFIXES):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if not second_factor_pending(user):
            return self.get_response(request)
        if path.startswith(API_PREFIX):
            # The API reads the session's user: a pending session reads as nobody.
            request.user = AnonymousUser()
            request.second_factor_pending = True  # type: ignore[attr-defined]

            async def anonymous() -> AnonymousUser:
                return AnonymousUser()

            request.auser = anonymous  # type: ignore[attr-defined]
            return self.get_response(request)
        if any(path == reverse(name) for name in _OPEN_NAMES):
            return self.get_response(request)
        if user_has_device(user, confirmed=True):
            target = f"{reverse('accounts:two_factor_verify')}?next={path}"
        else:
            target = reverse("accounts:two_factor_setup")
        if getattr(request, "htmx", False) or request.headers.get("HX-Request") == "true":
            # A fragment request follows a redirect inside the page; send the whole page there.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
