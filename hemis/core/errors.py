"""hemis's error pages: 400, 403, 404 and 500 in the site's layout and the reader's language.

Every refusal is a 404 (a 403 would tell that the object exists): a PermissionDenied that reaches
Django answers with the 404 page. The one 403 left is the CSRF refusal of a form. Under /api/ the
answers stay JSON. The 500 page needs neither the database nor the request's context: it is
rendered from a minimal layout with the language alone.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
# The same answer as the API's own 404, so that a missing route and a missing object look alike.
API_NOT_FOUND = "Not Found"


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _language(request: HttpRequest) -> str:
    """The URL prefix's language when there is one, else the browser's."""
    return translation.get_language_from_path(request.path_info) or (
        translation.get_language_from_request(request) or settings.LANGUAGE_CODE
    )


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    with translation.override(_language(request)):
        try:
            return render(request, template, status=status)
        except Exception:
            # The layout reads the user and the navigation; if that fails, the page still shows.
            logger.exception("The %s page could not be rendered in the layout", status)
            return _minimal(template, status)


def _minimal(template: str, status: int) -> HttpResponse:
    """`template` outside the layout: no request, no database, no context processors."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        body = render_to_string(template, {"LANGUAGE_CODE": language, "minimal": True})
    except Exception:
        logger.exception("The %s page could not be rendered", status)
        body = f"<!doctype html><title>hemis</title><h1>{status}</h1>"
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Bad Request"}, status=400)
    return _page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A refusal answers as if the thing were not there."""
    return page_not_found(request, exception)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": API_NOT_FOUND}, status=404)
    return _page(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Internal Server Error"}, status=500)
    with translation.override(_language(request)):
        return _minimal("500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its CSRF token, or from another site: the one 403 of hemis."""
    if _is_api(request):
        return JsonResponse({"detail": _("The request was refused (CSRF).")}, status=403)
    return _page(request, "403.html", 403)
