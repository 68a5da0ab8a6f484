"""Reads of the directory, scoped to the user asking."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone, translation

from hemis.accounts import policy
from hemis.core import selectors as core_selectors
from hemis.core.models import Language, MemberState, Subregion, ThematicArea, current_language
from hemis.directory.models import (
    Authority,
    Contact,
    Edition,
    EntryStatus,
    Function,
    Generation,
    stale_before,
)
from hemis.directory.services import fold

CONTACT_SORTS = {
    "state": ("state__name_en", "function", "person_name"),
    "name": ("person_name", "office"),
    "function": ("function", "state__name_en"),
    "confirmed": ("last_confirmed_on", "state__name_en"),
    "-confirmed": ("-last_confirmed_on", "state__name_en"),
}


@dataclass(frozen=True)
class ContactFilters:
    q: str = ""
    state: str = ""
    subregion: str = ""
    function: str = ""
    area: str = ""
    language: str = ""
    stale: bool = False
    sort: str = "state"

    @classmethod
    def from_query(cls, params: Any) -> ContactFilters:
        return cls(
            q=(params.get("q") or "").strip()[:200],
            state=(params.get("state") or "").strip().upper()[:3],
            subregion=(params.get("subregion") or "").strip(),
            function=(params.get("function") or "").strip(),
            area=(params.get("area") or "").strip(),
            language=(params.get("language") or "").strip().lower()[:3],
            stale=params.get("stale") in ("1", "true", "on"),
            sort=params.get("sort") if params.get("sort") in CONTACT_SORTS else "state",
        )

    def as_query(self) -> dict[str, str]:
        values = {
            "q": self.q,
            "state": self.state,
            "subregion": self.subregion,
            "function": self.function,
            "area": self.area,
            "language": self.language,
            "stale": "1" if self.stale else "",
            "sort": "" if self.sort == "state" else self.sort,
        }
        return {k: v for k, v in values.items() if v}


def contact_list(
    *, viewer: Any, filters: ContactFilters | None = None, with_relations: bool = True
) -> QuerySet[Contact]:
    """Active contact points the viewer may read, filtered and sorted, relations loaded.

    `with_relations=False` leaves out the thematic areas and languages, which lists that do not
    show them (the directory page) need not read.
    """
    if not policy.can_read_directory(viewer):
        return Contact.objects.none()
    filters = filters or ContactFilters()
    contacts = Contact.objects.filter(status=EntryStatus.ACTIVE)
    if filters.q:
        for word in fold(filters.q).split():
            contacts = contacts.filter(search_text__contains=word)
    if filters.state:
        contacts = contacts.filter(state__iso3=filters.state)
    if filters.subregion:
        contacts = contacts.filter(state__subregion__code=filters.subregion)
    if filters.function:
        contacts = contacts.filter(function=filters.function)
    # Subqueries rather than joins: PostgreSQL plans a join of eight tables on every request
    # (6-10 ms at world scale), and a join would repeat a contact matching several codes.
    if filters.area:
        areas = Contact.thematic_areas.through.objects.filter(
            contact_id=OuterRef("pk"), thematicarea__code=filters.area
        )
        contacts = contacts.filter(Exists(areas))
    if filters.language:
        languages = Contact.languages.through.objects.filter(
            contact_id=OuterRef("pk"), language__code=filters.language
        )
        contacts = contacts.filter(Exists(languages))
    if filters.stale:
        contacts = contacts.filter(last_confirmed_on__lt=stale_before())
    contacts = contacts.select_related(
        "state", "state__subregion", "authority", "authority__state"
    ).order_by(*CONTACT_SORTS[filters.sort], "pk")
    if with_relations:
        contacts = contacts.prefetch_related("thematic_areas", "languages")
    return contacts


def directory_generation() -> int:
    """The directory's generation: it increases with every change (see `services`)."""
    value = Generation.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 1


# Languages offered in the directory's "language spoken" filter.
FILTER_LANGUAGES = ("en", "es", "fr", "pt", "nl", "ht")


@dataclass(frozen=True)
class FilterChoices:
    """The options of the directory's filters, as (code, label) pairs in one language."""

    states: list[tuple[str, str]]
    subregions: list[tuple[str, str]]
    functions: list[tuple[str, str]]
    areas: list[tuple[str, str]]
    languages: list[tuple[str, str]]


def filter_choices(language: str | None = None) -> FilterChoices:
    """The filters' options in `language`, cached until reference data changes and for a day."""
    language = language or current_language()
    key = f"hemis:directory:choices:{core_selectors.state_cache_key()}:{language}"
    choices = cache.get(key)
    if choices is None:
        with translation.override(language):
            choices = _filter_choices(language)
        cache.set(key, choices, timeout=60 * 60)
    return choices


def _filter_choices(language: str) -> FilterChoices:
    states = core_selectors.member_state_rows(language=language)
    return FilterChoices(
        states=[(row.iso3, row.name) for row in states],
        subregions=[(r.code, str(r.name)) for r in Subregion.objects.all()],
        functions=[(value, str(label)) for value, label in Function.choices],
        areas=[(a.code, str(a.name)) for a in ThematicArea.objects.all()],
        languages=[
            (lang.code, str(lang.name))
            for lang in Language.objects.filter(code__in=FILTER_LANGUAGES)
        ],
    )


def edition_get(*, language: str, today: dt.date | None = None) -> Edition | None:
    """The stored PDF edition of today's directory in `language`, prepared or in preparation."""
    return Edition.objects.filter(
        language=language,
        generation=directory_generation(),
        edition_date=today or timezone.localdate(),
    ).first()


def authority_list(*, viewer: Any, state: str = "") -> QuerySet[Authority]:
    """Active authorities the viewer may read."""
    if not policy.can_read_directory(viewer):
        return Authority.objects.none()
    authorities = Authority.objects.filter(status=EntryStatus.ACTIVE)
    if state:
        authorities = authorities.filter(state__iso3=state.upper())
    return authorities.select_related("state").prefetch_related("request_languages")


def directory_edition(*, viewer: Any, filters: ContactFilters) -> list[StateSection]:
    """The directory as distributed: per state, its authorities with their contact points."""
    contacts = list(contact_list(viewer=viewer, filters=filters))
    by_state: dict[int, StateSection] = {}
    for contact in contacts:
        section = by_state.setdefault(
            contact.state_id, StateSection(state=contact.state, authorities=[], unattached=[])
        )
        section.add(contact)
    return sorted(by_state.values(), key=lambda s: s.state.name)


@dataclass
class AuthorityBlock:
    authority: Authority
    contacts: list[Contact] = field(default_factory=list)


@dataclass
class StateSection:
    state: MemberState
    authorities: list[AuthorityBlock]
    unattached: list[Contact]

    def add(self, contact: Contact) -> None:
        if contact.authority is None:
            self.unattached.append(contact)
            return
        for block in self.authorities:
            if block.authority.pk == contact.authority_id:
                block.contacts.append(contact)
                return
        self.authorities.append(AuthorityBlock(contact.authority, [contact]))


def contact_history(contact: Contact) -> list[Contact]:
    """The chain of contacts this one replaced, most recent first."""
    chain: list[Contact] = []
    current = contact
    seen = {contact.pk}
    while True:
        previous = (
            Contact.objects.filter(replaced_by=current).exclude(pk__in=seen).order_by("-pk").first()
        )
        if previous is None:
            return chain
        chain.append(previous)
        seen.add(previous.pk)
        current = previous


# Coverage: which functions each state has designated.

DESIGNATED, OUT_OF_DATE, MISSING = "designated", "out_of_date", "missing"
COVERAGE_FUNCTIONS: list[Function] = [f for f in Function if f != Function.OTHER]


@dataclass
class CoverageRow:
    state: MemberState
    cells: list[tuple[Function, str]]

    @property
    def to_do(self) -> list[tuple[Function, str]]:
        return [(f, status) for f, status in self.cells if status != DESIGNATED]


def coverage_matrix(*, subregion: str = "", today: dt.date | None = None) -> list[CoverageRow]:
    """States taking part × functions: designated, out of date, or missing.

    Carries no contact details, so the public may see it.
    """
    today = today or timezone.localdate()
    threshold = stale_before(today)
    states = MemberState.objects.select_related("subregion").prefetch_related("participations")
    if subregion:
        states = states.filter(subregion__code=subregion)
    freshest: dict[tuple[int, str], dt.date] = {}
    for state_id, function, confirmed in Contact.objects.filter(
        status=EntryStatus.ACTIVE
    ).values_list("state_id", "function", "last_confirmed_on"):
        key = (state_id, function)
        if key not in freshest or confirmed > freshest[key]:
            freshest[key] = confirmed
    rows = []
    for state in sorted(states, key=lambda s: s.name):
        if not state.is_participating(today):
            continue
        cells: list[tuple[Function, str]] = []
        for function in COVERAGE_FUNCTIONS:
            latest = freshest.get((state.pk, function.value))
            if latest is None:
                cells.append((function, MISSING))
            elif latest < threshold:
                cells.append((function, OUT_OF_DATE))
            else:
                cells.append((function, DESIGNATED))
        rows.append(CoverageRow(state, cells))
    return rows


def subregion_list() -> QuerySet[Subregion]:
    return Subregion.objects.all()


def contacts_due_for_reminder(*, today: dt.date | None = None) -> QuerySet[Contact]:
    """Active contacts that will be out of date within the reminder window (or already are)."""
    from django.conf import settings

    today = today or timezone.localdate()
    horizon = stale_before(today) + dt.timedelta(days=settings.HEMIS_DIRECTORY_REMINDER_DAYS)
    return Contact.objects.filter(
        status=EntryStatus.ACTIVE, last_confirmed_on__lt=horizon
    ).select_related("state")
