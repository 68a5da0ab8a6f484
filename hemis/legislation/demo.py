"""Fictional example laws for the demo, in the four languages, covering every search facet.

The texts are written for hemis and marked "Example" in each law's title: they are not
extracts of any real law. One law is a proposal of Jamaica's coordinator awaiting validation.
"""

from __future__ import annotations

import datetime as dt

from hemis.accounts.models import Role, User
from hemis.core.models import MemberState
from hemis.legislation import services
from hemis.legislation.models import Law

SOURCE = "https://www.example.org/official-gazette"

# state, language, title, English title, kind, status, enacted, amended, provisions:
# (article, text, areas, convention articles, cross-cutting issues)
LAWS = [
    (
        "JAM",
        "en",
        "Proceeds of Crime Act (Example)",
        "",
        "law",
        "in_force",
        "2007-05-30",
        None,
        [
            (
                "Section 92",
                "A person commits the offence of money laundering if that person "
                "converts, transfers or conceals property knowing that it is the proceeds of "
                "criminal conduct. A body corporate is liable as well as its officers.",
                "money_laundering",
                "untoc-6",
                "liability_legal_persons",
            ),
            (
                "Section 5",
                "Where a person is convicted, the court shall make a forfeiture order "
                "for the benefit from criminal conduct, and may act on a request of a foreign "
                "state to restrain and confiscate property.",
                "money_laundering",
                "untoc-12;untoc-13",
                "confiscation;international_cooperation",
            ),
        ],
    ),
    (
        "JAM",
        "en",
        "Trafficking in Persons Act (Example)",
        "",
        "law",
        "amended",
        "2007-03-01",
        "2018-04-10",
        [
            (
                "Section 4",
                "A person who has trafficked another person, or who knowingly "
                "facilitates the trafficking of a person, commits an offence.",
                "trafficking_in_persons",
                "tip-5;untoc-5",
                "victim_protection",
            ),
            (
                "Section 9",
                "Victims of trafficking shall receive shelter, medical care and "
                "protection of their identity during criminal proceedings.",
                "trafficking_in_persons",
                "tip-6;untoc-25",
                "victim_protection",
            ),
        ],
    ),
    (
        "TTO",
        "en",
        "Anti-Gang Act (Example)",
        "",
        "law",
        "in_force",
        "2021-02-22",
        None,
        [
            (
                "Section 5",
                "A person who is a gang leader, or who knowingly joins a gang, "
                "commits an offence. The Minister shall fund programmes that prevent young "
                "people from joining gangs.",
                "gangs",
                "untoc-5",
                "prevention",
            ),
        ],
    ),
    (
        "TTO",
        "en",
        "Mutual Assistance in Criminal Matters Act (Example)",
        "",
        "law",
        "amended",
        "1997-06-01",
        "2020-07-15",
        [
            (
                "Section 22",
                "The Central Authority may grant a request of a foreign state for "
                "assistance in a criminal matter, including the taking of evidence and the "
                "exchange of information between police services.",
                "terrorism",
                "untoc-18;untoc-27",
                "international_cooperation",
            ),
        ],
    ),
    (
        "MEX",
        "es",
        "Ley Federal de Ejemplo contra el Lavado de Activo",
        "",
        "law",
        "in_force",
        "2012-10-17",
        None,
        [
            (
                "Artículo 1",
                "Comete el delito de lavado de activos quien adquiera, convierta o "
                "transfiera recursos de procedencia ilícita con conocimiento de su origen.",
                "money_laundering",
                "untoc-6",
                "",
            ),
            (
                "Artículo 2",
                "Las personas jurídicas serán responsables de los delitos cometidos "
                "en su nombre o por su cuenta y en su beneficio.",
                "money_laundering",
                "untoc-10",
                "liability_legal_persons",
            ),
        ],
    ),
    (
        "MEX",
        "es",
        "Código Penal Federal de Ejemplo",
        "Federal Criminal Code (Example)",
        "code",
        "amended",
        "1931-08-14",
        "2023-03-01",
        [
            (
                "Artículo 194",
                "Se impondrá prisión al que produzca, transporte o trafique "
                "narcóticos sin la autorización correspondiente.",
                "drugs",
                "untoc-5",
                "",
            ),
            (
                "Artículo 366",
                "Al que prive de la libertad a otro con el propósito de obtener un "
                "rescate se le impondrá pena de prisión.",
                "kidnapping",
                "untoc-5",
                "",
            ),
            (
                "Artículo 211 bis",
                "Al que sin autorización acceda a sistemas informáticos "
                "protegidos y obtenga información se le impondrá prisión.",
                "cybercrime",
                "",
                "jurisdiction",
            ),
        ],
    ),
    (
        "GTM",
        "es",
        "Ley de Ejemplo contra la Delincuencia Organizada",
        "",
        "law",
        "in_force",
        "2006-08-02",
        None,
        [
            (
                "Artículo 10",
                "Comete el delito de obstrucción de justicia quien use amenazas o "
                "intimidación contra testigos o funcionarios de justicia. Los tribunales "
                "nacionales conocen de los delitos cometidos a bordo de buques de bandera "
                "nacional.",
                "gangs",
                "untoc-23;untoc-15",
                "jurisdiction",
            ),
        ],
    ),
    (
        "ARG",
        "es",
        "Decreto de Ejemplo sobre Armas de Fuego",
        "",
        "decree",
        "in_force",
        "2015-03-02",
        None,
        [
            (
                "Artículo 3",
                "El tráfico ilícito de armas de fuego será sancionado con prisión. "
                "Toda arma fabricada o importada llevará un marcado único.",
                "firearms",
                "firearms-5;firearms-8",
                "prevention",
            ),
        ],
    ),
    (
        "ARG",
        "es",
        "Ley de Ejemplo de Migraciones",
        "Migration Act (Example)",
        "law",
        "amended",
        "2004-01-20",
        "2017-01-30",
        [
            (
                "Artículo 116",
                "Será reprimido quien realice, promueva o facilite el tráfico "
                "ilícito de migrantes, y se cooperará con otros Estados para su persecución.",
                "smuggling_of_migrants",
                "som-6",
                "international_cooperation",
            ),
        ],
    ),
    (
        "HTI",
        "fr",
        "Loi d'exemple sur le blanchiment des capitaux",
        "",
        "law",
        "repealed",
        "2001-02-21",
        None,
        [
            (
                "Article 3",
                "Le blanchiment de capitaux est puni d'une peine d'emprisonnement et "
                "de la confiscation des biens.",
                "money_laundering",
                "untoc-6",
                "confiscation",
            ),
        ],
    ),
    (
        "HTI",
        "fr",
        "Décret d'exemple sur la corruption",
        "",
        "decree",
        "in_force",
        "2008-09-12",
        None,
        [
            (
                "Article 5",
                "Est puni tout agent public qui sollicite ou accepte un avantage indu "
                "pour accomplir un acte de sa fonction.",
                "corruption",
                "untoc-8",
                "",
            ),
        ],
    ),
    (
        "CAN",
        "fr",
        "Règlement d'exemple sur les biens culturels",
        "",
        "regulation",
        "in_force",
        "2019-05-01",
        None,
        [
            (
                "Article 7",
                "L'exportation d'un bien culturel volé est interdite; la demande "
                "d'extradition d'un État étranger est examinée sans délai.",
                "cultural_property",
                "untoc-16",
                "international_cooperation",
            ),
        ],
    ),
    (
        "BRA",
        "pt",
        "Lei de Exemplo sobre Lavagem de Dinheiro",
        "",
        "law",
        "amended",
        "1998-03-03",
        "2012-07-09",
        [
            (
                "Art. 1º",
                "Constitui crime de lavagem de dinheiro ocultar a origem de bens "
                "provenientes de infração penal.",
                "money_laundering",
                "untoc-6",
                "",
            ),
        ],
    ),
    (
        "BRA",
        "pt",
        "Constituição de Exemplo",
        "Constitution (Example)",
        "constitution",
        "amended",
        "1988-10-05",
        "2022-12-21",
        [
            (
                "Art. 5º",
                "Nenhum brasileiro nato será extraditado; a extradição de estrangeiro "
                "depende de tratado ou promessa de reciprocidade.",
                "",
                "untoc-16",
                "jurisdiction",
            ),
        ],
    ),
    (
        "BRA",
        "pt",
        "Lei de Exemplo sobre Organizações Criminosas",
        "",
        "law",
        "in_force",
        "2013-08-02",
        None,
        [
            (
                "Art. 3º",
                "São permitidas a ação controlada, a infiltração de agentes e a "
                "colaboração premiada de quem coopere com as autoridades.",
                "",
                "untoc-20;untoc-26",
                "investigative_techniques",
            ),
            (
                "Art. 7º",
                "As testemunhas e os colaboradores terão proteção da sua identidade e "
                "da sua integridade física.",
                "",
                "untoc-24",
                "witness_protection",
            ),
        ],
    ),
    (
        "BRA",
        "pt",
        "Lei de Exemplo sobre Crimes contra a Fauna",
        "",
        "law",
        "in_force",
        "1998-02-12",
        None,
        [
            (
                "Art. 29",
                "O tráfico de animais silvestres é punido com detenção e multa.",
                "wildlife",
                "",
                "prevention",
            ),
        ],
    ),
]

PROPOSAL = (
    "JAM",
    "en",
    "Firearms (Prohibition, Restriction and Regulation) Act (Example)",
    "",
    "law",
    "in_force",
    "2022-11-14",
    None,
    [
        (
            "Section 20",
            "No person shall manufacture, import or traffic in firearms or "
            "ammunition without a licence; every firearm shall bear a unique marking.",
            "firearms",
            "firearms-5;firearms-8",
            "",
        ),
    ],
)


def _actor(role: Role, state: MemberState | None = None) -> User:
    users = User.objects.filter(role=role, is_active=True)
    if state is not None:
        users = users.filter(state=state)
    user = users.order_by("pk").first()
    if user is None:
        raise RuntimeError(f"The demo needs an active {role} user first (accounts' demo data).")
    return user


def _law(actor: User, entry: tuple) -> bool:
    iso3, language, title, title_en, kind, status, enacted, amended, provisions = entry
    state = MemberState.objects.get(iso3=iso3)
    if Law.objects.filter(state=state, title=title).exists():
        return False
    law = services.law_create(
        actor=actor,
        state=state,
        data={
            "title": title,
            "title_en": title_en,
            "kind": kind,
            "status": status,
            "enacted_on": dt.date.fromisoformat(enacted),
            "amended_on": dt.date.fromisoformat(amended) if amended else None,
            "language": language,
            "source_url": SOURCE,
            "gazette_reference": "Example gazette",
        },
    )
    for article, text, areas, articles, issues in provisions:
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
    return True


def load(*, stdout=None) -> None:
    """Create the example laws that are missing; a second run changes nothing."""
    analyst = _actor(Role.SECRETARIAT_ANALYST)
    created = sum(_law(analyst, entry) for entry in LAWS)
    jamaica = MemberState.objects.get(iso3="JAM")
    proposed = _law(_actor(Role.STATE_COORDINATOR, jamaica), PROPOSAL)
    if stdout is not None and (created or proposed):
        stdout.write(
            f"Laws: {created} example laws published"
            + (", 1 proposal of Jamaica awaiting validation" if proposed else "")
            + "."
        )
