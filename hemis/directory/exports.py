"""Renderings of the directory: the PDF edition, XLSX and CSV lists, a vCard per contact.

Every function here takes data already read through the selectors, so already filtered by the
access policy; none of them decides who may see what.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import phonenumbers
import vobject
from babel.dates import format_date
from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hemis.core import exports, pdfparts
from hemis.core import selectors as core_selectors
from hemis.core.models import Language, MemberState, ThematicArea, current_language
from hemis.directory.models import Authority, Contact, Function, stale_before
from hemis.directory.selectors import ContactFilters, StateSection, subregion_list

FORMATS = ("pdf", "xlsx", "csv")

# The contacts list's columns, in the XLSX and the CSV.
CONTACT_COLUMNS = (
    exports.Column(gettext_lazy("State code"), 8),
    exports.Column(gettext_lazy("State"), 20),
    exports.Column(gettext_lazy("Function code"), 22),
    exports.Column(gettext_lazy("Function"), 36),
    exports.Column(gettext_lazy("Person"), 24),
    exports.Column(gettext_lazy("Office"), 24),
    exports.Column(gettext_lazy("Title or position"), 24),
    exports.Column(gettext_lazy("Authority"), 36),
    exports.Column(gettext_lazy("Kind of authority"), 18),
    exports.Column(gettext_lazy("E-mail addresses"), 34),
    # Validated E.164 numbers, which start with "+".
    exports.Column(gettext_lazy("Telephone numbers"), 18, verbatim=True),
    exports.Column(gettext_lazy("Languages spoken"), 10),
    exports.Column(gettext_lazy("Thematic areas"), 30),
    exports.Column(gettext_lazy("Availability"), 30),
    exports.Column(gettext_lazy("Last confirmed"), 13, number_format="yyyy-mm-dd"),
    exports.Column(gettext_lazy("Out of date"), 10),
    exports.Column(gettext_lazy("Verified by the Secretariat"), 12),
)
AUTHORITY_COLUMNS = (
    exports.Column(gettext_lazy("State code"), 8),
    exports.Column(gettext_lazy("State"), 20),
    exports.Column(gettext_lazy("Authority"), 36),
    exports.Column(gettext_lazy("Name in English"), 36),
    exports.Column(gettext_lazy("Kind of authority"), 18),
    exports.Column(gettext_lazy("Language of the text"), 10),
    exports.Column(gettext_lazy("Address"), 36),
    exports.Column(gettext_lazy("Website"), 30),
    exports.Column(gettext_lazy("Languages in which it accepts requests"), 14),
    exports.Column(gettext_lazy("Accepts the Palermo Convention as legal basis"), 14),
    exports.Column(gettext_lazy("Accepts requests through INTERPOL"), 14),
    exports.Column(gettext_lazy("Procedural notes"), 50),
    exports.Column(gettext_lazy("Contact points in this list"), 10),
)
LIST_SEPARATOR = "; "


def filename(today: dt.date, extension: str) -> str:
    return f"hemis-directory-{today.isoformat()}.{extension}"


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _joined(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


def _codes(languages: Iterable[Language]) -> str:
    return _joined(lang.code for lang in languages)


@lru_cache(maxsize=256)
def _language_name(code: str, interface: str) -> str:
    return Language(code=code).name_in(interface)


def _language_names(languages: Iterable[Language]) -> str:
    interface = current_language()
    return ", ".join(_language_name(lang.code, interface) for lang in languages)


# Rows of the XLSX and CSV lists.


def contact_row(contact: Contact, *, threshold: dt.date) -> list[Any]:
    """One contact as a list row; `threshold` is the date before which it is out of date."""
    authority = contact.authority
    return [
        contact.state.iso3,
        contact.state.name,
        contact.function,
        str(contact.get_function_display()),
        contact.person_name,
        contact.office,
        contact.title,
        authority.name if authority else "",
        str(authority.get_kind_display()) if authority else "",
        _joined(contact.emails),
        _joined(contact.phones),
        _codes(contact.languages.all()),
        _joined(area.name for area in contact.thematic_areas.all()),
        contact.availability,
        contact.last_confirmed_on,
        _yes_no(contact.last_confirmed_on < threshold),
        _yes_no(contact.verified_at is not None),
    ]


def authorities_of(contacts: Iterable[Contact]) -> list[tuple[Authority, int]]:
    """The authorities of these contacts, with how many of them each holds, languages loaded."""
    counts: dict[int, int] = {}
    found: dict[int, Authority] = {}
    for contact in contacts:
        authority = contact.authority
        if authority is not None:
            found.setdefault(authority.pk, authority)
            counts[authority.pk] = counts.get(authority.pk, 0) + 1
    authorities = sorted(found.values(), key=lambda a: (a.state.name, a.name.casefold()))
    prefetch_related_objects(authorities, "request_languages")
    return [(authority, counts[authority.pk]) for authority in authorities]


def authority_row(authority: Authority, contacts: int) -> list[Any]:
    return [
        authority.state.iso3,
        authority.state.name,
        authority.name,
        authority.name_en,
        str(authority.get_kind_display()),
        authority.language,
        authority.address,
        authority.website,
        _codes(authority.request_languages.all()),
        str(authority.get_palermo_legal_basis_display()),
        str(authority.get_interpol_requests_display()),
        authority.procedural_notes,
        contacts,
    ]


def render_xlsx(contacts: list[Contact], *, today: dt.date) -> bytes:
    """The contacts and their authorities as an Excel workbook."""
    threshold = stale_before(today)
    return exports.xlsx_bytes(
        exports.Sheet(
            _("Contacts"),
            CONTACT_COLUMNS,
            (contact_row(contact, threshold=threshold) for contact in contacts),
        ),
        exports.Sheet(
            _("Authorities"),
            AUTHORITY_COLUMNS,
            (authority_row(authority, count) for authority, count in authorities_of(contacts)),
        ),
    )


def csv_response(contacts: Iterable[Contact], *, today: dt.date) -> StreamingHttpResponse:
    """The contacts list as a CSV download, streamed a row at a time."""
    threshold = stale_before(today)
    return exports.csv_streaming_response(
        CONTACT_COLUMNS,
        (contact_row(contact, threshold=threshold) for contact in contacts),
        filename=filename(today, "csv"),
    )


# The PDF edition.


@dataclass
class ContactEntry:
    contact: Contact
    phones: list[str]
    languages: str
    out_of_date: bool


@dataclass
class FunctionGroup:
    """Consecutive contacts with the same function, shown under one heading."""

    label: str
    contacts: list[ContactEntry]


@dataclass
class AuthorityEntry:
    authority: Authority | None
    request_languages: str
    groups: list[FunctionGroup]

    @property
    def contact_count(self) -> int:
        return sum(len(group.contacts) for group in self.groups)


@dataclass
class StateEntry:
    state: MemberState
    anchor: str
    authorities: list[AuthorityEntry]
    unattached: AuthorityEntry | None
    # The page on which the state starts, when the edition is rendered in parts.
    page: int | None = None

    @property
    def contact_count(self) -> int:
        blocks = [*self.authorities, *([self.unattached] if self.unattached else [])]
        return sum(block.contact_count for block in blocks)

    @property
    def contacts(self) -> Iterator[ContactEntry]:
        for block in [*self.authorities, *([self.unattached] if self.unattached else [])]:
            for group in block.groups:
                yield from group.contacts


@dataclass
class Edition:
    today: dt.date
    date: str
    scope: list[tuple[str, str]]
    states: list[StateEntry]
    stale_days: int

    @property
    def contact_count(self) -> int:
        return sum(s.contact_count for s in self.states)

    @property
    def authority_count(self) -> int:
        return sum(len(s.authorities) for s in self.states)

    @property
    def out_of_date_count(self) -> int:
        return sum(entry.out_of_date for state in self.states for entry in state.contacts)


def describe_filters(filters: ContactFilters) -> list[tuple[str, str]]:
    """The filters of an export in words, as (label, value) pairs for its cover."""
    scope = []
    if filters.state:
        state = core_selectors.member_state_get(filters.state)
        scope.append((_("Member state"), state.name if state else filters.state))
    if filters.subregion:
        subregion = subregion_list().filter(code=filters.subregion).first()
        scope.append((_("Subregion"), subregion.name if subregion else filters.subregion))
    if filters.function:
        labels = dict(Function.choices)
        scope.append((_("Function"), str(labels.get(filters.function, filters.function))))
    if filters.area:
        area = ThematicArea.objects.filter(code=filters.area).first()
        scope.append((_("Thematic area"), area.name if area else filters.area))
    if filters.language:
        scope.append((_("Language spoken"), _language_name(filters.language, current_language())))
    if filters.q:
        scope.append((_("Search"), f"“{filters.q}”"))
    if filters.stale:
        scope.append((_("Entries"), _("only those out of date")))
    return scope


def _phone_for_print(e164: str) -> str:
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def build_edition(
    sections: list[StateSection], *, filters: ContactFilters, today: dt.date
) -> Edition:
    """The edition as the PDF template shows it, from `selectors.directory_edition`."""
    threshold = stale_before(today)
    authorities = [block.authority for section in sections for block in section.authorities]
    prefetch_related_objects(authorities, "request_languages")

    def entry(contact: Contact) -> ContactEntry:
        return ContactEntry(
            contact=contact,
            phones=[_phone_for_print(phone) for phone in contact.phones],
            languages=_language_names(contact.languages.all()),
            out_of_date=contact.last_confirmed_on < threshold,
        )

    def by_function(contacts: list[Contact]) -> list[FunctionGroup]:
        groups: list[FunctionGroup] = []
        previous = None
        for contact in contacts:
            if contact.function != previous:
                groups.append(FunctionGroup(str(contact.get_function_display()), []))
                previous = contact.function
            groups[-1].contacts.append(entry(contact))
        return groups

    states = [
        StateEntry(
            state=section.state,
            anchor=f"state-{section.state.iso3}",
            authorities=[
                AuthorityEntry(
                    authority=block.authority,
                    request_languages=_language_names(block.authority.request_languages.all()),
                    groups=by_function(block.contacts),
                )
                for block in section.authorities
            ],
            unattached=AuthorityEntry(None, "", by_function(section.unattached))
            if section.unattached
            else None,
        )
        for section in sections
    ]
    return Edition(
        today=today,
        date=format_date(today, format="long", locale=current_language()),
        scope=describe_filters(filters),
        states=states,
        stale_days=settings.HEMIS_DIRECTORY_STALE_DAYS,
    )


# Kept here for the directory's callers; the edition's renderers share it.
without_cyclic_gc = pdfparts.without_cyclic_gc


PAGE_LABEL = gettext_lazy("Page %(page)s of %(pages)s")


def edition_css(edition: Edition, *, page_numbers: bool = True) -> dict[str, SafeString]:
    """The strings the edition's stylesheet shows in page margins, escaped for CSS."""
    return exports.page_margins(
        title=_("Directory of National Points of Contact"),
        restricted=_("RESTRICTED — for official use by member states"),
        edition=_("Edition of %(date)s") % {"date": edition.date},
        page=str(PAGE_LABEL) if page_numbers else None,
    )


def edition_html(
    edition: Edition,
    *,
    front: bool = True,
    states: list[StateEntry] | None = None,
    numbered: bool = False,
) -> str:
    """The edition's HTML, whole by default; or a part of it, for `hemis.directory.edition`.

    `front` is the cover and the table of contents; `states` the state sections to include;
    `numbered` leaves page numbers out of the margins and writes each state's `page` in the
    table of contents (the parts are numbered once joined).
    """
    return render_to_string(
        "directory/pdf/edition.html",
        {
            "edition": edition,
            "front": front,
            "states": edition.states if states is None else states,
            "numbered": numbered,
            "css": edition_css(edition, page_numbers=not numbered),
        },
    )


def render_pdf(edition: Edition) -> bytes:
    """The edition as a PDF, through WeasyPrint, in one document."""
    from weasyprint import HTML  # imported here: it takes a moment to load

    with without_cyclic_gc():
        html = edition_html(edition)
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


# vCards.


def _name_parts(name: str, language: str) -> tuple[str, str]:
    """(given, family) of a name held in one field, for the vCard N property.

    Spanish names usually end with two family names; other languages' with one.
    """
    words = name.split()
    if len(words) < 2:
        return "", name
    cut = -2 if language == "es" and len(words) >= 3 else -1
    return " ".join(words[:cut]), " ".join(words[cut:])


def contact_vcard(contact: Contact) -> str:
    """A vCard 3.0 of the contact, for address books."""
    card = vobject.vCard()
    card.add("uid").value = f"urn:uuid:{contact.public_id}"
    card.add("fn").value = contact.display_name
    given, family = _name_parts(contact.person_name, contact.language)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    organization = [
        part for part in (getattr(contact.authority, "name", ""), contact.office) if part
    ]
    if organization:
        card.add("org").value = organization
    if contact.title:
        card.add("title").value = contact.title
    for email in contact.emails:
        line = card.add("email")
        line.value = email
        line.type_paramlist = ["INTERNET", "WORK"]
    for phone in contact.phones:
        line = card.add("tel")
        line.value = phone
        line.type_paramlist = ["WORK", "VOICE"]
    if contact.authority and contact.authority.website:
        card.add("url").value = contact.authority.website
    note = f"{contact.get_function_display()} — {contact.state.name}"
    if contact.availability:
        note += "\n" + contact.availability
    card.add("note").value = note
    card.add("rev").value = contact.last_confirmed_on.isoformat()
    return card.serialize()


def vcard_filename(contact: Contact) -> str:
    return f"{slugify(contact.display_name) or 'contact'}.vcf"
