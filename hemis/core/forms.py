"""Helpers that every app's views share for forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def conflict_rows(form: forms.Form, mine: dict[str, Any], theirs: dict[str, Any]) -> list[dict]:
    """The fields where the saved version differs from the one submitted, with their labels."""
    return [
        {
            "label": form.fields[name].label if name in form.fields else name,
            "mine": mine[name],
            "theirs": value,
        }
        for name, value in theirs.items()
        if name in mine and mine[name] != value
    ]


def local_url(request: HttpRequest, target: str) -> str | None:
    """`target` (a ?next= or a form's next) if it is a path on this site, else None.

    Only a path starting with "/" is taken: a bare word would be looked up as a URL name."""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return None
