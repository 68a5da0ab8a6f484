"""The name django-axes locks sign-in by: the e-mail address in the spelling hemis keeps."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from hemis.accounts.models import normalize_email


def lockout_username(request: HttpRequest | None, credentials: dict | None = None) -> str | None:
    """`AXES_USERNAME_CALLABLE`: `Someone@Example.org ` and `someone@example.org` share one lock."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        typed = credentials.get(field)
    elif request is not None:
        typed = getattr(request, "data", request.POST).get(field)
    else:
        typed = None
    return normalize_email(typed) if typed is not None else None
