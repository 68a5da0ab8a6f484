"""A reply's workflow: submitted (a revision), reopened, validated or returned, shared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hemis.accounts import policy
from hemis.accounts.actors import Actor, is_system, user_or_none
from hemis.core.services import audit_record
from hemis.questionnaires import reply_state, rules
from hemis.questionnaires.models import (
    Answer,
    Campaign,
    Invitation,
    Question,
    Reply,
    ReviewComment,
    Revision,
    answer_dict,
)
from hemis.questionnaires.services.answers import locked_reply
from hemis.questionnaires.services.errors import (
    ERR_RETURN_WITHOUT_COMMENT,
    ERR_UNKNOWN_QUESTION,
    InvalidAnswers,
    MissingAnswers,
    QuestionnaireError,
    ReplyLocked,
)
from hemis.questionnaires.services.workflow import REPLY_TRANSITIONS, require, transition


def _snapshot(reply: Reply) -> dict[str, dict]:
    return {
        code: answer_dict(value, not_available, provisional, comment)
        for code, value, not_available, provisional, comment in Answer.objects.filter(
            reply=reply
        ).values_list("question__code", "value", "not_available", "provisional", "comment")
        if not rules.is_empty(value) or not_available or comment
    }


def _bump_report(campaign_id: int) -> None:
    Campaign.objects.filter(pk=campaign_id).update(report_generation=F("report_generation") + 1)


def _prepare_annex_later(reply: Reply) -> None:
    """Have a worker lay out the shared reply's pages of the report PDF, ahead of downloads.

    Only with a queue of background tasks: with the default backend a task runs inside the
    request, and a submission should not wait for PDF layout; the first download lays them out.
    """
    from django_tasks import task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    from hemis.questionnaires.tasks import prepare_annex_parts_task

    backend = task_backends[prepare_annex_parts_task.backend]
    if reply.shared and not isinstance(backend, ImmediateBackend):
        transaction.on_commit(lambda: prepare_annex_parts_task.enqueue(reply.pk))


@transaction.atomic
def reply_submit(*, reply: Reply, actor: Actor, today: dt.date | None = None) -> Revision:
    """Submit (or re-submit after an amendment): a new revision; late after the state's date."""
    require(is_system(actor) or policy.can_submit_for_state(actor, reply.state_id))
    reply = locked_reply(reply, actor)
    if reply.campaign.status != Campaign.Status.OPEN:
        raise ReplyLocked(reply_state.lock_reason(reply))
    target = transition(reply, "submit", REPLY_TRANSITIONS)
    missing = reply_state.missing_required(reply)
    if missing:
        raise MissingAnswers(missing)
    today = today or timezone.localdate()
    invitation = Invitation.objects.select_related("campaign").get(
        campaign=reply.campaign, state=reply.state
    )
    late = today > invitation.deadline
    answers = _snapshot(reply)
    previous = reply.revisions.order_by("-number").first()
    before = previous.answers if previous else {}
    changes = {
        code: [before.get(code), answers.get(code)]
        for code in sorted(set(before) | set(answers))
        if before.get(code) != answers.get(code)
    }
    now = timezone.now()
    revision = Revision.objects.create(
        reply=reply,
        number=reply.revision_count + 1,
        submitted_at=now,
        submitted_by=user_or_none(actor),
        late=late,
        answers=answers,
        changes=changes,
    )
    old_status = reply.status
    reply.status = target
    reply.revision_count = revision.number
    reply.submitted_at = now
    reply.first_submitted_at = reply.first_submitted_at or now
    if revision.number == 1:
        reply.late = late
    reply.save(
        update_fields=["status", "revision_count", "submitted_at", "first_submitted_at", "late"]
    )
    _bump_report(reply.campaign_id)
    _prepare_annex_later(reply)
    audit_record(
        actor=actor,
        action="reply.submit",
        obj=reply,
        state=reply.state,
        changes={
            "status": [old_status, target],
            "revision": [None, revision.number],
            "late": [None, late],
        },
    )
    return revision


@transaction.atomic
def reply_reopen(*, reply: Reply, actor: Actor) -> Reply:
    """Reopen a submitted or validated reply so that it can be amended."""
    require(policy.can_submit_for_state(actor, reply.state_id))
    reply = locked_reply(reply, actor)
    if reply.campaign.status != Campaign.Status.OPEN:
        raise ReplyLocked(reply_state.lock_reason(reply))
    old = reply.status
    reply.status = transition(reply, "reopen", REPLY_TRANSITIONS)
    reply.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="reply.reopen",
        obj=reply,
        state=reply.state,
        changes={"status": [old, reply.status]},
    )
    return reply


@transaction.atomic
def reply_validate(*, reply: Reply, actor: Actor) -> Reply:
    """The Secretariat accepts a submitted reply."""
    require(policy.is_secretariat(actor))
    reply = locked_reply(reply, actor)
    old = reply.status
    reply.status = transition(reply, "validate", REPLY_TRANSITIONS)
    reply.reviewed_at = timezone.now()
    reply.reviewed_by = user_or_none(actor)
    reply.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    _bump_report(reply.campaign_id)
    audit_record(
        actor=actor,
        action="reply.validate",
        obj=reply,
        state=reply.state,
        changes={"status": [old, reply.status]},
    )
    return reply


@transaction.atomic
def reply_return(*, reply: Reply, actor: Actor, comments: Mapping[str, str]) -> list[ReviewComment]:
    """The Secretariat returns a submitted reply with comments on questions."""
    require(policy.is_secretariat(actor))
    reply = locked_reply(reply, actor)
    target = transition(reply, "return", REPLY_TRANSITIONS)
    questions = {
        q.code: q for q in Question.objects.filter(questionnaire_id=reply.campaign.questionnaire_id)
    }
    unknown = [code for code in comments if code not in questions]
    if unknown:
        raise InvalidAnswers({code: str(ERR_UNKNOWN_QUESTION % {"code": code}) for code in unknown})
    errors = {}
    texts = {}
    for code, text in comments.items():
        try:
            cleaned = rules.clean_comment(text)
        except rules.InvalidAnswer as error:
            errors[code] = str(error)
            continue
        if cleaned:
            texts[code] = cleaned
    if errors:
        raise InvalidAnswers(errors)
    if not texts:
        raise QuestionnaireError(ERR_RETURN_WITHOUT_COMMENT)
    created = ReviewComment.objects.bulk_create(
        [
            ReviewComment(
                reply=reply,
                question=questions[code],
                revision_number=reply.revision_count,
                text=text,
                author=user_or_none(actor),
            )
            for code, text in texts.items()
        ]
    )
    old = reply.status
    reply.status = target
    reply.reviewed_at = timezone.now()
    reply.reviewed_by = user_or_none(actor)
    reply.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    _bump_report(reply.campaign_id)
    audit_record(
        actor=actor,
        action="reply.return",
        obj=reply,
        state=reply.state,
        changes={"status": [old, target], "comments": [None, texts]},
    )
    return created


@transaction.atomic
def reply_set_shared(*, reply: Reply, actor: Actor, shared: bool) -> Reply:
    """The state decides whether all delegations see its submitted reply."""
    require(is_system(actor) or policy.can_submit_for_state(actor, reply.state_id))
    reply = locked_reply(reply, actor)
    if reply.shared == shared:
        return reply
    reply.shared = shared
    reply.save(update_fields=["shared"])
    _bump_report(reply.campaign_id)
    _prepare_annex_later(reply)
    audit_record(
        actor=actor,
        action="reply.share",
        obj=reply,
        state=reply.state,
        changes={"shared": [not shared, shared]},
    )
    return reply
