"""Reads of the questionnaires module, scoped to the user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from hemis.accounts import policy
from hemis.core.models import MemberState, name_sort_key
from hemis.questionnaires import access, rules
from hemis.questionnaires.models import (
    Answer,
    Campaign,
    Invitation,
    Question,
    Questionnaire,
    Reply,
    ReviewComment,
    Revision,
    Section,
)


def campaign_list(user: Any) -> QuerySet[Campaign]:
    """Campaigns the user may see, newest first."""
    if not access.can_read_campaigns(user):
        return Campaign.objects.none()
    campaigns = Campaign.objects.select_related("questionnaire").order_by("-opens_on", "code")
    if not policy.is_admin(user):
        campaigns = campaigns.exclude(status=Campaign.Status.DRAFT)
    return campaigns


def questionnaire_list(user: Any) -> QuerySet[Questionnaire]:
    if not policy.is_secretariat(user):
        return Questionnaire.objects.none()
    return Questionnaire.objects.order_by("code", "-version")


@dataclass
class StateRow:
    invitation: Invitation
    reply: Reply | None

    @property
    def state(self):
        return self.invitation.state

    @property
    def status(self) -> str:
        return self.reply.status if self.reply else "not_started"

    @property
    def has_replied(self) -> bool:
        return bool(self.reply and self.reply.has_been_submitted)


def campaign_states(campaign: Campaign) -> list[StateRow]:
    """Every invited state with its date and its reply's status, by name in the active language."""
    invitations = Invitation.objects.filter(campaign=campaign).select_related("state__subregion")
    replies = {r.state_id: r for r in Reply.objects.filter(campaign=campaign)}
    rows = [StateRow(invitation, replies.get(invitation.state_id)) for invitation in invitations]
    return sorted(rows, key=lambda row: name_sort_key(row.state.name))


def invitations_for_user(user: Any) -> list[Invitation]:
    """The open campaigns to which the user's state is invited (for their home and state page)."""
    state_id = policy.user_state_id(user)
    if state_id is None:
        return []
    return list(
        Invitation.objects.filter(campaign__status=Campaign.Status.OPEN, state_id=state_id)
        .select_related("campaign__questionnaire", "state")
        .order_by("campaign__deadline")
    )


def reply_answers_for_user(user: Any, reply: Reply) -> tuple[dict[str, dict], Revision | None]:
    """What the user sees of the reply: the current answers for those who may read it in full,
    the last submitted revision for readers of a shared reply."""
    if reply.pk is None:
        return {}, None
    if access.can_read_reply_in_full(user, reply.state_id):
        answers = {
            code: {
                "value": value,
                "not_available": not_available,
                "provisional": provisional,
                "comment": comment,
                "needs_review": needs_review,
                "changed_in": changed_in,
            }
            for code, value, not_available, provisional, comment, needs_review, changed_in in (
                Answer.objects.filter(reply=reply).values_list(
                    "question__code",
                    "value",
                    "not_available",
                    "provisional",
                    "comment",
                    "needs_review",
                    "changed_in",
                )
            )
        }
        return answers, None
    revision = reply.revisions.order_by("-number").first()
    return (dict(revision.answers) if revision else {}), revision


@dataclass
class QuestionView:
    question: Question
    answer: dict[str, Any]
    shown: bool
    comments: list[ReviewComment] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.question.code

    @property
    def value(self) -> Any:
        return self.answer.get("value")

    @property
    def answered(self) -> bool:
        return rules.is_answered(self.value, bool(self.answer.get("not_available")))


@dataclass
class SectionView:
    section: Section
    questions: list[QuestionView]

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions if q.shown and q.answered)

    @property
    def shown(self) -> int:
        return sum(1 for q in self.questions if q.shown)


def _review_comments(
    user: Any, reply: Reply, question: Question | None = None
) -> dict[int, list[ReviewComment]]:
    """The Secretariat's comments on the reply's current revision, by question id, for those
    who may read them (see access.can_read_review_comments); nothing for anyone else."""
    if reply.pk is None or not access.can_read_review_comments(user, reply.state_id):
        return {}
    comments: dict[int, list[ReviewComment]] = {}
    found = reply.review_comments.filter(revision_number=reply.revision_count)
    if question is not None:
        found = found.filter(question=question)
    for comment in found.select_related("author"):
        comments.setdefault(comment.question_id, []).append(comment)
    return comments


def reply_question(user: Any, reply: Reply, question: Question) -> QuestionView:
    """One question of the reply as the user sees it: its answer, whether it is shown (the
    other answers decide), and the comments the user may read."""
    answers, _revision = reply_answers_for_user(user, reply)
    values = {code: answer.get("value") for code, answer in answers.items()}
    return QuestionView(
        question=question,
        answer=answers.get(question.code, {}),
        shown=rules.is_shown(question, values),
        comments=_review_comments(user, reply, question).get(question.pk, []),
    )


def reply_sections(user: Any, reply: Reply, answers: dict[str, dict]) -> list[SectionView]:
    """The questionnaire's sections with each question's answer and the review comments the
    user may read."""
    questionnaire_id = reply.campaign.questionnaire_id
    sections = list(Section.objects.filter(questionnaire_id=questionnaire_id).order_by("position"))
    questions = Question.objects.filter(questionnaire_id=questionnaire_id).select_related(
        "questionnaire"
    )
    comments = _review_comments(user, reply)
    ordered = list(questions.order_by("position"))
    values = rules.visible_values(
        ordered, {code: answer.get("value") for code, answer in answers.items()}
    )
    by_section: dict[int, list[QuestionView]] = {s.pk: [] for s in sections}
    for question in ordered:
        by_section[question.section_id].append(
            QuestionView(
                question=question,
                answer=answers.get(question.code, {}),
                shown=rules.is_shown(question, values),
                comments=comments.get(question.pk, []),
            )
        )
    return [SectionView(section, by_section[section.pk]) for section in sections]


def reply_history(reply: Reply) -> list[dict[str, Any]]:
    """The reply's revisions, newest first, each with what changed, question by question."""
    if reply.pk is None:
        return []
    questions = {
        q.code: q for q in Question.objects.filter(questionnaire_id=reply.campaign.questionnaire_id)
    }
    return [
        {
            "revision": revision,
            "changes": [
                (questions.get(code), change[0], change[1])
                for code, change in revision.changes.items()
            ],
        }
        for revision in reply.revisions.select_related("submitted_by").order_by("-number")
    ]


def invited_states(campaign: Campaign, iso3_codes: list[str]) -> list[MemberState]:
    """The states among `iso3_codes` that the campaign invited."""
    return list(
        MemberState.objects.filter(
            iso3__in=[code.upper() for code in iso3_codes[:1000]],
            pk__in=campaign.invitations.values("state"),
        )
    )


def questionnaire_texts(questionnaire: Questionnaire) -> Iterator[tuple[str, str, str, Any]]:
    """(kind, code, field, {language: text}) of every text of the version, in reading order:
    the questionnaire's, then each section's followed by its questions' (text, help and the
    texts inside the configuration: options, units, a table's rows and columns)."""
    q = questionnaire
    yield "questionnaire", q.code, "title", q.title
    yield "questionnaire", q.code, "description", q.description
    questions: dict[int, list[Question]] = {}
    for question in q.questions.order_by("position"):
        questions.setdefault(question.section_id, []).append(question)
    for section in q.sections.order_by("position"):
        yield "section", section.code, "title", section.title
        yield "section", section.code, "description", section.description
        for question in questions.get(section.pk, []):
            yield "question", question.code, "text", question.text
            yield "question", question.code, "help", question.help
            for name, texts in question.config_texts():
                yield "question", question.code, name, texts


def missing_translations(questionnaire: Questionnaire) -> list[tuple[str, str, str]]:
    """(place, field, language) of every text that falls back to the base language."""
    return [
        (place, field, language)
        for place, field, language, _base in missing_translations_with_base(questionnaire)
    ]


def missing_translations_with_base(
    questionnaire: Questionnaire,
) -> list[tuple[str, str, str, str]]:
    """missing_translations, each with its text in the base language, so that a reader sees
    which text it is (B6 · column:sent · fr — "Sent")."""
    base = questionnaire.base_language
    languages = [lang for lang in ("en", "es", "fr", "pt") if lang != base]
    return [
        ("questionnaire" if kind == "questionnaire" else code, field, language, texts.get(base, ""))
        for kind, code, field, texts in questionnaire_texts(questionnaire)
        if texts
        for language in languages
        if not texts.get(language)
    ]


def days_left(invitation: Invitation, today: dt.date | None = None) -> int:
    return (invitation.deadline - (today or timezone.localdate())).days
