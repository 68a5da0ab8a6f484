"""Tables as CSV and XLSX files: one writer for each, every cell through the same rule."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from hemis.core.exports.cells import FORMULA_TRIGGERS, safe_cell

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel reads a CSV file as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"
# What Excel refuses in a sheet's name, and its length limit.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31
# Values openpyxl writes as they are; anything else (a UUID, a lazy translation) as text.
_NATIVE = (str, int, float, decimal.Decimal, dt.date, dt.time, dt.timedelta)

Label = str | Promise | Callable[[], str]


@dataclass(frozen=True)
class Column:
    """A column of an exported table.

    `label` is its heading (a lazy translation or a function is read when the file is
    written, in the request's language); `width` its width in characters in an XLSX;
    `number_format` the XLSX format of its dates or numbers ("yyyy-mm-dd"). `verbatim` is for
    values checked on input never to be formulas that must keep their first character, such
    as E.164 telephone numbers, which start with "+": a CSV does not quote them (an XLSX
    marks them as text all the same, which does not change what they show).
    """

    label: Label
    width: int = 14
    number_format: str | None = None
    verbatim: bool = False

    @property
    def heading(self) -> str:
        label = self.label
        return label() if callable(label) else str(label)


def _csv_value(value: Any, verbatim: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Promise):
        value = str(value)
    return value if verbatim else safe_cell(value)


class _Echo:
    """A file whose write returns what it is given, so that csv rows can be streamed."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The table as CSV text, a chunk a row, starting with the byte order mark and headings.

    The rows are read while the chunks are: an iterator of a queryset is never all in memory.
    """
    writer = csv.writer(_Echo())
    verbatim = [column.verbatim for column in columns]
    yield BOM + writer.writerow([safe_cell(column.heading) for column in columns])
    for row in rows:
        yield writer.writerow(
            [_csv_value(value, verbatim[index]) for index, value in enumerate(row)]
        )


def csv_bytes(columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> bytes:
    """The table as a whole CSV file, UTF-8 with a byte order mark."""
    return "".join(csv_chunks(columns, rows)).encode("utf-8")


def csv_response(
    columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, filename: str
) -> HttpResponse:
    """A CSV download, written whole."""
    return download(csv_bytes(columns, rows), CSV_CONTENT_TYPE, filename)


def csv_streaming_response(
    columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, filename: str
) -> StreamingHttpResponse:
    """A CSV download sent row by row, for tables too long to hold in memory.

    The file is written after the view has returned: its headings and translated values keep
    the language of the request.
    """
    language = translation.get_language()

    def chunks() -> Iterator[str]:
        with translation.override(language):
            yield from csv_chunks(columns, rows)

    response = StreamingHttpResponse(chunks(), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@dataclass
class Sheet:
    """A sheet of an XLSX workbook: a heading row from `columns`, then `rows`.

    `freeze` is the top-left cell that stays in view when scrolling ("A2": the heading row);
    `wrap` wraps every cell's text (long texts to read, as translators do); `filter` adds an
    autofilter over the table.
    """

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    freeze: str | None = "A2"
    wrap: bool = False
    filter: bool = True


def sheet_title(title: str) -> str:
    """`title` as Excel accepts a sheet's name."""
    return _SHEET_NAME_FORBIDDEN.sub(" ", str(title))[:SHEET_NAME_LENGTH] or "Sheet"


def _write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    worksheet = workbook.create_sheet(sheet_title(sheet.title))
    if sheet.freeze:
        worksheet.freeze_panes = sheet.freeze
    columns = list(sheet.columns)
    for index, column in enumerate(columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    bold, heading_alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    header = []
    for column in columns:
        # A heading may be data too (a matrix's columns are named after its instruments).
        cell = _xlsx_cell(worksheet, column.heading, None, heading_alignment)
        cell.font = bold
        header.append(cell)
    worksheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top") if sheet.wrap else None
    formats = [column.number_format for column in columns]
    count = 0
    for row in sheet.rows:
        worksheet.append(
            [_xlsx_cell(worksheet, value, formats[index], wrap) for index, value in enumerate(row)]
        )
        count += 1
    if sheet.filter and columns:
        worksheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


def _text(value: str) -> str:
    # The XLSX format cannot hold control characters other than tab and line breaks.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _xlsx_cell(
    worksheet: Any,
    value: Any,
    number_format: str | None,
    wrap: Alignment | None,
) -> Any:
    if value is None:
        return None if wrap is None else _styled(worksheet, None, wrap)
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Excel's dates have no time zone: write the time in UTC.
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    if not isinstance(value, _NATIVE):
        value = str(value)
    if isinstance(value, str):
        value = _text(value)
        if value.startswith(FORMULA_TRIGGERS):
            cell = _styled(worksheet, value, wrap)
            # Stored as text, whatever openpyxl would guess ("=…" is a formula to it), and
            # marked with the quote prefix: typed again, the cell stays text.
            cell.data_type = "s"
            cell.quotePrefix = True
            return cell
        return value if wrap is None else _styled(worksheet, value, wrap)
    if number_format is None and wrap is None:
        return value
    cell = _styled(worksheet, value, wrap)
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _styled(worksheet: Any, value: Any, wrap: Alignment | None) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=value)
    if wrap is not None:
        cell.alignment = wrap
    return cell


def xlsx_bytes(*sheets: Sheet) -> bytes:
    """The sheets as an XLSX workbook, written row by row (openpyxl's write-only mode)."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(workbook, sheet)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(*sheets: Sheet, filename: str) -> HttpResponse:
    """An XLSX download of the sheets."""
    return download(xlsx_bytes(*sheets), XLSX_CONTENT_TYPE, filename)


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file to save rather than show: `Content-Disposition: attachment` with its name."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
