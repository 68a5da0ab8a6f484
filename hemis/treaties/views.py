"""Treaty status pages: public to all; the Secretariat corrects records through a form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hemis.accounts import policy
from hemis.core.edits import comparable, versioned_edit
from hemis.core.exports import download
from hemis.core.models import current_language
from hemis.treaties import access, exports, maps, selectors, services
from hemis.treaties.forms import RecordForm
from hemis.treaties.models import ConsentType, RecordStatus
from hemis.treaties.presentation import legend, legend_title, list_rows, status_labels

DEFAULT_MAP_INSTRUMENT = "UNTOC"
PDF_CACHE_SECONDS = 24 * 60 * 60


def _subregion(request: HttpRequest) -> str:
    code = request.GET.get("subregion", "")
    return code if selectors.subregion_list().filter(code=code).exists() else ""


def index_view(request: HttpRequest) -> HttpResponse:
    subregion = _subregion(request)
    instrument = request.GET.get("instrument", "").upper()
    matrix = selectors.treaty_status_matrix(subregion=subregion, instrument=instrument)
    return render(
        request,
        "treaties/index.html",
        {
            "matrix": matrix,
            "subregion": subregion,
            "instrument": instrument,
            "subregions": selectors.subregion_list(),
            "instruments": selectors.instrument_list(),
            "legend": legend(),
            "query": request.GET.urlencode(),
            "can_edit": policy.can_write_reference_data(request.user),
        },
    )


def map_view(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("instrument", DEFAULT_MAP_INSTRUMENT)
    instrument = selectors.instrument_get(code) or access.get_instrument_for_user(
        request.user, DEFAULT_MAP_INSTRUMENT
    )
    entries = selectors.instrument_status(instrument)
    labels = status_labels()
    spec = maps.status_map(
        [(entry.state, entry.status) for entry in entries],
        labels=labels,
        legend_title=legend_title(),
    )
    return render(
        request,
        "treaties/map.html",
        {
            "instrument": instrument,
            "instruments": selectors.instrument_list(),
            "entries": entries,
            "counts": selectors.status_counts(entries),
            "spec": spec,
            "legend": legend(),
            "labels": labels,
        },
    )


def instrument_view(request: HttpRequest, code: str) -> HttpResponse:
    instrument = access.get_instrument_for_user(request.user, code)
    subregion = _subregion(request)
    status = request.GET.get("status", "")
    status = status if status in RecordStatus.values else ""
    sort = request.GET.get("sort", "state")
    entries = selectors.instrument_status(instrument, subregion=subregion, status=status, sort=sort)
    all_entries = (
        entries if not status else selectors.instrument_status(instrument, subregion=subregion)
    )
    return render(
        request,
        "treaties/instrument.html",
        {
            "instrument": instrument,
            "entries": entries,
            "rows": list_rows(entries),
            "counts": selectors.status_counts(all_entries),
            "subregion": subregion,
            "subregions": selectors.subregion_list(),
            "status": status,
            "statuses": RecordStatus.choices,
            "sort": sort if sort in selectors.SORTS else "state",
            "legend": legend(),
            "query": request.GET.urlencode(),
            "can_edit": policy.can_write_reference_data(request.user),
        },
    )


def instrument_export_view(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    instrument = access.get_instrument_for_user(request.user, code)
    if fmt not in exports.INSTRUMENT_FORMATS:
        raise Http404
    subregion = _subregion(request)
    entries = selectors.instrument_status(instrument, subregion=subregion)
    today = timezone.localdate()
    name = exports.filename(instrument.code, today, fmt)
    if fmt == "pdf":
        content = _cached_pdf(instrument, entries, today=today, subregion=subregion)
    elif fmt == "xlsx":
        content = exports.instrument_xlsx(instrument, entries, today=today)
    else:
        content = exports.instrument_csv(instrument, entries)
    return download(content, exports.CONTENT_TYPES[fmt], name)


def _cached_pdf(instrument, entries, *, today, subregion: str) -> bytes:
    """The PDF list, rendered once per instrument, language, subregion, day and version of the
    records: rendering the world's list takes seconds, serving it again a cache read."""
    key = "treaties:pdf:" + ":".join(
        [
            instrument.code,
            current_language(),
            subregion or "-",
            today.isoformat(),
            selectors.instrument_version(instrument),
        ]
    )
    content = cache.get(key)
    if content is None:
        content = exports.instrument_pdf(instrument, entries, today=today, subregion=subregion)
        cache.set(key, content, timeout=PDF_CACHE_SECONDS)
    return content


def matrix_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exports.MATRIX_FORMATS:
        raise Http404
    subregion = _subregion(request)
    instrument = request.GET.get("instrument", "").upper()
    matrix = selectors.treaty_status_matrix(subregion=subregion, instrument=instrument)
    today = timezone.localdate()
    name = exports.filename("matrix", today, fmt)
    content = exports.matrix_xlsx(matrix) if fmt == "xlsx" else exports.matrix_csv(matrix)
    return download(content, exports.CONTENT_TYPES[fmt], name)


def gaps_view(request: HttpRequest) -> HttpResponse:
    subregion = _subregion(request)
    return render(
        request,
        "treaties/gaps.html",
        {
            "gaps": selectors.gap_list(subregion=subregion),
            "subregion": subregion,
            "subregions": selectors.subregion_list(),
        },
    )


def record_view(request: HttpRequest, code: str, iso3: str) -> HttpResponse:
    ref = access.get_record_for_user(request.user, code, iso3)
    is_secretariat = policy.can_write_reference_data(request.user)
    return render(
        request,
        "treaties/record.html",
        {
            "ref": ref,
            "record": ref.record,
            "status": ref.record.status if ref.record else RecordStatus.UNKNOWN.value,
            "labels": status_labels(),
            "legend": {item["status"]: item for item in legend()},
            "events": _readable(selectors.record_history(ref.instrument, ref.state)[:100]),
            "show_actors": is_secretariat,
            "can_edit": is_secretariat,
            "field_labels": _field_labels(),
        },
    )


def _readable(events) -> list:
    """History events with statuses and kinds of consent in words, not codes."""
    words = {"status": status_labels(), "consent_type": dict(ConsentType.choices)}
    events = list(events)
    for event in events:
        for field, names in words.items():
            if field in event.changes:
                event.changes[field] = [
                    str(names.get(value, value)) if value else value
                    for value in event.changes[field]
                ]
    return events


def _field_labels() -> dict[str, str]:
    return {name: str(field.label) for name, field in RecordForm.base_fields.items()}


@login_required
def record_edit_view(request: HttpRequest, code: str, iso3: str) -> HttpResponse:
    ref = access.get_record_for_user(request.user, code, iso3, write=True)
    snapshot = services.record_snapshot(ref.record)
    initial = RecordForm.initial_from(snapshot)
    # A correction is made against a source consulted now: ask for it afresh.
    initial["source_consulted_on"] = None
    form = RecordForm(request.POST or None, initial=initial)
    edit = versioned_edit(
        request,
        form,
        version=ref.version,
        save=lambda data, version: services.record_save(
            actor=request.user,
            instrument=ref.instrument,
            state=ref.state,
            version=version,
            data=data,
        ),
        # A record not yet made shows as no information.
        mine=lambda data: services.record_snapshot(None) | comparable(data),
    )
    if edit.saved:
        messages.success(request, _("The record has been saved, with its source."))
        return redirect("treaties:record", ref.instrument.code, ref.state.iso3)
    return edit.render(request, "treaties/record_form.html", {"ref": ref, "legend": legend()})
