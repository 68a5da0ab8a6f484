"""Versioned edits: the hidden version a form carries, and the view step that saves with it.

A record that several people edit carries an integer `version` (docs/decisions/0014). Its edit
page sends the version the user read in `VersionForm`; `versioned_edit` gives the service the
form's data and that version, and when someone saved in between (`VersionConflict`) keeps the
form as the user filled it, offers the saved version for the next save, and lists both values
of every field that differs for `includes/conflict.html`, with status 409.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from hemis.core.forms import apply_errors, conflict_rows
from hemis.core.services import VersionConflict

# Versions are stored in integer columns; anything above is a damaged form, not a version.
VERSION_MAX = 2**31 - 1
ERR_VERSION = _(
    "This page is out of date or was changed on its way here, so nothing was saved. Open the "
    "entry again and make your change once more."
)


class VersionForm(forms.Form):
    """The version of the record that the user read, sent back with their change."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=VERSION_MAX)


def comparable(data: Mapping[str, Any]) -> dict[str, Any]:
    """A form's data as services' snapshots show values: dates in ISO 8601, objects by key."""
    return {name: _comparable(value) for name, value in data.items()}


def _comparable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(getattr(value, "public_id", None) or value.pk)
    return value


@dataclass
class VersionedEdit:
    """What a versioned edit came to: saved (with the service's `result`), or to show again."""

    form: Any
    version_form: VersionForm
    saved: bool = False
    result: Any = None
    conflict: list[dict[str, Any]] | None = None

    @property
    def status(self) -> int:
        return 409 if self.conflict else 200

    @property
    def context(self) -> dict[str, Any]:
        """The template's `form`, `version_form` and `conflict`."""
        return {"form": self.form, "version_form": self.version_form, "conflict": self.conflict}

    def render(self, request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
        """The edit page again: the form, the version to send and any conflict (then 409)."""
        return render(request, template, {**self.context, **context}, status=self.status)


def versioned_edit(
    request: HttpRequest,
    form: Any,
    *,
    version: int,
    save: Callable[[dict[str, Any], int], Any],
    mine: Callable[[dict[str, Any]], dict[str, Any]] = comparable,
) -> VersionedEdit:
    """Show `form` with the record's `version`, or, on POST, save it through the service.

    `form` is bound to the request's data and has `to_data()`; `save(data, version)` calls the
    service with the version the user read. A `VersionConflict` compares `mine(data)` with
    the saved values; a `ValidationError` is shown on the form's fields; a damaged version
    is an error on the form, and nothing is saved.
    """
    is_post = request.method == "POST"
    version_form = VersionForm(request.POST if is_post else None, initial={"version": version})
    edit = VersionedEdit(form, version_form)
    if not is_post or not form.is_valid():
        return edit
    if not version_form.is_valid():
        form.add_error(None, ERR_VERSION)
        return edit
    try:
        edit.result = save(form.to_data(), version_form.cleaned_data["version"])
    except VersionConflict as error:
        edit.conflict = conflict_rows(form, mine(form.to_data()), error.current)
        # The next save is made knowingly over the version now shown.
        edit.version_form = VersionForm(initial={"version": error.current_version})
    except ValidationError as error:
        apply_errors(form, error)
    else:
        edit.saved = True
    return edit
