"""Questionnaires (versioned definitions), campaigns that send them to states, and the replies.

A reply's answers are one row per question. Each save raises the reply's `version` by one and
stamps the answers it changed with that version (`changed_in`), so that a writer who read
version N can be told exactly which of the questions they send changed since: answers to other
questions merge, the same question changed by both is a conflict (docs/decisions/0024).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hemis.core.models import MemberState

LANGUAGES = ("en", "es", "fr", "pt")


def translated(
    texts: dict[str, str] | None, base_language: str, language: str | None = None
) -> str:
    """The text in the reader's language, or in the base language when it is missing."""
    texts = texts or {}
    language = (language or get_language() or base_language)[:2]
    return texts.get(language) or texts.get(base_language) or ""


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes / no / partly / unknown")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    DATE = "date", _("Date")
    TABLE = "table", _("Table")
    LEGAL_REFERENCE = "legal_reference", _("Legal reference")
    FILE = "file", _("File attachment")


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PARTLY = "partly", _("Partly")
    UNKNOWN = "unknown", _("Unknown")


class Questionnaire(models.Model):
    """One version of a questionnaire; published versions never change."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    base_language = models.CharField(_("base language"), max_length=2, default="en")
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="questionnaire_code_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def title_text(self, language: str | None = None) -> str:
        return translated(self.title, self.base_language, language)

    def description_text(self, language: str | None = None) -> str:
        return translated(self.description, self.base_language, language)


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    code = models.CharField(max_length=20)
    position = models.PositiveIntegerField()
    title = models.JSONField(default=dict)
    description = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="section_code")
        ]

    def __str__(self) -> str:
        return self.code

    def title_text(self, language: str | None = None) -> str:
        return translated(self.title, self.questionnaire.base_language, language)

    def description_text(self, language: str | None = None) -> str:
        return translated(self.description, self.questionnaire.base_language, language)


class Question(models.Model):
    """A question; `config` holds what its kind needs (options, number limits, table layout)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(max_length=40)
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    text = models.JSONField(default=dict)
    help = models.JSONField(default=dict, blank=True)
    required = models.BooleanField(default=False)
    allows_comment = models.BooleanField(default=False)
    needs = models.BooleanField(
        default=False, help_text="Asks about needs for training or technical assistance."
    )
    show_if = models.JSONField(null=True, blank=True)
    config = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="question_code")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def base_language(self) -> str:
        return self.questionnaire.base_language

    def text_in(self, language: str | None = None) -> str:
        return translated(self.text, self.base_language, language)

    def help_in(self, language: str | None = None) -> str:
        return translated(self.help, self.base_language, language)

    def options(self, language: str | None = None) -> list[tuple[str, str]]:
        """(code, label) of the answers this question offers, in the reader's language."""
        if self.kind == QuestionKind.YES_NO:
            return [(str(choice.value), str(choice.label)) for choice in YesNo]
        return [
            (option["code"], translated(option["label"], self.base_language, language))
            for option in self.config.get("options", [])
        ]

    def config_texts(self) -> list[tuple[str, dict[str, str]]]:
        """The texts inside the configuration, each under its name in the translators' workbook:
        `option:<code>`, `unit`, `row:<code>`, `column:<code>` and a column's
        `column:<code>:option:<code>` and `column:<code>:unit`. Each dict is the configuration's
        own, so that filling it fills the question."""
        config = self.config or {}
        found: list[tuple[str, dict[str, str]]] = []

        def options_and_unit(prefix: str, holder: dict) -> None:
            for option in holder.get("options", []):
                found.append((f"{prefix}option:{option['code']}", option["label"]))
            if holder.get("unit"):
                found.append((f"{prefix}unit", holder["unit"]))

        options_and_unit("", config)
        for row in config.get("rows", []):
            found.append((f"row:{row['code']}", row["label"]))
        for column in config.get("columns", []):
            found.append((f"column:{column['code']}", column["label"]))
            options_and_unit(f"column:{column['code']}:", column)
        return found


class Campaign(models.Model):
    """One questionnaire version sent to the states taking part, with a deadline."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="campaigns"
    )
    title = models.JSONField(_("title"), default=dict, blank=True)
    opens_on = models.DateField(_("opening date"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    shared_by_default = models.BooleanField(
        _("replies shared with all delegations by default"), default=True
    )
    reminder_days = models.PositiveIntegerField(_("reminder days before the deadline"), default=14)
    # Raised by every write that changes what the report shows (the report's cache key).
    report_generation = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opens_on", "code"]

    def __str__(self) -> str:
        return self.code

    def title_text(self, language: str | None = None) -> str:
        return translated(self.title, self.questionnaire.base_language, language) or (
            self.questionnaire.title_text(language)
        )


class Invitation(models.Model):
    """A state invited to a campaign, with the deadline extension it was granted, if any."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    state = models.ForeignKey(MemberState, on_delete=models.PROTECT, related_name="+")
    extended_to = models.DateField(_("extended deadline"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["campaign", "state__iso3"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "state"], name="invitation_campaign_state")
        ]

    def __str__(self) -> str:
        return f"{self.campaign.code} {self.state.iso3}"

    @property
    def deadline(self) -> dt.date:
        """The date that applies to this state: its extension, or the campaign's deadline."""
        return self.extended_to or self.campaign.deadline


class Reply(models.Model):
    """A state's reply to a campaign: its answers, status, revisions and review."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VALIDATED = "validated", _("Validated")
        RETURNED = "returned", _("Returned for changes")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="replies")
    state = models.ForeignKey(MemberState, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=0)
    shared = models.BooleanField(_("shared with all delegations"), default=False)
    # Set on the first submission; amendments keep it and add revisions.
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    late = models.BooleanField(default=False)
    revision_count = models.PositiveIntegerField(default=0)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["campaign", "state__iso3"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "state"], name="reply_campaign_state")
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return f"{self.campaign.code} {self.state.iso3}"

    @property
    def has_been_submitted(self) -> bool:
        return self.revision_count > 0


class Answer(models.Model):
    """One question's answer in a reply, as it stands now (the draft)."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    value = models.JSONField(null=True, blank=True)
    not_available = models.BooleanField(default=False)
    provisional = models.BooleanField(default=False)
    comment = models.TextField(blank=True)
    needs_review = models.BooleanField(default=False)
    # The reply version whose save last changed this answer.
    changed_in = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reply", "question"], name="answer_reply_question")
        ]

    def __str__(self) -> str:
        return f"{self.reply} {self.question.code}"

    def as_dict(self) -> dict[str, Any]:
        return answer_dict(self.value, self.not_available, self.provisional, self.comment)


def answer_dict(value: Any, not_available: bool, provisional: bool, comment: str) -> dict:
    """An answer as stored in revisions and shown in the API."""
    return {
        "value": value,
        "not_available": not_available,
        "provisional": provisional,
        "comment": comment,
    }


class Revision(models.Model):
    """A submitted state of a reply: what was submitted, by whom, when, and what changed."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    late = models.BooleanField(default=False)
    # {question code: answer_dict} of every answered question at submission.
    answers = models.JSONField(default=dict)
    # {question code: [old answer_dict or None, new answer_dict or None]} since the last revision.
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["reply", "number"]
        constraints = [
            models.UniqueConstraint(fields=["reply", "number"], name="revision_reply_number")
        ]

    def __str__(self) -> str:
        return f"{self.reply} r{self.number}"


class ReviewComment(models.Model):
    """The Secretariat's comment on one question of a submitted reply, when returning it."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="review_comments")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    revision_number = models.PositiveIntegerField()
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["reply", "created_at"]

    def __str__(self) -> str:
        return f"{self.reply} {self.question.code}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"questionnaires/{instance.reply.public_id}/{uuid.uuid4()}/{filename}"


class Attachment(models.Model):
    """A file attached to a file question; the answer's value names it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="attachments")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class AnnexPart(models.Model):
    """One reply's pages in the report PDF's annex, laid out ahead of the downloads that join them.

    A part is a function of its key: the revision (whose answers never change), the language,
    whether its pages say that the reply is not shared, and the layout's version. A part with
    another key is never joined; storing a newer one deletes the reply's older ones.
    """

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="+")
    revision = models.PositiveIntegerField()
    language = models.CharField(max_length=8)
    shared = models.BooleanField()
    layout = models.PositiveIntegerField()
    file = models.FileField(upload_to="questionnaires/annex/", max_length=300)
    pages = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reply", "revision", "language", "shared", "layout"],
                name="annex_part_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reply} r{self.revision} {self.language}"
