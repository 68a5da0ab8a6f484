"""Laws shared by the legislation tests: the search corpus, and a proposal of Jamaica."""

from __future__ import annotations

import datetime as dt

import pytest

from hemis.core.models import MemberState
from hemis.legislation import services
from hemis.legislation.models import Law

# The search corpus: short fictional example provisions in the four languages.
# key: (state, language, law title, English title, kind, status, enacted, article, text, areas,
#       convention articles, cross-cutting issues)
CORPUS = {
    "es-lavado": (
        "MEX",
        "es",
        "Ley Federal de Ejemplo contra el Lavado de Activo",
        "",
        "law",
        "in_force",
        "2012-10-17",
        "Artículo 1",
        "Comete el delito quien convierta o transfiera bienes de procedencia dudosa.",
        "money_laundering",
        "untoc-6",
        "liability_legal_persons",
    ),
    "es-trafico": (
        "ARG",
        "es",
        "Ley de Ejemplo sobre Migraciones",
        "Migration (Example) Act",
        "law",
        "amended",
        "2004-01-20",
        "Artículo 116",
        "Será reprimido quien realice el tráfico ilícito de migrantes.",
        "smuggling_of_migrants",
        "som-6",
        "international_cooperation",
    ),
    "es-armas": (
        "ARG",
        "es",
        "Decreto de Ejemplo sobre Armas",
        "",
        "decree",
        "in_force",
        "2015-03-02",
        "Artículo 3",
        "El trafico ilicito de armas de fuego sera sancionado con prision.",
        "firearms",
        "firearms-5",
        "",
    ),
    "en-trafficked": (
        "JAM",
        "en",
        "Trafficking in Persons (Example) Act",
        "",
        "law",
        "amended",
        "2007-03-01",
        "Section 4",
        "A person who has trafficked another person, or who knowingly facilitates it, commits "
        "an offence.",
        "trafficking_in_persons",
        "tip-5",
        "victim_protection",
    ),
    "en-laundering": (
        "JAM",
        "en",
        "Proceeds of Crime (Example) Act",
        "",
        "law",
        "in_force",
        "2007-05-30",
        "Section 92",
        "The court may order the confiscation of property derived from money laundering.",
        "money_laundering",
        "untoc-12",
        "confiscation",
    ),
    "fr-blanchiment": (
        "HTI",
        "fr",
        "Loi d'exemple sur le blanchiment des capitaux",
        "",
        "law",
        "repealed",
        "2001-02-21",
        "Article 3",
        "Le blanchiment de capitaux est puni d'une peine d'emprisonnement.",
        "money_laundering",
        "untoc-6",
        "",
    ),
    "fr-traite": (
        "CAN",
        "fr",
        "Code criminel (exemple)",
        "Criminal Code (example)",
        "code",
        "in_force",
        "1985-01-01",
        "Article 279.01",
        "Les victimes de la traite des personnes reçoivent aide et protection.",
        "trafficking_in_persons",
        "tip-6",
        "victim_protection",
    ),
    "pt-lavagem": (
        "BRA",
        "pt",
        "Lei de Exemplo sobre Lavagem de Dinheiro",
        "",
        "law",
        "amended",
        "1998-03-03",
        "Art. 1º",
        "Constitui crime ocultar a origem de bens provenientes de infração penal.",
        "money_laundering",
        "untoc-6",
        "",
    ),
    "pt-trafico": (
        "BRA",
        "pt",
        "Código Penal de Exemplo",
        "",
        "code",
        "in_force",
        "1940-12-07",
        "Art. 149-A",
        "O tráfico de pessoas é punido com reclusão e multa.",
        "trafficking_in_persons",
        "tip-5",
        "",
    ),
}


def make_law(actor, key: str) -> Law:
    (
        iso3,
        language,
        title,
        title_en,
        kind,
        status,
        enacted,
        article,
        text,
        areas,
        articles,
        issues,
    ) = CORPUS[key]
    law = Law.objects.filter(title=title).first() or services.law_create(
        actor=actor,
        state=MemberState.objects.get(iso3=iso3),
        data={
            "title": title,
            "title_en": title_en,
            "kind": kind,
            "status": status,
            "enacted_on": dt.date.fromisoformat(enacted),
            "language": language,
            "source_url": "https://example.org/gazette",
        },
    )
    services.provision_create(
        actor=actor,
        law=law,
        data={
            "article": article,
            "text": text,
            "thematic_areas": areas,
            "convention_articles": articles,
            "cross_cutting_issues": issues,
        },
    )
    return law


@pytest.fixture
def corpus(admin) -> dict[str, str]:
    """Every corpus provision, published; {key: provision public id}."""
    keys = {}
    for key in CORPUS:
        law = make_law(admin, key)
        keys[key] = str(law.provisions.get(article=CORPUS[key][7]).public_id)
    return keys


@pytest.fixture
def jamaica_proposal(coordinator_a) -> Law:
    law = services.law_create(
        actor=coordinator_a,
        state=MemberState.objects.get(iso3="JAM"),
        data={"title": "Firearms (Example) Act", "kind": "law", "language": "en"},
    )
    services.provision_create(
        actor=coordinator_a,
        law=law,
        data={
            "article": "Section 20",
            "text": "No person shall traffic in firearms.",
            "thematic_areas": "firearms",
        },
    )
    return law
