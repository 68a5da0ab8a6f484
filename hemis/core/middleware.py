"""Answers that depend on who asks are never stored by a browser or a shared cache."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

PUBLIC_ATTRIBUTE = "hemis_public_cacheable"


def public_cacheable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view whose answer is the same for everyone, signed in or not."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        setattr(response, PUBLIC_ATTRIBUTE, True)
        return response

    return wrapped


def is_personal(request: HttpRequest) -> bool:
    """Whether the answer may depend on who asks: a session with a user, or a bearer token."""
    if getattr(request, "bearer_authenticated", False):
        return True
    if getattr(request, "second_factor_pending", False):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every answer to a signed-in (or token) request.

    By construction rather than view by view: an export, an attachment or a page that a new
    module adds is covered without a line of its own. A view that answers everyone alike opts
    out with `@public_cacheable`. Anonymous answers are left as the view made them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(response, PUBLIC_ATTRIBUTE, False) or not is_personal(request):
            return response
        # A view's own caching is for anonymous readers; a personal answer keeps none of it.
        _drop_directives(response, ("public", "max-age", "s-maxage"))
        patch_cache_control(response, private=True, no_store=True)
        if getattr(request, "bearer_authenticated", False):
            patch_vary_headers(response, ("Authorization",))
        else:
            patch_vary_headers(response, ("Cookie",))
        return response


def _drop_directives(response: HttpResponse, names: tuple[str, ...]) -> None:
    header = response.get("Cache-Control")
    if not header:
        return
    kept = [
        part.strip()
        for part in header.split(",")
        if part.strip() and part.strip().split("=")[0].lower() not in names
    ]
    if kept:
        response["Cache-Control"] = ", ".join(kept)
    else:
        del response["Cache-Control"]
