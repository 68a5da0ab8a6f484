"""Search results as CSV (streamed) and XLSX: every matching provision, with its law."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from hemis.legislation import selectors
from hemis.legislation.models import Provision
from hemis.legislation.selectors import SearchFilters

# A result set larger than this is cut; the page says to narrow the search.
EXPORT_LIMIT = 50_000

COLUMNS = (
    (_("State"), 22),
    (_("Law"), 50),
    (_("Title in English"), 40),
    (_("Kind"), 14),
    (_("Status"), 12),
    (_("Enacted on"), 12),
    (_("Last amended on"), 12),
    (_("Language"), 10),
    (_("Article"), 14),
    (_("Text of the extract"), 80),
    (_("Thematic areas"), 30),
    (_("UNTOC and Protocol articles"), 20),
    (_("Cross-cutting issues"), 30),
    (_("Official source"), 40),
    (_("Official gazette reference"), 30),
    (_("Identifier"), 38),
)


def provision_row(provision: Provision) -> list[Any]:
    law = provision.law
    return [
        law.state.name,
        law.title,
        law.title_en,
        str(law.get_kind_display()),
        str(law.get_status_display()),
        law.enacted_on.isoformat() if law.enacted_on else "",
        law.amended_on.isoformat() if law.amended_on else "",
        law.language,
        provision.article,
        provision.text,
        "; ".join(a.name for a in provision.thematic_areas.all()),
        "; ".join(a.code for a in provision.convention_articles.all()),
        "; ".join(i.name for i in provision.cross_cutting_issues.all()),
        law.source_url,
        law.gazette_reference,
        provision.public_key,
    ]


def _file_name(extension: str) -> str:
    return f"hemis-laws-{timezone.localdate().isoformat()}.{extension}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(value: Any) -> Any:
    # A spreadsheet would run text such as "=HYPERLINK(…)" as a formula (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_chunks(provisions: Iterable[Provision]) -> Iterator[str]:
    """The rows as CSV, starting with a byte order mark so that Excel reads UTF-8."""
    language = get_language()
    writer = csv.writer(_Echo())

    def chunks() -> Iterator[str]:
        with translation.override(language):
            yield "\ufeff" + writer.writerow([str(label) for label, _width in COLUMNS])
            for provision in provisions:
                yield writer.writerow([_safe(v) for v in provision_row(provision)])

    return chunks()


def csv_response(*, viewer: Any, filters: SearchFilters) -> StreamingHttpResponse:
    rows = selectors.provision_export_rows(viewer=viewer, filters=filters, limit=EXPORT_LIMIT)
    response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name("csv")}"'
    return response


def render_xlsx(provisions: Iterable[Provision]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Provisions"))[:31])
    sheet.freeze_panes = "A2"
    for index, (_label, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header = []
    for label, _width in COLUMNS:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for provision in provisions:
        row = []
        for value in provision_row(provision):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                if value.startswith("="):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"
                    value = cell
            row.append(value)
        sheet.append(row)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(*, viewer: Any, filters: SearchFilters) -> HttpResponse:
    rows = selectors.provision_export_rows(viewer=viewer, filters=filters, limit=EXPORT_LIMIT)
    response = HttpResponse(
        render_xlsx(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name("xlsx")}"'
    return response
