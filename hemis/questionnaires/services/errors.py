"""What the questionnaires' services refuse, and why: messages tests check, and the errors."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from hemis.core.services import Conflict, Refused, VersionConflict
from hemis.questionnaires.models import Question
from hemis.questionnaires.reply_state import (  # noqa: F401  (re-exported: services.ERR_…)
    ERR_CAMPAIGN_CLOSED,
    ERR_CAMPAIGN_NOT_OPEN,
    ERR_REPLY_SUBMITTED,
    ERR_REPLY_VALIDATED,
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
ERR_UNKNOWN_QUESTION = gettext_lazy("The questionnaire has no question %(code)s.")
ERR_TOO_MANY_ANSWERS = gettext_lazy("Send at most %(max)s answers at a time.")
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
ERR_UNKNOWN_FILE = gettext_lazy(
    "This file was not uploaded to this question of this reply; upload it here first."
)
ERR_FUTURE_VERSION = gettext_lazy(
    "Version %(version)s has not been reached yet (the reply is at version %(current)s): "
    "read the reply again and send the version you read."
)


ERR_ANSWER_CONFLICT = gettext_lazy(
    "Some of these questions were changed by someone else since version %(version)s; nothing "
    "was saved. Compare with `conflicts`, then send your answers again with `current_version`."
)
ERR_MISSING = gettext_lazy("This question is required.")


# Each error is one of core's kinds, so that the API answers it as it answers any module's
# (hemis.core.api_errors): a Refused is 422 by field, a Conflict 409, a VersionConflict 409
# with what was saved. Pages read them as their message (`str(error)`).


class QuestionnaireError(Refused, ValueError):
    """A write the questionnaires module refuses for a reason the message gives (422)."""


class ReplyLocked(Conflict):
    """The reply cannot be changed now; the message says why (409)."""


class TransitionError(Conflict):
    """The workflow has no such step from the object's current status (409)."""


class AnswerConflict(VersionConflict):
    """Questions the writer sent were changed by someone else since the version they read."""

    message = ERR_ANSWER_CONFLICT

    def __init__(
        self, *, current_version: int, conflicts: dict[str, dict], read_version: int | None = None
    ) -> None:
        super().__init__(
            current_version=current_version, current=conflicts, read_version=read_version
        )
        self.conflicts = conflicts

    def saved(self) -> dict[str, Any]:
        return {"conflicts": self.conflicts}


class InvalidAnswers(Refused):
    """Some values do not fit their questions: {question code: message}. Nothing was saved."""

    def __init__(self, errors: dict[str, str]) -> None:
        # The key "" is the whole set of answers (too many of them, say).
        super().__init__(
            {
                f"answers.{code}" if code else "answers": [message]
                for code, message in errors.items()
            }
        )
        self.errors = errors


class InvalidVersion(Refused):
    """The version the writer says it read is not one the reply has had. Nothing was saved."""

    def __init__(self, *, version: int, current_version: int) -> None:
        message = ERR_FUTURE_VERSION % {"version": version, "current": current_version}
        super().__init__({"version": [str(message)]})
        self.version = version
        self.current_version = current_version


class MissingAnswers(Refused):
    """Required questions that are shown have no answer: the reply cannot be submitted."""

    def __init__(self, questions: list[Question]) -> None:
        super().__init__({f"answers.{q.code}": [str(ERR_MISSING)] for q in questions})
        self.questions = questions
