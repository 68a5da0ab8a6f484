"""Renderings of treaty status: an instrument's list as PDF, XLSX and CSV; the matrix as XLSX
and CSV. Every function takes data already read through the selectors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from babel.dates import format_date
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from hemis.core import charts, exports
from hemis.core.models import current_language
from hemis.treaties import maps, selectors
from hemis.treaties.models import Instrument
from hemis.treaties.presentation import legend, legend_title, status_labels
from hemis.treaties.selectors import Matrix, StatusEntry

INSTRUMENT_FORMATS = ("pdf", "xlsx", "csv")
MATRIX_FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": exports.XLSX_CONTENT_TYPE,
    "csv": exports.CSV_CONTENT_TYPE,
}


DATE_FORMAT = "yyyy-mm-dd"


def filename(name: str, today: dt.date, extension: str) -> str:
    return f"hemis-treaty-status-{name.lower()}-{today.isoformat()}.{extension}"


def entry_columns() -> list[exports.Column]:
    return [
        exports.Column(_("State code"), 8),
        exports.Column(_("State"), 24),
        exports.Column(_("Status"), 20),
        exports.Column(_("Signature"), 12, number_format=DATE_FORMAT),
        exports.Column(_("Consent to be bound"), 16),
        exports.Column(_("Date of consent"), 12, number_format=DATE_FORMAT),
        exports.Column(_("Reservations and declarations"), 40),
        exports.Column(_("Authorities designated"), 30),
        exports.Column(_("Note"), 40),
        exports.Column(_("Source"), 50),
        exports.Column(_("Source consulted on"), 12, number_format=DATE_FORMAT),
    ]


def entry_row(entry: StatusEntry, labels: dict[str, str]) -> list[Any]:
    record = entry.record
    return [
        entry.state.iso3,
        entry.state.name,
        labels[entry.status],
        record.signature_date if record else None,
        str(record.get_consent_type_display()) if record and record.consent_type else "",
        record.consent_date if record else None,
        record.reservations if record else "",
        record.designated_authorities if record else "",
        record.note if record else "",
        record.source if record else "",
        record.source_consulted_on if record else None,
    ]


def instrument_xlsx(instrument: Instrument, entries: list[StatusEntry], *, today: dt.date) -> bytes:
    """An instrument's list of signatories and ratifications as an Excel workbook."""
    labels = status_labels()
    counts = selectors.status_counts(entries)
    about = [
        [str(label), value]
        for label, value in (
            (_("Instrument"), instrument.title),
            (_("Adopted on"), instrument.adopted_on),
            (_("Depositary"), str(instrument.get_depositary_display())),
            (_("Depositary reference"), instrument.depositary_reference),
            (_("Date of this list"), today),
            (_("Parties"), counts.parties),
            (_("Signatories not yet party"), counts.signatories),
            (_("Not parties"), counts.not_parties),
            (_("No information"), counts.no_information),
        )
    ]
    about += [[item["label"], item["explanation"]] for item in legend()]
    return exports.xlsx_bytes(
        exports.Sheet(
            instrument.code, entry_columns(), (entry_row(entry, labels) for entry in entries)
        ),
        exports.Sheet(
            _("About"),
            [exports.Column(_("Field"), 30), exports.Column(_("Value"), 90)],
            about,
            filter=False,
        ),
    )


def instrument_csv(instrument: Instrument, entries: list[StatusEntry]) -> bytes:
    """An instrument's list as CSV."""
    labels = status_labels()
    return exports.csv_bytes(entry_columns(), (entry_row(entry, labels) for entry in entries))


def _matrix_columns(matrix: Matrix) -> list[exports.Column]:
    return [
        exports.Column(_("State code"), 8),
        exports.Column(_("State"), 22),
        *(exports.Column(instrument.short, 22) for instrument in matrix.instruments),
    ]


def _matrix_rows(matrix: Matrix) -> Iterable[list[Any]]:
    labels = status_labels()
    for row in matrix.rows:
        yield [row.state.iso3, row.state.name, *(labels[status] for _i, status in row.cells)]


def matrix_xlsx(matrix: Matrix) -> bytes:
    """The matrix of states × instruments as an Excel workbook, one status label per cell."""
    return exports.xlsx_bytes(
        exports.Sheet(_("Treaty status"), _matrix_columns(matrix), _matrix_rows(matrix)),
        exports.Sheet(
            _("Instruments"),
            [exports.Column(_("Short title"), 30), exports.Column(_("Title"), 100)],
            ([instrument.short, instrument.title] for instrument in matrix.instruments),
            filter=False,
        ),
    )


def matrix_csv(matrix: Matrix) -> bytes:
    return exports.csv_bytes(_matrix_columns(matrix), _matrix_rows(matrix))


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
    css = exports.page_margins(
        title=instrument.short,
        date=_("Status as recorded on %(date)s") % {"date": date},
        page=_("Page %(page)s of %(pages)s"),
    )
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
