"""The project's own reference data: subregions, thematic areas, the 35 OAS member states."""

import csv
import datetime as dt
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

SUBREGIONS = [
    # code, en, es, fr, pt
    ("north_america", "North America", "América del Norte", "Amérique du Nord", "América do Norte"),
    ("central_america", "Central America", "Centroamérica", "Amérique centrale", "América Central"),
    ("caribbean", "Caribbean", "Caribe", "Caraïbes", "Caribe"),
    ("south_america", "South America", "América del Sur", "Amérique du Sud", "América do Sul"),
]

THEMATIC_AREAS = [
    ("drugs", "Drug trafficking", "Tráfico ilícito de drogas", "Trafic de drogues",
     "Tráfico ilícito de drogas"),
    ("firearms", "Firearms", "Armas de fuego", "Armes à feu", "Armas de fogo"),
    ("money_laundering", "Money laundering and terrorist financing",
     "Lavado de activos y financiamiento del terrorismo",
     "Blanchiment d'argent et financement du terrorisme",
     "Lavagem de dinheiro e financiamento do terrorismo"),
    ("trafficking_in_persons", "Trafficking in persons", "Trata de personas",
     "Traite des personnes", "Tráfico de pessoas"),
    ("smuggling_of_migrants", "Smuggling of migrants", "Tráfico ilícito de migrantes",
     "Trafic illicite de migrants", "Contrabando de migrantes"),
    ("cybercrime", "Cybercrime", "Delito cibernético", "Cybercriminalité", "Crime cibernético"),
    ("corruption", "Corruption", "Corrupción", "Corruption", "Corrupção"),
    ("kidnapping", "Kidnapping", "Secuestro", "Enlèvement", "Sequestro"),
    ("gangs", "Gangs", "Pandillas", "Gangs", "Gangues"),
    ("wildlife", "Wildlife trafficking", "Tráfico de vida silvestre",
     "Trafic d'espèces sauvages", "Tráfico de animais silvestres"),
    ("cultural_property", "Crimes against cultural property",
     "Delitos contra bienes culturales", "Infractions visant les biens culturels",
     "Crimes contra bens culturais"),
    ("terrorism", "Terrorism", "Terrorismo", "Terrorisme", "Terrorismo"),
]


def load(apps, schema_editor):
    Subregion = apps.get_model("core", "Subregion")
    ThematicArea = apps.get_model("core", "ThematicArea")
    MemberState = apps.get_model("core", "MemberState")
    Participation = apps.get_model("core", "Participation")

    subregions = {}
    for order, (code, en, es, fr, pt) in enumerate(SUBREGIONS):
        subregions[code], _ = Subregion.objects.update_or_create(
            code=code,
            defaults={"order": order, "name_en": en, "name_es": es, "name_fr": fr, "name_pt": pt},
        )
    for order, (code, en, es, fr, pt) in enumerate(THEMATIC_AREAS):
        ThematicArea.objects.update_or_create(
            code=code,
            defaults={"order": order, "name_en": en, "name_es": es, "name_fr": fr, "name_pt": pt},
        )
    with (DATA / "oas_member_states.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            state, _ = MemberState.objects.update_or_create(
                iso3=row["iso3"],
                defaults={
                    "iso2": row["iso2"],
                    "name_en": row["name_en"],
                    "subregion": subregions[row["subregion"]],
                },
            )
            ends = row["participation_ends"]
            Participation.objects.update_or_create(
                state=state,
                starts=None,
                defaults={
                    "ends": dt.date.fromisoformat(ends) if ends else None,
                    "note": row["note"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
