"""Importing the Secretariat's contact lists (CSV or XLSX): every row checked, then all or nothing.

`read_table` turns a file into text cells, `import_table` checks every row, says what it would
create, update or leave unchanged, and (unless it is a dry run or a row is wrong) loads the rows in
one transaction through the directory's services, so every write is audited. The columns are
documented in docs/directory-import.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemis.accounts import policy
from hemis.core import tabular
from hemis.core.models import MemberState
from hemis.core.services import VersionConflict
from hemis.core.tabular import (
    CREATE,
    ERR_STATE_UNKNOWN,
    UNCHANGED,
    UPDATE,
    ImportProblem,
    Limits,
    Table,
    UnreadableFile,
    check_header,
)
from hemis.directory import services
from hemis.directory.models import Authority, AuthorityKind, Contact, EntryStatus, Function

COLUMNS = (
    "state",
    "function",
    "person_name",
    "office",
    "title",
    "authority",
    "authority_kind",
    "emails",
    "phones",
    "languages",
    "thematic_areas",
    "availability",
    "language",
    "last_confirmed",
)
REQUIRED_COLUMNS = ("state", "function")
LIST_COLUMNS = ("emails", "phones", "languages", "thematic_areas")
TEXT_COLUMNS = ("person_name", "office", "title", "availability")
COLUMN_HELP = {
    "state": _("ISO 3166 alpha-3 code of the member state, for example JAM. Required."),
    "function": _("Code of the contact point's function, for example toc_contact. Required."),
    "person_name": _("Name of the person. Give a person_name or an office (or both)."),
    "office": _("Name of the office, for a contact that is an office."),
    "title": _("Title or position."),
    "authority": _(
        "Name of the authority the contact belongs to; created for that state if it does not exist."
    ),
    "authority_kind": _("Kind of a new authority, for example ministry or police (default other)."),
    "emails": _("E-mail addresses, separated by “;”. The first one identifies the contact."),
    "phones": _("Telephone numbers with the country code, separated by “;”."),
    "languages": _("Languages spoken: ISO 639-1 codes separated by “;”, for example en;es."),
    "thematic_areas": _("Thematic area codes separated by “;”, for example drugs;firearms."),
    "availability": _("Office hours, time zone, 24/7 line."),
    "language": _("ISO 639-1 code of the language the entry is written in (default en)."),
    "last_confirmed": _("Date the entry was last confirmed, as YYYY-MM-DD (default: today)."),
}

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000  # a load of this size stays well within a web worker's time limit

ERR_NO_ROWS = _("The file has a header line but no contacts below it.")
LIMITS = Limits(max_bytes=MAX_BYTES, max_rows=MAX_ROWS, no_rows=ERR_NO_ROWS)

ERR_NAME_OR_OFFICE_COLUMN = _("The file needs a person_name column, an office column, or both.")
ERR_CELL_WITHOUT_COLUMN = _("Cell %(number)s has a value but no column name in the header line.")
ERR_STATE_REQUIRED = _("Give the ISO 3166 alpha-3 code of the state, for example JAM.")
ERR_STATE_NOT_PARTICIPATING = _(
    "%(state)s does not take part in the work of the OAS today; its contacts cannot be imported."
)
ERR_DATE = _("“%(value)s” is not a date written as YYYY-MM-DD.")
ERR_DATE_FUTURE = _("“%(value)s” is in the future.")
ERR_KIND_WITHOUT_AUTHORITY = _("An authority_kind is given without an authority.")
ERR_SAME_AS_LINE = _(
    "This row is the same contact point as line %(line)s; each may appear only once."
)
ERR_AMBIGUOUS = _(
    "This row matches %(count)s contact points of this state and function already in the "
    "directory; correct the directory first so that only one matches."
)
ERR_CHANGED_MEANWHILE = _(
    "This contact point was changed by someone else during the import; upload the file again."
)


@dataclass
class RowOutcome:
    """What a row does (or, before loading, would do) to the directory."""

    line: int
    action: str
    state: MemberState
    function: str
    name: str
    changed: list[str] = field(default_factory=list)

    @property
    def function_label(self) -> str:
        return str(Function(self.function).label)


@dataclass
class ImportReport(tabular.ImportReport):
    """The result of an import or of a dry run; with errors, nothing was written."""

    rows: list[RowOutcome] = field(default_factory=list)
    new_authorities: list[str] = field(default_factory=list)
    written: bool = False


def read_table(name: str, content: bytes) -> Table:
    """The header and the non-blank rows of a contact list (see hemis.core.tabular)."""
    return tabular.read_table(name, content, LIMITS)


# Checking and loading


def _check_header(table: Table) -> tuple[list[str], list[ImportProblem]]:
    columns, problems = check_header(table, COLUMNS, REQUIRED_COLUMNS)
    if "person_name" not in columns and "office" not in columns:
        problems.append(ImportProblem(table.header_line, None, str(ERR_NAME_OR_OFFICE_COLUMN)))
    return columns, problems


def _split(value: str) -> list[str]:
    # ";" is documented; commas and line breaks inside a cell are what people also type.
    return [v.strip() for v in re.split(r"[;,\n]", value) if v.strip()]


def _parse_date(value: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(value)
    return dt.date.fromisoformat(value)


def _keys(state_id: int, function: str, values: dict[str, Any]) -> list[tuple]:
    """The natural keys of a contact: its first e-mail address, else its person's or office name."""
    keys = []
    if values.get("emails"):
        keys.append((state_id, function, "emails", values["emails"][0]))
    if values.get("person_name"):
        keys.append((state_id, function, "person_name", services.fold(values["person_name"])))
    elif values.get("office"):
        keys.append((state_id, function, "office", services.fold(values["office"])))
    return keys


# Contact fields are checked by the service; the authority column is a name only this file reads.
TEXT_LIMITS = {"authority": Authority._meta.get_field("name").max_length}


@dataclass
class _Plan:
    line: int
    state: MemberState
    data: dict[str, Any]
    contact: Contact | None
    changed: list[str]
    new_authority: tuple[str, str] | None
    confirmed_on: dt.date | None

    @property
    def action(self) -> str:
        if self.contact is None:
            return CREATE
        return UPDATE if self.changed else UNCHANGED

    def outcome(self) -> RowOutcome:
        values = {**(services.contact_snapshot(self.contact) if self.contact else {}), **self.data}
        name = values.get("person_name") or values.get("office") or ""
        return RowOutcome(
            self.line, self.action, self.state, values["function"], name, self.changed
        )


class _Checker:
    """Checks rows one by one against the directory as it is and the rows before them."""

    def __init__(self, table: Table, columns: list[str]) -> None:
        self.columns = columns
        self.today = timezone.localdate()
        self.states = {s.iso3: s for s in MemberState.objects.prefetch_related("participations")}
        position = columns.index("state")
        codes = {cells[position].upper() for _line, cells in table.rows if position < len(cells)}
        state_ids = [s.pk for code, s in self.states.items() if code in codes]
        self.existing: dict[tuple, list[Contact]] = {}
        contacts = (
            Contact.objects.filter(status=EntryStatus.ACTIVE, state_id__in=state_ids)
            .select_related("state", "authority")
            .prefetch_related("thematic_areas", "languages")
            .order_by("pk")
        )
        for contact in contacts:
            values = {"emails": contact.emails, "person_name": contact.person_name}
            values["office"] = contact.office
            for key in _keys(contact.state_id, contact.function, values):
                self.existing.setdefault(key, []).append(contact)
        self.authorities: dict[tuple[int, str], Authority] = {}
        for authority in Authority.objects.filter(
            status=EntryStatus.ACTIVE, state_id__in=state_ids
        ).order_by("pk"):
            for name in (authority.name, authority.name_en):
                if name:
                    self.authorities.setdefault(
                        (authority.state_id, services.fold(name)), authority
                    )
        # Natural keys already taken by earlier rows, and the contacts they match.
        self.claimed: dict[tuple, int] = {}
        self.matched: dict[int, int] = {}

    def check(self, line: int, cells: Sequence[str]) -> tuple[_Plan | None, list[ImportProblem]]:
        problems: list[ImportProblem] = []

        def add(column: str | None, message: Any) -> None:
            problems.append(ImportProblem(line, column, str(message)))

        for number, cell in enumerate(cells, start=1):
            if cell and (number > len(self.columns) or not self.columns[number - 1]):
                add(None, ERR_CELL_WITHOUT_COLUMN % {"number": number})
        values = {
            column: cells[i] if i < len(cells) else ""
            for i, column in enumerate(self.columns)
            if column
        }
        state = self._state(values["state"], add)
        data = self._contact_fields(state, values, add)
        authority, new_authority = self._authority(state, values, add)
        if "authority" in values:
            data["authority"] = authority
        confirmed_on = self._date(values.get("last_confirmed", ""), add)
        if problems or state is None:
            return None, problems
        return self._match(line, state, data, new_authority, confirmed_on, add), problems

    def _state(self, code: str, add) -> MemberState | None:
        if not code:
            add("state", ERR_STATE_REQUIRED)
            return None
        state = self.states.get(code.upper())
        if state is None:
            add("state", ERR_STATE_UNKNOWN % {"value": code})
        elif not state.is_participating(self.today):
            add("state", ERR_STATE_NOT_PARTICIPATING % {"state": state.name})
            return None
        return state

    def _contact_fields(self, state: MemberState | None, values: dict[str, str], add) -> dict:
        data: dict[str, Any] = {}
        if values["function"]:
            data["function"] = values["function"].lower()
        else:
            add("function", services.ERR_REQUIRED)
        for column in TEXT_COLUMNS:
            if column in values:
                data[column] = values[column]
        for column in LIST_COLUMNS:
            if column in values:
                data[column] = _split(values[column])
        if "language" in values:
            data["language"] = values["language"].lower() or "en"
        for column, limit in TEXT_LIMITS.items():
            length = len(values.get(column, ""))
            if limit and length > limit:
                add(column, services.ERR_TOO_LONG % {"length": length, "limit": limit})
        if state is None:
            # Telephone numbers are read in the state's numbering plan; without a state they
            # are checked once the state is corrected. Nothing else reads the state.
            data.pop("phones", None)
        try:
            return services.clean_contact_fields(state, data, partial=True)
        except ValidationError as error:
            for column, messages in error.message_dict.items():
                for message in messages:
                    add(column, message)
            return data

    def _authority(
        self, state: MemberState | None, values: dict[str, str], add
    ) -> tuple[Authority | None, tuple[str, str] | None]:
        name = values.get("authority", "")
        kind = values.get("authority_kind", "").lower()
        if kind and kind not in AuthorityKind.values:
            add("authority_kind", services.ERR_KIND % {"value": kind})
        if not name:
            if kind:
                add("authority_kind", ERR_KIND_WITHOUT_AUTHORITY)
            return None, None
        existing = self.authorities.get((state.pk, services.fold(name))) if state else None
        if existing is not None:
            return existing, None
        return None, (name, kind or AuthorityKind.OTHER.value)

    def _date(self, value: str, add) -> dt.date | None:
        if not value:
            return None
        try:
            day = _parse_date(value)
        except ValueError:
            add("last_confirmed", ERR_DATE % {"value": value})
            return None
        if day > self.today:
            add("last_confirmed", ERR_DATE_FUTURE % {"value": value})
        return day

    def _match(self, line, state, data, new_authority, confirmed_on, add) -> _Plan | None:
        keys = _keys(state.pk, data["function"], data)
        contact = None
        if keys:
            key = keys[0]
            column = key[2]
            if key in self.claimed:
                add(column, ERR_SAME_AS_LINE % {"line": self.claimed[key]})
                return None
            matches = self.existing.get(key, [])
            if len(matches) > 1:
                add(column, ERR_AMBIGUOUS % {"count": len(matches)})
                return None
            if matches:
                contact = matches[0]
                if contact.pk in self.matched:
                    add(column, ERR_SAME_AS_LINE % {"line": self.matched[contact.pk]})
                    return None
        before = services.contact_snapshot(contact) if contact else {}
        after = {**before, **data}
        if "authority" in data:
            after["authority"] = str(data["authority"].public_id) if data["authority"] else None
        if new_authority:
            after["authority"] = new_authority
        named = bool(after.get("person_name") or after.get("office"))
        reachable = bool(after.get("emails") or after.get("phones"))
        if not named:
            add("person_name", services.ERR_NAME_OR_OFFICE)
        if not reachable:
            add("emails", services.ERR_REACHABLE)
        if not (named and reachable):
            return None
        if contact is not None:
            self.matched[contact.pk] = line
        for key in [*keys, *_keys(state.pk, data["function"], after)]:
            self.claimed.setdefault(key, line)
        changed = [n for n in services.CONTACT_FIELDS if contact and before.get(n) != after.get(n)]
        return _Plan(line, state, data, contact, changed, new_authority, confirmed_on)


class _RowFailed(Exception):
    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _problems(line: int, error: ValidationError) -> list[ImportProblem]:
    if hasattr(error, "error_dict"):
        return [
            ImportProblem(line, column, str(message))
            for column, messages in error.message_dict.items()
            for message in messages
        ]
    return [ImportProblem(line, None, str(message)) for message in error.messages]


@transaction.atomic
def _load(actor: Any, plans: list[_Plan]) -> None:
    created: dict[tuple[int, str], Authority] = {}
    for plan in plans:
        if plan.action == UNCHANGED:
            continue
        data = dict(plan.data)
        try:
            if plan.new_authority:
                name, kind = plan.new_authority
                key = (plan.state.pk, services.fold(name))
                if key not in created:
                    created[key] = services.authority_create(
                        actor=actor,
                        state=plan.state,
                        data={"name": name, "kind": kind, "language": data.get("language", "en")},
                    )
                data["authority"] = created[key]
            if plan.contact is None:
                services.contact_create(
                    actor=actor, state=plan.state, data=data, confirmed_on=plan.confirmed_on
                )
            else:
                services.contact_update(
                    actor=actor, contact=plan.contact, version=plan.contact.version, data=data
                )
        except ValidationError as error:
            raise _RowFailed(_problems(plan.line, error)) from error
        except VersionConflict as error:
            raise _RowFailed(
                [ImportProblem(plan.line, None, str(ERR_CHANGED_MEANWHILE))]
            ) from error


def import_table(*, actor: Any, table: Table, dry_run: bool = False) -> ImportReport:
    """Check every row; unless it is a dry run or any row is wrong, load them all in one go."""
    if not policy.is_secretariat(actor):
        raise PermissionDenied
    columns, header_problems = _check_header(table)
    if header_problems:
        return ImportReport(errors=header_problems)
    checker = _Checker(table, columns)
    plans: list[_Plan] = []
    errors: list[ImportProblem] = []
    for line, cells in table.rows:
        plan, problems = checker.check(line, cells)
        errors += problems
        if plan is not None:
            plans.append(plan)
    if errors:
        return ImportReport(errors=errors)
    actions = [plan.action for plan in plans]
    new_authorities = {
        (plan.state.pk, services.fold(plan.new_authority[0])): (
            f"{plan.new_authority[0]} ({plan.state.iso3})"
        )
        for plan in plans
        if plan.new_authority
    }
    report = ImportReport(
        created=actions.count(CREATE),
        updated=actions.count(UPDATE),
        unchanged=actions.count(UNCHANGED),
        rows=[plan.outcome() for plan in plans],
        new_authorities=list(new_authorities.values()),
    )
    if dry_run:
        return report
    try:
        _load(actor, plans)
    except _RowFailed as failure:
        return ImportReport(errors=failure.problems)
    report.written = True
    return report


def import_file(*, actor: Any, name: str, content: bytes, dry_run: bool = False) -> ImportReport:
    """Read a CSV or XLSX file and import it (see import_table); an unreadable file is an error."""
    try:
        table = read_table(name, content)
    except UnreadableFile as error:
        if not policy.is_secretariat(actor):
            raise PermissionDenied from error
        return ImportReport(errors=[ImportProblem(None, None, error.message)])
    return import_table(actor=actor, table=table, dry_run=dry_run)
