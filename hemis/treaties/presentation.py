"""How statuses are shown: labels, symbols and explanations, shared by pages and exports."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hemis.treaties.models import RecordStatus

SYMBOLS = {
    RecordStatus.PARTY: "✓",
    RecordStatus.PARTY_DATE_UNKNOWN: "✓*",
    RecordStatus.SIGNATORY: "S",
    RecordStatus.NOT_PARTY: "✗",
    RecordStatus.UNKNOWN: "?",
}
EXPLANATIONS = {
    RecordStatus.PARTY: gettext_lazy(
        "A source shows the state's consent to be bound (ratification, accession, acceptance, "
        "approval or succession) and its date."
    ),
    RecordStatus.PARTY_DATE_UNKNOWN: gettext_lazy(
        "A source shows the state is a party, but the date of its consent was not read."
    ),
    RecordStatus.SIGNATORY: gettext_lazy(
        "The state has signed, and no consent to be bound is known as of the source's date."
    ),
    RecordStatus.NOT_PARTY: gettext_lazy("A source shows the state is not a party."),
    RecordStatus.UNKNOWN: gettext_lazy(
        "No source has been read for this state and instrument. This does not mean that the "
        "state is not a party."
    ),
}


def status_labels() -> dict[str, str]:
    """Each status's label in the active language."""
    return {status.value: str(status.label) for status in RecordStatus}


def legend() -> list[dict[str, str]]:
    return [
        {
            "status": status.value,
            "label": str(status.label),
            "symbol": SYMBOLS[status],
            "explanation": str(EXPLANATIONS[status]),
        }
        for status in RecordStatus
    ]


def legend_title() -> str:
    return _("Status")
