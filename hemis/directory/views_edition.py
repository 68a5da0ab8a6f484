"""The PDF edition of the whole directory: prepared in the background, then downloaded."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hemis.accounts import policy
from hemis.directory import exports, selectors, services
from hemis.directory.models import Edition, EditionStatus

# How often the page asks how far the preparation has got, in seconds.
POLL_SECONDS = 2


@login_required
@require_http_methods(["GET", "POST"])
def edition_view(request: HttpRequest) -> HttpResponse:
    if not policy.can_read_directory(request.user):
        raise Http404
    if request.method == "POST":
        edition = services.edition_request(actor=request.user, language=get_language())
        if edition.status == EditionStatus.READY:
            messages.success(request, _("Today's edition is ready to download."))
        return redirect("directory:edition")
    edition = selectors.edition_get(language=get_language())
    context = {
        "edition": edition,
        "preparing": edition is not None
        and edition.status in (EditionStatus.QUEUED, EditionStatus.RENDERING),
        "poll_seconds": POLL_SECONDS,
    }
    if request.htmx:
        return render(request, "directory/includes/edition_status.html", context)
    return render(request, "directory/edition.html", context)


@login_required
@require_GET
def edition_file_view(request: HttpRequest, edition_id: str) -> FileResponse:
    if not policy.can_read_directory(request.user):
        raise Http404
    edition = Edition.objects.filter(public_id=edition_id, status=EditionStatus.READY).first()
    if edition is None or not edition.file:
        raise Http404
    response = FileResponse(edition.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, exports.filename(edition.edition_date, "pdf")
    )
    # Contact details of officials: no shared cache may keep a copy.
    patch_cache_control(response, private=True, no_store=True)
    return response
