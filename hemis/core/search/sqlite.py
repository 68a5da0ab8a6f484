"""SQLite FTS5: a virtual table of text folded and stemmed in Python, bm25, highlights in Python.

FTS5's own stemmer (porter) knows English only, so each row's words are stemmed here with the
Snowball algorithm of the row's language (the ones PostgreSQL uses) and stored as a plain list
of lexemes; a query's words are stemmed in each language the same way.
"""

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
    Query,
    config_for,
    fragment,
    highlight,
    lexemes,
    to_html,
)

# bm25 weights of the columns: a word of the title counts more than one of the body.
WEIGHTS = "4.0, 1.0"


def create(schema_editor, index) -> None:
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {index.fts_table} USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 2')"
    )


def drop(schema_editor, index) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {index.fts_table}")


def match_expression(query: Query) -> str | None:
    """The query in FTS5's syntax: every group in every configuration, ORed."""
    alternatives = []
    for config in CONFIGS:
        for group in query.groups_in(config):
            positive = [f'"{" ".join(words)}"' for term, words in group if not term.negated]
            negative = [f'"{" ".join(words)}"' for term, words in group if term.negated]
            expression = "(" + " AND ".join(positive) + ")"
            for excluded in negative:
                expression = f"({expression} NOT {excluded})"
            alternatives.append(expression)
    if not alternatives:
        return None
    return " OR ".join(dict.fromkeys(alternatives))


class SqliteBackend:
    vendor = "sqlite"

    def condition(self, index, query: Query) -> Expression:
        expression = match_expression(query)
        if expression is None:
            return RawSQL("0", [], output_field=BooleanField())
        return RawSQL(
            f"{index.table}.id IN (SELECT rowid FROM {index.fts_table} "
            f"WHERE {index.fts_table} MATCH %s)",
            [expression],
            output_field=BooleanField(),
        )

    def rank(self, index, query: Query) -> Expression:
        expression = match_expression(query)
        if expression is None:
            return RawSQL("0", [], output_field=FloatField())
        # bm25 is lower for better matches; negated so that, as ts_rank, higher is better.
        return RawSQL(
            f"-(SELECT bm25({index.fts_table}, {WEIGHTS}) FROM {index.fts_table} "
            f"WHERE {index.fts_table} MATCH %s AND rowid = {index.table}.id)",
            [expression],
            output_field=FloatField(),
        )

    def store(self, index, documents: Iterable[Any]) -> None:
        rows = []
        for d in documents:
            config = config_for(d.language)
            title = lexemes(config, d.title) + lexemes("english", d.title_en)
            rows.append((d.pk, " ".join(title), " ".join(lexemes(config, d.body))))
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {index.fts_table} WHERE rowid = %s",
                [(r[0],) for r in rows],
            )
            cursor.executemany(
                f"INSERT INTO {index.fts_table} (rowid, title, body) VALUES (%s, %s, %s)",
                rows,
            )

    def remove(self, index, pks: Sequence[int]) -> None:
        if pks:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"DELETE FROM {index.fts_table} WHERE rowid = %s",
                    [(pk,) for pk in pks],
                )

    def headlines(
        self, query: Query, items: Sequence[tuple[Any, str, str]], *, whole: bool = False
    ) -> dict[Any, str]:
        wanted = query.highlight_lexemes()
        result = {}
        for key, language, text in items:
            marked = highlight(text, config_for(language), wanted)
            result[key] = to_html(marked if whole else fragment(marked, max_words=60))
        return result
