"""Full-text search in four languages behind one interface: PostgreSQL or SQLite FTS5.

A module that wants searchable rows declares an `Index` over its table, creates the index's
storage in a migration with `migration_operation(index)`, gives the backend `Document`s when
rows change (`backend().store(...)`, `backend().remove(...)`, in the same transaction) and,
when searching, parses what the user typed with `parse(...)`, filters and orders a queryset
with `backend().condition(index, query)` and `backend().rank(index, query)`, and marks the
words found with `backend().headlines(...)`. The query syntax, folding, stemming, stop words
and highlights are shared (text.py), so that both databases return the same rows. What a
module searches (which fields, which facets) stays in the module: the laws' provisions are
`hemis.legislation.services.PROVISIONS_INDEX`.

- PostgreSQL (postgres.py): a stored tsvector column per row, built with unaccent and the
  row's language's Snowball configuration, a GIN index, `plainto_tsquery`/`phraseto_tsquery`
  per term, `ts_rank` and `ts_headline`.
- SQLite (sqlite.py): an FTS5 table (`unicode61 remove_diacritics 2`) holding text already
  folded and stemmed in Python by the same Snowball algorithms, bm25 and highlights in Python.

See docs/decisions/0020-one-search-interface-postgresql-and-sqlite-fts5.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection as default_connection
from django.db import migrations
from django.db.models import Expression

from hemis.core.search.text import Query, fold, fragment, parse, to_html

__all__ = [
    "Backend",
    "Document",
    "Index",
    "Query",
    "backend",
    "fold",
    "fragment",
    "migration_operation",
    "parse",
    "to_html",
]


@dataclass(frozen=True)
class Index:
    """The searchable rows of one table, identified by its integer primary key `id`."""

    table: str

    @property
    def fts_table(self) -> str:
        return f"{self.table}_fts"


@dataclass(frozen=True)
class Document:
    """One row's searchable text: a title (weighted higher) and a body, in `language`.

    `title_en` is an English title of a document written in another language; it is indexed
    with English stemming.
    """

    pk: int
    language: str
    title: str
    body: str
    title_en: str = ""


class Backend(Protocol):
    vendor: str

    def condition(self, index: Index, query: Query) -> Expression: ...

    def rank(self, index: Index, query: Query) -> Expression: ...

    def store(self, index: Index, documents: Iterable[Document]) -> None: ...

    def remove(self, index: Index, pks: Sequence[int]) -> None: ...

    def headlines(
        self, query: Query, items: Sequence[tuple[Any, str, str]], *, whole: bool = False
    ) -> dict[Any, str]: ...


def backend(connection=None) -> Backend:
    """The implementation for the database in use."""
    vendor = (connection or default_connection).vendor
    if vendor == "postgresql":
        from hemis.core.search.postgres import PostgresBackend

        return PostgresBackend()
    if vendor == "sqlite":
        from hemis.core.search.sqlite import SqliteBackend

        return SqliteBackend()
    raise NotImplementedError(f"full-text search is not available on {vendor}")


def _storage(vendor: str) -> Any:
    """The module that creates and drops an index's storage on `vendor`, or None."""
    if vendor == "postgresql":
        from hemis.core.search import postgres

        return postgres
    if vendor == "sqlite":
        from hemis.core.search import sqlite

        return sqlite
    return None


def migration_operation(index: Index) -> migrations.RunPython:
    """The migration step creating the index's storage on whichever database migrates."""

    def step(action: str):
        def run(apps, schema_editor) -> None:
            storage = _storage(schema_editor.connection.vendor)
            if storage is not None:
                getattr(storage, action)(schema_editor, index)

        return run

    return migrations.RunPython(step("create"), step("drop"))
