"""Full-text search storage (PostgreSQL: unaccent, configurations, tsvector and GIN; SQLite: FTS5)
and the reference data: UNTOC and Protocol articles, cross-cutting issues."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

from hemis.core.search import Index, migration_operation

CRIM = ("Criminalization", "Penalización", "Incrimination", "Criminalização")

ARTICLES = [
    # code, instrument, number, en, es, fr, pt
    ("untoc-5", "untoc", 5, "Criminalization of participation in an organized criminal group",
     "Penalización de la participación en un grupo delictivo organizado",
     "Incrimination de la participation à un groupe criminel organisé",
     "Criminalização da participação em um grupo criminoso organizado"),
    ("untoc-6", "untoc", 6, "Criminalization of the laundering of proceeds of crime",
     "Penalización del blanqueo del producto del delito",
     "Incrimination du blanchiment du produit du crime",
     "Criminalização da lavagem do produto do crime"),
    ("untoc-8", "untoc", 8, "Criminalization of corruption", "Penalización de la corrupción",
     "Incrimination de la corruption", "Criminalização da corrupção"),
    ("untoc-10", "untoc", 10, "Liability of legal persons",
     "Responsabilidad de las personas jurídicas", "Responsabilité des personnes morales",
     "Responsabilidade das pessoas jurídicas"),
    ("untoc-12", "untoc", 12, "Confiscation and seizure", "Decomiso e incautación",
     "Confiscation et saisie", "Confisco e apreensão"),
    ("untoc-13", "untoc", 13, "International cooperation for purposes of confiscation",
     "Cooperación internacional para fines de decomiso",
     "Coopération internationale aux fins de confiscation",
     "Cooperação internacional para fins de confisco"),
    ("untoc-15", "untoc", 15, "Jurisdiction", "Jurisdicción", "Compétence", "Jurisdição"),
    ("untoc-16", "untoc", 16, "Extradition", "Extradición", "Extradition", "Extradição"),
    ("untoc-18", "untoc", 18, "Mutual legal assistance", "Asistencia judicial recíproca",
     "Entraide judiciaire", "Assistência jurídica mútua"),
    ("untoc-20", "untoc", 20, "Special investigative techniques",
     "Técnicas especiales de investigación", "Techniques d'enquête spéciales",
     "Técnicas especiais de investigação"),
    ("untoc-23", "untoc", 23, "Criminalization of obstruction of justice",
     "Penalización de la obstrucción de la justicia",
     "Incrimination de l'entrave au bon fonctionnement de la justice",
     "Criminalização da obstrução da justiça"),
    ("untoc-24", "untoc", 24, "Protection of witnesses", "Protección de los testigos",
     "Protection des témoins", "Proteção das testemunhas"),
    ("untoc-25", "untoc", 25, "Assistance to and protection of victims",
     "Asistencia y protección a las víctimas", "Assistance et protection accordées aux victimes",
     "Assistência e proteção às vítimas"),
    ("untoc-26", "untoc", 26, "Cooperation with law enforcement authorities",
     "Cooperación con las autoridades encargadas de hacer cumplir la ley",
     "Coopération avec les services de détection et de répression",
     "Cooperação com as autoridades competentes para a aplicação da lei"),
    ("untoc-27", "untoc", 27, "Law enforcement cooperation",
     "Cooperación en materia de cumplimiento de la ley",
     "Coopération entre les services de détection et de répression",
     "Cooperação entre as autoridades competentes para a aplicação da lei"),
    ("tip-5", "tip", 5, *CRIM),
    ("tip-6", "tip", 6, "Assistance to and protection of victims of trafficking in persons",
     "Asistencia y protección a las víctimas de la trata de personas",
     "Assistance et protection accordées aux victimes de la traite des personnes",
     "Assistência e proteção às vítimas de tráfico de pessoas"),
    ("som-6", "som", 6, *CRIM),
    ("firearms-5", "firearms", 5, *CRIM),
    ("firearms-8", "firearms", 8, "Marking of firearms", "Marcación de las armas de fuego",
     "Marquage des armes à feu", "Marcação das armas de fogo"),
]

ISSUES = [
    ("liability_legal_persons", "Liability of legal persons",
     "Responsabilidad de las personas jurídicas", "Responsabilité des personnes morales",
     "Responsabilidade das pessoas jurídicas"),
    ("jurisdiction", "Jurisdiction", "Jurisdicción", "Compétence", "Jurisdição"),
    ("international_cooperation", "International cooperation", "Cooperación internacional",
     "Coopération internationale", "Cooperação internacional"),
    ("victim_protection", "Protection of victims", "Protección de las víctimas",
     "Protection des victimes", "Proteção das vítimas"),
    ("witness_protection", "Protection of witnesses", "Protección de testigos",
     "Protection des témoins", "Proteção de testemunhas"),
    ("confiscation", "Confiscation and seizure", "Decomiso e incautación",
     "Confiscation et saisie", "Confisco e apreensão"),
    ("investigative_techniques", "Special investigative techniques",
     "Técnicas especiales de investigación", "Techniques d'enquête spéciales",
     "Técnicas especiais de investigação"),
    ("prevention", "Prevention", "Prevención", "Prévention", "Prevenção"),
]


def load(apps, schema_editor):
    ConventionArticle = apps.get_model("legislation", "ConventionArticle")
    CrossCuttingIssue = apps.get_model("legislation", "CrossCuttingIssue")
    for code, instrument, number, en, es, fr, pt in ARTICLES:
        ConventionArticle.objects.update_or_create(
            code=code,
            defaults={"instrument": instrument, "number": number, "name_en": en, "name_es": es,
                      "name_fr": fr, "name_pt": pt},
        )
    for order, (code, en, es, fr, pt) in enumerate(ISSUES):
        CrossCuttingIssue.objects.update_or_create(
            code=code,
            defaults={"order": order, "name_en": en, "name_es": es, "name_fr": fr, "name_pt": pt},
        )


class Migration(migrations.Migration):
    dependencies = [("legislation", "0001_initial")]

    operations = [
        UnaccentExtension(),
        migration_operation(Index("legislation_provision")),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
