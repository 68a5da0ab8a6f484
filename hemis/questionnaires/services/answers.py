"""A reply's answers: started, saved question by question (merged), copied, files attached."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from hemis.accounts import policy
from hemis.accounts.actors import Actor, is_system, user_or_none
from hemis.core import limits
from hemis.core.identifiers import parse_uuid
from hemis.core.models import MemberState
from hemis.core.services import audit_record
from hemis.questionnaires import reply_state, rules
from hemis.questionnaires.models import (
    Answer,
    Attachment,
    Campaign,
    Question,
    QuestionKind,
    Reply,
)
from hemis.questionnaires.services.errors import (
    ERR_ALREADY_ANSWERED,
    ERR_FILE_SIZE,
    ERR_FILE_TYPE,
    ERR_NO_PREVIOUS,
    ERR_NOT_A_FILE_QUESTION,
    ERR_TOO_MANY_ANSWERS,
    ERR_UNKNOWN_FILE,
    ERR_UNKNOWN_QUESTION,
    AnswerConflict,
    InvalidAnswers,
    InvalidVersion,
    QuestionnaireError,
    ReplyLocked,
)
from hemis.questionnaires.services.workflow import require

# What a file question accepts: checked from the content's signature, not from the name.
ACCEPTED_FILE_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
}


@dataclass(frozen=True)
class SaveResult:
    version: int
    changed: list[str]


def _may_edit(actor: Actor, state_id: int | None) -> bool:
    return is_system(actor) or policy.can_edit_state_data(actor, state_id)


@transaction.atomic
def reply_start(*, campaign: Campaign, state: MemberState, actor: Actor) -> Reply:
    """The state's reply to the campaign, created empty (and recorded) the first time."""
    require(_may_edit(actor, state.pk))
    reply, created = Reply.objects.get_or_create(
        campaign=campaign, state=state, defaults={"shared": campaign.shared_by_default}
    )
    if created:
        audit_record(
            actor=actor,
            action="reply.start",
            obj=reply,
            state=state,
            changes={"shared": [None, reply.shared]},
        )
    return reply


def locked_reply(reply: Reply, actor: Actor) -> Reply:
    """The reply's row, locked for this transaction; a reply never saved is started first.

    Reading a reply never creates it (access hands out an unsaved one): its first write does.
    """
    if reply.pk is None:
        reply = reply_start(campaign=reply.campaign, state=reply.state, actor=actor)
    return Reply.objects.select_for_update().select_related("campaign", "state").get(pk=reply.pk)


def _answer_input(question: Question, raw: Any) -> dict[str, Any]:
    """A bare value, or {value, not_available, provisional, comment} with any of the keys."""
    if (
        isinstance(raw, Mapping)
        and set(raw) & rules.RESERVED_KEYS
        and (
            question.kind
            not in (QuestionKind.TABLE, QuestionKind.LEGAL_REFERENCE, QuestionKind.FILE)
            or set(raw) <= rules.RESERVED_KEYS
        )
    ):
        return dict(raw)
    return {"value": raw}


def _attached_file(reply: Reply, question: Question, value: Any) -> dict[str, str] | None:
    """A file answer names a file uploaded to this question of this reply, by its id; the
    name stored with the file is the answer's, whatever name the writer sent."""
    if value is None:
        return None
    public_id = parse_uuid(value["id"])
    attachment = (
        Attachment.objects.filter(reply=reply, question=question, public_id=public_id).first()
        if public_id and reply.pk
        else None
    )
    if attachment is None:
        raise rules.InvalidAnswer(str(ERR_UNKNOWN_FILE))
    return {"id": str(attachment.public_id), "name": attachment.name}


def _clean_entry(reply: Reply, question: Question, raw: Any) -> dict[str, Any]:
    given = _answer_input(question, raw)
    entry: dict[str, Any] = {}
    if "value" in given:
        entry["value"] = rules.clean_value(question, given["value"])
        if question.kind == QuestionKind.FILE:
            entry["value"] = _attached_file(reply, question, entry["value"])
    if "not_available" in given:
        entry["not_available"] = bool(given["not_available"])
    if "provisional" in given:
        entry["provisional"] = bool(given["provisional"]) and question.kind in (
            QuestionKind.NUMBER,
            QuestionKind.TABLE,
        )
    if "comment" in given:
        entry["comment"] = rules.clean_comment(given["comment"])
    return entry


@transaction.atomic
def reply_save_answers(
    *, reply: Reply, actor: Actor, answers: Mapping[str, Any], base_version: int
) -> SaveResult:
    """Apply answers read at `base_version`: a merge, unless one of them changed since."""
    require(_may_edit(actor, reply.state_id))
    reply = locked_reply(reply, actor)
    reason = reply_state.lock_reason(reply)
    if reason:
        raise ReplyLocked(reason)
    if not 0 <= base_version <= reply.version:
        # A version the reply never had would hide every change made since the one read.
        raise InvalidVersion(version=base_version, current_version=reply.version)
    if len(answers) > limits.MAX_ANSWERS_PER_SAVE:
        raise InvalidAnswers({"": str(ERR_TOO_MANY_ANSWERS % {"max": limits.MAX_ANSWERS_PER_SAVE})})
    # Only the questions being saved: an autosave sends one, the questionnaire may have 1,000.
    questions = {
        q.code: q
        for q in Question.objects.filter(
            questionnaire_id=reply.campaign.questionnaire_id, code__in=list(answers)
        )
    }
    errors: dict[str, str] = {}
    cleaned: dict[str, dict[str, Any]] = {}
    for code, raw in answers.items():
        question = questions.get(code)
        if question is None:
            errors[code] = str(ERR_UNKNOWN_QUESTION % {"code": code})
            continue
        try:
            cleaned[code] = _clean_entry(reply, question, raw)
        except rules.InvalidAnswer as error:
            errors[code] = str(error)
    if errors:
        raise InvalidAnswers(errors)
    existing = {
        a.question.code: a
        for a in Answer.objects.select_for_update()
        .filter(reply=reply, question__code__in=list(cleaned))
        .select_related("question")
    }
    conflicts = {
        code: answer.as_dict()
        for code, answer in existing.items()
        if answer.changed_in > base_version and _differs(answer, cleaned[code])
    }
    if conflicts:
        raise AnswerConflict(
            current_version=reply.version, conflicts=conflicts, read_version=base_version
        )
    new_version = reply.version + 1
    now = timezone.now()
    changes: dict[str, list] = {}
    to_create: list[Answer] = []
    to_update: list[Answer] = []
    for code, entry in cleaned.items():
        answer = existing.get(code)
        if answer is None:
            answer = Answer(reply=reply, question=questions[code])
            before = None
        else:
            before = answer.as_dict()
        for key, value in entry.items():
            setattr(answer, key, value)
        if entry.get("value") is not None:
            answer.not_available = entry.get("not_available", False)
        after = answer.as_dict()
        if before == after or (before is None and _blank(after)):
            continue
        answer.needs_review = False
        answer.changed_in = new_version
        answer.updated_at = now
        answer.updated_by = user_or_none(actor)
        (to_update if answer.pk else to_create).append(answer)
        changes[code] = [before, after]
    if not changes:
        return SaveResult(version=reply.version, changed=[])
    Answer.objects.bulk_create(to_create)
    Answer.objects.bulk_update(
        to_update,
        [
            "value",
            "not_available",
            "provisional",
            "comment",
            "needs_review",
            "changed_in",
            "updated_at",
            "updated_by",
        ],
    )
    reply.version = new_version
    reply.updated_at = now
    reply.save(update_fields=["version", "updated_at"])
    audit_record(actor=actor, action="reply.answer", obj=reply, state=reply.state, changes=changes)
    return SaveResult(version=new_version, changed=sorted(changes))


def _differs(answer: Answer, entry: Mapping[str, Any]) -> bool:
    current = answer.as_dict()
    return any(current.get(key) != value for key, value in entry.items())


def _blank(answer: Mapping[str, Any]) -> bool:
    return rules.is_empty(answer["value"]) and not answer["not_available"] and not answer["comment"]


@transaction.atomic
def reply_copy_previous(*, reply: Reply, actor: Actor) -> list[str]:
    """Start from the state's last submitted reply: answers to questions with the same code,
    marked for review. Answers that no longer fit their question are left out."""
    require(policy.can_edit_state_data(actor, reply.state_id))
    reply = locked_reply(reply, actor)
    reason = reply_state.lock_reason(reply)
    if reason:
        raise ReplyLocked(reason)
    if Answer.objects.filter(reply=reply).exists():
        raise QuestionnaireError(ERR_ALREADY_ANSWERED)
    source = reply_state.previous_reply(reply)
    if source is None:
        raise QuestionnaireError(ERR_NO_PREVIOUS)
    revision = source.revisions.order_by("-number").first()
    questions = {
        q.code: q for q in Question.objects.filter(questionnaire_id=reply.campaign.questionnaire_id)
    }
    new_version = reply.version + 1
    copied = []
    for code, old in (revision.answers if revision else {}).items():
        question = questions.get(code)
        if question is None or question.kind == QuestionKind.FILE:
            continue
        try:
            value = rules.clean_value(question, old.get("value"))
        except rules.InvalidAnswer:
            continue
        copied.append(
            Answer(
                reply=reply,
                question=question,
                value=value,
                not_available=bool(old.get("not_available")),
                provisional=bool(old.get("provisional")),
                comment=old.get("comment", "") if question.allows_comment else "",
                needs_review=True,
                changed_in=new_version,
                updated_by=user_or_none(actor),
            )
        )
    Answer.objects.bulk_create(copied)
    reply.version = new_version
    reply.copied_from = source
    reply.updated_at = timezone.now()
    reply.save(update_fields=["version", "copied_from", "updated_at"])
    codes = sorted(a.question.code for a in copied)
    audit_record(
        actor=actor,
        action="reply.copy_previous",
        obj=reply,
        state=reply.state,
        changes={"copied_from": [None, str(source)], "questions": [None, codes]},
    )
    return codes


@transaction.atomic
def answer_mark_reviewed(*, reply: Reply, actor: Actor, question_code: str) -> None:
    """A copied answer was looked at and kept as it is."""
    require(policy.can_edit_state_data(actor, reply.state_id))
    if reply.pk is None:
        return
    Answer.objects.filter(reply=reply, question__code=question_code).update(needs_review=False)


@transaction.atomic
def attachment_upload(
    *, reply: Reply, actor: Actor, question: Question, upload: UploadedFile, base_version: int
) -> SaveResult:
    """Store a file for a file question, checking its type from its content, and answer with it."""
    require(policy.can_edit_state_data(actor, reply.state_id))
    if question.kind != QuestionKind.FILE:
        raise InvalidAnswers(
            {question.code: str(ERR_NOT_A_FILE_QUESTION % {"code": question.code})}
        )
    max_mb = question.config.get("max_mb", 10)
    if upload.size is None or upload.size > max_mb * 1024 * 1024:
        raise InvalidAnswers({question.code: str(ERR_FILE_SIZE % {"max": max_mb})})
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ACCEPTED_FILE_TYPES:
        raise InvalidAnswers({question.code: str(ERR_FILE_TYPE)})
    reply = locked_reply(reply, actor)
    reason = reply_state.lock_reason(reply)
    if reason:
        raise ReplyLocked(reason)
    attachment = Attachment.objects.create(
        reply=reply,
        question=question,
        file=upload,
        name=(upload.name or "file")[-200:],
        content_type=kind.mime,
        size=upload.size or 0,
        uploaded_by=user_or_none(actor),
    )
    return reply_save_answers(
        reply=reply,
        actor=actor,
        answers={
            question.code: {"value": {"id": str(attachment.public_id), "name": attachment.name}}
        },
        base_version=base_version,
    )
