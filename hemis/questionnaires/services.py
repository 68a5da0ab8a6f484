"""Every write of the questionnaires module: definitions, campaigns, replies, reviews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import filetype
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy

from hemis.accounts import policy
from hemis.core.models import MemberState
from hemis.core.selectors import participating_q
from hemis.core.services import audit_record
from hemis.questionnaires import rules
from hemis.questionnaires.models import (
    Answer,
    Attachment,
    Campaign,
    Invitation,
    Question,
    QuestionKind,
    Questionnaire,
    Reply,
    ReviewComment,
    Revision,
    Section,
    answer_dict,
)

ERR_PUBLISHED = gettext_lazy(
    "Version %(version)s of %(code)s is published and never changes; give the file a new version."
)
ERR_NOT_PUBLISHED = gettext_lazy("Only a published questionnaire can be sent in a campaign.")
ERR_DEADLINE_BEFORE_OPENING = gettext_lazy("The deadline must come after the opening date.")
ERR_NO_STATES = gettext_lazy("Invite at least one state.")
ERR_CAMPAIGN_CODE_TAKEN = gettext_lazy("A campaign with this code exists already.")
ERR_EXTENSION_DATE = gettext_lazy("The new date must come after the campaign's deadline.")
ERR_EXTENSION_REASON = gettext_lazy("Give the reason for the extension.")
ERR_NOT_INVITED = gettext_lazy("%(state)s is not invited to this campaign.")
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
ERR_UNKNOWN_QUESTION = gettext_lazy("The questionnaire has no question %(code)s.")
ERR_NOT_ALLOWED = gettext_lazy("Your account may not do this.")
ERR_TRANSITION = gettext_lazy("A reply that is %(status)s cannot be %(action)s.")
ERR_NO_PREVIOUS = gettext_lazy("Your State has no earlier submitted reply to copy from.")
ERR_ALREADY_ANSWERED = gettext_lazy(
    "The reply already has answers; copy from the previous reply only into an empty reply."
)
ERR_RETURN_WITHOUT_COMMENT = gettext_lazy("Write a comment on at least one question.")
ERR_FILE_TYPE = gettext_lazy(
    "The file is not a PDF, DOCX, XLSX or ODT document (its content was checked, not its name)."
)
ERR_FILE_SIZE = gettext_lazy("The file is larger than %(max)s MB.")
ERR_NOT_A_FILE_QUESTION = gettext_lazy("Question %(code)s does not take a file.")

# What a file question accepts: checked from the content's signature, not from the name.
ACCEPTED_FILE_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
}


class ReplyLocked(Exception):
    """The reply cannot be changed now; the message says why."""


class AnswerConflict(Exception):
    """Questions the writer sent were changed by someone else since the version they read."""

    def __init__(self, *, current_version: int, conflicts: dict[str, dict]) -> None:
        super().__init__(f"{len(conflicts)} answers changed since (now version {current_version}).")
        self.current_version = current_version
        self.conflicts = conflicts


class InvalidAnswers(Exception):
    """Some values do not fit their questions: {question code: message}. Nothing was saved."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{code}: {message}" for code, message in errors.items()))
        self.errors = errors


class MissingAnswers(Exception):
    """Required questions that are shown have no answer: the reply cannot be submitted."""

    def __init__(self, questions: list[Question]) -> None:
        super().__init__(", ".join(q.code for q in questions))
        self.questions = questions


class TransitionError(Exception):
    pass


# Reply workflow: action -> (statuses it starts from, status it leads to).
REPLY_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "submit": ({Reply.Status.DRAFT, Reply.Status.RETURNED}, Reply.Status.SUBMITTED),
    "validate": ({Reply.Status.SUBMITTED}, Reply.Status.VALIDATED),
    "return": ({Reply.Status.SUBMITTED}, Reply.Status.RETURNED),
    "reopen": ({Reply.Status.SUBMITTED, Reply.Status.VALIDATED}, Reply.Status.DRAFT),
}
# Campaign workflow.
CAMPAIGN_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "open": ({Campaign.Status.DRAFT, Campaign.Status.CLOSED}, Campaign.Status.OPEN),
    "close": ({Campaign.Status.OPEN}, Campaign.Status.CLOSED),
}
ACTION_NAMES = {
    "submit": gettext_lazy("submitted"),
    "validate": gettext_lazy("validated"),
    "return": gettext_lazy("returned"),
    "reopen": gettext_lazy("reopened"),
    "open": gettext_lazy("opened"),
    "close": gettext_lazy("closed"),
}


def _transition(obj: Reply | Campaign, action: str, table: dict) -> str:
    sources, target = table[action]
    if obj.status not in sources:
        raise TransitionError(
            ERR_TRANSITION % {"status": obj.get_status_display(), "action": ACTION_NAMES[action]}
        )
    return target


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(ERR_NOT_ALLOWED)


# Questionnaires ------------------------------------------------------------------------------


@transaction.atomic
def questionnaire_load(
    *, definition: Mapping[str, Any], actor: Any = None, publish: bool = False
) -> Questionnaire:
    """Create a questionnaire version from a checked definition, or replace its draft."""
    existing = (
        Questionnaire.objects.select_for_update()
        .filter(code=definition["code"], version=definition["version"])
        .first()
    )
    if existing and existing.is_published:
        raise ValueError(ERR_PUBLISHED % {"code": existing.code, "version": existing.version})
    if existing:
        existing.delete()
    questionnaire = Questionnaire.objects.create(
        code=definition["code"],
        version=definition["version"],
        base_language=definition["base_language"],
        title=definition["title"],
        description=definition.get("description") or {},
    )
    position = 0
    questions = []
    for s_position, section_data in enumerate(definition["sections"], start=1):
        section = Section.objects.create(
            questionnaire=questionnaire,
            code=section_data["code"],
            position=s_position,
            title=section_data["title"],
            description=section_data.get("description") or {},
        )
        for data in section_data["questions"]:
            position += 1
            questions.append(
                Question(
                    questionnaire=questionnaire,
                    section=section,
                    position=position,
                    **{
                        key: data[key]
                        for key in (
                            "code",
                            "kind",
                            "text",
                            "help",
                            "required",
                            "allows_comment",
                            "needs",
                            "show_if",
                            "config",
                        )
                    },
                )
            )
    Question.objects.bulk_create(questions)
    audit_record(
        actor=actor,
        action="questionnaire.load",
        obj=questionnaire,
        changes={"questions": [None, len(questions)]},
    )
    if publish:
        questionnaire_publish(questionnaire=questionnaire, actor=actor)
    return questionnaire


@transaction.atomic
def questionnaire_publish(*, questionnaire: Questionnaire, actor: Any) -> Questionnaire:
    """Freeze a version: from now on it never changes."""
    if questionnaire.is_published:
        return questionnaire
    questionnaire.status = Questionnaire.Status.PUBLISHED
    questionnaire.published_at = timezone.now()
    questionnaire.save(update_fields=["status", "published_at"])
    audit_record(
        actor=actor,
        action="questionnaire.publish",
        obj=questionnaire,
        changes={"status": ["draft", "published"]},
    )
    return questionnaire


@transaction.atomic
def questionnaire_set_texts(
    *,
    questionnaire: Questionnaire,
    actor: Any,
    texts: Mapping[tuple[str, str, str], Mapping[str, str]],
) -> int:
    """Fill translations of a draft version: {(object kind, code, field): {language: text}}."""
    if questionnaire.is_published:
        raise ValueError(
            ERR_PUBLISHED % {"code": questionnaire.code, "version": questionnaire.version}
        )
    changed = 0
    sections = {s.code: s for s in questionnaire.sections.all()}
    questions = {q.code: q for q in questionnaire.questions.all()}
    touched: dict[int, Any] = {}
    for (kind, code, field), by_language in texts.items():
        if kind == "questionnaire":
            target: Any = questionnaire
        elif kind == "section":
            target = sections[code]
        else:
            target = questions[code]
        if field not in ("title", "description", "text", "help"):
            # A text inside the question's configuration: an option, a unit, a table's row
            # or column; the dict is the configuration's own.
            for name, labels in target.config_texts():
                if name == field and labels != {**labels, **by_language}:
                    labels.update(by_language)
                    changed += 1
                    touched[id(target)] = target
            continue
        current = getattr(target, field)
        merged = {**current, **by_language}
        if merged != current:
            setattr(target, field, merged)
            changed += 1
            touched[id(target)] = target
    for target in touched.values():
        target.save()
    audit_record(
        actor=actor,
        action="questionnaire.translate",
        obj=questionnaire,
        changes={"texts": [None, changed]},
    )
    return changed


# Campaigns -----------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    code: str,
    questionnaire: Questionnaire,
    opens_on: dt.date,
    deadline: dt.date,
    states: Iterable[MemberState] | None = None,
    shared_by_default: bool = True,
    reminder_days: int = 14,
    title: Mapping[str, str] | None = None,
    open_now: bool = True,
) -> Campaign:
    """Send a published questionnaire version to the states (default: those taking part)."""
    _require(actor is None or policy.is_admin(actor))
    if not questionnaire.is_published:
        raise ValueError(ERR_NOT_PUBLISHED)
    if deadline <= opens_on:
        raise ValueError(ERR_DEADLINE_BEFORE_OPENING)
    if states is None:
        states = MemberState.objects.filter(participating_q(opens_on)).order_by("iso3")
    states = list(states)
    if not states:
        raise ValueError(ERR_NO_STATES)
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                code=code,
                questionnaire=questionnaire,
                title=dict(title or {}),
                opens_on=opens_on,
                deadline=deadline,
                shared_by_default=shared_by_default,
                reminder_days=reminder_days,
                status=Campaign.Status.OPEN if open_now else Campaign.Status.DRAFT,
            )
    except IntegrityError as error:
        raise ValueError(ERR_CAMPAIGN_CODE_TAKEN) from error
    Invitation.objects.bulk_create([Invitation(campaign=campaign, state=s) for s in states])
    audit_record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        changes={
            "questionnaire": [None, str(questionnaire)],
            "deadline": [None, deadline.isoformat()],
            "states": [None, sorted(s.iso3 for s in states)],
        },
    )
    return campaign


@transaction.atomic
def campaign_transition(*, campaign: Campaign, actor: Any, action: str) -> Campaign:
    """Open or close a campaign."""
    _require(policy.is_admin(actor))
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    old = campaign.status
    campaign.status = _transition(campaign, action, CAMPAIGN_TRANSITIONS)
    campaign.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=f"campaign.{action}",
        obj=campaign,
        changes={"status": [old, campaign.status]},
    )
    return campaign


@transaction.atomic
def campaign_extend_deadline(
    *, campaign: Campaign, actor: Any, states: Iterable[MemberState], new_date: dt.date, reason: str
) -> list[Invitation]:
    """Give one or several states a later date, with the reason."""
    _require(policy.is_admin(actor))
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(ERR_EXTENSION_REASON)
    if new_date <= campaign.deadline:
        raise ValueError(ERR_EXTENSION_DATE)
    invitations = []
    for state in states:
        invitation = (
            Invitation.objects.select_for_update().filter(campaign=campaign, state=state).first()
        )
        if invitation is None:
            raise ValueError(ERR_NOT_INVITED % {"state": state.name})
        old = invitation.extended_to.isoformat() if invitation.extended_to else None
        invitation.extended_to = new_date
        invitation.extension_reason = reason
        invitation.extended_at = timezone.now()
        invitation.extended_by = actor
        invitation.reminded_at = None
        invitation.save(
            update_fields=[
                "extended_to",
                "extension_reason",
                "extended_at",
                "extended_by",
                "reminded_at",
            ]
        )
        audit_record(
            actor=actor,
            action="campaign.extend",
            obj=invitation,
            state=state,
            changes={"extended_to": [old, new_date.isoformat()], "reason": [None, reason]},
        )
        invitations.append(invitation)
    return invitations


# Replies -------------------------------------------------------------------------------------


def reply_for_state(*, campaign: Campaign, state: MemberState) -> Reply:
    """The state's reply to the campaign, created empty on first use."""
    reply, _created = Reply.objects.get_or_create(
        campaign=campaign, state=state, defaults={"shared": campaign.shared_by_default}
    )
    return reply


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


@dataclass(frozen=True)
class SaveResult:
    version: int
    changed: list[str]


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


@transaction.atomic
def reply_save_answers(
    *, reply: Reply, actor: Any, answers: Mapping[str, Any], base_version: int
) -> SaveResult:
    """Apply answers read at `base_version`: a merge, unless one of them changed since."""
    # actor None: the system (demo and reference data loaders), as for campaign_create.
    _require(actor is None or policy.can_edit_state_data(actor, reply.state_id))
    reply = Reply.objects.select_for_update().select_related("campaign").get(pk=reply.pk)
    reason = lock_reason(reply)
    if reason:
        raise ReplyLocked(reason)
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
        given = _answer_input(question, raw)
        try:
            entry: dict[str, Any] = {}
            if "value" in given:
                entry["value"] = rules.clean_value(question, given["value"])
            if "not_available" in given:
                entry["not_available"] = bool(given["not_available"])
            if "provisional" in given:
                entry["provisional"] = bool(given["provisional"]) and question.kind in (
                    QuestionKind.NUMBER,
                    QuestionKind.TABLE,
                )
            if "comment" in given:
                entry["comment"] = rules.clean_comment(given["comment"])
        except rules.InvalidAnswer as error:
            errors[code] = str(error)
            continue
        cleaned[code] = entry
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
        raise AnswerConflict(current_version=reply.version, conflicts=conflicts)
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
        answer.updated_by = actor
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


def reply_values(reply: Reply) -> dict[str, Any]:
    """{question code: value} of the reply's current answers (for conditions)."""
    return dict(Answer.objects.filter(reply=reply).values_list("question__code", "value"))


def missing_required(reply: Reply) -> list[Question]:
    """Required questions that are shown and have no answer (nor "not available")."""
    answers = {
        code: (value, not_available)
        for code, value, not_available in Answer.objects.filter(reply=reply).values_list(
            "question__code", "value", "not_available"
        )
    }
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
def reply_submit(*, reply: Reply, actor: Any, today: dt.date | None = None) -> Revision:
    """Submit (or re-submit after an amendment): a new revision; late after the state's date."""
    _require(actor is None or policy.can_submit_for_state(actor, reply.state_id))
    reply = Reply.objects.select_for_update().select_related("campaign", "state").get(pk=reply.pk)
    if reply.campaign.status != Campaign.Status.OPEN:
        raise ReplyLocked(lock_reason(reply))
    target = _transition(reply, "submit", REPLY_TRANSITIONS)
    missing = missing_required(reply)
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
        submitted_by=actor,
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
def reply_reopen(*, reply: Reply, actor: Any) -> Reply:
    """Reopen a submitted or validated reply so that it can be amended."""
    _require(policy.can_submit_for_state(actor, reply.state_id))
    reply = Reply.objects.select_for_update().select_related("campaign").get(pk=reply.pk)
    if reply.campaign.status != Campaign.Status.OPEN:
        raise ReplyLocked(lock_reason(reply))
    old = reply.status
    reply.status = _transition(reply, "reopen", REPLY_TRANSITIONS)
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
def reply_validate(*, reply: Reply, actor: Any) -> Reply:
    """The Secretariat accepts a submitted reply."""
    _require(policy.is_secretariat(actor))
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    old = reply.status
    reply.status = _transition(reply, "validate", REPLY_TRANSITIONS)
    reply.reviewed_at = timezone.now()
    reply.reviewed_by = actor
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
def reply_return(*, reply: Reply, actor: Any, comments: Mapping[str, str]) -> list[ReviewComment]:
    """The Secretariat returns a submitted reply with comments on questions."""
    _require(policy.is_secretariat(actor))
    reply = Reply.objects.select_for_update().select_related("campaign").get(pk=reply.pk)
    target = _transition(reply, "return", REPLY_TRANSITIONS)
    questions = {
        q.code: q for q in Question.objects.filter(questionnaire_id=reply.campaign.questionnaire_id)
    }
    unknown = [code for code in comments if code not in questions]
    if unknown:
        raise InvalidAnswers({code: str(ERR_UNKNOWN_QUESTION % {"code": code}) for code in unknown})
    texts = {code: text.strip() for code, text in comments.items() if text and text.strip()}
    if not texts:
        raise ValueError(ERR_RETURN_WITHOUT_COMMENT)
    created = ReviewComment.objects.bulk_create(
        [
            ReviewComment(
                reply=reply,
                question=questions[code],
                revision_number=reply.revision_count,
                text=text,
                author=actor,
            )
            for code, text in texts.items()
        ]
    )
    old = reply.status
    reply.status = target
    reply.reviewed_at = timezone.now()
    reply.reviewed_by = actor
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
def reply_set_shared(*, reply: Reply, actor: Any, shared: bool) -> Reply:
    """The state decides whether all delegations see its submitted reply."""
    _require(actor is None or policy.can_submit_for_state(actor, reply.state_id))
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
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


def previous_reply(reply: Reply) -> Reply | None:
    """The state's latest submitted reply in another campaign."""
    return (
        Reply.objects.filter(state_id=reply.state_id, revision_count__gt=0)
        .exclude(pk=reply.pk)
        .select_related("campaign__questionnaire")
        .order_by("-submitted_at")
        .first()
    )


@transaction.atomic
def reply_copy_previous(*, reply: Reply, actor: Any) -> list[str]:
    """Start from the state's last submitted reply: answers to questions with the same code,
    marked for review. Answers that no longer fit their question are left out."""
    _require(policy.can_edit_state_data(actor, reply.state_id))
    reply = Reply.objects.select_for_update().select_related("campaign").get(pk=reply.pk)
    reason = lock_reason(reply)
    if reason:
        raise ReplyLocked(reason)
    if Answer.objects.filter(reply=reply).exists():
        raise ValueError(ERR_ALREADY_ANSWERED)
    source = previous_reply(reply)
    if source is None:
        raise ValueError(ERR_NO_PREVIOUS)
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
                updated_by=actor,
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
def answer_mark_reviewed(*, reply: Reply, actor: Any, question_code: str) -> None:
    """A copied answer was looked at and kept as it is."""
    _require(policy.can_edit_state_data(actor, reply.state_id))
    Answer.objects.filter(reply=reply, question__code=question_code).update(needs_review=False)


@transaction.atomic
def attachment_upload(
    *, reply: Reply, actor: Any, question: Question, upload: UploadedFile, base_version: int
) -> SaveResult:
    """Store a file for a file question, checking its type from its content, and answer with it."""
    _require(policy.can_edit_state_data(actor, reply.state_id))
    if question.kind != QuestionKind.FILE:
        raise InvalidAnswers(
            {question.code: str(ERR_NOT_A_FILE_QUESTION % {"code": question.code})}
        )
    max_mb = question.config.get("max_mb", 10)
    if upload.size > max_mb * 1024 * 1024:
        raise InvalidAnswers({question.code: str(ERR_FILE_SIZE % {"max": max_mb})})
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ACCEPTED_FILE_TYPES:
        raise InvalidAnswers({question.code: str(ERR_FILE_TYPE)})
    attachment = Attachment.objects.create(
        reply=reply,
        question=question,
        file=upload,
        name=(upload.name or "file")[-200:],
        content_type=kind.mime,
        size=upload.size or 0,
        uploaded_by=actor,
    )
    return reply_save_answers(
        reply=reply,
        actor=actor,
        answers={
            question.code: {"value": {"id": str(attachment.public_id), "name": attachment.name}}
        },
        base_version=base_version,
    )


def today_for(invitation: Invitation) -> dict[str, Any]:
    """The date that applies to a state and the days left (negative once it has passed)."""
    days_left = (invitation.deadline - timezone.localdate()).days
    return {
        "deadline": invitation.deadline,
        "days_left": days_left,
        "extended": bool(invitation.extended_to),
    }
