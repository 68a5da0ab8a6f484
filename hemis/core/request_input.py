"""Requests refused before any view reads them: too large, or with text no database stores.

Every page and every API operation of every module is behind this one check, so none of them
meets a NUL character or half of a surrogate pair (see hemis.core.text) in its path, its query
string, its form fields or its JSON body, nor a body larger than hemis reads
(hemis.core.limits). The refusal names the field: a 400 page, or in the API a 422 in the
shape of every other (`{"detail": [{"field", "message"}]}`), or a 413 for a body too large.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from hemis.core import limits, text

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Nesting of a JSON body deeper than any operation's schema.
MAX_JSON_DEPTH = 32


class Refusal(Exception):
    def __init__(self, message: str, field: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.field, self.status = message, field, status


class RequestInputMiddleware:
    """Refuse a request that is too large or carries text that cannot be stored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            _check(request)
        except Refusal as refusal:
            return _refused(request, refusal)
        return self.get_response(request)


def _check(request: HttpRequest) -> None:
    if _content_length(request) > limits.MAX_REQUEST_BYTES:
        raise Refusal(
            _("The request is larger than %(megabytes)s MB; send a smaller file.")
            % {"megabytes": limits.MAX_REQUEST_BYTES // limits.MiB},
            status=413,
        )
    if not text.is_storable(request.path_info):
        raise Refusal(str(text.ERR_UNSTORABLE_FIELD % {"field": _("the address")}))
    _check_pairs(request.GET.lists())
    content_type = request.content_type or ""
    if request.method == "POST" and content_type in FORM_TYPES:
        try:
            # File names need no check: Django keeps only their printable characters.
            _check_pairs(request.POST.lists())
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as error:
            raise Refusal(_too_much_message(error), status=413) from error
        except MultiPartParserError as error:
            raise Refusal(_("The form could not be read; send it again.")) from error
    elif content_type == "application/json" or content_type.endswith("+json"):
        _check_json(request)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _too_much_message(error: Exception) -> str:
    if isinstance(error, TooManyFieldsSent):
        return _("The form has more than %(count)s fields.") % {"count": limits.MAX_FORM_FIELDS}
    if isinstance(error, TooManyFilesSent):
        return _("The form has more than %(count)s files.") % {"count": limits.MAX_FORM_FILES}
    return _("The form is larger than %(megabytes)s MB, files apart.") % {
        "megabytes": limits.MAX_FORM_BYTES // limits.MiB
    }


def _check_pairs(pairs: Iterable[tuple[str, list[Any]]]) -> None:
    for name, values in pairs:
        label = text.printable_name(name)
        if not text.is_storable(name):
            raise Refusal(str(text.ERR_UNSTORABLE_FIELD % {"field": label}), label)
        for value in values:
            if not isinstance(value, str):
                continue
            if not text.is_storable(value):
                raise Refusal(str(text.ERR_UNSTORABLE_FIELD % {"field": label}), label)
            if message := limits.too_long(value, limits.MAX_TEXT_CHARS):
                raise Refusal(f"{label}: {message}", label)


def _check_json(request: HttpRequest) -> None:
    try:
        body = request.body
    except RequestDataTooBig as error:
        raise Refusal(_too_much_message(error), status=413) from error
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return  # not JSON: the operation answers that it cannot read the body
    _walk(data, ())


def _walk(value: Any, path: tuple[str, ...]) -> None:
    if len(path) > MAX_JSON_DEPTH:
        raise Refusal(_("The request is nested too deeply."), ".".join(path))
    if isinstance(value, str):
        field = ".".join(path) or None
        if not text.is_storable(value):
            raise Refusal(
                str(text.ERR_UNSTORABLE_FIELD % {"field": field or _("the request")}), field
            )
        if message := limits.too_long(value, limits.MAX_TEXT_CHARS):
            raise Refusal(f"{field}: {message}" if field else message, field)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not text.is_storable(key):
                field = ".".join((*path, text.printable_name(key)))
                raise Refusal(str(text.ERR_UNSTORABLE_FIELD % {"field": field}), field)
            _walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, (*path, str(index)))


def _refused(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        status = 422 if refusal.status == 400 else refusal.status
        detail = [{"field": refusal.field, "message": refusal.message}]
        return JsonResponse({"detail": detail}, status=status)
    return render(request, "core/refused.html", {"message": refusal.message}, status=refusal.status)
