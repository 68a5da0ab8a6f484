from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer


class TokenAuth(HttpBearer):
    """Per-user API token in `Authorization: Bearer <token>`.

    The token is checked once, by the middleware that also serves export URLs; this class
    only states the requirement (and documents it in the OpenAPI document).
    """

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if getattr(request, "bearer_authenticated", False):
            return request.user
        return None


token_auth = TokenAuth()
