"""How statuses are shown: labels, symbols and explanations, shared by pages and exports."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hemis.treaties.models import ConsentType, RecordStatus, TreatyRecord

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


@dataclass(frozen=True)
class Source:
    text: str
    href: str  # empty for a document symbol


@dataclass(frozen=True)
class ListRow:
    """A state's line in an instrument's list, formatted once in Python: a world list has 193
    of them, and formatting each in the template cost most of the page's time."""

    iso3: str
    name: str
    status: str
    signature: str
    consent: str
    reservations: str
    sources: list[Source]
    consulted: str


def shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def list_rows(entries) -> list[ListRow]:
    """The rows of an instrument's list, with the labels translated once for all of them."""
    consent_types = {value: str(label) for value, label in ConsentType.choices}
    consulted = _("consulted %(date)s")
    return [
        list_row(e.state.iso3, e.state.name, e.record, consent_types, consulted) for e in entries
    ]


def list_row(
    iso3: str,
    name: str,
    record: TreatyRecord | None,
    consent_types: dict[str, str],
    consulted: str,
) -> ListRow:
    if record is None:
        return ListRow(iso3, name, RecordStatus.UNKNOWN.value, "", "", "", [], "")
    consent = " ".join(
        part
        for part in (
            consent_types.get(record.consent_type, record.consent_type),
            record.consent_date.isoformat() if record.consent_date else "",
        )
        if part
    )
    return ListRow(
        iso3=iso3,
        name=name,
        status=record.status,
        signature=record.signature_date.isoformat() if record.signature_date else "",
        consent=consent,
        reservations=shortened(record.reservations, 200),
        sources=[
            Source(shortened(part, 40), part if part.startswith(("http://", "https://")) else "")
            for part in record.sources
        ],
        consulted=consulted % {"date": record.source_consulted_on.isoformat()}
        if record.source_consulted_on
        else "",
    )
