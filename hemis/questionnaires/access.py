"""Load campaigns and replies for a user, or 404: the only way views and the API reach them."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from hemis.accounts import policy
from hemis.core.models import MemberState
from hemis.questionnaires import services
from hemis.questionnaires.models import Campaign, Invitation, Reply


def can_read_campaigns(user: Any) -> bool:
    """Campaigns and their report are for signed-in officials and the Secretariat."""
    return policy.is_official(user)


def get_campaign_for_user(user: Any, code: str) -> Campaign:
    """A campaign the user may see: officials see open and closed ones, admins drafts too."""
    if not can_read_campaigns(user):
        raise Http404
    campaign = Campaign.objects.select_related("questionnaire").filter(code=code).first()
    if campaign is None or (campaign.status == Campaign.Status.DRAFT and not policy.is_admin(user)):
        raise Http404
    return campaign


def can_read_reply_in_full(user: Any, state: MemberState | int) -> bool:
    """The draft and everything in it: the Secretariat and the state's own editors."""
    return policy.can_read_state_restricted(user, state)


def can_read_shared(user: Any, reply: Reply) -> bool:
    """A submitted reply its state shares: every official."""
    return reply.shared and reply.has_been_submitted and policy.is_official(user)


def get_invitation_for_user(user: Any, campaign: Campaign, iso3: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("state", "campaign")
        .filter(campaign=campaign, state__iso3=iso3.upper())
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def get_reply_for_user(
    user: Any, campaign_code: str, iso3: str, *, write: bool = False, submit: bool = False
) -> Reply:
    """A state's reply the user may read (or, with write/submit, change); 404 otherwise.

    The state's editors get the reply created empty on first use; readers of a shared reply
    get it only once it has been submitted.
    """
    campaign = get_campaign_for_user(user, campaign_code)
    invitation = get_invitation_for_user(user, campaign, iso3)
    state = invitation.state
    if submit and not policy.can_submit_for_state(user, state):
        raise Http404
    if write and not policy.can_edit_state_data(user, state):
        raise Http404
    if policy.can_edit_state_data(user, state):
        reply = services.reply_for_state(campaign=campaign, state=state)
    else:
        found = Reply.objects.filter(campaign=campaign, state=state).first()
        if found is None or not (
            can_read_reply_in_full(user, state) or can_read_shared(user, found)
        ):
            raise Http404
        reply = found
    reply.campaign = campaign
    reply.state = state
    return reply


def get_reply_for_review(user: Any, campaign_code: str, iso3: str) -> Reply:
    """A submitted reply for the Secretariat to validate or return."""
    if not policy.is_secretariat(user):
        raise Http404
    return get_reply_for_user(user, campaign_code, iso3)
