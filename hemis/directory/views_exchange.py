"""Exports of the directory: PDF edition, XLSX, CSV, and a vCard per contact."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.http import require_GET

from hemis.accounts import policy
from hemis.directory import access, edition, exports, selectors, services
from hemis.directory.models import EditionStatus
from hemis.directory.selectors import ContactFilters

ERR_FORMAT = gettext_lazy(
    "The format parameter must be one of pdf, xlsx or csv (for example ?format=pdf); "
    "“%(value)s” is not an export format."
)
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# Rows fetched at a time while streaming a CSV, so that a large directory is never all in memory.
CSV_CHUNK_SIZE = 500


@require_GET
def export_view(request: HttpRequest) -> HttpResponseBase:
    # A 404 rather than a sign-in redirect: scripts get a clear status, and outsiders learn
    # nothing about the directory.
    if not policy.can_read_directory(request.user):
        raise Http404
    format_ = request.GET.get("format", "")
    if format_ not in exports.FORMATS:
        message = ERR_FORMAT % {"value": format_[:20]}
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    filters = ContactFilters.from_query(request.GET)
    today = timezone.localdate()
    response: HttpResponse | StreamingHttpResponse
    if format_ == "pdf" and not filters.as_query():
        # The whole directory is prepared in the background, not in a web worker: serve the
        # stored edition if it is ready, otherwise ask for it and show its progress.
        stored = selectors.edition_get(language=get_language())
        if stored is None or stored.status != EditionStatus.READY or not stored.file:
            services.edition_request(actor=request.user, language=get_language())
            return redirect("directory:edition")
        with stored.file.open("rb") as stored_file:
            response = HttpResponse(stored_file.read(), content_type=CONTENT_TYPES["pdf"])
    elif format_ == "pdf":
        with exports.without_cyclic_gc():
            sections = selectors.directory_edition(viewer=request.user, filters=filters)
            built = exports.build_edition(sections, filters=filters, today=today)
        pdf, _pages = edition.render(built)
        response = HttpResponse(pdf, content_type=CONTENT_TYPES["pdf"])
    elif format_ == "xlsx":
        contacts = list(selectors.contact_list(viewer=request.user, filters=filters))
        response = HttpResponse(
            exports.render_xlsx(contacts, today=today), content_type=CONTENT_TYPES["xlsx"]
        )
    else:
        rows = selectors.contact_list(viewer=request.user, filters=filters)
        response = exports.csv_response(rows.iterator(chunk_size=CSV_CHUNK_SIZE), today=today)
    return _as_download(response, exports.filename(today, format_))


@require_GET
def contact_vcard_view(request: HttpRequest, contact_id: str) -> HttpResponseBase:
    contact = access.get_contact_for_user(request.user, contact_id)
    response = HttpResponse(
        exports.contact_vcard(contact), content_type="text/vcard; charset=utf-8"
    )
    return _as_download(response, exports.vcard_filename(contact))


def _as_download(response: HttpResponseBase, filename: str) -> HttpResponseBase:
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Contact details of officials: no shared cache may keep a copy.
    patch_cache_control(response, private=True, no_store=True)
    return response
