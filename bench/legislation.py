"""The database of laws at world scale: full-text search under load, side by side with Datasette.

    .venv/bin/python -m bench.legislation           # or bench/run_legislation.sh

1. Recreates its own PostgreSQL database, hemis_bench_legislation, with the UN's 193 states
   (bench.generate's loaders) and 200,000 fictional provisions in about 19,300 laws, in English,
   Spanish, French and Portuguese, each tagged with thematic areas, UNTOC articles and
   cross-cutting issues; their search vectors are built in SQL the way the services build them.
2. Exports the same provisions to a SQLite file with an FTS5 table (bench/out/legislation.db)
   and installs Datasette in its own virtualenv (bench/out/.venv-datasette).
3. Serves hemis (`hemis serve`, production-like settings) and loads, with wrk and
   `--connections` keep-alive connections, each query of QUERIES on the public API
   (`/api/v1/laws?q=`, 20 results with highlights and 9 facets with counts), on the search
   page (`/en/laws/?q=`, its results) and on the facets that htmx asks for after the page
   (`/en/laws/facets/?q=`); gunicorn's access log gives the server time of each request.
4. Serves the SQLite file with Datasette and loads the same queries on its JSON API
   (`/legislation/provisions.json?_search=…&_size=20`), plain and with two facets.

Writes bench/out/legislation.json and legislation.md. Only 127.0.0.1 is loaded.
"""

# The tables of fictional phrases below are data, kept one entry a line.
# ruff: noqa: E501

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from bench.foundation import (
    HOST,
    OUT_DIR,
    PROJECT_DIR,
    free_port,
    get,
    machine,
    run,
    server_environment,
    stop,
    versions,
    wait_for_health,
    wrk,
)

DATABASE_URL = os.environ.get(
    "BENCH_LEGISLATION_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/hemis_bench_legislation",
)
SQLITE_PATH = OUT_DIR / "legislation.db"
DATASETTE_VENV = OUT_DIR / ".venv-datasette"
PROVISIONS = 200_000
P95_TARGET_MS = 100
ACCESS_LOG_FORMAT = "%(D)s %(s)s %(U)s?%(q)s"

# The fixed queries, three per language, as a user would type them.
QUERIES = [
    ("en", "money laundering"),
    ("en", "trafficking"),
    ("en", "organized criminal group"),
    ("es", "lavado de activos"),
    ("es", "tráfico ilícito"),
    ("es", "decomiso de bienes"),
    ("fr", "blanchiment"),
    ("fr", "traite des personnes"),
    ("fr", "confiscation"),
    ("pt", "lavagem de dinheiro"),
    ("pt", "tráfico de pessoas"),
    ("pt", "organização criminosa"),
]

# -- the fictional texts ----------------------------------------------------------------------

LANGUAGES = ("en", "es", "fr", "pt")
SPANISH = {"ARG", "BOL", "CHL", "COL", "CRI", "DOM", "ECU", "SLV", "GTM", "HND", "MEX", "NIC",
           "PAN", "PRY", "PER", "URY", "VEN", "CUB"}  # fmt: skip
KINDS = ("constitution", "code", "law", "law", "law", "decree", "regulation")
STATUSES = ("in_force", "in_force", "in_force", "amended", "repealed")
TITLE = {
    "en": "{topic} Act (Example {n})",
    "es": "Ley de Ejemplo {n} sobre {topic}",
    "fr": "Loi d'exemple {n} relative à {topic}",
    "pt": "Lei de Exemplo {n} sobre {topic}",
}
ARTICLE = {"en": "Section {n}", "es": "Artículo {n}", "fr": "Article {n}", "pt": "Art. {n}"}
# area: (articles, issues, {language: (topic, phrases)})
THEMES = {
    "money_laundering": ("untoc-6;untoc-12", "confiscation;liability_legal_persons", {
        "en": ("Money Laundering", ["money laundering", "proceeds of crime", "confiscation of property", "suspicious transactions"]),
        "es": ("Lavado de Activos", ["lavado de activos", "bienes de procedencia ilícita", "decomiso de bienes", "operaciones sospechosas"]),
        "fr": ("Blanchiment de capitaux", ["blanchiment de capitaux", "produit du crime", "confiscation des biens", "opérations suspectes"]),
        "pt": ("Lavagem de Dinheiro", ["lavagem de dinheiro", "produto do crime", "confisco de bens", "operações suspeitas"]),
    }),
    "trafficking_in_persons": ("tip-5;tip-6", "victim_protection", {
        "en": ("Trafficking in Persons", ["trafficking in persons", "trafficked victims", "exploitation of a person", "protection of victims"]),
        "es": ("Trata de Personas", ["trata de personas", "víctimas de trata", "explotación de una persona", "protección de las víctimas"]),
        "fr": ("Traite des personnes", ["traite des personnes", "victimes de la traite", "exploitation d'une personne", "protection des victimes"]),
        "pt": ("Tráfico de Pessoas", ["tráfico de pessoas", "vítimas de tráfico", "exploração de uma pessoa", "proteção das vítimas"]),
    }),
    "smuggling_of_migrants": ("som-6", "international_cooperation", {
        "en": ("Smuggling of Migrants", ["smuggling of migrants", "illegal entry", "fraudulent travel documents"]),
        "es": ("Tráfico Ilícito de Migrantes", ["tráfico ilícito de migrantes", "entrada ilegal", "documentos de viaje falsos"]),
        "fr": ("Trafic illicite de migrants", ["trafic illicite de migrants", "entrée illégale", "documents de voyage frauduleux"]),
        "pt": ("Contrabando de Migrantes", ["contrabando de migrantes", "entrada ilegal", "documentos de viagem fraudulentos"]),
    }),
    "drugs": ("untoc-5", "investigative_techniques", {
        "en": ("Dangerous Drugs", ["drug trafficking", "narcotic substances", "controlled delivery"]),
        "es": ("Estupefacientes", ["tráfico ilícito de drogas", "sustancias estupefacientes", "entrega vigilada"]),
        "fr": ("Stupéfiants", ["trafic de drogues", "substances stupéfiantes", "livraison surveillée"]),
        "pt": ("Drogas", ["tráfico ilícito de drogas", "substâncias entorpecentes", "entrega vigiada"]),
    }),
    "firearms": ("firearms-5;firearms-8", "prevention", {
        "en": ("Firearms", ["illicit trafficking in firearms", "ammunition", "marking of firearms"]),
        "es": ("Armas de Fuego", ["tráfico ilícito de armas de fuego", "municiones", "marcación de armas"]),
        "fr": ("Armes à feu", ["trafic illicite d'armes à feu", "munitions", "marquage des armes"]),
        "pt": ("Armas de Fogo", ["tráfico ilícito de armas de fogo", "munições", "marcação de armas"]),
    }),
    "corruption": ("untoc-8", "liability_legal_persons", {
        "en": ("Corruption", ["bribery of a public official", "undue advantage", "abuse of functions"]),
        "es": ("Corrupción", ["soborno de un funcionario público", "beneficio indebido", "abuso de funciones"]),
        "fr": ("Corruption", ["corruption d'un agent public", "avantage indu", "abus de fonctions"]),
        "pt": ("Corrupção", ["suborno de funcionário público", "vantagem indevida", "abuso de funções"]),
    }),
    "gangs": ("untoc-5;untoc-23", "jurisdiction", {
        "en": ("Organized Crime", ["organized criminal group", "participation in a criminal organization", "obstruction of justice"]),
        "es": ("Delincuencia Organizada", ["grupo delictivo organizado", "participación en una organización criminal", "obstrucción de la justicia"]),
        "fr": ("Criminalité organisée", ["groupe criminel organisé", "participation à une organisation criminelle", "entrave à la justice"]),
        "pt": ("Crime Organizado", ["organização criminosa", "participação em grupo criminoso organizado", "obstrução da justiça"]),
    }),
    "cybercrime": ("untoc-20", "investigative_techniques", {
        "en": ("Cybercrime", ["unauthorised access to a computer system", "computer data", "interception of communications"]),
        "es": ("Delitos Informáticos", ["acceso no autorizado a un sistema informático", "datos informáticos", "interceptación de comunicaciones"]),
        "fr": ("Cybercriminalité", ["accès non autorisé à un système informatique", "données informatiques", "interception des communications"]),
        "pt": ("Crimes Cibernéticos", ["acesso não autorizado a sistema informático", "dados informáticos", "interceptação de comunicações"]),
    }),
    "kidnapping": ("untoc-5", "victim_protection", {
        "en": ("Kidnapping", ["kidnapping for ransom", "deprivation of liberty"]),
        "es": ("Secuestro", ["secuestro extorsivo", "privación de la libertad"]),
        "fr": ("Enlèvement", ["enlèvement contre rançon", "privation de liberté"]),
        "pt": ("Sequestro", ["extorsão mediante sequestro", "privação da liberdade"]),
    }),
    "wildlife": ("untoc-5", "prevention", {
        "en": ("Wildlife Protection", ["trafficking in wild fauna", "protected species"]),
        "es": ("Vida Silvestre", ["tráfico de fauna silvestre", "especies protegidas"]),
        "fr": ("Faune sauvage", ["trafic d'espèces sauvages", "espèces protégées"]),
        "pt": ("Fauna Silvestre", ["tráfico de animais silvestres", "espécies protegidas"]),
    }),
    "terrorism": ("untoc-18;untoc-16", "international_cooperation", {
        "en": ("Terrorism", ["financing of terrorism", "mutual legal assistance", "extradition"]),
        "es": ("Terrorismo", ["financiamiento del terrorismo", "asistencia judicial recíproca", "extradición"]),
        "fr": ("Terrorisme", ["financement du terrorisme", "entraide judiciaire", "extradition"]),
        "pt": ("Terrorismo", ["financiamento do terrorismo", "assistência jurídica mútua", "extradição"]),
    }),
    "cultural_property": ("untoc-13", "witness_protection", {
        "en": ("Cultural Heritage", ["theft of cultural property", "illicit export"]),
        "es": ("Patrimonio Cultural", ["robo de bienes culturales", "exportación ilícita"]),
        "fr": ("Patrimoine culturel", ["vol de biens culturels", "exportation illicite"]),
        "pt": ("Patrimônio Cultural", ["furto de bens culturais", "exportação ilícita"]),
    }),
}  # fmt: skip
SENTENCE = {
    "en": ["A person who commits {p} is liable on conviction to imprisonment.",
           "The court may order measures concerning {p} and {q}.",
           "The competent authority shall cooperate with foreign states on {p}.",
           "Where {p} is committed by a body corporate, its officers are also liable.",
           "Nothing in this section limits the powers of the police in relation to {q}."],
    "es": ["Quien cometa {p} será sancionado con pena de prisión.",
           "El juez podrá ordenar medidas relativas a {p} y {q}.",
           "La autoridad competente cooperará con otros Estados en materia de {p}.",
           "Cuando {p} sea cometido por una persona jurídica, sus directivos también responderán.",
           "Nada de lo dispuesto limita las facultades del ministerio público respecto de {q}."],
    "fr": ["Quiconque commet {p} est puni d'une peine d'emprisonnement.",
           "Le juge peut ordonner des mesures relatives à {p} et {q}.",
           "L'autorité compétente coopère avec les États étrangers en matière de {p}.",
           "Lorsque {p} est commis par une personne morale, ses dirigeants sont aussi responsables.",
           "Aucune disposition ne limite les pouvoirs du ministère public à l'égard de {q}."],
    "pt": ["Quem cometer {p} será punido com pena de reclusão.",
           "O juiz poderá determinar medidas relativas a {p} e {q}.",
           "A autoridade competente cooperará com Estados estrangeiros em matéria de {p}.",
           "Quando {p} for cometido por pessoa jurídica, seus dirigentes também responderão.",
           "Nenhuma disposição limita os poderes do Ministério Público quanto a {q}."],
}  # fmt: skip


def state_language(iso3: str, index: int) -> str:
    if iso3 in SPANISH:
        return "es"
    if iso3 == "HTI":
        return "fr"
    if iso3 == "BRA":
        return "pt"
    return LANGUAGES[index % 4]


def provision_text(rng: random.Random, language: str, area: str) -> str:
    phrases = THEMES[area][2][language][1]
    other = THEMES[rng.choice(list(THEMES))][2][language][1]
    sentences = rng.sample(SENTENCE[language], 3)
    return " ".join(
        s.format(p=rng.choice(phrases), q=rng.choice(other if rng.random() < 0.5 else phrases))
        for s in sentences
    )


# -- 1. the PostgreSQL database --------------------------------------------------------------


def generate(url: str, provisions: int) -> dict:
    """Recreate the bench database and load the world's laws into it (in this process)."""
    from bench.generate import (
        Options,
        World,
        analyze,
        load_states,
        load_subregions,
        migrate,
        recreate_database,
        setup_django,
    )

    recreate_database(url)
    setup_django(url)
    migrate()
    from django.db import connection, transaction

    from hemis.core.models import ThematicArea
    from hemis.legislation.models import ConventionArticle, CrossCuttingIssue, Law, Provision

    world = World(options=Options())
    with transaction.atomic():
        load_subregions(world)
        load_states(world)
    rng = random.Random(20260)
    areas = {a.code: a.pk for a in ThematicArea.objects.all()}
    articles = {a.code: a.pk for a in ConventionArticle.objects.all()}
    issues = {i.code: i.pk for i in CrossCuttingIssue.objects.all()}
    per_state = provisions // len(world.states)
    started = time.perf_counter()
    with transaction.atomic():
        laws, plans = [], []
        for index, state in enumerate(world.states):
            language = state_language(state.iso3, index)
            remaining = per_state + (1 if index < provisions % len(world.states) else 0)
            n = 0
            while remaining > 0:
                n += 1
                area = rng.choice(list(THEMES))
                count = min(remaining, rng.randint(4, 16))
                remaining -= count
                topic = THEMES[area][2][language][0]
                enacted = dt.date(rng.randint(1950, 2025), rng.randint(1, 12), rng.randint(1, 28))
                laws.append(
                    Law(
                        state=state,
                        title=TITLE[language].format(topic=topic, n=n),
                        title_en=""
                        if language == "en"
                        else f"{THEMES[area][2]['en'][0]} Act (Example {n})",
                        kind=rng.choice(KINDS),
                        status=rng.choice(STATUSES),
                        enacted_on=enacted,
                        language=language,
                        source_url="https://www.example.org/gazette",
                    )
                )
                plans.append((language, area, count))
        Law.objects.bulk_create(laws, batch_size=5000)
        rows = []
        for law, (language, area, count) in zip(laws, plans, strict=True):
            for position in range(1, count + 1):
                theme = area if rng.random() < 0.8 else rng.choice(list(THEMES))
                rows.append(
                    (
                        Provision(
                            law=law,
                            article=ARTICLE[language].format(n=position),
                            text=provision_text(rng, language, theme),
                            position=position,
                        ),
                        theme,
                    )
                )
        Provision.objects.bulk_create([p for p, _theme in rows], batch_size=5000)
        through_area = Provision.thematic_areas.through
        through_article = Provision.convention_articles.through
        through_issue = Provision.cross_cutting_issues.through
        area_rows, article_rows, issue_rows = [], [], []
        for provision, theme in rows:
            area_rows.append(through_area(provision_id=provision.pk, thematicarea_id=areas[theme]))
            for code in THEMES[theme][0].split(";"):
                if rng.random() < 0.7:
                    article_rows.append(
                        through_article(
                            provision_id=provision.pk, conventionarticle_id=articles[code]
                        )
                    )
            if rng.random() < 0.5:
                code = THEMES[theme][1].split(";")[0]
                issue_rows.append(
                    through_issue(provision_id=provision.pk, crosscuttingissue_id=issues[code])
                )
        through_area.objects.bulk_create(area_rows, batch_size=10000)
        through_article.objects.bulk_create(article_rows, batch_size=10000)
        through_issue.objects.bulk_create(issue_rows, batch_size=10000)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    # The same vector as services.reindex_law stores, built in one statement.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE legislation_provision p SET search_vector =
                setweight(to_tsvector(c.config, l.title), 'A')
                || setweight(to_tsvector('hemis_english'::regconfig, l.title_en), 'A')
                || setweight(to_tsvector(c.config, p.article || E'\\n' || p.text), 'B')
            FROM legislation_law l,
                LATERAL (SELECT (CASE l.language WHEN 'en' THEN 'hemis_english'
                    WHEN 'es' THEN 'hemis_spanish' WHEN 'fr' THEN 'hemis_french'
                    WHEN 'pt' THEN 'hemis_portuguese' ELSE 'hemis_simple' END)::regconfig
                    AS config) c
            WHERE l.id = p.law_id
            """
        )
        # The values services.copy_search_values copies onto each provision, in two statements.
        cursor.execute(
            """
            UPDATE legislation_provision p SET published = l.publication = 'published',
                state_code = s.iso3, language = l.language, law_status = l.status,
                law_kind = l.kind, enacted_on = l.enacted_on,
                year = extract(year FROM l.enacted_on)::smallint
            FROM legislation_law l JOIN core_memberstate s ON s.id = l.state_id
            WHERE l.id = p.law_id
            """
        )
        cursor.execute(
            """
            UPDATE legislation_provision p SET tag_codes = COALESCE((
                SELECT jsonb_agg(tag ORDER BY tag) FROM (
                    SELECT 'area:' || t.code AS tag FROM legislation_provision_thematic_areas j
                    JOIN core_thematicarea t ON t.id = j.thematicarea_id
                    WHERE j.provision_id = p.id
                    UNION ALL
                    SELECT 'article:' || t.code FROM legislation_provision_convention_articles j
                    JOIN legislation_conventionarticle t ON t.id = j.conventionarticle_id
                    WHERE j.provision_id = p.id
                    UNION ALL
                    SELECT 'issue:' || t.code FROM legislation_provision_cross_cutting_issues j
                    JOIN legislation_crosscuttingissue t ON t.id = j.crosscuttingissue_id
                    WHERE j.provision_id = p.id) tags), '[]')
            """
        )
        # The updates left three versions of each row: rewrite the table compactly, as a
        # restore (or a day of autovacuum on a table written once) would leave it.
        cursor.execute("VACUUM FULL legislation_provision")
    indexed = time.perf_counter() - started
    started = time.perf_counter()
    analyze()
    return {
        "member states": len(world.states),
        "laws": Law.objects.count(),
        "provisions": Provision.objects.count(),
        "provision thematic areas": through_area.objects.count(),
        "provision convention articles": through_article.objects.count(),
        "provision cross-cutting issues": through_issue.objects.count(),
        "load_seconds": round(loaded, 1),
        "index_seconds": round(indexed, 1),
        "MB in the provisions table": round(_table_bytes("legislation_provision") / 1e6),
        "analyze_seconds": round(time.perf_counter() - started, 1),
    }


def _table_bytes(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_table_size(%s)", [table])
        return cursor.fetchone()[0]


def cold(url: str, repeat: int = 3) -> dict[str, dict]:
    """Each query computed without the search cache, in-process: the cost of a first search."""
    from bench.generate import setup_django

    setup_django(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hemis.legislation.selectors import SearchFilters, provision_search, search_cache_clear

    timings = {}
    for _language, q in QUERIES:
        seconds, sql = [], []
        for _ in range(repeat):
            search_cache_clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                provision_search(viewer=None, filters=SearchFilters(q=q))
                seconds.append(time.perf_counter() - started)
            sql.append(sum(float(x["time"]) for x in queries.captured_queries))
        timings[q] = {
            "median_ms": round(sorted(seconds)[len(seconds) // 2] * 1000, 1),
            "sql_ms": round(sorted(sql)[len(sql) // 2] * 1000, 1),
            "queries": len(queries.captured_queries),
        }
    return timings


# -- 2. the same provisions in SQLite for Datasette -----------------------------------------


def export_sqlite(url: str, path: Path) -> dict:
    import psycopg

    started = time.perf_counter()
    path.unlink(missing_ok=True)
    target = sqlite3.connect(path)
    target.executescript(
        """
        CREATE TABLE provisions (id INTEGER PRIMARY KEY, state TEXT, subregion TEXT,
            law_title TEXT, law_title_en TEXT, kind TEXT, status TEXT, language TEXT,
            enacted_on TEXT, article TEXT, text TEXT);
        """
    )
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as source:
        cursor = source.cursor(name="provisions")
        cursor.execute(
            """
            SELECT p.id, s.iso3, r.code, l.title, l.title_en, l.kind, l.status, l.language,
                l.enacted_on::text, p.article, p.text
            FROM legislation_provision p JOIN legislation_law l ON l.id = p.law_id
            JOIN core_memberstate s ON s.id = l.state_id JOIN core_subregion r ON r.id = s.subregion_id
            ORDER BY p.id
            """
        )
        while batch := cursor.fetchmany(10000):
            target.executemany("INSERT INTO provisions VALUES (?,?,?,?,?,?,?,?,?,?,?)", batch)
    # What Datasette's documentation (and sqlite-utils enable-fts) sets up: an FTS5 table whose
    # content is the provisions table; accents folded, no stemming (FTS5 has none but English).
    target.executescript(
        """
        CREATE VIRTUAL TABLE provisions_fts USING fts5(law_title, law_title_en, text,
            content="provisions", content_rowid="id", tokenize='unicode61 remove_diacritics 2');
        INSERT INTO provisions_fts(provisions_fts) VALUES ('rebuild');
        CREATE INDEX provisions_state ON provisions(state);
        CREATE INDEX provisions_language ON provisions(language);
        ANALYZE;
        """
    )
    target.commit()
    count = target.execute("SELECT COUNT(*) FROM provisions").fetchone()[0]
    target.close()
    return {
        "rows": count,
        "seconds": round(time.perf_counter() - started, 1),
        "bytes": path.stat().st_size,
    }


def datasette_install() -> str:
    python = DATASETTE_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "datasette"], check=True)
    out = subprocess.run(
        [str(DATASETTE_VENV / "bin" / "datasette"), "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


@contextlib.contextmanager
def datasette_served(port: int, log: Path):
    argv = [
        str(DATASETTE_VENV / "bin" / "datasette"),
        "serve",
        str(SQLITE_PATH),
        "--host",
        HOST,
        "--port",
        str(port),
        "--setting",
        "default_page_size",
        "20",
        "--setting",
        "suggest_facets",
        "off",
        "--setting",
        "sql_time_limit_ms",
        "10000",
    ]
    with log.open("w") as log_file:
        server = subprocess.Popen(argv, stdout=log_file, stderr=log_file, start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with contextlib.suppress(OSError):
                    if get(f"http://{HOST}:{port}/-/versions.json")[0] == 200:
                        break
                time.sleep(0.5)
            else:
                raise SystemExit(f"Datasette did not start; see {log}")
            yield server
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


# The vendor files' "sourceMappingURL" comments name .map files that the front-end build does
# not copy, and the manifest storage refuses to post-process them; the server reads the same
# manifest whichever storage wrote it, so collect with one that leaves JavaScript as it is.
COLLECTSTATIC = """
import os, django
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "bench.legislation.StaticStorage"}}
call_command("collectstatic", interactive=False, verbosity=0)
"""


def _static_storage():
    from whitenoise.storage import CompressedManifestStaticFilesStorage

    class StaticStorage(CompressedManifestStaticFilesStorage):
        patterns = tuple(p for p in CompressedManifestStaticFilesStorage.patterns if p[0] != "*.js")

    return StaticStorage


def __getattr__(name: str):
    if name == "StaticStorage":  # imported only once Django is set up
        return _static_storage()
    raise AttributeError(name)


@contextlib.contextmanager
def served(
    env: dict[str, str], *, port: int, workers: int, threads: int, log: Path, access_log: Path
):
    """`hemis serve` until the block ends (bench.foundation's, with a longer start-up allowance:
    on a shared machine under load the workers take more than a minute to import Django)."""
    argv = [sys.executable, "-m", "hemis", "serve", "--host", HOST, "--port", str(port)]
    argv += ["--workers", str(workers), "--threads", str(threads)]
    with log.open("w") as log_file, access_log.open("w") as access:
        server = subprocess.Popen(
            argv, env=env, cwd=PROJECT_DIR, stdout=access, stderr=log_file, start_new_session=True
        )
        try:
            wait_for_health(f"http://{HOST}:{port}/healthz", server, log, timeout=300)
            yield server
        finally:
            stop(server)


# -- 3 and 4. load -------------------------------------------------------------------------


def request_times(access_log: Path, offset: int, path: str) -> list[float]:
    times = []
    with access_log.open("rb") as log:
        log.seek(offset)
        for line in log.read().decode(errors="replace").splitlines():
            micros, status, logged = ([*line.split(" ", 2), "", ""])[:3]
            if logged == path and status == "200" and micros.isdigit():
                times.append(int(micros) / 1000)
    return times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def measure(
    url: str,
    args,
    access_log: Path | None = None,
    logged_path: str = "",
    headers: dict[str, str] | None = None,
) -> dict:
    options = {"connections": args.connections, "threads": args.wrk_threads, "headers": headers}
    wrk(url, duration=args.warmup, **options)
    offset = access_log.stat().st_size if access_log else 0
    result = wrk(url, duration=args.duration, **options)
    if access_log:
        served_ms = request_times(access_log, offset, logged_path)
        result["server_requests"] = len(served_ms)
        result["server_p50_ms"] = round(percentile(served_ms, 50), 1)
        result["server_p95_ms"] = round(percentile(served_ms, 95), 1)
    return result


def hemis_paths(q: str) -> dict[str, str]:
    """The API; the page (its results); the page's facets, which htmx asks for after it."""
    query = urllib.parse.urlencode({"q": q})
    return {
        "api": f"/api/v1/laws?{query}",
        "page": f"/en/laws/?{query}",
        "facets": f"/en/laws/facets/?{query}",
    }


# What htmx sends with the request for the page's facets (the fragment, not a whole page).
HEADERS = {"facets": {"HX-Request": "true"}}


def datasette_paths(q: str) -> dict[str, str]:
    query = urllib.parse.urlencode({"_search": q, "_size": 20})
    base = "/legislation/provisions.json?"
    return {
        "datasette": base + query,
        "datasette_facets": base + query + "&_facet=state&_facet=language",
    }


def counts(base: str, q: str) -> dict[str, int]:
    hemis = json.loads(get(base + hemis_paths(q)["api"], timeout=30)[1])
    return {"hemis": hemis["count"], "facet_values": sum(len(v) for v in hemis["facets"].values())}


def datasette_count(base: str, q: str) -> int:
    body = json.loads(get(base + datasette_paths(q)["datasette"], timeout=30)[1])
    return body.get("filtered_table_rows_count") or body.get("count") or 0


def markdown(result: dict) -> str:
    s, m = result["settings"], result["machine"]
    lines = [
        "# Database of domestic laws: search at world scale, hemis and Datasette",
        "",
        f"Run {result['started']} on {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB; load "
        f"average {m['load_average_before']:.2f} before, {result['load_average_after']:.2f} after.",
        "",
        "Data set: "
        + ", ".join(f"{v:,} {k}" for k, v in result["data_set"].items() if "seconds" not in k)
        + f" (loaded in {result['data_set']['load_seconds']} s, search vectors built in "
        f"{result['data_set']['index_seconds']} s). SQLite copy for Datasette: "
        f"{result['sqlite']['rows']:,} rows, {result['sqlite']['bytes'] / 1e6:.0f} MB.",
        "",
        f"hemis: `hemis serve`, {s['workers']} gunicorn workers × {s['threads']} threads, "
        f"PostgreSQL 15, search cache {s['cache']}. Datasette {result['datasette_version']}: `datasette serve` with "
        "default_page_size 20 and suggest_facets off. wrk: "
        f"{s['connections']} connections, {s['warmup']} s warm-up + {s['duration']} s per row.",
        "",
        "| lang | query | hemis matches | Datasette matches | hemis uncached ms (SQL ms) | hemis API req/s | p50 / p95 ms "
        "| server p95 ms | hemis page req/s | p95 ms | server p95 ms | page's facets req/s | server p95 ms "
        "| Datasette req/s | p50 / p95 ms | Datasette + 2 facets req/s | p95 ms | API ÷ Datasette req/s |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in result["rows"]:
        a, p, d, f = row["api"], row["page"], row["datasette"], row["datasette_facets"]
        pf = row["facets"]
        lines.append(
            f"| {row['language']} | {row['query']} | {row['hemis_matches']:,} | "
            f"{row['datasette_matches']:,} | {row['cold']['median_ms']:.0f} ({row['cold']['sql_ms']:.0f}) | {a['rps']:.0f} | {a['p50_ms']:.0f} / {a['p95_ms']:.0f} | "
            f"{a['server_p95_ms']:.0f} | {p['rps']:.0f} | {p['p95_ms']:.0f} | {p['server_p95_ms']:.0f} | "
            f"{pf['rps']:.0f} | {pf['server_p95_ms']:.0f} | "
            f"{d['rps']:.0f} | {d['p50_ms']:.0f} / {d['p95_ms']:.0f} | {f['rps']:.0f} | {f['p95_ms']:.0f} | "
            f"{a['rps'] / max(d['rps'], 0.1):.2f} |"
        )
    v = result["verdicts"]
    lines += [
        "",
        f"- Search p95 server time under {P95_TARGET_MS} ms at {s['connections']} clients "
        f"(API, worst query): {'met' if v['p95_met'] else 'NOT met'} ({v['worst_server_p95_ms']:.0f} ms; "
        f"page worst {v['worst_page_server_p95_ms']:.0f} ms, its facets worst "
        f"{v['worst_facets_server_p95_ms']:.0f} ms).",
        f"- hemis at least as fast as Datasette (requests per second, API vs plain Datasette, "
        f"geometric mean of the ratios): {'met' if v['faster_met'] else 'NOT met'} "
        f"(×{v['rps_ratio_geomean']:.2f}; {v['queries_faster']} of {len(result['rows'])} queries).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.legislation", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--provisions", type=int, default=PROVISIONS)
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/13",
        help="the cache the server's workers share, as in production ('' for local memory)",
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--skip-generate", action="store_true", help="reuse both databases")
    parser.add_argument(
        "--prepare-only", action="store_true", help="generate both databases, then stop"
    )
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cold-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    if args.generate_only:  # run in a child process: Django is set up for the bench database
        print(json.dumps(generate(args.database_url, args.provisions)))
        return 0
    if args.cold_only:
        print(json.dumps(cold(args.database_url)))
        return 0

    env = server_environment(args.database_url, args.redis_url)
    env["CONN_MAX_AGE"] = "900"
    result: dict = {
        "started": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "queries": QUERIES,
    }
    data_file = OUT_DIR / "legislation-data.json"
    if not args.skip_generate:
        print(f"Generating {args.provisions:,} provisions in {args.database_url}", flush=True)
        out = run(
            [
                sys.executable,
                "-m",
                "bench.legislation",
                "--generate-only",
                "--database-url",
                args.database_url,
                "--provisions",
                str(args.provisions),
            ],
            env,
        )
        data = json.loads(out.strip().splitlines()[-1])
        print("Exporting to SQLite for Datasette", flush=True)
        data_file.write_text(
            json.dumps({"data_set": data, "sqlite": export_sqlite(args.database_url, SQLITE_PATH)})
        )
    result.update(json.loads(data_file.read_text()))
    print(f"  {result['data_set']}\n  {result['sqlite']}", flush=True)
    print("Installing Datasette in its own virtualenv", flush=True)
    result["datasette_version"] = datasette_install()
    if args.prepare_only:
        return 0
    run([sys.executable, "-c", COLLECTSTATIC], env)
    result["versions"] = versions(env)
    result["settings"] = {
        "cache": args.redis_url or "local memory",
        **{
            k: getattr(args, k)
            for k in ("workers", "threads", "connections", "duration", "warmup", "wrk_threads")
        },
    }
    print("In-process, without the search cache (median of 3)", flush=True)
    out = run(
        [
            sys.executable,
            "-m",
            "bench.legislation",
            "--cold-only",
            "--database-url",
            args.database_url,
        ],
        env,
    )
    result["cold"] = json.loads(out.strip().splitlines()[-1])
    rows = [{"language": lang, "query": q, "cold": result["cold"][q]} for lang, q in QUERIES]

    port, datasette_port = free_port(), free_port()
    base, datasette_base = f"http://{HOST}:{port}", f"http://{HOST}:{datasette_port}"
    access_log = OUT_DIR / "legislation_access.log"
    server_env = {
        **env,
        "GUNICORN_CMD_ARGS": "--access-logformat " + shlex.quote(ACCESS_LOG_FORMAT),
    }
    # Both servers run for the whole measurement and each query is loaded on hemis and on
    # Datasette one right after the other, so that both see the same load from the rest of the
    # (shared) machine.
    print(f"hemis on {base}, Datasette on {datasette_base}", flush=True)
    with (
        served(
            server_env,
            port=port,
            workers=args.workers,
            threads=args.threads,
            log=OUT_DIR / "legislation_server.log",
            access_log=access_log,
        ),
        datasette_served(datasette_port, OUT_DIR / "legislation_datasette.log"),
    ):
        for row in rows:
            found = counts(base, row["query"])
            if not found["hemis"]:
                raise SystemExit(f"hemis finds nothing for {row['query']!r}")
            row["hemis_matches"], row["facet_values"] = found["hemis"], found["facet_values"]
            row["datasette_matches"] = datasette_count(datasette_base, row["query"])
            for kind, path in hemis_paths(row["query"]).items():
                row[kind] = measure(base + path, args, access_log, path, HEADERS.get(kind))
            for kind, path in datasette_paths(row["query"]).items():
                row[kind] = measure(datasette_base + path, args)
            print(
                f"  {row['query']:<24} hemis {row['hemis_matches']:>6} matches: API "
                f"{row['api']['rps']:6.1f} req/s p95 {row['api']['p95_ms']:.0f} ms (server "
                f"{row['api']['server_p95_ms']:.0f}), page {row['page']['rps']:6.1f} req/s "
                f"(server p95 {row['page']['server_p95_ms']:.0f}), facets {row['facets']['rps']:6.1f} req/s "
                f"(server p95 {row['facets']['server_p95_ms']:.0f});  Datasette "
                f"{row['datasette_matches']:>6} matches: {row['datasette']['rps']:6.1f} req/s "
                f"p95 {row['datasette']['p95_ms']:.0f} ms, with facets "
                f"{row['datasette_facets']['rps']:6.1f} req/s;  load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    result["rows"] = rows
    result["load_average_after"] = os.getloadavg()[0]
    ratios = [r["api"]["rps"] / max(r["datasette"]["rps"], 0.1) for r in rows]
    geomean = 1.0
    for ratio in ratios:
        geomean *= ratio ** (1 / len(ratios))
    worst = max(r["api"]["server_p95_ms"] for r in rows)
    result["verdicts"] = {
        "worst_server_p95_ms": worst,
        "worst_page_server_p95_ms": max(r["page"]["server_p95_ms"] for r in rows),
        "worst_facets_server_p95_ms": max(r["facets"]["server_p95_ms"] for r in rows),
        "p95_met": worst < P95_TARGET_MS,
        "rps_ratio_geomean": geomean,
        "queries_faster": sum(ratio >= 1 for ratio in ratios),
        "faster_met": geomean >= 1,
    }
    (OUT_DIR / "legislation.json").write_text(json.dumps(result, indent=2) + "\n")
    report = markdown(result)
    (OUT_DIR / "legislation.md").write_text(report)
    print("\n" + report)
    with contextlib.suppress(OSError):
        access_log.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
