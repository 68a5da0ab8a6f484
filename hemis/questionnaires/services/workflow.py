"""The reply's and the campaign's workflows: each a table of steps, checked in one place."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from hemis.questionnaires.models import Campaign, Reply
from hemis.questionnaires.services.errors import ERR_NOT_ALLOWED, ERR_TRANSITION, TransitionError

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


def transition(obj: Reply | Campaign, action: str, table: dict) -> str:
    """The status `action` leads `obj` to, or TransitionError if it cannot start from here."""
    sources, target = table[action]
    if obj.status not in sources:
        raise TransitionError(
            ERR_TRANSITION % {"status": obj.get_status_display(), "action": ACTION_NAMES[action]}
        )
    return target


def require(allowed: bool) -> None:
    """Refuse the write unless the policy allowed it."""
    if not allowed:
        raise PermissionDenied(ERR_NOT_ALLOWED)
