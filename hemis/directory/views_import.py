"""The import page: upload a CSV or XLSX list, preview it, then load it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def import_view(request: HttpRequest) -> HttpResponse:
    raise Http404("Not built yet")
