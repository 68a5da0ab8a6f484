from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hemis.accounts import policy
from hemis.core import selectors as core_selectors
from hemis.core.forms import apply_errors, conflict_rows
from hemis.core.models import Language, ThematicArea
from hemis.core.selectors import object_history
from hemis.core.services import VersionConflict
from hemis.directory import access, selectors, services
from hemis.directory.forms import AuthorityForm, ContactForm, VersionForm
from hemis.directory.models import Authority, EntryStatus, Function
from hemis.directory.selectors import ContactFilters


def _filter_choices() -> dict:
    return {
        "states": core_selectors.member_state_rows(),
        "subregions": selectors.subregion_list(),
        "functions": Function.choices,
        "areas": ThematicArea.objects.all(),
        "languages": Language.objects.filter(code__in=["en", "es", "fr", "pt", "nl", "ht"]),
    }


def index_view(request: HttpRequest) -> HttpResponse:
    if not policy.can_read_directory(request.user):
        return coverage_view(request)
    filters = ContactFilters.from_query(request.GET)
    contacts = selectors.contact_list(viewer=request.user, filters=filters)
    page = Paginator(contacts, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/index.html",
        {
            "page": page,
            "filters": filters,
            "query": filters.as_query(),
            "can_import": policy.is_secretariat(request.user),
            "own_state": getattr(request.user, "state", None)
            if policy.can_edit_directory(request.user, getattr(request.user, "state_id", None))
            else None,
            **_filter_choices(),
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
    version_form = VersionForm(request.POST or None, initial={"version": contact.version})
    conflict = None
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        try:
            services.contact_update(
                actor=request.user,
                contact=contact,
                version=version_form.cleaned_data["version"],
                data=form.to_data(),
            )
        except VersionConflict as error:
            mine = form.to_data()
            authority = mine.get("authority")
            mine["authority"] = str(authority.public_id) if authority else None
            conflict = conflict_rows(form, mine, error.current)
            # The next save is made knowingly over the version now shown.
            version_form = VersionForm(initial={"version": error.current_version})
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The contact point has been saved."))
            return redirect("directory:contact", contact.public_id)
    return render(
        request,
        "directory/contact_form.html",
        {
            "form": form,
            "version_form": version_form,
            "state": contact.state,
            "contact": contact,
            "mode": "edit",
            "conflict": conflict,
        },
        status=409 if conflict else 200,
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
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
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
    version_form = VersionForm(request.POST or None, initial={"version": authority.version})
    conflict = None
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        try:
            services.authority_update(
                actor=request.user,
                authority=authority,
                version=version_form.cleaned_data["version"],
                data=form.to_data(),
            )
        except VersionConflict as error:
            conflict = conflict_rows(form, form.to_data(), error.current)
            version_form = VersionForm(initial={"version": error.current_version})
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The authority has been saved."))
            return redirect("directory:authority", authority.public_id)
    return render(
        request,
        "directory/authority_form.html",
        {
            "form": form,
            "version_form": version_form,
            "state": authority.state,
            "authority": authority,
            "mode": "edit",
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )
