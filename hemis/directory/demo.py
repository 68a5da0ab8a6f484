"""Fictional demo authorities and contact points (example.org addresses) for every state."""

from __future__ import annotations

import datetime as dt
import random

import phonenumbers
from django.utils import timezone
from phonenumbers import PhoneNumberType

from hemis.core.models import Language, MemberState, ThematicArea
from hemis.directory.models import Authority, AuthorityKind, Contact, Function, TriState
from hemis.directory.services import contact_search_text, directory_changed, fold

SPANISH = {
    "ARG",
    "BOL",
    "CHL",
    "COL",
    "CRI",
    "DOM",
    "ECU",
    "SLV",
    "GTM",
    "HND",
    "MEX",
    "NIC",
    "PAN",
    "PRY",
    "PER",
    "URY",
    "VEN",
    "CUB",
}
FRENCH = {"HTI"}
PORTUGUESE = {"BRA"}
DUTCH = {"SUR"}

AUTHORITIES = {
    # kind: (English name, Spanish name, French name, Portuguese name, Dutch name)
    AuthorityKind.MINISTRY: (
        "Ministry of National Security",
        "Ministerio de Seguridad",
        "Ministère de la Justice et de la Sécurité publique",
        "Ministério da Justiça e Segurança Pública",
        "Ministerie van Justitie en Politie",
    ),
    AuthorityKind.PROSECUTOR: (
        "Office of the Director of Public Prosecutions",
        "Fiscalía General",
        "Parquet général",
        "Ministério Público Federal",
        "Openbaar Ministerie",
    ),
    AuthorityKind.POLICE: (
        "National Police Service",
        "Policía Nacional",
        "Police nationale",
        "Polícia Federal",
        "Korps Politie",
    ),
    AuthorityKind.FIU: (
        "Financial Intelligence Unit",
        "Unidad de Inteligencia Financiera",
        "Unité centrale de renseignements financiers",
        "Conselho de Controle de Atividades Financeiras",
        "Financial Intelligence Unit",
    ),
}
FUNCTION_AUTHORITY = {
    Function.TOC_CONTACT: AuthorityKind.MINISTRY,
    Function.MLA_CENTRAL_AUTHORITY: AuthorityKind.PROSECUTOR,
    Function.EXTRADITION: AuthorityKind.PROSECUTOR,
    Function.TRAFFICKING_IN_PERSONS: AuthorityKind.POLICE,
    Function.CIFTA: AuthorityKind.POLICE,
    Function.FIU: AuthorityKind.FIU,
    Function.CYBERCRIME: AuthorityKind.POLICE,
    Function.FORENSICS: AuthorityKind.POLICE,
    Function.PENITENTIARY: AuthorityKind.MINISTRY,
}
FUNCTION_AREAS = {
    Function.TOC_CONTACT: ["drugs", "firearms", "money_laundering"],
    Function.TRAFFICKING_IN_PERSONS: ["trafficking_in_persons", "smuggling_of_migrants"],
    Function.CIFTA: ["firearms"],
    Function.FIU: ["money_laundering", "corruption"],
    Function.CYBERCRIME: ["cybercrime"],
}
GIVEN = [
    "Ana",
    "Luis",
    "Marie",
    "João",
    "Keisha",
    "Andre",
    "Sofía",
    "Daniel",
    "Nadia",
    "Carlos",
    "Beatriz",
    "Samuel",
    "Claudette",
    "Rohan",
    "Valeria",
    "Pedro",
]
FAMILY = [
    "Rivera",
    "Campbell",
    "Moreau",
    "Silva",
    "Brown",
    "Gómez",
    "Baptiste",
    "Ramdial",
    "Fernández",
    "Williams",
    "Souza",
    "Castillo",
    "Joseph",
    "Mendoza",
    "Clarke",
    "Pérez",
]


def _example_phone(state: MemberState) -> str:
    """The telephone-numbering plan's own example number for the state: valid, not real."""
    number = phonenumbers.example_number_for_type(state.iso2, PhoneNumberType.FIXED_LINE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _language_of(iso3: str) -> str:
    for code, group in (("es", SPANISH), ("fr", FRENCH), ("pt", PORTUGUESE), ("nl", DUTCH)):
        if iso3 in group:
            return code
    return "en"


def load(*, stdout) -> None:
    if Contact.objects.exists():
        stdout.write("Directory demo data already present.")
        return
    rng = random.Random(2026)  # noqa: S311  (the same demo every time, not a secret)
    today = timezone.localdate()
    languages = {
        lang.code: lang for lang in Language.objects.filter(code__in=["en", "es", "fr", "pt", "nl"])
    }
    areas = {a.code: a for a in ThematicArea.objects.all()}
    created = 0
    for state in MemberState.objects.prefetch_related("participations"):
        if not state.is_participating(today):
            continue
        lang = _language_of(state.iso3)
        column = {"en": 0, "es": 1, "fr": 2, "pt": 3, "nl": 4}[lang]
        authorities = {}
        for kind, names in AUTHORITIES.items():
            authority = Authority.objects.create(
                state=state,
                name=names[column],
                name_en=names[0] if column else "",
                kind=kind,
                language=lang,
                address=f"{rng.randint(1, 120)} Example Avenue, {state.name_en}",
                website=f"https://{kind}.{state.iso2.lower()}.example.org/",
                procedural_notes=(
                    "Requests by e-mail with a signed copy; urgent requests by telephone."
                ),
                palermo_legal_basis=rng.choice([TriState.YES, TriState.YES, TriState.UNKNOWN]),
                interpol_requests=rng.choice([TriState.YES, TriState.NO, TriState.UNKNOWN]),
            )
            authority.request_languages.set(
                [languages[lang], languages["en"]] if lang != "en" else [languages["en"]]
            )
            authorities[kind] = authority
        functions = [
            f for f in FUNCTION_AUTHORITY if rng.random() < 0.8 or f == Function.TOC_CONTACT
        ]
        for function in functions:
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            # About one entry in six has not been confirmed for over a year.
            age = rng.randint(380, 900) if rng.random() < 0.17 else rng.randint(5, 300)
            contact = Contact.objects.create(
                state=state,
                function=function,
                person_name=f"{given} {family}",
                title="Director" if function == Function.TOC_CONTACT else "Officer",
                authority=authorities[FUNCTION_AUTHORITY[function]],
                emails=[fold(f"{given[0]}.{family}.{function.value[:6]}@{state.iso2}.example.org")],
                phones=[_example_phone(state)],
                availability="Monday to Friday, 08:00–16:00 local time",
                language=lang,
                last_confirmed_on=today - dt.timedelta(days=age),
            )
            contact.languages.set([languages[lang]] + ([languages["en"]] if lang != "en" else []))
            contact.thematic_areas.set([areas[c] for c in FUNCTION_AREAS.get(function, [])])
            contact.search_text = contact_search_text(contact)
            contact.save(update_fields=["search_text"])
            created += 1
    # Written without the services: cached directory pages must still see the new entries.
    directory_changed()
    stdout.write(f"Directory: {created} demo contact points loaded.")
