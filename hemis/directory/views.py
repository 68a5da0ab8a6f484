from __future__ import annotations

import hashlib
import uuid
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hemis.accounts import policy
from hemis.core import selectors as core_selectors
from hemis.core.edits import VersionForm, versioned_edit
from hemis.core.forms import apply_errors, local_url
from hemis.core.pagination import page_number
from hemis.core.selectors import object_history
from hemis.core.services import VersionConflict
from hemis.core.templatetags.hemis import phone as format_phone
from hemis.directory import access, selectors, services
from hemis.directory.forms import AuthorityForm, ContactForm
from hemis.directory.models import Authority, EntryStatus, Function, stale_before
from hemis.directory.selectors import ContactFilters

ZERO_UUID = uuid.UUID(int=0)


# Rows a page of the directory shows.
PAGE_SIZE = 25
# How long a rendered page of results is kept; a change to the directory retires it at once.
RESULTS_CACHE_SECONDS = 10 * 60


def _options(choices: list[tuple[str, str]], selected: str) -> SafeString:
    """<option> elements of a filter, the chosen one selected.

    The options of each list are built once per process and language (193 states through
    format_html cost about 4 ms a request); choosing one is a string replacement.
    """
    html = _options_html(tuple(choices))
    if selected:
        # Codes come from the choices (reference data), so the marker is unambiguous.
        html = html.replace(
            f'value="{escape(selected)}">', f'value="{escape(selected)}" selected>', 1
        )
    return mark_safe(html)  # noqa: S308  (built by format_html_join, escaped there)


@lru_cache(maxsize=64)
def _options_html(choices: tuple[tuple[str, str], ...]) -> str:
    return str(
        format_html_join(
            "", '<option value="{}">{}</option>', ((code, label) for code, label in choices)
        )
    )


def _results_html(request: HttpRequest, filters: ContactFilters, number: int) -> str:
    """The count, table and page links of a search, cached until the directory changes.

    Every reader who may see the directory sees the same active contacts, and the fragment
    holds nothing about the reader (no edit link, no form token), so readers share it; it is
    keyed on the filters, the page, the interface language, the day (out-of-date marks) and the
    directory's generation, which every service increases.
    """
    language = get_language()
    key = (
        "hemis:directory:results:"
        + hashlib.sha256(
            repr(
                (
                    selectors.directory_generation(),
                    timezone.localdate().isoformat(),
                    language,
                    sorted(filters.as_query().items()),
                    number,
                )
            ).encode()
        ).hexdigest()
    )
    html = cache.get(key)
    if html is None:
        contacts = selectors.contact_list(
            viewer=request.user, filters=filters, with_relations=False
        )
        page = Paginator(contacts, PAGE_SIZE).get_page(number)
        query = urlencode(filters.as_query())
        html = render_to_string(
            "directory/includes/results.html",
            {
                "page": page,
                "rows": _rows(page),
                "page_query": f"?{query}&page=" if query else "?page=",
                "contact_base": reverse("directory:contact", args=[ZERO_UUID]).removesuffix(
                    f"{ZERO_UUID}/"
                ),
                "out_of_date": _("out of date"),
                "verified": _("verified"),
            },
        )
        cache.set(key, html, timeout=RESULTS_CACHE_SECONDS)
    return html


def _rows(page) -> list[dict]:
    """The page's contacts as the table shows them, formatted here rather than by template
    tags: a few plain lookups per row instead of about thirty template nodes."""
    threshold = stale_before()
    functions = {value: str(label) for value, label in Function.choices}
    rows = []
    for contact in page:
        authority = contact.authority
        rows.append(
            {
                "iso3": contact.state.iso3,
                "state": contact.state.name,
                "id": contact.public_id,
                "name": contact.display_name,
                "title": contact.title,
                "function": functions.get(contact.function, contact.function),
                "authority": format_html(
                    '<span lang="{}">{}</span>', authority.language, authority.name
                )
                if authority
                else "—",
                "reach": format_html_join(
                    "",
                    '<a href="{}:{}">{}</a><br>',
                    [("mailto", email, email) for email in contact.emails]
                    + [("tel", phone, format_phone(phone)) for phone in contact.phones],
                ),
                "confirmed": contact.last_confirmed_on.isoformat(),
                "stale": contact.last_confirmed_on < threshold,
                "verified": contact.verified_at is not None,
            }
        )
    return rows


def _filters_html(filters: ContactFilters) -> str:
    """The search form and export links, cached per language, reference data and filters."""
    query = filters.as_query()
    key = (
        "hemis:directory:filters:"
        + hashlib.sha256(
            repr((core_selectors.state_cache_key(), get_language(), sorted(query.items()))).encode()
        ).hexdigest()
    )
    html = cache.get(key)
    if html is None:
        choices = selectors.filter_choices()
        html = render_to_string(
            "directory/includes/filters.html",
            {
                "filters": filters,
                "query": query,
                "unfiltered": not query or query.keys() == {"sort"},
                "state_options": _options(choices.states, filters.state),
                "subregion_options": _options(choices.subregions, filters.subregion),
                "function_options": _options(choices.functions, filters.function),
                "area_options": _options(choices.areas, filters.area),
                "language_options": _options(choices.languages, filters.language),
            },
        )
        cache.set(key, html, timeout=RESULTS_CACHE_SECONDS)
    return html


def index_view(request: HttpRequest) -> HttpResponse:
    if not policy.can_read_directory(request.user):
        return coverage_view(request)
    filters = ContactFilters.from_query(request.GET)
    return render(
        request,
        "directory/index.html",
        {
            # Both rendered by render_to_string (escaped there), kept as text in the cache.
            "filters_form": mark_safe(_filters_html(filters)),  # noqa: S308
            "results": mark_safe(  # noqa: S308
                _results_html(request, filters, page_number(request.GET.get("page")))
            ),
            "can_import": policy.is_secretariat(request.user),
            "own_state": getattr(request.user, "state", None)
            if policy.can_edit_directory(request.user, getattr(request.user, "state_id", None))
            else None,
        },
    )


def coverage_view(request: HttpRequest) -> HttpResponse:
    subregion = request.GET.get("subregion", "")
    rows = selectors.coverage_matrix(subregion=subregion)
    return render(
        request,
        "directory/coverage.html",
        {
            "rows": rows,
            "functions": selectors.COVERAGE_FUNCTIONS,
            "subregion": subregion,
            "subregions": selectors.subregion_list(),
            "can_read": policy.can_read_directory(request.user),
            "show_to_do": policy.is_secretariat(request.user),
            "stale_days": settings.HEMIS_DIRECTORY_STALE_DAYS,
        },
    )


@login_required
def contact_view(request: HttpRequest, contact_id: str) -> HttpResponse:
    contact = access.get_contact_for_user(request.user, contact_id)
    can_edit = policy.can_edit_directory(request.user, contact.state) and contact.is_active
    return render(
        request,
        "directory/contact.html",
        {
            "contact": contact,
            "can_edit": can_edit,
            "can_verify": policy.is_secretariat(request.user) and contact.is_active,
            "predecessors": selectors.contact_history(contact),
            "events": object_history(contact)[:50],
            "version_form": VersionForm(initial={"version": contact.version}),
        },
    )


def _authorities_of(state) -> list[Authority]:
    return list(Authority.objects.filter(state=state, status=EntryStatus.ACTIVE))


@login_required
def contact_create_view(request: HttpRequest, iso3: str) -> HttpResponse:
    state = core_selectors.member_state_get(iso3)
    if state is None or not policy.can_edit_directory(request.user, state):
        raise Http404
    form = ContactForm(
        request.POST or None,
        authorities=_authorities_of(state),
        initial={"function": request.GET.get("function", ""), "language": "en"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(actor=request.user, state=state, data=form.to_data())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The contact point has been added to the directory."))
            return redirect("directory:contact", contact.public_id)
    return render(
        request,
        "directory/contact_form.html",
        {"form": form, "state": state, "mode": "create"},
    )


@login_required
def contact_edit_view(request: HttpRequest, contact_id: str) -> HttpResponse:
    contact = access.get_contact_for_user(request.user, contact_id, write=True)
    snapshot = services.contact_snapshot(contact)
    form = ContactForm(
        request.POST or None,
        authorities=_authorities_of(contact.state),
        initial=ContactForm.initial_from(snapshot),
    )
    edit = versioned_edit(
        request,
        form,
        version=contact.version,
        save=lambda data, version: services.contact_update(
            actor=request.user, contact=contact, version=version, data=data
        ),
    )
    if edit.saved:
        messages.success(request, _("The contact point has been saved."))
        return redirect("directory:contact", contact.public_id)
    return edit.render(
        request,
        "directory/contact_form.html",
        {"state": contact.state, "contact": contact, "mode": "edit"},
    )


@login_required
def contact_replace_view(request: HttpRequest, contact_id: str) -> HttpResponse:
    contact = access.get_contact_for_user(request.user, contact_id, write=True)
    form = ContactForm(
        request.POST or None,
        authorities=_authorities_of(contact.state),
        initial={
            "function": contact.function,
            "authority": str(contact.authority.public_id) if contact.authority else "",
            "language": contact.language,
            "thematic_areas": [a.code for a in contact.thematic_areas.all()],
        },
    )
    form.fields["function"].disabled = True
    version_form = VersionForm(request.POST or None, initial={"version": contact.version})
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        data = form.to_data()
        data.pop("function", None)
        try:
            successor = services.contact_replace(
                actor=request.user,
                contact=contact,
                version=version_form.cleaned_data["version"],
                data=data,
            )
        except VersionConflict:
            messages.error(
                request,
                _("Someone changed this entry while you were replacing it. Check it again."),
            )
            return redirect("directory:contact", contact.public_id)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The new contact point replaces the previous one."))
            return redirect("directory:contact", successor.public_id)
    return render(
        request,
        "directory/contact_form.html",
        {
            "form": form,
            "version_form": version_form,
            "state": contact.state,
            "contact": contact,
            "mode": "replace",
        },
    )


@require_POST
@login_required
def contact_retire_view(request: HttpRequest, contact_id: str) -> HttpResponse:
    contact = access.get_contact_for_user(request.user, contact_id, write=True)
    version_form = VersionForm(request.POST)
    if not version_form.is_valid():
        raise Http404
    try:
        services.contact_retire(
            actor=request.user, contact=contact, version=version_form.cleaned_data["version"]
        )
    except (VersionConflict, ValidationError):
        messages.error(request, _("This entry changed in the meantime; it has not been retired."))
        return redirect("directory:contact", contact.public_id)
    messages.success(request, _("The contact point has been retired from the directory."))
    return redirect(f"{reverse('directory:index')}?state={contact.state.iso3}")


@require_POST
@login_required
def contact_confirm_view(request: HttpRequest, contact_id: str) -> HttpResponse:
    contact = access.get_contact_for_user(request.user, contact_id, write=True)
    try:
        services.contact_confirm(actor=request.user, contact=contact)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Confirmed: the entry is still correct."))
    target = local_url(request, request.POST.get("next", ""))
    if target:
        return redirect(target)
    return redirect("directory:contact", contact.public_id)


@require_POST
@login_required
def contact_verify_view(request: HttpRequest, contact_id: str) -> HttpResponse:
    contact = access.get_contact_for_user(request.user, contact_id)
    try:
        services.contact_verify(actor=request.user, contact=contact)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, _("The entry is marked as verified by the Secretariat."))
    return redirect("directory:contact", contact.public_id)


@login_required
def authority_view(request: HttpRequest, authority_id: str) -> HttpResponse:
    authority = access.get_authority_for_user(request.user, authority_id)
    contacts = authority.contacts.filter(status=EntryStatus.ACTIVE).order_by("function")
    return render(
        request,
        "directory/authority.html",
        {
            "authority": authority,
            "contacts": contacts,
            "can_edit": policy.can_edit_directory(request.user, authority.state),
            "events": object_history(authority)[:50],
        },
    )


@login_required
def authority_create_view(request: HttpRequest, iso3: str) -> HttpResponse:
    state = core_selectors.member_state_get(iso3)
    if state is None or not policy.can_edit_directory(request.user, state):
        raise Http404
    form = AuthorityForm(request.POST or None, initial={"language": "en"})
    if request.method == "POST" and form.is_valid():
        try:
            authority = services.authority_create(
                actor=request.user, state=state, data=form.to_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The authority has been added."))
            return redirect("directory:authority", authority.public_id)
    return render(
        request, "directory/authority_form.html", {"form": form, "state": state, "mode": "create"}
    )


@login_required
def authority_edit_view(request: HttpRequest, authority_id: str) -> HttpResponse:
    authority = access.get_authority_for_user(request.user, authority_id, write=True)
    snapshot = services.authority_snapshot(authority)
    form = AuthorityForm(
        request.POST or None, initial=AuthorityForm.initial_from(authority, snapshot)
    )
    edit = versioned_edit(
        request,
        form,
        version=authority.version,
        save=lambda data, version: services.authority_update(
            actor=request.user, authority=authority, version=version, data=data
        ),
    )
    if edit.saved:
        messages.success(request, _("The authority has been saved."))
        return redirect("directory:authority", authority.public_id)
    return edit.render(
        request,
        "directory/authority_form.html",
        {"state": authority.state, "authority": authority, "mode": "edit"},
    )
