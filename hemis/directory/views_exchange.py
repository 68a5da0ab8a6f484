"""Exports of the directory: PDF edition, XLSX, CSV, and a vCard per contact."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def export_view(request: HttpRequest) -> HttpResponse:
    raise Http404("Not built yet")


def contact_vcard_view(request: HttpRequest, contact_id: str) -> HttpResponse:
    raise Http404("Not built yet")
