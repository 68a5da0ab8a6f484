"""The live preliminary report page and its exports (PDF, DOCX, XLSX)."""

from django.http import HttpRequest, HttpResponse


def report_view(request: HttpRequest, campaign_code: str) -> HttpResponse:
    raise NotImplementedError


def report_pdf_view(request: HttpRequest, campaign_code: str) -> HttpResponse:
    raise NotImplementedError


def report_docx_view(request: HttpRequest, campaign_code: str) -> HttpResponse:
    raise NotImplementedError


def report_xlsx_view(request: HttpRequest, campaign_code: str) -> HttpResponse:
    raise NotImplementedError
