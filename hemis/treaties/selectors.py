"""Reads of treaty status. Treaty status is public: every reader sees the same records."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, QuerySet
from django.utils import timezone

from hemis.core.models import AuditEvent, MemberState, Subregion, current_language
from hemis.core.selectors import (
    StateRow,
    member_state_rows,
    object_history,
    participating_q,
    state_cache_key,
)
from hemis.treaties.models import PARTY_STATUSES, Instrument, RecordStatus, TreatyRecord

# The order in which statuses are listed in legends, counts and exports.
STATUS_ORDER = (
    RecordStatus.PARTY,
    RecordStatus.PARTY_DATE_UNKNOWN,
    RecordStatus.SIGNATORY,
    RecordStatus.NOT_PARTY,
    RecordStatus.UNKNOWN,
)
SORTS = ("state", "status", "signature", "consent")


def instrument_list() -> list[Instrument]:
    """Every instrument, in the order the Secretariat lists them, with its parent."""
    return list(Instrument.objects.select_related("parent"))


def instrument_get(code: str) -> Instrument | None:
    return Instrument.objects.select_related("parent").filter(code=code.upper()).first()


def subregion_list() -> QuerySet[Subregion]:
    """The subregions that have member states."""
    return Subregion.objects.filter(states__isnull=False).distinct()


@dataclass
class MatrixRow:
    state: StateRow
    cells: list[tuple[Instrument, str]]


@dataclass
class Matrix:
    instruments: list[Instrument]
    rows: list[MatrixRow]

    def counts(self) -> list[tuple[Instrument, Counter]]:
        """Per instrument, how many of the rows have each status."""
        totals = []
        for index, instrument in enumerate(self.instruments):
            totals.append((instrument, Counter(row.cells[index][1] for row in self.rows)))
        return totals


def treaty_status_matrix(
    *, subregion: str = "", instrument: str = "", language: str | None = None
) -> Matrix:
    """States × instruments, each cell a status; a pair without a record is `unknown`.

    Two queries whatever the number of states: the instruments and the (pair, status) values.
    """
    instruments = instrument_list()
    if instrument:
        instruments = [i for i in instruments if i.code == instrument.upper()]
    states = member_state_rows(language=language, subregion=subregion)
    statuses: dict[tuple[int, str], str] = {}
    if instruments and states:
        query = TreatyRecord.objects.filter(instrument__in=instruments)
        if subregion:
            query = query.filter(state__subregion__code=subregion)
        statuses = {
            (instrument_id, iso3): status
            for instrument_id, iso3, status in query.values_list(
                "instrument_id", "state__iso3", "status"
            )
        }
    unknown = RecordStatus.UNKNOWN.value
    rows = [
        MatrixRow(
            state=state,
            cells=[(i, statuses.get((i.pk, state.iso3), unknown)) for i in instruments],
        )
        for state in states
    ]
    return Matrix(instruments=instruments, rows=rows)


@dataclass
class StatusEntry:
    """A state's line in an instrument's list; `record` is None when nothing is recorded."""

    state: StateRow
    record: TreatyRecord | None

    @property
    def status(self) -> str:
        return self.record.status if self.record else RecordStatus.UNKNOWN.value

    @property
    def is_party(self) -> bool:
        return self.status in PARTY_STATUSES


@dataclass
class StatusCounts:
    parties: int = 0
    signatories: int = 0
    not_parties: int = 0
    no_information: int = 0
    by_status: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.parties + self.signatories + self.not_parties + self.no_information


def status_counts(entries: list[StatusEntry]) -> StatusCounts:
    """Parties, signatories not yet party, states not party, states with no information."""
    counts = StatusCounts(by_status=Counter(entry.status for entry in entries))
    for entry in entries:
        if entry.is_party:
            counts.parties += 1
        elif entry.status == RecordStatus.SIGNATORY:
            counts.signatories += 1
        elif entry.status == RecordStatus.NOT_PARTY:
            counts.not_parties += 1
        else:
            counts.no_information += 1
    return counts


def _sort_key(sort: str):
    order = {status.value: index for index, status in enumerate(STATUS_ORDER)}

    def key(entry: StatusEntry):
        record = entry.record
        if sort == "status":
            return (order[entry.status], entry.state.name)
        if sort == "signature":
            date = record.signature_date if record else None
            return (date is None, date or timezone.now().date(), entry.state.name)
        if sort == "consent":
            date = record.consent_date if record else None
            return (date is None, date or timezone.now().date(), entry.state.name)
        return (entry.state.name,)

    return key


def instrument_status(
    instrument: Instrument,
    *,
    subregion: str = "",
    status: str = "",
    sort: str = "state",
    language: str | None = None,
) -> list[StatusEntry]:
    """Every member state (of a subregion) with its record for `instrument`, or None."""
    states = member_state_rows(language=language, subregion=subregion)
    # Keyed by the state's code, read alongside: the list needs no state or instrument objects.
    records = {
        record.iso3: record
        for record in TreatyRecord.objects.filter(instrument=instrument).annotate(
            iso3=F("state__iso3")
        )
    }
    entries = [StatusEntry(state, records.get(state.iso3)) for state in states]
    if status:
        entries = [entry for entry in entries if entry.status == status]
    return sorted(entries, key=_sort_key(sort if sort in SORTS else "state"))


@dataclass
class Gap:
    """An instrument and the participating states not yet party to it, by what is known."""

    instrument: Instrument
    signatories: list[StateRow]
    not_parties: list[StateRow]
    no_information: list[StateRow]
    parties: int

    @property
    def count(self) -> int:
        return len(self.signatories) + len(self.not_parties) + len(self.no_information)


def gap_list(*, subregion: str = "", language: str | None = None) -> list[Gap]:
    """For each instrument, the member states taking part today that are not known as parties."""
    matrix = treaty_status_matrix(subregion=subregion, language=language)
    rows = [row for row in matrix.rows if row.state.participating]
    gaps = []
    for index, instrument in enumerate(matrix.instruments):
        gap = Gap(instrument, [], [], [], 0)
        for row in rows:
            status = row.cells[index][1]
            if status in PARTY_STATUSES:
                gap.parties += 1
            elif status == RecordStatus.SIGNATORY:
                gap.signatories.append(row.state)
            elif status == RecordStatus.NOT_PARTY:
                gap.not_parties.append(row.state)
            else:
                gap.no_information.append(row.state)
        gaps.append(gap)
    return gaps


def state_treaty_status(state: MemberState) -> list[tuple[Instrument, TreatyRecord | None]]:
    """A state's record for every instrument (None where nothing is recorded)."""
    records = {
        record.instrument_id: record
        for record in TreatyRecord.objects.filter(state=state).select_related("instrument", "state")
    }
    return [(instrument, records.get(instrument.pk)) for instrument in instrument_list()]


def record_get(instrument: Instrument, state: MemberState) -> TreatyRecord | None:
    return (
        TreatyRecord.objects.select_related("instrument", "state", "updated_by")
        .filter(instrument=instrument, state=state)
        .first()
    )


def record_history(instrument: Instrument, state: MemberState) -> QuerySet[AuditEvent]:
    """Every recorded change to a state's record for an instrument, newest first."""
    probe = TreatyRecord(instrument=instrument, state=state)
    return object_history(probe)


def participating_states() -> QuerySet[MemberState]:
    return MemberState.objects.filter(participating_q(timezone.localdate()))


def language_or_current(language: str | None) -> str:
    return language or current_language()


def instrument_version(instrument: Instrument) -> str:
    """Changes whenever a record of `instrument` or the reference data of states changes."""
    found = TreatyRecord.objects.filter(instrument=instrument).aggregate(
        count=Count("id"), latest=Max("updated_at")
    )
    latest = found["latest"].isoformat() if found["latest"] else "-"
    return f"{found['count']}:{latest}:{state_cache_key()}"
