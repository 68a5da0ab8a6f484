from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hemis.accounts import policy
from hemis.core import selectors as core_selectors
from hemis.core.edits import VersionForm, versioned_edit
from hemis.core.forms import apply_errors
from hemis.core.models import Language, MemberState
from hemis.core.services import VersionConflict
from hemis.legislation import access, exports, selectors, services
from hemis.legislation.forms import LawForm, ProvisionForm, RejectForm
from hemis.legislation.models import Law
from hemis.legislation.selectors import SearchFilters

FACET_LABELS = {
    "state": gettext_lazy("Member state"),
    "subregion": gettext_lazy("Subregion"),
    "area": gettext_lazy("Thematic area"),
    "article": gettext_lazy("UNTOC or Protocol article"),
    "issue": gettext_lazy("Cross-cutting issue"),
    "lang": gettext_lazy("Language"),
    "status": gettext_lazy("Status"),
    "kind": gettext_lazy("Kind of law"),
    "year": gettext_lazy("Year of enactment"),
}
OPEN_FACETS = ("state", "subregion", "area")


def index_view(request: HttpRequest) -> HttpResponse:
    """The results; their facets come after them from `facets_view` (htmx, or a link)."""
    filters = SearchFilters.from_query(request.GET)
    return render(
        request,
        "legislation/index.html",
        {
            "results_html": mark_safe(  # noqa: S308 (our own template's output)
                selectors.search_rendering("page", filters, lambda: _results_html(filters))
            ),
            "filters": filters,
            "active": [(FACET_LABELS[v.facet], v) for v in selectors.active_filters(filters)],
            "facets_url": _facets_url(filters),
            "can_enter": access.can_enter_laws(request.user),
            "can_import": policy.can_write_reference_data(request.user),
            "sort_options": [
                ("relevance", _("Relevance")),
                ("date", _("Date of enactment, newest first")),
            ],
        },
    )


def _results_html(filters: SearchFilters) -> str:
    """The page's results, the same for every reader (kept with the search's results)."""
    results = selectors.provision_search(viewer=None, filters=filters, facet_size=0)
    return render_to_string(
        "legislation/includes/results.html",
        {
            "results": results,
            "filters": filters,
            "previous_query": filters.as_query(page=filters.page - 1),
            "next_query": filters.as_query(page=filters.page + 1),
            "export_query": filters.as_query(),
        },
    )


def _facets_url(filters: SearchFilters) -> str:
    return reverse("legislation:facets") + "?" + filters.as_query(page=filters.page)


def facets_view(request: HttpRequest) -> HttpResponse:
    """A search's facets: the largest values of each, every value of the one asked for."""
    filters = SearchFilters.from_query(request.GET)
    more = request.GET.get("more", "")
    more = more if more in selectors.FACETS else ""
    facets_html = mark_safe(  # noqa: S308 (our own template's output)
        selectors.search_rendering(f"facets:{more}", filters, lambda: _facets_html(filters, more))
    )
    if request.headers.get("HX-Request"):
        response = HttpResponse(facets_html)
    else:
        context = {
            "facets_html": facets_html,
            "index_url": reverse("legislation:index"),
            "query": filters.as_query(page=filters.page),
        }
        response = render(request, "legislation/facets.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _facets_html(filters: SearchFilters, more: str) -> str:
    results = selectors.provision_search(
        viewer=None, filters=filters, facet_size=selectors.FACET_SIZE, more=more
    )
    facet_list = [
        {
            "name": name,
            "label": label,
            "values": results.facets[name].values,
            "more": results.facets[name].more,
            "open": name in OPEN_FACETS or name == more or bool(getattr(filters, name)),
        }
        for name, label in FACET_LABELS.items()
    ]
    context = {
        "results": results,
        "facet_list": facet_list,
        "index_url": reverse("legislation:index"),
        "facets_url": _facets_url(filters),
    }
    return render_to_string("legislation/includes/facets.html", context)


def export_view(request: HttpRequest, format: str) -> HttpResponse:
    filters = SearchFilters.from_query(request.GET)
    if format == "csv":
        return exports.csv_response(viewer=request.user, filters=filters)
    if format == "xlsx":
        return exports.xlsx_response(viewer=request.user, filters=filters)
    raise Http404


def law_view(request: HttpRequest, law_id) -> HttpResponse:
    law = access.get_law_for_user(request.user, law_id)
    can_see_history = policy.can_write_reference_data(request.user) or policy.can_submit_for_state(
        request.user, law.state_id
    )
    return render(
        request,
        "legislation/law.html",
        {
            "law": law,
            "provisions": selectors.law_provisions(law),
            "can_write": access.can_write_law(request.user, law),
            "can_review": policy.can_write_reference_data(request.user)
            and law.publication == "proposed",
            "events": selectors.law_history(law)[:100] if can_see_history else None,
            "language_name": Language(code=law.language).name,
            "reject_form": RejectForm(initial={"version": law.version}),
            "version_form": VersionForm(initial={"version": law.version}),
        },
    )


def law_file_view(request: HttpRequest, law_id) -> FileResponse:
    law = access.get_law_for_user(request.user, law_id)
    if not law.full_text_file:
        raise Http404
    return FileResponse(
        law.full_text_file.open("rb"),
        as_attachment=True,
        filename=law.full_text_file.name.rsplit("/", 1)[-1],
    )


def _state_choices(user) -> list[tuple[str, str]]:
    rows = core_selectors.member_state_rows()
    if policy.can_write_reference_data(user):
        return [(row.iso3, row.name) for row in rows]
    state_id = policy.user_state_id(user)
    state = MemberState.objects.filter(pk=state_id).first()
    return [(state.iso3, state.name)] if state else []


@login_required
def law_create_view(request: HttpRequest) -> HttpResponse:
    if not access.can_enter_laws(request.user):
        raise Http404
    form = LawForm(
        request.POST or None,
        request.FILES or None,
        initial={"language": "en", "status": "in_force", "kind": "law"},
    )
    form.fields["state"] = forms.ChoiceField(
        label=gettext_lazy("Member state"), choices=_state_choices(request.user)
    )
    form.order_fields(["state"])
    if request.method == "POST" and form.is_valid():
        state = core_selectors.member_state_get(form.cleaned_data["state"])
        if state is None:
            raise Http404
        data = form.to_data()
        data.pop("state", None)
        try:
            law = services.law_create(
                actor=request.user,
                state=state,
                data=data,
                full_text_file=form.cleaned_data.get("full_text_file"),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if law.is_published:
                messages.success(request, _("The law has been published. Add its provisions."))
            else:
                messages.success(
                    request,
                    _(
                        "Your proposal has been sent to the Secretariat, which will check it "
                        "against the official source before publishing it. Add its provisions."
                    ),
                )
            return redirect("legislation:provision_create", law.public_id)
    return render(request, "legislation/law_form.html", {"form": form, "mode": "create"})


@login_required
def law_edit_view(request: HttpRequest, law_id) -> HttpResponse:
    law = access.get_law_for_user(request.user, law_id, write=True)
    snapshot = services.law_snapshot(law)
    form = LawForm(request.POST or None, request.FILES or None, initial=snapshot)
    edit = versioned_edit(
        request,
        form,
        version=law.version,
        save=lambda data, version: services.law_update(
            actor=request.user,
            law=law,
            version=version,
            data=data,
            full_text_file=form.cleaned_data.get("full_text_file"),
        ),
    )
    if edit.saved:
        messages.success(request, _("The law has been saved."))
        return redirect("legislation:law", law.public_id)
    return edit.render(request, "legislation/law_form.html", {"law": law, "mode": "edit"})


@require_POST
@login_required
def law_validate_view(request: HttpRequest, law_id) -> HttpResponse:
    law = access.get_law_for_user(request.user, law_id)
    if not policy.can_write_reference_data(request.user):
        raise Http404
    form = VersionForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.law_validate(actor=request.user, law=law, version=form.cleaned_data["version"])
    except (VersionConflict, ValidationError):
        messages.error(request, _("This proposal changed in the meantime; check it again."))
    else:
        messages.success(request, _("The law has been validated and published."))
    return redirect("legislation:law", law.public_id)


@require_POST
@login_required
def law_reject_view(request: HttpRequest, law_id) -> HttpResponse:
    law = access.get_law_for_user(request.user, law_id)
    if not policy.can_write_reference_data(request.user):
        raise Http404
    form = RejectForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.law_reject(
            actor=request.user,
            law=law,
            version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        )
    except VersionConflict:
        messages.error(request, _("This proposal changed in the meantime; check it again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal has been sent back to its state."))
    return redirect("legislation:law", law.public_id)


@login_required
def proposals_view(request: HttpRequest) -> HttpResponse:
    if not access.can_enter_laws(request.user):
        raise Http404
    return render(
        request,
        "legislation/proposals.html",
        {"laws": selectors.proposal_list(viewer=request.user)},
    )


def provision_view(request: HttpRequest, provision_id) -> HttpResponse:
    provision = access.get_provision_for_user(request.user, provision_id)
    q = request.GET.get("q", "")[:500]
    title_html, text_html = selectors.provision_highlighted(provision, q)
    return render(
        request,
        "legislation/provision.html",
        {
            "provision": provision,
            "law": provision.law,
            "q": q,
            "title_html": title_html,
            "text_html": text_html,
            "can_write": access.can_write_law(request.user, provision.law),
        },
    )


@login_required
def provision_create_view(request: HttpRequest, law_id) -> HttpResponse:
    law = access.get_law_for_user(request.user, law_id, write=True)
    form = ProvisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.provision_create(actor=request.user, law=law, data=form.to_data())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The provision has been added."))
            if "another" in request.POST:
                return redirect("legislation:provision_create", law.public_id)
            return redirect("legislation:law", law.public_id)
    return render(
        request, "legislation/provision_form.html", {"form": form, "law": law, "mode": "create"}
    )


@login_required
def provision_edit_view(request: HttpRequest, provision_id) -> HttpResponse:
    provision = access.get_provision_for_user(request.user, provision_id, write=True)
    form = ProvisionForm(request.POST or None, initial=services.provision_snapshot(provision))
    edit = versioned_edit(
        request,
        form,
        version=provision.version,
        save=lambda data, version: services.provision_update(
            actor=request.user, provision=provision, version=version, data=data
        ),
    )
    if edit.saved:
        messages.success(request, _("The provision has been saved."))
        return redirect("legislation:provision", provision.public_id)
    return edit.render(
        request,
        "legislation/provision_form.html",
        {"law": provision.law, "provision": provision, "mode": "edit"},
    )


@require_POST
@login_required
def provision_delete_view(request: HttpRequest, provision_id) -> HttpResponse:
    provision = access.get_provision_for_user(request.user, provision_id, write=True)
    law: Law = provision.law
    services.provision_delete(actor=request.user, provision=provision)
    messages.success(request, _("The provision has been removed; it stays in the history."))
    return redirect("legislation:law", law.public_id)
