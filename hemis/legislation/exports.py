"""Search results as CSV (streamed) and XLSX: every matching provision, with its law."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemis.core import exports
from hemis.legislation import selectors
from hemis.legislation.models import Provision
from hemis.legislation.selectors import SearchFilters

# A result set larger than this is cut; the page says to narrow the search.
EXPORT_LIMIT = 50_000

COLUMNS = (
    exports.Column(_("State"), 22),
    exports.Column(_("Law"), 50),
    exports.Column(_("Title in English"), 40),
    exports.Column(_("Kind"), 14),
    exports.Column(_("Status"), 12),
    exports.Column(_("Enacted on"), 12, number_format="yyyy-mm-dd"),
    exports.Column(_("Last amended on"), 12, number_format="yyyy-mm-dd"),
    exports.Column(_("Language"), 10),
    exports.Column(_("Article"), 14),
    exports.Column(_("Text of the extract"), 80),
    exports.Column(_("Thematic areas"), 30),
    exports.Column(_("UNTOC and Protocol articles"), 20),
    exports.Column(_("Cross-cutting issues"), 30),
    exports.Column(_("Official source"), 40),
    exports.Column(_("Official gazette reference"), 30),
    exports.Column(_("Identifier"), 38),
)


def provision_row(provision: Provision) -> list[Any]:
    law = provision.law
    return [
        law.state.name,
        law.title,
        law.title_en,
        str(law.get_kind_display()),
        str(law.get_status_display()),
        law.enacted_on,
        law.amended_on,
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


def csv_response(*, viewer: Any, filters: SearchFilters) -> StreamingHttpResponse:
    rows = selectors.provision_export_rows(viewer=viewer, filters=filters, limit=EXPORT_LIMIT)
    return exports.csv_streaming_response(
        COLUMNS, (provision_row(provision) for provision in rows), filename=_file_name("csv")
    )


def render_xlsx(provisions: Iterable[Provision]) -> bytes:
    rows = (provision_row(provision) for provision in provisions)
    return exports.xlsx_bytes(exports.Sheet(_("Provisions"), COLUMNS, rows))


def xlsx_response(*, viewer: Any, filters: SearchFilters) -> HttpResponse:
    rows = selectors.provision_export_rows(viewer=viewer, filters=filters, limit=EXPORT_LIMIT)
    return exports.download(render_xlsx(rows), exports.XLSX_CONTENT_TYPE, _file_name("xlsx"))
