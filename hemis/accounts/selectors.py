"""Reads of accounts data, scoped to the user asking."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from hemis.accounts import policy
from hemis.accounts.models import ApiToken, Invitation, User


def user_list(*, viewer: User, query: str = "", role: str = "", state: str = "") -> QuerySet[User]:
    """Users that `viewer` manages, filtered by text, role and state ISO3."""
    users = User.objects.select_related("state").filter(policy.visible_users_q(viewer))
    if query:
        users = users.filter(email__icontains=query) | users.filter(full_name__icontains=query)
    if role:
        users = users.filter(role=role)
    if state:
        users = users.filter(state__iso3=state.upper())
    return users.order_by("email")


def pending_invitation_list(*, viewer: User) -> QuerySet[Invitation]:
    """Invitations still open that `viewer` sent or may withdraw."""
    invitations = Invitation.objects.select_related("state", "invited_by").filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
    if policy.is_admin(viewer):
        return invitations
    if policy.can_manage_users(viewer):
        return invitations.filter(state_id=viewer.state_id, role__in=policy.invitable_roles(viewer))
    return invitations.none()


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, active first."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")
