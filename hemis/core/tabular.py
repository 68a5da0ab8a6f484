"""CSV and XLSX files read as text cells, and their problems named by line and column.

Every import of hemis (contact lists, laws, treaty status) reads its file here: `read_table`
gives the header and the non-blank rows as text, each with its line number in the file, or
raises `UnreadableFile` with a message the user can act on; `check_header` names unknown,
missing and repeated columns. What each row means, and loading it all or nothing, is the
importing module's own (hemis/directory/imports.py, hemis/legislation/imports.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, NamedTuple

import openpyxl
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

EXTENSIONS = (".csv", ".xlsx")
# Formatting far below the data makes a sheet yield a million empty rows.
MAX_BLANK_ROWS = 1000

ERR_EXTENSION = _("The file must be a .csv or an .xlsx file (save an .xls workbook as .xlsx).")
ERR_TOO_BIG = _("The file is larger than %(megabytes)s MB; split it into smaller files.")
ERR_TOO_MANY_ROWS = _("The file has more than %(count)s rows; split it into smaller files.")
ERR_EMPTY = _("The file is empty.")
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

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


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


@dataclass
class ImportReport:
    """The result of an import or of a dry run; with errors, nothing was written.

    An importing module subclasses it to add what its rows tell (`rows`, new authorities…)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ImportProblem] = field(default_factory=list)

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


@dataclass(frozen=True)
class Table:
    """A file's cells as text: its header and its rows, each with its line number in the file."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    header_line: int = 1

    def to_json(self) -> str:
        data = {
            "name": self.name,
            "header_line": self.header_line,
            "header": self.header,
            "rows": self.rows,
        }
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Table:
        data = json.loads(text)
        return cls(
            name=str(data["name"]),
            header_line=int(data["header_line"]),
            header=tuple(str(h) for h in data["header"]),
            rows=tuple((int(line), tuple(str(c) for c in cells)) for line, cells in data["rows"]),
        )


def fingerprint(text: str) -> str:
    """The SHA-256 of a stored table, so that what is loaded is what was previewed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Limits:
    """What one kind of file may hold, and how an empty body is described to its users."""

    max_bytes: int
    max_rows: int
    no_rows: Any  # e.g. "The file has a header line but no contacts below it."


def read_table(name: str, content: bytes, limits: Limits) -> Table:
    """The header and the non-blank rows of a CSV or XLSX file; UnreadableFile if it has none."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise UnreadableFile(ERR_EXTENSION)
    if len(content) > limits.max_bytes:
        raise UnreadableFile(ERR_TOO_BIG % {"megabytes": limits.max_bytes // (1024 * 1024)})
    if not content.strip():
        raise UnreadableFile(ERR_EMPTY)
    reader = _read_csv if suffix == ".csv" else _read_xlsx
    records = reader(content, limits.max_rows)
    if not records:
        raise UnreadableFile(ERR_EMPTY)
    (header_line, header), *rows = records
    if not rows:
        raise UnreadableFile(limits.no_rows)
    return Table(
        name=PurePath(name).name,
        header_line=header_line,
        header=tuple(header),
        rows=tuple((line, tuple(cells)) for line, cells in rows),
    )


Records = list[tuple[int, tuple[str, ...]]]


def _keep(records: Records, line: int, cells: Iterable[str], max_rows: int) -> None:
    kept = tuple(str(c).strip() for c in cells)
    if not any(kept):
        return
    if len(records) > max_rows:
        raise UnreadableFile(ERR_TOO_MANY_ROWS % {"count": max_rows})
    records.append((line, kept))


def _read_csv(content: bytes, max_rows: int) -> Records:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(ERR_ENCODING) from error
    # Spreadsheets set to a Spanish, French or Portuguese locale separate cells with ";".
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = ";" if ";" in first_line else "\t" if "\t" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: Records = []
    start = 1
    try:
        for cells in reader:
            _keep(records, start, cells, max_rows)
            start = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableFile(ERR_CSV % {"line": start}) from error
    return records


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a user typed: dates as YYYY-MM-DD, 3.0 as 3."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(content: bytes, max_rows: int) -> Records:
    records: Records = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # a damaged workbook fails in many ways inside openpyxl
        raise UnreadableFile(ERR_XLSX) from error
    try:
        if not workbook.worksheets:
            return records
        blank = 0
        for line, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1):
            cells = tuple(cell_text(v) for v in values)
            blank = 0 if any(cells) else blank + 1
            if blank > MAX_BLANK_ROWS:
                break
            _keep(records, line, cells, max_rows)
    except UnreadableFile:
        raise
    except Exception as error:
        raise UnreadableFile(ERR_XLSX) from error
    finally:
        workbook.close()
    return records


def column_name(heading: str) -> str:
    """A header cell as a column name: case, spaces and hyphens do not matter."""
    return re.sub(r"[\s-]+", "_", heading.strip().lower())


def check_header(
    table: Table, known: Sequence[str], required: Sequence[str]
) -> tuple[list[str], list[ImportProblem]]:
    """The header's column names, and its unknown, missing and repeated columns as problems."""
    line = table.header_line
    columns = [column_name(h) for h in table.header]
    problems = []
    unknown = [h for h, c in zip(table.header, columns, strict=True) if c and c not in known]
    if unknown:
        message = ERR_UNKNOWN_COLUMNS % {"columns": ", ".join(unknown), "known": ", ".join(known)}
        problems.append(ImportProblem(line, None, message))
    missing = [c for c in required if c not in columns]
    if missing:
        message = ERR_MISSING_COLUMNS % {"columns": ", ".join(missing)}
        problems.append(ImportProblem(line, None, message))
    for name in dict.fromkeys(c for c in columns if c and columns.count(c) > 1):
        problems.append(ImportProblem(line, name, str(ERR_DUPLICATE_COLUMN)))
    return columns, problems
