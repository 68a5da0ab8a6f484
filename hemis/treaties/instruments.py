"""The thirteen instruments hemis follows, as reference data loaded by migration 0002.

Titles are the official ones in each language (the depositaries' and the Glossary's); dates are
the dates of adoption (for the Council of Europe's Convention, by its Committee of Ministers).
"""

from __future__ import annotations

UNTOC_PARENT = "UNTOC"

# code, parent, adopted on, depositary, depositary reference, status page,
# (title en, es, fr, pt), (short title en, es, fr, pt)
UNTC = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={no}&chapter={ch}"
OAS_DIL = "https://www.oas.org/juridico/english/sigs/{no}.html"

INSTRUMENTS = [
    (
        "UNTOC",
        None,
        "2000-11-15",
        "un_sg",
        "XVIII-12",
        UNTC.format(no="XVIII-12", ch=18),
        (
            "United Nations Convention against Transnational Organized Crime",
            "Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional",
            "Convention des Nations Unies contre la criminalité transnationale organisée",
            "Convenção das Nações Unidas contra o Crime Organizado Transnacional",
        ),
        (
            "Palermo Convention",
            "Convención de Palermo",
            "Convention de Palerme",
            "Convenção de Palermo",
        ),
    ),
    (
        "UNTOC_TIP",
        "UNTOC",
        "2000-11-15",
        "un_sg",
        "XVIII-12-a",
        UNTC.format(no="XVIII-12-a", ch=18),
        (
            "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and "
            "Children, supplementing the United Nations Convention against Transnational Organized "
            "Crime",
            "Protocolo para prevenir, reprimir y sancionar la trata de personas, especialmente "
            "mujeres y niños, que complementa la Convención de las Naciones Unidas contra la "
            "Delincuencia Organizada Transnacional",
            "Protocole additionnel à la Convention des Nations Unies contre la criminalité "
            "transnationale organisée visant à prévenir, réprimer et punir la traite des "
            "personnes, en particulier des femmes et des enfants",
            "Protocolo Adicional à Convenção das Nações Unidas contra o Crime Organizado "
            "Transnacional Relativo à Prevenção, Repressão e Punição do Tráfico de Pessoas, em "
            "Especial Mulheres e Crianças",
        ),
        (
            "Trafficking in Persons Protocol",
            "Protocolo sobre la trata de personas",
            "Protocole relatif à la traite des personnes",
            "Protocolo sobre o tráfico de pessoas",
        ),
    ),
    (
        "UNTOC_SOM",
        "UNTOC",
        "2000-11-15",
        "un_sg",
        "XVIII-12-b",
        UNTC.format(no="XVIII-12-b", ch=18),
        (
            "Protocol against the Smuggling of Migrants by Land, Sea and Air, supplementing the "
            "United Nations Convention against Transnational Organized Crime",
            "Protocolo contra el tráfico ilícito de migrantes por tierra, mar y aire, que "
            "complementa la Convención de las Naciones Unidas contra la Delincuencia Organizada "
            "Transnacional",
            "Protocole contre le trafic illicite de migrants par terre, air et mer, additionnel à "
            "la Convention des Nations Unies contre la criminalité transnationale organisée",
            "Protocolo Adicional à Convenção das Nações Unidas contra o Crime Organizado "
            "Transnacional, Relativo ao Combate ao Tráfico de Migrantes por Via Terrestre, "
            "Marítima e Aérea",
        ),
        (
            "Migrant Smuggling Protocol",
            "Protocolo sobre el tráfico ilícito de migrantes",
            "Protocole relatif au trafic illicite de migrants",
            "Protocolo sobre o contrabando de migrantes",
        ),
    ),
    (
        "UNTOC_FIR",
        "UNTOC",
        "2001-05-31",
        "un_sg",
        "XVIII-12-c",
        UNTC.format(no="XVIII-12-c", ch=18),
        (
            "Protocol against the Illicit Manufacturing of and Trafficking in Firearms, Their "
            "Parts and Components and Ammunition, supplementing the United Nations Convention "
            "against Transnational Organized Crime",
            "Protocolo contra la fabricación y el tráfico ilícitos de armas de fuego, sus piezas "
            "y componentes y municiones, que complementa la Convención de las Naciones Unidas "
            "contra la Delincuencia Organizada Transnacional",
            "Protocole contre la fabrication et le trafic illicites d'armes à feu, de leurs "
            "pièces, éléments et munitions, additionnel à la Convention des Nations Unies contre "
            "la criminalité transnationale organisée",
            "Protocolo contra a Fabricação e o Tráfico Ilícito de Armas de Fogo, suas Peças e "
            "Componentes e Munições, Complementando a Convenção das Nações Unidas contra o Crime "
            "Organizado Transnacional",
        ),
        (
            "Firearms Protocol",
            "Protocolo sobre armas de fuego",
            "Protocole relatif aux armes à feu",
            "Protocolo sobre armas de fogo",
        ),
    ),
    (
        "CIFTA",
        None,
        "1997-11-14",
        "oas_gs",
        "A-63",
        OAS_DIL.format(no="a-63"),
        (
            "Inter-American Convention against the Illicit Manufacturing of and Trafficking in "
            "Firearms, Ammunition, Explosives, and Other Related Materials",
            "Convención Interamericana contra la Fabricación y el Tráfico Ilícitos de Armas de "
            "Fuego, Municiones, Explosivos y Otros Materiales Relacionados",
            "Convention interaméricaine contre la fabrication et le trafic illicites d'armes à "
            "feu, de munitions, d'explosifs et d'autres matériels connexes",
            "Convenção Interamericana contra a Fabricação e o Tráfico Ilícitos de Armas de Fogo, "
            "Munições, Explosivos e Outros Materiais Correlatos",
        ),
        ("CIFTA", "CIFTA", "CIFTA", "CIFTA"),
    ),
    (
        "UN_1961",
        None,
        "1961-03-30",
        "un_sg",
        "VI-15",
        UNTC.format(no="VI-15", ch=6),
        (
            "Single Convention on Narcotic Drugs, 1961",
            "Convención Única de 1961 sobre Estupefacientes",
            "Convention unique sur les stupéfiants de 1961",
            "Convenção Única sobre Entorpecentes de 1961",
        ),
        (
            "Single Convention 1961",
            "Convención Única de 1961",
            "Convention unique de 1961",
            "Convenção Única de 1961",
        ),
    ),
    (
        "UN_1971",
        None,
        "1971-02-21",
        "un_sg",
        "VI-16",
        UNTC.format(no="VI-16", ch=6),
        (
            "Convention on Psychotropic Substances, 1971",
            "Convenio sobre Sustancias Sicotrópicas de 1971",
            "Convention sur les substances psychotropes de 1971",
            "Convenção sobre Substâncias Psicotrópicas de 1971",
        ),
        (
            "Psychotropic Convention 1971",
            "Convenio de 1971",
            "Convention de 1971",
            "Convenção de 1971",
        ),
    ),
    (
        "UN_1988",
        None,
        "1988-12-20",
        "un_sg",
        "VI-19",
        UNTC.format(no="VI-19", ch=6),
        (
            "United Nations Convention against Illicit Traffic in Narcotic Drugs and Psychotropic "
            "Substances, 1988",
            "Convención de las Naciones Unidas contra el Tráfico Ilícito de Estupefacientes y "
            "Sustancias Sicotrópicas de 1988",
            "Convention des Nations Unies contre le trafic illicite de stupéfiants et de "
            "substances psychotropes de 1988",
            "Convenção das Nações Unidas contra o Tráfico Ilícito de Entorpecentes e de "
            "Substâncias Psicotrópicas de 1988",
        ),
        (
            "Illicit Traffic Convention 1988",
            "Convención de 1988",
            "Convention de 1988",
            "Convenção de 1988",
        ),
    ),
    (
        "UNCAC",
        None,
        "2003-10-31",
        "un_sg",
        "XVIII-14",
        UNTC.format(no="XVIII-14", ch=18),
        (
            "United Nations Convention against Corruption",
            "Convención de las Naciones Unidas contra la Corrupción",
            "Convention des Nations Unies contre la corruption",
            "Convenção das Nações Unidas contra a Corrupção",
        ),
        (
            "UN Convention against Corruption",
            "Convención de la ONU contra la Corrupción",
            "Convention de l'ONU contre la corruption",
            "Convenção da ONU contra a Corrupção",
        ),
    ),
    (
        "IACAC",
        None,
        "1996-03-29",
        "oas_gs",
        "B-58",
        OAS_DIL.format(no="b-58"),
        (
            "Inter-American Convention against Corruption",
            "Convención Interamericana contra la Corrupción",
            "Convention interaméricaine contre la corruption",
            "Convenção Interamericana contra a Corrupção",
        ),
        (
            "Inter-American Convention against Corruption",
            "Convención Interamericana contra la Corrupción",
            "Convention interaméricaine contre la corruption",
            "Convenção Interamericana contra a Corrupção",
        ),
    ),
    (
        "IACMAC",
        None,
        "1992-05-23",
        "oas_gs",
        "A-55",
        OAS_DIL.format(no="a-55"),
        (
            "Inter-American Convention on Mutual Assistance in Criminal Matters",
            "Convención Interamericana sobre Asistencia Mutua en Materia Penal",
            "Convention interaméricaine sur l'entraide en matière pénale",
            "Convenção Interamericana sobre Assistência Mútua em Matéria Penal",
        ),
        (
            "Inter-American Mutual Assistance Convention",
            "Convención Interamericana de Asistencia Mutua",
            "Convention interaméricaine d'entraide",
            "Convenção Interamericana de Assistência Mútua",
        ),
    ),
    (
        "IACAT",
        None,
        "2002-06-03",
        "oas_gs",
        "A-66",
        OAS_DIL.format(no="a-66"),
        (
            "Inter-American Convention against Terrorism",
            "Convención Interamericana contra el Terrorismo",
            "Convention interaméricaine contre le terrorisme",
            "Convenção Interamericana contra o Terrorismo",
        ),
        (
            "Inter-American Convention against Terrorism",
            "Convención Interamericana contra el Terrorismo",
            "Convention interaméricaine contre le terrorisme",
            "Convenção Interamericana contra o Terrorismo",
        ),
    ),
    (
        "CETS_185",
        None,
        "2001-11-08",
        "coe",
        "CETS No. 185",
        "https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=185",
        (
            "Convention on Cybercrime",
            "Convenio sobre la Ciberdelincuencia",
            "Convention sur la cybercriminalité",
            "Convenção sobre o Cibercrime",
        ),
        (
            "Budapest Convention",
            "Convenio de Budapest",
            "Convention de Budapest",
            "Convenção de Budapeste",
        ),
    ),
]


def load_instruments(instrument_model) -> None:
    """Create or update the instruments (idempotent); the model may be a migration's."""
    by_code = {}
    for order, (code, parent, adopted, depositary, reference, url, titles, shorts) in enumerate(
        INSTRUMENTS
    ):
        defaults = {
            "order": order,
            "adopted_on": adopted,
            "depositary": depositary,
            "depositary_reference": reference,
            "depositary_url": url,
            "parent": by_code.get(parent) if parent else None,
        }
        for language, title, short in zip(("en", "es", "fr", "pt"), titles, shorts, strict=True):
            defaults[f"title_{language}"] = title
            defaults[f"short_{language}"] = short
        by_code[code], _created = instrument_model.objects.update_or_create(
            code=code, defaults=defaults
        )
