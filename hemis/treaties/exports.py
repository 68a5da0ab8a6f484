"""Renderings of treaty status: an instrument's list as PDF, XLSX and CSV; the matrix as XLSX
and CSV. Every function takes data already read through the selectors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from typing import Any

from babel.dates import format_date
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from hemis.core import charts
from hemis.core.models import current_language
from hemis.treaties import maps, selectors
from hemis.treaties.models import Instrument
from hemis.treaties.presentation import legend, legend_title, status_labels
from hemis.treaties.selectors import Matrix, StatusEntry

INSTRUMENT_FORMATS = ("pdf", "xlsx", "csv")
MATRIX_FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# A spreadsheet evaluates a cell that starts with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def css_string(text: str) -> SafeString:
    """`text` as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '\\"<>&' or ord(char) < 32 else char for char in text
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308  (every special character escaped above)


_COUNTER = re.compile(r"%\((page|pages)\)s")


def css_counter_content(text: str) -> SafeString:
    """A translated "Page %(page)s of %(pages)s" as CSS `content` with page counters."""
    parts = []
    for index, piece in enumerate(_COUNTER.split(text)):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return mark_safe(" ".join(parts))  # noqa: S308  (strings escaped by css_string)


def filename(name: str, today: dt.date, extension: str) -> str:
    return f"hemis-treaty-status-{name.lower()}-{today.isoformat()}.{extension}"


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def entry_columns() -> list[tuple[str, int]]:
    return [
        (_("State code"), 8),
        (_("State"), 24),
        (_("Status"), 20),
        (_("Signature"), 12),
        (_("Consent to be bound"), 16),
        (_("Date of consent"), 12),
        (_("Reservations and declarations"), 40),
        (_("Authorities designated"), 30),
        (_("Note"), 40),
        (_("Source"), 50),
        (_("Source consulted on"), 12),
    ]


def entry_row(entry: StatusEntry, labels: dict[str, str]) -> list[Any]:
    record = entry.record
    return [
        entry.state.iso3,
        entry.state.name,
        labels[entry.status],
        _date(record.signature_date) if record else "",
        str(record.get_consent_type_display()) if record and record.consent_type else "",
        _date(record.consent_date) if record else "",
        record.reservations if record else "",
        record.designated_authorities if record else "",
        record.note if record else "",
        record.source if record else "",
        _date(record.source_consulted_on) if record else "",
    ]


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_TRIGGERS):
            return "'" + value
    return value


def _sheet(workbook: Workbook, title: str, columns: list[tuple[str, int]]) -> Any:
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for index, (label, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=1, column=index, value=str(label))
        cell.font, cell.alignment = bold, wrap
    return sheet


def instrument_xlsx(instrument: Instrument, entries: list[StatusEntry], *, today: dt.date) -> bytes:
    """An instrument's list of signatories and ratifications as an Excel workbook."""
    labels = status_labels()
    workbook = Workbook()
    workbook.remove(workbook.active)
    columns = entry_columns()
    sheet = _sheet(workbook, instrument.code, columns)
    for entry in entries:
        sheet.append([_safe(value) for value in entry_row(entry, labels)])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(entries) + 1}"
    counts = selectors.status_counts(entries)
    about = _sheet(workbook, _("About"), [(_("Field"), 30), (_("Value"), 90)])
    for label, value in (
        (_("Instrument"), instrument.title),
        (_("Adopted on"), _date(instrument.adopted_on)),
        (_("Depositary"), str(instrument.get_depositary_display())),
        (_("Depositary reference"), instrument.depositary_reference),
        (_("Date of this list"), _date(today)),
        (_("Parties"), counts.parties),
        (_("Signatories not yet party"), counts.signatories),
        (_("Not parties"), counts.not_parties),
        (_("No information"), counts.no_information),
    ):
        about.append([str(label), _safe(value)])
    for item in legend():
        about.append([item["label"], item["explanation"]])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def instrument_csv(instrument: Instrument, entries: list[StatusEntry]) -> str:
    """An instrument's list as CSV, starting with a byte order mark so Excel reads UTF-8."""
    labels = status_labels()
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([label for label, _width in entry_columns()])
    for entry in entries:
        writer.writerow([_safe(value) for value in entry_row(entry, labels)])
    return "\ufeff" + output.getvalue()


def _matrix_rows(matrix: Matrix) -> Iterable[list[Any]]:
    labels = status_labels()
    yield [_("State code"), _("State"), *(i.short for i in matrix.instruments)]
    for row in matrix.rows:
        yield [row.state.iso3, row.state.name, *(labels[status] for _i, status in row.cells)]


def matrix_xlsx(matrix: Matrix) -> bytes:
    """The matrix of states × instruments as an Excel workbook, one status label per cell."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    rows = list(_matrix_rows(matrix))
    columns = [(str(label), 8 if index == 0 else 22) for index, label in enumerate(rows[0])]
    sheet = _sheet(workbook, _("Treaty status"), columns)
    for row in rows[1:]:
        sheet.append([_safe(value) for value in row])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows)}"
    titles = _sheet(workbook, _("Instruments"), [(_("Short title"), 30), (_("Title"), 100)])
    for instrument in matrix.instruments:
        titles.append([instrument.short, instrument.title])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def matrix_csv(matrix: Matrix) -> str:
    output = io.StringIO()
    writer = csv.writer(output)
    for row in _matrix_rows(matrix):
        writer.writerow([_safe(value) for value in row])
    return "\ufeff" + output.getvalue()


def instrument_pdf(
    instrument: Instrument, entries: list[StatusEntry], *, today: dt.date, subregion: str = ""
) -> bytes:
    """The list of signatories and ratifications as the Secretariat distributes it."""
    from weasyprint import HTML  # imported here: it takes a moment to load

    labels = status_labels()
    map_svg = charts.svg(
        maps.status_map(
            [(entry.state, entry.status) for entry in entries],
            labels=labels,
            legend_title=legend_title(),
            inline_atlas=True,
        )
    )
    date = format_date(today, format="long", locale=current_language())
    css = {
        "title": css_string(instrument.short),
        "date": css_string(_("Status as recorded on %(date)s") % {"date": date}),
        "page": css_counter_content(_("Page %(page)s of %(pages)s")),
    }
    subregion_name = ""
    if subregion:
        found = selectors.subregion_list().filter(code=subregion).first()
        subregion_name = found.name if found else subregion
    html = render_to_string(
        "treaties/pdf/instrument.html",
        {
            "instrument": instrument,
            "entries": entries,
            "labels": labels,
            "counts": selectors.status_counts(entries),
            "date": date,
            "legend": legend(),
            "map_svg": mark_safe(map_svg),  # noqa: S308  (drawn by vl-convert from our data)
            "css": css,
            "subregion": subregion_name,
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
