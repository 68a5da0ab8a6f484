"""Importing laws and their provisions from CSV or XLSX: every row checked, then all or nothing.

One row is one provision, with its law's columns repeated on each of the law's rows. A law is
recognised by its state and title, a provision by its law and article reference, so that a
second import of the same file changes nothing. Rows are loaded through the services (audited,
indexed for search) in one transaction. The columns are documented in docs/legislation-import.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, NamedTuple

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hemis.accounts import policy
from hemis.core.models import MemberState
from hemis.legislation import services
from hemis.legislation.models import Law, Provision
from hemis.legislation.search.text import fold

# Column → (law or provision field).
LAW_COLUMNS = {
    "law_title": "title",
    "law_title_en": "title_en",
    "kind": "kind",
    "status": "status",
    "enacted_on": "enacted_on",
    "amended_on": "amended_on",
    "language": "language",
    "source_url": "source_url",
    "gazette_reference": "gazette_reference",
    "full_text_url": "full_text_url",
}
PROVISION_COLUMNS = {
    "article": "article",
    "text": "text",
    "thematic_areas": "thematic_areas",
    "convention_articles": "convention_articles",
    "cross_cutting_issues": "cross_cutting_issues",
}
COLUMNS = ("state", *LAW_COLUMNS, *PROVISION_COLUMNS)
REQUIRED_COLUMNS = ("state", "law_title", "kind", "language", "article", "text")
COLUMN_HELP = {
    "state": _("ISO 3166 alpha-3 code of the member state, for example MEX. Required."),
    "law_title": _("Title of the law in its original language. Required."),
    "law_title_en": _("Title in English, if the original is in another language."),
    "kind": _("constitution, code, law, decree or regulation. Required."),
    "status": _("in_force, amended or repealed (default in_force)."),
    "enacted_on": _("Date of enactment, as YYYY-MM-DD."),
    "amended_on": _("Date of the last amendment, as YYYY-MM-DD."),
    "language": _("ISO 639-1 code of the language of the law, for example es. Required."),
    "source_url": _("Web address of the official source."),
    "gazette_reference": _("Reference of the official gazette."),
    "full_text_url": _("Web address of the full text."),
    "article": _("Article reference, for example Artículo 5. Required."),
    "text": _("Text of the extract. Required."),
    "thematic_areas": _("Thematic area codes separated by “;”, for example drugs;firearms."),
    "convention_articles": _("UNTOC and Protocol article codes separated by “;”, e.g. untoc-6."),
    "cross_cutting_issues": _("Cross-cutting issue codes separated by “;”, e.g. jurisdiction."),
}

EXTENSIONS = (".csv", ".xlsx")
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"

ERR_EXTENSION = _("The file must be a .csv or an .xlsx file (save an .xls workbook as .xlsx).")
ERR_TOO_BIG = _("The file is larger than %(megabytes)s MB; split it into smaller files.")
ERR_TOO_MANY_ROWS = _("The file has more than %(count)s rows; split it into smaller files.")
ERR_EMPTY = _("The file is empty.")
ERR_NO_ROWS = _("The file has a header line but no provisions below it.")
ERR_ENCODING = _(
    "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”, "
    "or use the .xlsx workbook instead."
)
ERR_CSV = _("The file could not be read as CSV near line %(line)s; check its quotation marks.")
ERR_XLSX = _("The file could not be read as an XLSX workbook. Save it again as .xlsx.")
ERR_UNKNOWN_COLUMNS = _("Unknown columns: %(columns)s. The columns are: %(known)s.")
ERR_MISSING_COLUMNS = _("Missing required columns: %(columns)s.")
ERR_DUPLICATE_COLUMN = _("This column appears more than once.")
ERR_STATE_UNKNOWN = _("“%(value)s” is not the ISO 3166 alpha-3 code of a member state.")
ERR_LAW_DIFFERS = _(
    "This row gives the law a different %(column)s from line %(line)s; a law's columns must be "
    "the same on each of its rows."
)
ERR_SAME_PROVISION = _("This row is the same provision (law and article) as line %(line)s.")


class UnreadableFile(Exception):
    """The file cannot be read as a table at all, so none of its rows was checked."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = str(message)


class ImportProblem(NamedTuple):
    """An error in the file: its line (the header is line 1) and column, when it has them."""

    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        values = {"line": self.line, "column": self.column, "message": self.message}
        if self.line and self.column:
            return gettext("Line %(line)s, column %(column)s: %(message)s") % values
        if self.line:
            return gettext("Line %(line)s: %(message)s") % values
        return str(self.message)


@dataclass(frozen=True)
class Table:
    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    header_line: int = 1

    def to_json(self) -> str:
        return json.dumps(
            {
                "name": self.name,
                "header": self.header,
                "rows": self.rows,
                "header_line": self.header_line,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Table:
        data = json.loads(text)
        return cls(
            name=str(data["name"]),
            header=tuple(str(h) for h in data["header"]),
            rows=tuple((int(n), tuple(str(c) for c in cells)) for n, cells in data["rows"]),
            header_line=int(data["header_line"]),
        )


def fingerprint(text: str) -> str:
    """The SHA-256 of a stored table, so that what is loaded is what was previewed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class RowOutcome:
    line: int
    action: str
    state: MemberState
    law_title: str
    article: str
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """The result of an import or of a dry run; with errors, nothing was written."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ImportProblem] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)
    new_laws: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        return gettext("%(created)s created, %(updated)s updated, %(unchanged)s unchanged") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


# Reading a file


def read_table(name: str, content: bytes) -> Table:
    """The header and the non-blank rows of a CSV or XLSX file; UnreadableFile if it has none."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise UnreadableFile(ERR_EXTENSION)
    if len(content) > MAX_BYTES:
        raise UnreadableFile(ERR_TOO_BIG % {"megabytes": MAX_BYTES // (1024 * 1024)})
    if not content.strip():
        raise UnreadableFile(ERR_EMPTY)
    records = _read_csv(content) if suffix == ".csv" else _read_xlsx(content)
    if not records:
        raise UnreadableFile(ERR_EMPTY)
    (header_line, header), *rows = records
    if not rows:
        raise UnreadableFile(ERR_NO_ROWS)
    return Table(PurePath(name).name, tuple(header), tuple(rows), header_line)


def _keep(records: list, line: int, cells) -> None:
    cells = tuple(str(c).strip() for c in cells)
    if not any(cells):
        return
    if len(records) > MAX_ROWS:
        raise UnreadableFile(ERR_TOO_MANY_ROWS % {"count": MAX_ROWS})
    records.append((line, cells))


def _read_csv(content: bytes) -> list:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(ERR_ENCODING) from error
    # Spreadsheets set to a Spanish, French or Portuguese locale separate cells with ";".
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = "," if "," in first_line or ";" not in first_line else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list = []
    start = 1
    try:
        for cells in reader:
            _keep(records, start, cells)
            start = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableFile(ERR_CSV % {"line": start}) from error
    return records


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(content: bytes) -> list:
    records: list = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # a damaged workbook fails in many ways inside openpyxl
        raise UnreadableFile(ERR_XLSX) from error
    try:
        blank = 0
        for line, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1):
            cells = tuple(_cell_text(v) for v in values)
            blank = 0 if any(cells) else blank + 1
            if blank > 1000:  # formatting far below the data
                break
            _keep(records, line, cells)
    except UnreadableFile:
        raise
    except Exception as error:
        raise UnreadableFile(ERR_XLSX) from error
    finally:
        workbook.close()
    return records


# Checking


def column_name(heading: str) -> str:
    return re.sub(r"[\s-]+", "_", heading.strip().lower())


def _problems(line: int, error: ValidationError, columns: dict[str, str]) -> list[ImportProblem]:
    by_field = {v: k for k, v in columns.items()}
    if not hasattr(error, "error_dict"):
        return [ImportProblem(line, None, m) for m in error.messages]
    return [
        ImportProblem(line, by_field.get(name, name), str(message))
        for name, errors in error.message_dict.items()
        for message in errors
    ]


@dataclass
class _LawPlan:
    line: int
    state: MemberState
    data: dict[str, Any]
    law: Law | None
    changed: list[str]
    provisions: list[_ProvisionPlan] = field(default_factory=list)


@dataclass
class _ProvisionPlan:
    line: int
    data: dict[str, Any]
    provision: Provision | None
    changed: list[str]


def _plan(table: Table) -> tuple[list[_LawPlan], list[ImportProblem]]:
    line = table.header_line
    columns = [column_name(h) for h in table.header]
    problems = []
    unknown = [h for h, c in zip(table.header, columns, strict=True) if c and c not in COLUMNS]
    if unknown:
        message = ERR_UNKNOWN_COLUMNS % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        problems.append(ImportProblem(line, None, message))
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        problems.append(
            ImportProblem(line, None, ERR_MISSING_COLUMNS % {"columns": ", ".join(missing)})
        )
    for name in dict.fromkeys(c for c in columns if c and columns.count(c) > 1):
        problems.append(ImportProblem(line, name, str(ERR_DUPLICATE_COLUMN)))
    if problems:
        return [], problems

    states = {s.iso3: s for s in MemberState.objects.all()}
    laws: dict[tuple[int, str], _LawPlan] = {}
    seen_provisions: dict[tuple[int, str, str], int] = {}
    for line, cells in table.rows:
        values = {c: (cells[i] if i < len(cells) else "") for i, c in enumerate(columns) if c}
        state = states.get(values["state"].upper())
        if state is None:
            problems.append(
                ImportProblem(line, "state", ERR_STATE_UNKNOWN % {"value": values["state"]})
            )
        law_data = {f: values[c] for c, f in LAW_COLUMNS.items() if c in values}
        provision_data = {f: values[c] for c, f in PROVISION_COLUMNS.items() if c in values}
        try:
            law_clean = services.clean_law_fields(law_data)
        except ValidationError as error:
            problems += _problems(line, error, LAW_COLUMNS)
            law_clean = None
        try:
            provision_clean = services.clean_provision_fields(provision_data)
        except ValidationError as error:
            problems += _problems(line, error, PROVISION_COLUMNS)
            provision_clean = None
        if state is None or law_clean is None or provision_clean is None:
            continue
        key = (state.pk, fold(law_clean["title"]))
        plan = laws.get(key)
        if plan is None:
            law = Law.objects.filter(state=state, title__iexact=law_clean["title"]).first()
            before = services.law_snapshot(law) if law else {}
            changed = [
                name
                for name, value in _law_comparable(law_clean).items()
                if before.get(name) != value
            ]
            plan = laws[key] = _LawPlan(line, state, law_clean, law, changed if law else [])
        else:
            for name, value in law_clean.items():
                if plan.data.get(name) != value:
                    column = {v: k for k, v in LAW_COLUMNS.items()}[name]
                    problems.append(
                        ImportProblem(
                            line, column, ERR_LAW_DIFFERS % {"column": column, "line": plan.line}
                        )
                    )
                    break
        provision_key = (*key, fold(provision_clean["article"]))
        if provision_key in seen_provisions:
            problems.append(
                ImportProblem(
                    line,
                    "article",
                    ERR_SAME_PROVISION % {"line": seen_provisions[provision_key]},
                )
            )
            continue
        seen_provisions[provision_key] = line
        provision = None
        if plan.law is not None:
            provision = (
                Provision.objects.filter(law=plan.law, article__iexact=provision_clean["article"])
                .prefetch_related("thematic_areas", "convention_articles", "cross_cutting_issues")
                .first()
            )
        before = services.provision_snapshot(provision) if provision else {}
        changed = [n for n, v in provision_clean.items() if provision and before.get(n) != v]
        plan.provisions.append(_ProvisionPlan(line, provision_clean, provision, changed))
    return list(laws.values()), problems


def _law_comparable(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.isoformat() if isinstance(value, dt.date) else value
        for name, value in cleaned.items()
    }


def _outcomes(plans: list[_LawPlan], report: ImportReport) -> None:
    for plan in plans:
        if plan.law is None:
            report.new_laws += 1
        for p in plan.provisions:
            if p.provision is None:
                action = CREATE
            elif p.changed or plan.changed:
                action = UPDATE
            else:
                action = UNCHANGED
            if action == CREATE:
                report.created += 1
            elif action == UPDATE:
                report.updated += 1
            else:
                report.unchanged += 1
            report.rows.append(
                RowOutcome(
                    p.line,
                    action,
                    plan.state,
                    plan.data["title"],
                    p.data["article"],
                    [*plan.changed, *p.changed],
                )
            )
    report.rows.sort(key=lambda row: row.line)


@transaction.atomic
def _load(actor: Any, plans: list[_LawPlan]) -> None:
    for plan in plans:
        law = plan.law
        if law is None:
            law = services.law_create(actor=actor, state=plan.state, data=plan.data)
        elif plan.changed:
            law = services.law_update(actor=actor, law=law, version=law.version, data=plan.data)
        for p in plan.provisions:
            if p.provision is None:
                services.provision_create(actor=actor, law=law, data=p.data)
            elif p.changed:
                services.provision_update(
                    actor=actor, provision=p.provision, version=p.provision.version, data=p.data
                )


def import_table(*, actor: Any, table: Table, dry_run: bool = False) -> ImportReport:
    """Check every row; unless it is a dry run or a row is wrong, load them all in one go."""
    if not policy.can_write_reference_data(actor):
        raise PermissionDenied
    report = ImportReport()
    plans, problems = _plan(table)
    if problems:
        report.errors = sorted(problems, key=lambda p: (p.line or 0, p.column or ""))
        return report
    _outcomes(plans, report)
    if not dry_run:
        _load(actor, plans)
    return report


def import_file(*, actor: Any, name: str, content: bytes, dry_run: bool = False) -> ImportReport:
    """Read and import a CSV or XLSX file; an unreadable file is reported as an error."""
    try:
        table = read_table(name, content)
    except UnreadableFile as error:
        return ImportReport(errors=[ImportProblem(None, None, error.message)])
    return import_table(actor=actor, table=table, dry_run=dry_run)
