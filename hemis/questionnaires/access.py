"""Load campaigns, replies and their files for a user, or 404: the only way views and the API
reach them. Nothing here writes: a reply never saved is handed out unsaved, and its first
write (a service) starts it."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from hemis.accounts import policy
from hemis.core.identifiers import parse_uuid
from hemis.core.models import MemberState
from hemis.questionnaires.models import (
    Attachment,
    Campaign,
    Invitation,
    Question,
    Questionnaire,
    Reply,
)


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


def get_questionnaire_for_user(user: Any, code: str, version: int) -> Questionnaire:
    """A questionnaire version, with its texts and translations: for the Secretariat."""
    if not policy.is_secretariat(user):
        raise Http404
    questionnaire = Questionnaire.objects.filter(code=code, version=version).first()
    if questionnaire is None:
        raise Http404
    return questionnaire


def can_read_reply_in_full(user: Any, state: MemberState | int) -> bool:
    """The draft and everything in it: the Secretariat and the state's own editors."""
    return policy.can_read_state_restricted(user, state)


def can_read_review_comments(user: Any, state: MemberState | int) -> bool:
    """The Secretariat's comments on a returned reply: for the Secretariat and the state's
    editors who answer them, never for other readers of a shared reply."""
    return policy.can_read_state_restricted(user, state)


NOT_SUBMITTED = "not_submitted"


def reply_status_for_user(user: Any, state: MemberState | int, reply: Reply | None) -> str:
    """The reply's status as the user may see it.

    The Secretariat and the state's editors see where the draft stands (not started, draft,
    returned...); everyone else sees only whether the reply was submitted.
    """
    if can_read_reply_in_full(user, state):
        return reply.status if reply else "not_started"
    return Reply.Status.SUBMITTED if reply and reply.has_been_submitted else NOT_SUBMITTED


def can_read_shared(user: Any, reply: Reply) -> bool:
    """A submitted reply its state shares: every official."""
    return reply.shared and reply.has_been_submitted and policy.is_official(user)


def get_invitation_for_user(user: Any, campaign: Campaign, iso3: str) -> Invitation:
    """The state's invitation to a campaign the user may see (its date, its extension)."""
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

    The state's editors get an unsaved empty reply before its first write; readers of a
    shared reply get it only once it has been submitted.
    """
    campaign = get_campaign_for_user(user, campaign_code)
    invitation = get_invitation_for_user(user, campaign, iso3)
    state = invitation.state
    if submit and not policy.can_submit_for_state(user, state):
        raise Http404
    if write and not policy.can_edit_state_data(user, state):
        raise Http404
    found = Reply.objects.filter(campaign=campaign, state=state).first()
    if found is None:
        if not policy.can_edit_state_data(user, state):
            raise Http404
        found = Reply(campaign=campaign, state=state, shared=campaign.shared_by_default)
    elif not (can_read_reply_in_full(user, state) or can_read_shared(user, found)):
        raise Http404
    found.campaign = campaign
    found.state = state
    return found


def get_reply_for_review(user: Any, campaign_code: str, iso3: str) -> Reply:
    """A submitted reply for the Secretariat to validate or return."""
    if not policy.is_secretariat(user):
        raise Http404
    reply = get_reply_for_user(user, campaign_code, iso3)
    if reply.pk is None:
        raise Http404
    return reply


def get_question_for_reply(reply: Reply, code: str) -> Question:
    """One question of the reply's questionnaire, by its code."""
    question = (
        Question.objects.select_related("questionnaire")
        .filter(questionnaire_id=reply.campaign.questionnaire_id, code=code)
        .first()
    )
    if question is None:
        raise Http404
    return question


def get_attachment_for_user(user: Any, reply: Reply, attachment_id: str) -> Attachment:
    """A file of a reply the user may read: any of the reply's files for those who read it in
    full; for readers of a shared reply, only a file its last submission names."""
    if reply.pk is None:
        raise Http404
    public_id = parse_uuid(attachment_id)
    attachment = (
        Attachment.objects.filter(reply=reply, public_id=public_id).first() if public_id else None
    )
    if attachment is None:
        raise Http404
    if can_read_reply_in_full(user, reply.state_id):
        return attachment
    revision = reply.revisions.order_by("-number").first()
    named = {
        str(answer["value"].get("id"))
        for answer in (revision.answers.values() if revision else [])
        if isinstance(answer.get("value"), dict)
    }
    if str(attachment.public_id) not in named:
        raise Http404
    return attachment
