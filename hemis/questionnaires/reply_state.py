"""What a reply's state allows: whether it can be changed, what it still lacks, what it can
start from. Services ask before a write, selectors for the pages: one answer for both."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from hemis.questionnaires import rules
from hemis.questionnaires.models import Answer, Campaign, Question, Reply

ERR_CAMPAIGN_NOT_OPEN = gettext_lazy("The campaign is not open: replies cannot be changed.")
ERR_CAMPAIGN_CLOSED = gettext_lazy(
    "The campaign closed; the reply can no longer be changed. The Secretariat can reopen it."
)
ERR_REPLY_SUBMITTED = gettext_lazy(
    "The reply was submitted; the coordinator can reopen it to amend it (a new revision)."
)
ERR_REPLY_VALIDATED = gettext_lazy(
    "The Secretariat validated the reply; the coordinator can reopen it to amend it."
)


def lock_reason(reply: Reply) -> str:
    """Why the reply cannot be edited now, or "" when it can."""
    if reply.campaign.status == Campaign.Status.CLOSED:
        return str(ERR_CAMPAIGN_CLOSED)
    if reply.campaign.status != Campaign.Status.OPEN:
        return str(ERR_CAMPAIGN_NOT_OPEN)
    if reply.status == Reply.Status.SUBMITTED:
        return str(ERR_REPLY_SUBMITTED)
    if reply.status == Reply.Status.VALIDATED:
        return str(ERR_REPLY_VALIDATED)
    return ""


def missing_required(reply: Reply) -> list[Question]:
    """Required questions that are shown and have no answer (nor "not available")."""
    answers = (
        {
            code: (value, not_available)
            for code, value, not_available in Answer.objects.filter(reply=reply).values_list(
                "question__code", "value", "not_available"
            )
        }
        if reply.pk
        else {}
    )
    questions = list(
        Question.objects.filter(questionnaire_id=reply.campaign.questionnaire_id).select_related(
            "section"
        )
    )
    values = rules.visible_values(
        questions, {code: value for code, (value, _na) in answers.items()}
    )
    missing = []
    for question in questions:
        if not question.required or not rules.is_shown(question, values):
            continue
        value, not_available = answers.get(question.code, (None, False))
        if not rules.is_answered(value, not_available):
            missing.append(question)
    return missing


def previous_reply(reply: Reply) -> Reply | None:
    """The state's latest submitted reply in another campaign."""
    replies = Reply.objects.filter(state_id=reply.state_id, revision_count__gt=0)
    if reply.pk:
        replies = replies.exclude(pk=reply.pk)
    return replies.select_related("campaign__questionnaire").order_by("-submitted_at").first()
