"""Translators' round trip: a questionnaire version's texts to XLSX and back."""

from django.http import HttpRequest, HttpResponse


def translations_export_view(request: HttpRequest, code: str, version: int) -> HttpResponse:
    raise NotImplementedError


def translations_import_view(request: HttpRequest, code: str, version: int) -> HttpResponse:
    raise NotImplementedError
