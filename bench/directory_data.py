"""The directory's world-scale data: authorities and contact points for the 193 states.

Two loaders for bench.generate's LOADERS: `load_authorities` (`authorities_per_state` per state,
4 by default: ministry, prosecutor's office, police, financial intelligence unit) and
`load_contacts` (`contacts` active contact points, 5,000 by default, spread unevenly over the
states). Everything is drawn from one seeded random generator, so two runs make the same rows
(the same public ids too); only `last_confirmed_on` moves with the date, as "days before today".

The variety is what the directory's filters and search meet in use: functions weighted as
states designate them (CIFTA only in the OAS's states), thematic areas from the function plus a
few others, the languages spoken from the CLDR's official languages of the state plus English
for most, names from pools by language with a few very common family names (García is the
commonest, the one the benchmark searches for), e-mails under example.org, the telephone
numbering plan's own example numbers in E.164 (valid, never real), `last_confirmed_on` spread
over two years (so about half are out of date) and `search_text` folded exactly as the services
fold it.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import uuid
from typing import Any

SEED = 2026
# The family name the benchmark searches for (folded: it also finds "García").
COMMON_SURNAME = "garcia"

# Authority kinds in the order each state gets them, with their names by language of the text.
AUTHORITY_KINDS = ["ministry", "prosecutor", "police", "fiu", "customs", "judiciary", "csirt"]
AUTHORITY_NAMES = {
    # kind: {language: name}; English otherwise.
    "ministry": {
        "en": "Ministry of Justice and Public Security",
        "es": "Ministerio de Justicia y Seguridad Pública",
        "fr": "Ministère de la Justice et de la Sécurité publique",
        "pt": "Ministério da Justiça e Segurança Pública",
    },
    "prosecutor": {
        "en": "Office of the Director of Public Prosecutions",
        "es": "Fiscalía General de la Nación",
        "fr": "Parquet général",
        "pt": "Procuradoria-Geral da República",
    },
    "police": {
        "en": "National Police Service",
        "es": "Policía Nacional",
        "fr": "Police nationale",
        "pt": "Polícia Federal",
    },
    "fiu": {
        "en": "Financial Intelligence Unit",
        "es": "Unidad de Inteligencia Financiera",
        "fr": "Cellule de renseignement financier",
        "pt": "Unidade de Informação Financeira",
    },
    "customs": {"en": "Customs Administration", "es": "Dirección General de Aduanas"},
    "judiciary": {"en": "Supreme Court", "es": "Corte Suprema de Justicia"},
    "csirt": {"en": "National CSIRT", "es": "Centro Nacional de Respuesta a Incidentes"},
}
# function: (weight, authority kind it usually sits in, its thematic areas, titles)
FUNCTIONS: dict[str, tuple[int, str, list[str], list[str]]] = {
    "toc_contact": (4, "ministry", ["drugs", "firearms", "money_laundering"], ["Director"]),
    "mla_central_authority": (3, "prosecutor", ["corruption"], ["Head of Unit", "Prosecutor"]),
    "extradition": (2, "prosecutor", [], ["Prosecutor", "Legal Adviser"]),
    "trafficking_in_persons": (
        3,
        "police",
        ["trafficking_in_persons", "smuggling_of_migrants"],
        ["Inspector", "Coordinator"],
    ),
    "cifta": (2, "police", ["firearms"], ["Officer", "Commissioner"]),
    "fiu": (2, "fiu", ["money_laundering", "corruption"], ["Analyst", "Director"]),
    "cybercrime": (3, "police", ["cybercrime"], ["Head of Cybercrime Unit", "Officer"]),
    "forensics": (2, "police", [], ["Forensic Expert"]),
    "penitentiary": (1, "ministry", ["gangs"], ["Director of Prisons"]),
    "other": (2, "ministry", [], ["Adviser", "Officer"]),
}
# What an office that is a contact point (no person's name) is called, by function.
OFFICES = {
    "toc_contact": "Organized Crime Liaison Office",
    "mla_central_authority": "Central Authority Desk",
    "extradition": "Extradition Desk",
    "trafficking_in_persons": "Anti-Trafficking Unit",
    "cifta": "Firearms Registry",
    "fiu": "FIU Duty Desk",
    "cybercrime": "Cybercrime Unit",
    "forensics": "Forensic Laboratory",
    "penitentiary": "Prisons Directorate",
    "other": "International Cooperation Office",
}
EXTRA_AREAS = ["kidnapping", "gangs", "wildlife", "cultural_property", "terrorism", "drugs"]
AVAILABILITY = [
    "Monday to Friday, 08:00–16:00 local time",
    "Monday to Friday, 09:00–17:00 local time",
    "24 hours, 7 days (duty officer)",
    "Office hours; urgent requests by telephone",
    "",
]

# Names by the state's main language ("*": the others): given names | family names, the
# commonest family names first.
NAMES = """
es | Ana Luis Sofía Carlos Valeria Pedro María José Lucía Jorge Camila Diego | García Rodríguez
     Martínez López González Hernández Pérez Sánchez Ramírez Torres Flores Rivera Gómez Díaz
     Morales Castillo Ortiz Vargas Rojas Mendoza
pt | João Beatriz Pedro Mariana Lucas Ana Rafael Juliana Tiago Fernanda | Silva Santos Oliveira
     Souza Pereira Costa Ferreira Almeida Carvalho Gomes
fr | Marie Jean Claudette Pierre Aminata Moussa Sophie Ibrahima Awa Olivier | Martin Bernard
     Diallo Traoré Moreau Baptiste Dubois Koné Laurent Ndiaye
en | Keisha Andre Daniel Rohan Sarah Michael Grace David Aisha James | Smith Campbell Williams
     Brown Clarke Johnson Joseph Taylor Ramdial Thompson
ar | Ahmed Fatima Mohamed Layla Omar Nour Youssef Mariam Khaled Hana | Hassan Ali Ibrahim Mahmoud
     Haddad Khalil Mansour Nasser Saleh Aziz
de | Anna Lukas Katharina Felix Julia Jonas Laura Stefan | Müller Schmidt Schneider Fischer Weber
     Meyer Wagner Becker
ru | Olga Dmitri Irina Sergei Natalia Alexei Elena Ivan | Ivanov Smirnova Kuznetsov Popova Volkov
     Sokolova Morozov Petrova
*  | Nadia Samuel Elena Adam Mira Tomas Leila Victor Amina Kenji Priya Arjun Lina | Kim Nguyen
     Novak Horvat Petrov Tanaka Singh Mensah Okafor Larsen Popescu Haddad
"""
GIVEN: dict[str, list[str]] = {}
FAMILY: dict[str, list[str]] = {}
for _entry in re.split(r"\n(?=\S)", NAMES.strip()):
    _language, _given, _family = (part.split() for part in _entry.split("|"))
    GIVEN[_language[0]], FAMILY[_language[0]] = _given, _family


def _weighted(rng: random.Random, items: list[str]) -> str:
    """Items earlier in the list are commoner (weights 1/(rank + 3))."""
    return rng.choices(items, weights=[1 / (rank + 3) for rank in range(len(items))])[0]


def _languages_of(iso2: str, known: set[str]) -> list[str]:
    """The state's official languages known to hemis (ISO 639-1), commonest first."""
    from babel.languages import get_official_languages

    codes = [code.split("_")[0] for code in get_official_languages(iso2, de_facto=True)]
    return list(dict.fromkeys(code for code in codes if code in known)) or ["en"]


def _email_part(text: str) -> str:
    from hemis.directory.services import fold

    return re.sub(r"[^a-z0-9]+", "", fold(text))


def _example_phones(iso2: str) -> list[str]:
    """The numbering plan's example numbers (fixed line, then mobile) in E.164."""
    import phonenumbers
    from phonenumbers import PhoneNumberFormat, PhoneNumberType

    numbers = []
    for kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE):
        number = phonenumbers.example_number_for_type(iso2, kind)
        if number is not None:
            numbers.append(phonenumbers.format_number(number, PhoneNumberFormat.E164))
    return list(dict.fromkeys(numbers))


def _spread(rng: random.Random, total: int, buckets: int, minimum: int) -> list[int]:
    """`total` split over `buckets` unevenly (log-normal weights), each at least `minimum`."""
    minimum = min(minimum, total // max(buckets, 1))
    weights = [rng.lognormvariate(0, 0.6) for _ in range(buckets)]
    spare = total - minimum * buckets
    shares = [spare * w / sum(weights) for w in weights]
    counts = [minimum + int(share) for share in shares]
    # Largest remainders take what rounding down left.
    order = sorted(range(buckets), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def load_authorities(world: Any) -> None:
    """`authorities_per_state` authorities for every state, named in the state's language."""
    from hemis.core.models import Language
    from hemis.directory.models import Authority, TriState

    if Authority.objects.exists():
        world.counts["authorities"] = Authority.objects.count()
        return
    rng = random.Random(f"{SEED}-authorities")
    known = set(Language.objects.values_list("code", flat=True))
    english = Language.objects.get(code="en")
    by_code = {lang.code: lang for lang in Language.objects.all()}
    kinds = AUTHORITY_KINDS[: world.options.authorities_per_state]
    authorities, languages = [], []
    for state in world.states:
        main = _languages_of(state.iso2, known)[0]
        for kind in kinds:
            names = AUTHORITY_NAMES[kind]
            text_language = main if main in names else "en"
            authority = Authority(
                public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                state=state,
                name=names.get(main, names["en"]),
                name_en=names["en"] if text_language != "en" else "",
                kind=kind,
                language=text_language,
                address=f"{rng.randint(1, 400)} Example Avenue, {state.name_en}",
                website=f"https://{kind}.{state.iso2.lower()}.example.org/",
                procedural_notes=rng.choice(
                    [
                        "Requests by e-mail with a signed copy; urgent requests by telephone.",
                        "Requests through the diplomatic channel, copied by e-mail.",
                        "",
                    ]
                ),
                palermo_legal_basis=rng.choice([TriState.YES, TriState.YES, TriState.UNKNOWN]),
                interpol_requests=rng.choice([TriState.YES, TriState.NO, TriState.UNKNOWN]),
            )
            authorities.append(authority)
            languages.append({by_code[main], english})
    Authority.objects.bulk_create(authorities, batch_size=1000)
    Through = Authority.request_languages.through
    Through.objects.bulk_create(
        [
            Through(authority_id=authority.pk, language_id=language.pk)
            for authority, spoken in zip(authorities, languages, strict=True)
            for language in spoken
        ],
        batch_size=2000,
    )
    world.counts["authorities"] = len(authorities)


def load_contacts(world: Any) -> None:
    """`contacts` active contact points over the states, with their M2M rows and search text."""
    from django.utils import timezone

    from hemis.core.models import Language, ThematicArea
    from hemis.directory.models import Authority, Contact
    from hemis.directory.services import contact_search_text

    if Contact.objects.exists() or not world.options.contacts:
        world.counts["contact points"] = Contact.objects.count()
        return
    rng = random.Random(f"{SEED}-contacts")
    today = timezone.localdate()
    now = timezone.now()
    languages = {lang.code: lang for lang in Language.objects.all()}
    areas = {area.code: area for area in ThematicArea.objects.all()}
    authorities: dict[tuple[int, str], Authority] = {
        (a.state_id, a.kind): a for a in Authority.objects.all()
    }
    oas = {"north_america", "central_america", "caribbean", "south_america"}
    per_state = _spread(rng, world.options.contacts, len(world.states), minimum=5)
    contacts: list[Contact] = []
    spoken_by: list[set[str]] = []
    areas_of: list[set[str]] = []
    for state, count in zip(world.states, per_state, strict=True):
        official = _languages_of(state.iso2, set(languages))
        main = official[0]
        pool = main if main in GIVEN else "*"
        phones = _example_phones(state.iso2)
        functions = [f for f in FUNCTIONS if f != "cifta" or state.subregion.code in oas]
        weights = [FUNCTIONS[f][0] for f in functions]
        # Each state has its point of contact on organized crime; the rest by weight.
        chosen = ["toc_contact", *rng.choices(functions, weights=weights, k=count - 1)]
        for function in chosen:
            _weight, kind, function_areas, titles = FUNCTIONS[function]
            authority = authorities.get((state.pk, kind)) or authorities.get((state.pk, "ministry"))
            office = ""
            if rng.random() < 0.08:  # an office rather than a person
                given = family = ""
                office = OFFICES[function]
                if rng.random() < 0.5:
                    authority = None
            else:
                given, family = rng.choice(GIVEN[pool]), _weighted(rng, FAMILY[pool])
            person = f"{given} {family}".strip()
            local = f"{_email_part(given)}.{_email_part(family)}" if person else function
            domain = f"{kind}.{state.iso2.lower()}.example.org"
            emails = [f"{local}@{domain}"]
            if rng.random() < 0.3:
                emails.append(f"{function.replace('_', '-')}.desk@{domain}")
            spoken = {main}
            if rng.random() < 0.4 and len(official) > 1:
                spoken.add(official[1])
            if main == "en" or rng.random() < 0.7:
                spoken.add("en")
            if rng.random() < 0.15:
                spoken.add(rng.choice(["es", "fr", "pt"]))
            topics = set(function_areas)
            if rng.random() < 0.35:
                topics.add(rng.choice(EXTRA_AREAS))
            age = rng.randint(0, 730)  # last confirmed within two years: about half out of date
            confirmed = today - dt.timedelta(days=age)
            contact = Contact(
                public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                state=state,
                function=function,
                person_name=person,
                office=office,
                title=rng.choice(titles) if person else "",
                authority=authority,
                emails=emails,
                phones=phones[: rng.choice([1, 1, 2])],
                availability=rng.choice(AVAILABILITY),
                language=main if main in {"en", "es", "fr", "pt"} else "en",
                last_confirmed_on=confirmed,
                verified_at=(now - dt.timedelta(days=age)) if rng.random() < 0.3 else None,
                created_at=now - dt.timedelta(days=age + rng.randint(0, 365)),
                updated_at=now - dt.timedelta(days=age),
            )
            contact.search_text = contact_search_text(contact)
            contacts.append(contact)
            spoken_by.append(spoken)
            areas_of.append(topics)
    Contact.objects.bulk_create(contacts, batch_size=1000)
    SpokenThrough = Contact.languages.through
    SpokenThrough.objects.bulk_create(
        [
            SpokenThrough(contact_id=contact.pk, language_id=languages[code].pk)
            for contact, spoken in zip(contacts, spoken_by, strict=True)
            for code in sorted(spoken)
        ],
        batch_size=5000,
    )
    AreaThrough = Contact.thematic_areas.through
    AreaThrough.objects.bulk_create(
        [
            AreaThrough(contact_id=contact.pk, thematicarea_id=areas[code].pk)
            for contact, topics in zip(contacts, areas_of, strict=True)
            for code in sorted(topics)
        ],
        batch_size=5000,
    )
    world.counts["contact points"] = len(contacts)
