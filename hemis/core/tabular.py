"""CSV and XLSX files read as text cells, and their problems named by line and column.

Every import of hemis (contact lists, laws, treaty status) reads its file here: `read_table`
gives the header and the non-blank rows as text, each with its line number in the file, or
raises `UnreadableFile` with a message the user can act on; `check_header` names unknown,
missing and repeated columns. What each row means, and loading it all or nothing, is the
importing module's own (hemis/directory/imports.py, hemis/legislation/imports.py).

Nothing the file says about itself is trusted: every row of a workbook is read whatever size
its sheet declares, and the limits of hemis.core.limits (columns, characters of a cell, what a
workbook unpacks to) are checked before the work they bound, as is every cell's text
(hemis.core.text), so a file is refused here, by line and column, rather than half-loaded.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, NamedTuple

import openpyxl
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from hemis.core import limits as input_limits
from hemis.core import text

EXTENSIONS = (".csv", ".xlsx")
# The last row a workbook can have: a row numbered beyond it is a damaged file, and reading
# stops there rather than counting empty rows up to it.
MAX_SHEET_ROWS = 1_048_576

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
ERR_XLSX_UNPACKED = _(
    "The workbook unpacks to more than %(megabytes)s MB; split it into smaller files."
)
ERR_XLSX_PARTS = _("The workbook has more than %(count)s parts; save it again as .xlsx.")
ERR_XLSX_ROW = _("The sheet has a row beyond row %(count)s; save it again as .xlsx.")
ERR_TOO_MANY_COLUMNS = _(
    "This line has %(count)s cells; a file may have at most %(limit)s columns."
)
ERR_CELL_TOO_LONG = _("The cell has %(length)s characters; a cell may have at most %(limit)s.")
ERR_UNKNOWN_COLUMNS = _("Unknown columns: %(columns)s. The columns are: %(known)s.")
ERR_MISSING_COLUMNS = _("Missing required columns: %(columns)s.")
ERR_DUPLICATE_COLUMN = _("This column appears more than once.")
ERR_STATE_UNKNOWN = _("“%(value)s” is not the ISO 3166 alpha-3 code of a member state.")

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


class UnreadableFile(Exception):
    """The file cannot be read as a table at all, so none of its rows was checked.

    `problem` is the line and column at fault, when the refusal names one."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.problem = message if isinstance(message, ImportProblem) else None


class MissingSheet(UnreadableFile):
    """The workbook has no sheet of the name asked for."""


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
    max_columns: int = input_limits.MAX_COLUMNS
    max_cell_chars: int = input_limits.MAX_CELL_CHARS
    # What an XLSX workbook may unpack to.
    max_unpacked_bytes: int = input_limits.MAX_UNCOMPRESSED_BYTES


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
    records = reader(content, limits)
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


def _keep(records: Records, line: int, cells: Sequence[Any], limits: Limits) -> None:
    """Add a row's cells (as text, trailing empty cells dropped) unless it is blank; refuse
    the file at the first row or cell beyond a limit, or text that cannot be stored."""
    width = len(cells)
    while width and (cells[width - 1] is None or cells[width - 1] == ""):
        width -= 1
    if not width:
        return
    if width > limits.max_columns:
        message = ERR_TOO_MANY_COLUMNS % {"count": width, "limit": limits.max_columns}
        raise UnreadableFile(ImportProblem(line, None, str(message)))
    kept = tuple(cell_text(cells[index]).strip() for index in range(width))
    if not any(kept):
        return
    if len(records) > limits.max_rows:
        raise UnreadableFile(ERR_TOO_MANY_ROWS % {"count": limits.max_rows})
    header = records[0][1] if records else ()
    for index, cell in enumerate(kept):
        if len(cell) > limits.max_cell_chars:
            message = str(ERR_CELL_TOO_LONG % {"length": len(cell), "limit": limits.max_cell_chars})
        elif not text.is_storable(cell):
            message = str(text.ERR_UNSTORABLE)
        else:
            continue
        raise UnreadableFile(ImportProblem(line, _column_label(header, index), message))
    records.append((line, kept))


def _column_label(header: tuple[str, ...], index: int) -> str:
    """The name of a cell's column: its header, or its letter where the header has none."""
    name = header[index] if index < len(header) else ""
    return column_name(name) if name and text.is_storable(name) else get_column_letter(index + 1)


def _read_csv(content: bytes, limits: Limits) -> Records:
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
            _keep(records, start, cells, limits)
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


def _check_archive(content: bytes, limits: Limits) -> None:
    """Refuse a workbook whose parts would unpack to too much, from its directory alone.

    The sizes it declares bound what is unpacked: Python's zipfile reads no more of a part
    than its declared size (and fails its checksum if the part holds more)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableFile(ERR_XLSX) from error
    if len(members) > input_limits.MAX_ARCHIVE_MEMBERS:
        raise UnreadableFile(ERR_XLSX_PARTS % {"count": input_limits.MAX_ARCHIVE_MEMBERS})
    if sum(member.file_size for member in members) > limits.max_unpacked_bytes:
        megabytes = limits.max_unpacked_bytes // input_limits.MiB
        raise UnreadableFile(ERR_XLSX_UNPACKED % {"megabytes": megabytes})


def _read_xlsx(content: bytes, limits: Limits) -> Records:
    return read_sheet(content, limits)


def read_sheet(
    content: bytes, limits: Limits, *, sheet_name: str | None = None, data_only: bool = True
) -> Records:
    """The non-blank rows of a workbook's first sheet (or of the one named), as (line, cells as
    text), under the same limits and checks as every import; MissingSheet if it has no such
    sheet, UnreadableFile for everything else."""
    _check_archive(content, limits)
    records: Records = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    except Exception as error:  # a damaged workbook fails in many ways inside openpyxl
        raise UnreadableFile(ERR_XLSX) from error
    try:
        if sheet_name is not None and sheet_name not in workbook.sheetnames:
            raise MissingSheet(sheet_name)
        if not workbook.worksheets:
            return records
        sheet = workbook[sheet_name] if sheet_name is not None else workbook.worksheets[0]
        # A read-only sheet stops at the size the file declares (its <dimension>), which the
        # program that wrote it may have set too small: every row is read instead.
        sheet.reset_dimensions()
        for line, values in enumerate(sheet.iter_rows(values_only=True), 1):
            if line > MAX_SHEET_ROWS:
                raise UnreadableFile(ERR_XLSX_ROW % {"count": f"{MAX_SHEET_ROWS:,}"})
            _keep(records, line, values, limits)
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
    counts = Counter(columns)
    problems = []
    unknown = [h for h, c in zip(table.header, columns, strict=True) if c and c not in known]
    if unknown:
        message = ERR_UNKNOWN_COLUMNS % {"columns": ", ".join(unknown), "known": ", ".join(known)}
        problems.append(ImportProblem(line, None, message))
    missing = [c for c in required if c not in columns]
    if missing:
        message = ERR_MISSING_COLUMNS % {"columns": ", ".join(missing)}
        problems.append(ImportProblem(line, None, message))
    for name in dict.fromkeys(c for c in columns if c and counts[c] > 1):
        problems.append(ImportProblem(line, name, str(ERR_DUPLICATE_COLUMN)))
    return columns, problems
