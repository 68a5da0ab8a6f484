"""PostgreSQL full-text search: a tsvector column per row, unaccent, Snowball, GIN, ts_headline."""

# SQL here is assembled from identifiers that are code constants (table and configuration
# names), never from input; every value is a query parameter.
# ruff: noqa: S608, S611

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Expression, FloatField
from django.db.models.expressions import RawSQL

from hemis.core.search.text import (
    CONFIGS,
    START,
    STOP,
    Query,
    config_for,
    fragment,
    highlight,
    to_html,
)

COLUMN = "search_vector"
# ts_headline's options; the marks are escaped and turned into <mark> afterwards.
FRAGMENT_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=60, MinWords=30"


def regconfig(config: str) -> str:
    """hemis's configuration: PostgreSQL's Snowball one with unaccent before stemming."""
    return f"hemis_{config}"


def create(schema_editor, index) -> None:
    """The text search configurations (once per database), the column and its GIN index."""
    execute = schema_editor.execute
    execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for config in CONFIGS:
        name = regconfig(config)
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [name])
            exists = cursor.fetchone()
        if exists:
            continue
        execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{config})")
        dictionary = f"{config}_stem" if config != "simple" else "simple"
        execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR "
            f"asciiword, asciihword, hword_asciipart, word, hword, hword_part "
            f"WITH unaccent, {dictionary}"
        )
    execute(f"ALTER TABLE {index.table} ADD COLUMN {COLUMN} tsvector")
    execute(f"CREATE INDEX {index.table}_search ON {index.table} USING gin ({COLUMN})")


def drop(schema_editor, index) -> None:
    schema_editor.execute(f"DROP INDEX IF EXISTS {index.table}_search")
    schema_editor.execute(f"ALTER TABLE {index.table} DROP COLUMN IF EXISTS {COLUMN}")


def tsquery(query: Query) -> tuple[str, list[str]] | None:
    """The query as one tsquery: every group in every configuration, ORed (None: nothing)."""
    alternatives, params = [], []
    for config in CONFIGS:
        for group in query.groups_in(config):
            terms = []
            for term, _lexemes in group:
                function = "phraseto_tsquery" if len(term.words) > 1 else "plainto_tsquery"
                sql = f"{function}('{regconfig(config)}'::regconfig, %s)"
                terms.append(f"!!{sql}" if term.negated else sql)
                params.append(" ".join(term.words))
            alternatives.append("(" + " && ".join(terms) + ")")
    if not alternatives:
        return None
    # A scalar subquery: computed once per statement (an InitPlan), not once per row.
    return "(SELECT " + " || ".join(alternatives) + ")", params


class PostgresBackend:
    vendor = "postgresql"

    def condition(self, index, query: Query) -> Expression:
        built = tsquery(query)
        if built is None:
            return RawSQL("FALSE", [], output_field=BooleanField())
        sql, params = built
        return RawSQL(f"{index.table}.{COLUMN} @@ {sql}", params, output_field=BooleanField())

    def rank(self, index, query: Query) -> Expression:
        built = tsquery(query)
        if built is None:
            return RawSQL("0", [], output_field=FloatField())
        sql, params = built
        return RawSQL(f"ts_rank({index.table}.{COLUMN}, {sql})", params, output_field=FloatField())

    def store(self, index, documents: Iterable[Any]) -> None:
        rows = [
            (
                regconfig(config_for(d.language)),
                d.title,
                d.title_en,
                regconfig(config_for(d.language)),
                d.body,
                d.pk,
            )
            for d in documents
        ]
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {index.table} SET {COLUMN} = "
                "setweight(to_tsvector(%s::regconfig, %s), 'A') || "
                f"setweight(to_tsvector('{regconfig('english')}'::regconfig, %s), 'A') || "
                "setweight(to_tsvector(%s::regconfig, %s), 'B') WHERE id = %s",
                rows,
            )

    def remove(self, index, pks: Sequence[int]) -> None:
        """Nothing to do: the vector lives in the row, and goes with it."""

    def headlines(
        self, query: Query, items: Sequence[tuple[Any, str, str]], *, whole: bool = False
    ) -> dict[Any, str]:
        built = tsquery(query)
        if built is None or not items:
            return {key: to_html(text) for key, _language, text in items}
        if whole:
            # ts_headline drops what its parser reads as HTML tags; a whole text (a title, a
            # provision's page) keeps every character and is marked with the same lexemes.
            wanted = query.highlight_lexemes()
            return {
                key: to_html(highlight(text, config_for(language), wanted))
                for key, language, text in items
            }
        sql, params = built
        values = ", ".join(["(%s, %s::regconfig, %s)"] * len(items))
        values_params: list[Any] = []
        for number, (_key, language, text) in enumerate(items):
            values_params += [number, regconfig(config_for(language)), text]
        options = FRAGMENT_OPTIONS
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT v.n, ts_headline(v.config, v.body, q.q, %s) "
                f"FROM (VALUES {values}) AS v(n, config, body), (SELECT {sql} AS q) AS q",
                [options, *values_params, *params],
            )
            marked = dict(cursor.fetchall())
        keys = [key for key, _language, _text in items]
        return {keys[n]: to_html(fragment(text, max_words=60)) for n, text in marked.items()}
