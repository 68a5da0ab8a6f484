from __future__ import annotations

import datetime as dt
from importlib import import_module

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hemis.accounts import policy
from hemis.core import selectors
from hemis.core.models import AuditEvent
from hemis.core.pagination import page_of


def home_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        # `groups` is called by the template only when its cached fragment has expired.
        {"groups": selectors.states_by_subregion, "states_key": selectors.state_cache_key()},
    )


def state_view(request: HttpRequest, iso3: str) -> HttpResponse:
    state = selectors.member_state_get(iso3)
    if state is None:
        raise Http404
    today = timezone.localdate()
    return render(
        request,
        "core/state.html",
        {
            "state": state,
            "participating": state.is_participating(today),
            "periods": list(state.participations.all()),
            "is_own_state": policy.belongs_to(request.user, state),
            "panels": state_panels(request, state),
        },
    )


def state_panels(request: HttpRequest, state) -> list[dict]:
    """Each module's section of a state's page: `<app>.state_page.panel(request, state)`."""
    panels = []
    for config in apps.get_app_configs():
        if not config.name.startswith("hemis."):
            continue
        try:
            module = import_module(f"{config.name}.state_page")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.state_page":
                raise
            continue
        panel = module.panel(request, state)
        if panel:
            panels.append(panel)
    return panels


@require_GET
@never_cache
def healthz_view(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure to reach the database is "unhealthy"
        return JsonResponse(
            {"status": "unhealthy", "database": "unreachable", "error": type(error).__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def audit_log_view(request: HttpRequest) -> HttpResponse:
    if not policy.can_view_audit_log(request.user):
        raise Http404
    filters = {
        "actor": request.GET.get("actor", "").strip(),
        "state": request.GET.get("state", "").strip(),
        "object_type": request.GET.get("object_type", "").strip(),
        "object_id": request.GET.get("object_id", "").strip(),
        "date_from": _parse_date(request.GET.get("date_from", "")),
        "date_to": _parse_date(request.GET.get("date_to", "")),
    }
    events = selectors.audit_event_list(viewer=request.user, **filters)
    if request.GET.get("sort") == "oldest":
        events = events.order_by("at", "id")
    page = page_of(request, events, 50)
    object_types = (
        AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )
    return render(
        request,
        "core/audit_log.html",
        {
            "page": page,
            "filters": filters,
            "sort": request.GET.get("sort", "newest"),
            "object_types": list(object_types),
            "states": selectors.member_state_rows(),
        },
    )
