"""One mapping from the errors services raise to the API's answers, for every endpoint.

Endpoints call services and access helpers and let their exceptions through; `register(api)`
turns them into answers, the same everywhere:

| raised | status | body |
| --- | --- | --- |
| `VersionConflict` | 409 | `{"detail", "current_version", "current"}` (`VersionConflictOut`) |
| `Conflict` (the record's state forbids the change) | 409 | `{"detail": "..."}` |
| `ValidationError`, a request ninja cannot read | 422 | `{"detail": [{"field", "message"}]}` |
| `Http404`, `ObjectDoesNotExist`, `PermissionDenied` | 404 | `{"detail": "..."}` |

A refusal is a 404 with the same body as a missing object, so that existence does not leak.
The response schemas are here too, for endpoints to declare what they may answer.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy
from ninja import Field, NinjaAPI, Schema
from ninja.errors import ValidationError as NinjaValidationError

from hemis.core.services import Conflict, VersionConflict

ERR_NOT_FOUND = gettext_lazy("Not found.")


class Detail(Schema):
    detail: str


class FieldError(Schema):
    field: str | None = Field(description="The field at fault, or null for the whole entry.")
    message: str


class FieldErrors(Schema):
    detail: list[FieldError]


class VersionConflictOut(Schema):
    detail: str
    current_version: int
    current: dict[str, Any] = Field(description="The saved values, as the editable fields.")


def field_errors(error: ValidationError) -> list[dict[str, Any]]:
    """One {field, message} per message of a ValidationError; null for the whole entry."""
    if not hasattr(error, "error_dict"):
        return [{"field": None, "message": message} for message in error.messages]
    return [
        {"field": None if field == "__all__" else field, "message": message}
        for field, messages in error.message_dict.items()
        for message in messages
    ]


def register(api: NinjaAPI) -> None:
    """Install the mapping on `api`."""

    def answer(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def version_conflict(request: HttpRequest, error: VersionConflict) -> HttpResponse:
        read = error.read_version if error.read_version is not None else "?"
        body = {
            "detail": str(error.message) % {"version": read},
            "current_version": error.current_version,
            **error.saved(),
        }
        return answer(request, body, 409)

    def conflict(request: HttpRequest, error: Conflict) -> HttpResponse:
        return answer(request, {"detail": " ".join(error.messages)}, 409)

    def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
        return answer(request, {"detail": field_errors(error)}, 422)

    def invalid_request(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
        detail = []
        for item in error.errors:
            location = [
                str(part)
                for part in item.get("loc", ())
                if part not in ("body", "query", "path", "payload")
            ]
            detail.append({"field": ".".join(location) or None, "message": item.get("msg", "")})
        return answer(request, {"detail": detail}, 422)

    def not_found(request: HttpRequest, error: Exception) -> HttpResponse:
        # An explicit Http404("…") names what is missing; anything else says no more.
        message = error.args[0] if isinstance(error, Http404) and error.args else ERR_NOT_FOUND
        return answer(request, {"detail": str(message)}, 404)

    api.add_exception_handler(VersionConflict, version_conflict)
    api.add_exception_handler(Conflict, conflict)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(NinjaValidationError, invalid_request)
    for refused in (Http404, ObjectDoesNotExist, PermissionDenied):
        api.add_exception_handler(refused, not_found)
