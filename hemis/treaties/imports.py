"""Importing a treaty status file (the format of hemis/treaties/data/treaty_status.csv).

The file is read by the shared reader (hemis.core.tabular), with its limits and text checks.
Every row is checked first; the errors name the line (the header is line 1) and the column. If any
row is wrong nothing is written. Otherwise every row goes through `services.record_save`, in one
transaction, so each change is versioned and audited; a row equal to its record changes nothing,
which makes a re-import idempotent. The columns are documented in docs/treaties.md.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hemis.accounts.actors import SYSTEM, Actor
from hemis.core import tabular
from hemis.core.models import MemberState
from hemis.core.tabular import ImportProblem, Limits, Table, UnreadableFile, check_header
from hemis.treaties import services
from hemis.treaties.models import Instrument, TreatyRecord

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "treaty_status.csv"

REQUIRED_COLUMNS = ("instrument", "iso3", "record_status")
COLUMNS = (
    *REQUIRED_COLUMNS,
    "signature_date",
    "consent_date",
    "consent_type",
    "note",
    "source_url",
    # Optional columns beyond the reference file's:
    "source_consulted_on",
    "reservations",
    "designated_authorities",
)
DATE_COLUMNS = ("signature_date", "consent_date", "source_consulted_on")
# The service's field for each column, where the names differ.
FIELD_OF_COLUMN = {"record_status": "status", "source_url": "source"}
COLUMN_OF_FIELD = {value: key for key, value in FIELD_OF_COLUMN.items()}
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000  # 35 states × 13 instruments is 455; the world's 193 × 13, 2,509

ERR_EMPTY = tabular.ERR_EMPTY
ERR_ENCODING = tabular.ERR_ENCODING
ERR_NO_ROWS = _("The file has a header line but no records below it.")
LIMITS = Limits(max_bytes=MAX_BYTES, max_rows=MAX_ROWS, no_rows=ERR_NO_ROWS)
ERR_REQUIRED = _("This column is required.")
ERR_INSTRUMENT = _("“%(value)s” is not the code of an instrument (%(known)s).")
ERR_STATE = _("“%(value)s” is not the ISO 3166 alpha-3 code of a member state.")
ERR_DATE = _("“%(value)s” is not a date written as YYYY-MM-DD.")
ERR_DUPLICATE_PAIR = _("This instrument and state already appear on line %(line)s.")
ERR_TOO_MANY_CELLS = _("This line has more cells than the header has columns.")


class RowChange(NamedTuple):
    line: int
    instrument: str
    iso3: str
    created: bool
    changes: dict[str, list[Any]]

    def __str__(self) -> str:
        fields = ", ".join(
            f"{COLUMN_OF_FIELD.get(name, name)}: {old or '∅'} → {new or '∅'}"
            for name, (old, new) in self.changes.items()
        )
        verb = gettext("new") if self.created else gettext("changed")
        return f"{self.instrument} {self.iso3} ({verb}) {fields}"


@dataclass
class ImportReport:
    errors: list[ImportProblem] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    statuses: Counter = field(default_factory=Counter)
    changes: list[RowChange] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return gettext(
            "%(rows)s rows: %(created)s new records, %(updated)s changed, %(unchanged)s unchanged"
        ) % {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


@dataclass
class _Row:
    line: int
    instrument: Instrument
    state: MemberState
    data: dict[str, Any]


def _parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(value) from None


def _read_rows(table: Table, report: ImportReport) -> list[_Row]:
    """Check the header and every row; problems go into the report, good rows are returned."""
    columns, problems = check_header(table, COLUMNS, REQUIRED_COLUMNS)
    report.errors.extend(problems)
    problems = report.errors
    if problems:
        return []

    instruments = {i.code: i for i in Instrument.objects.all()}
    states = {s.iso3: s for s in MemberState.objects.all()}
    today = timezone.localdate()
    rows: list[_Row] = []
    first_line: dict[tuple[str, str], int] = {}
    for line, cells in table.rows:
        report.rows += 1
        if len(cells) > len(columns):
            problems.append(ImportProblem(line, None, str(ERR_TOO_MANY_CELLS)))
            continue
        values = {column: cells[i] if i < len(cells) else "" for i, column in enumerate(columns)}
        row_problems: list[ImportProblem] = []

        def problem(column: str, message: Any, line: int = line, bag=row_problems) -> None:
            bag.append(ImportProblem(line, column, str(message)))

        instrument = instruments.get(values["instrument"].upper())
        if not values["instrument"]:
            problem("instrument", ERR_REQUIRED)
        elif instrument is None:
            problem(
                "instrument",
                ERR_INSTRUMENT % {"value": values["instrument"], "known": ", ".join(instruments)},
            )
        state = states.get(values["iso3"].upper())
        if not values["iso3"]:
            problem("iso3", ERR_REQUIRED)
        elif state is None:
            problem("iso3", ERR_STATE % {"value": values["iso3"]})
        if not values["record_status"]:
            problem("record_status", ERR_REQUIRED)
        data: dict[str, Any] = {}
        for column in columns:
            value = values[column]
            if column in ("instrument", "iso3", ""):
                continue
            if column in DATE_COLUMNS:
                if value:
                    try:
                        data[column] = _parse_date(value)
                    except ValueError:
                        problem(column, ERR_DATE % {"value": value})
                        data[column] = None
                else:
                    data[column] = None
            else:
                data[FIELD_OF_COLUMN.get(column, column)] = value
        if values["record_status"]:
            try:
                services.clean_record_fields(data, today=today, require_consulted=False)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    column = COLUMN_OF_FIELD.get(name, name)
                    if any(p.column == column for p in row_problems):
                        continue  # a cell already reported as unreadable
                    for message in messages:
                        problem(column, message)
        if instrument and state:
            key = (instrument.code, state.iso3)
            if key in first_line:
                problem("iso3", ERR_DUPLICATE_PAIR % {"line": first_line[key]})
            else:
                first_line[key] = line
        problems.extend(row_problems)
        if not row_problems and instrument and state:
            rows.append(_Row(line, instrument, state, data))
            report.statuses[data["status"]] += 1
    return rows


def import_status(
    *,
    actor: Any,
    content: bytes | str,
    name: str = "treaty_status.csv",
    dry_run: bool = False,
    system: bool = False,
) -> ImportReport:
    """Check a whole treaty status file, then load it all, or nothing if any row is wrong."""
    report = ImportReport(dry_run=dry_run)
    if not system:
        services._require_writer(actor, system)
    raw = content.encode("utf-8") if isinstance(content, str) else content
    try:
        table = tabular.read_table(name, raw, LIMITS)
    except UnreadableFile as error:
        report.errors.append(ImportProblem(None, None, error.message))
        return report
    rows = _read_rows(table, report)
    if report.errors:
        report.statuses.clear()
        return report
    with transaction.atomic():
        versions = {
            (instrument_id, state_id): version
            for instrument_id, state_id, version in TreatyRecord.objects.values_list(
                "instrument_id", "state_id", "version"
            )
        }
        for row in rows:
            result = services.record_save(
                actor=actor,
                instrument=row.instrument,
                state=row.state,
                version=versions.get((row.instrument.pk, row.state.pk), 0),
                data=_merge_with_record(row),
                require_consulted=False,
                system=system,
            )
            if result.created:
                report.created += 1
            elif result.changes:
                report.updated += 1
            else:
                report.unchanged += 1
            if result.created or result.changes:
                report.changes.append(
                    RowChange(
                        row.line,
                        row.instrument.code,
                        row.state.iso3,
                        result.created,
                        result.changes,
                    )
                )
        if dry_run:
            transaction.set_rollback(True)
    return report


def _merge_with_record(row: _Row) -> dict[str, Any]:
    """The row's values, with the record's own for the optional columns the file leaves out."""
    record = TreatyRecord.objects.filter(instrument=row.instrument, state=row.state).first()
    current = services.record_snapshot(record)
    merged = {}
    for name in services.RECORD_FIELDS:
        if name in row.data:
            merged[name] = row.data[name]
        elif name in services.DATE_FIELDS:
            merged[name] = dt.date.fromisoformat(current[name]) if current[name] else None
        else:
            merged[name] = current[name]
    return merged


def import_reference_file(*, actor: Actor = SYSTEM, system: bool = True) -> ImportReport:
    """Load hemis's copy of the reference file (used by the data migration)."""
    return import_status(actor=actor, content=REFERENCE_FILE.read_bytes(), system=system)
