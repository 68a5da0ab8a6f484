"""Loading account objects for a user: anything they may not manage is a 404."""

from __future__ import annotations

from django.http import Http404

from hemis.accounts import policy
from hemis.accounts.models import ApiToken, Invitation, User


def get_user_for_manager(manager: User, public_id: str) -> User:
    """A user account that `manager` may see in user management, or 404."""
    user = (
        User.objects.select_related("state")
        .filter(policy.visible_users_q(manager), public_id=public_id)
        .first()
    )
    if user is None:
        raise Http404
    return user


def get_invitation_for_manager(manager: User, public_id: str) -> Invitation:
    """A pending invitation that `manager` may withdraw, or 404."""
    invitation = Invitation.objects.select_related("state").filter(public_id=public_id).first()
    if invitation is None or not policy.may_invite(manager, invitation.role, invitation.state):
        raise Http404
    return invitation


def get_api_token_for_user(user: User, public_id: str) -> ApiToken:
    """One of the user's own API tokens, or 404."""
    token = ApiToken.objects.filter(user=user, public_id=public_id).first()
    if token is None:
        raise Http404
    return token
