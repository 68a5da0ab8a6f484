from __future__ import annotations

from ninja import Router, Schema

from hemis.api.auth import token_auth

router = Router(tags=["accounts"])


class MeOut(Schema):
    email: str
    full_name: str
    roles: list[str]
    state: str | None


@router.get("/me", response=MeOut, auth=token_auth, summary="The token's user")
def me(request):
    """The user the token belongs to: e-mail, roles and member state (ISO3)."""
    user = request.auth
    return {
        "email": user.email,
        "full_name": user.full_name,
        "roles": [user.role],
        "state": user.state.iso3 if user.state else None,
    }
