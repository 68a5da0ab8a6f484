"""The search interface in core serves any module's table, on SQLite and on PostgreSQL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import connection, models

from hemis.core import search

SEARCH_PACKAGE = Path(search.__file__).resolve().parent
TABLE = "core_search_probe"


class Probe(models.Model):
    """A table of another module, made for this test only."""

    title = models.TextField()

    class Meta:
        app_label = "core"
        managed = False
        db_table = TABLE


INDEX = search.Index(TABLE)


@pytest.fixture
def probe_table(db):
    editor = connection.schema_editor()
    editor.execute(f"CREATE TABLE {TABLE} (id integer PRIMARY KEY, title text NOT NULL)")
    operation = search.migration_operation(INDEX)
    operation.code(None, editor)
    Probe.objects.bulk_create(
        [
            Probe(id=1, title="Ley contra el lavado de activos"),
            Probe(id=2, title="Firearms Act"),
            Probe(id=3, title="Loi sur la traite des personnes"),
        ]
    )
    search.backend().store(
        INDEX,
        [
            search.Document(1, "es", "Ley contra el lavado de activos", "El tráfico ilícito."),
            search.Document(2, "en", "Firearms Act", "Illicit trafficking in firearms."),
            search.Document(3, "fr", "Loi sur la traite", "La traite des personnes est punie."),
        ],
    )
    yield
    operation.reverse_code(None, editor)
    editor.execute(f"DROP TABLE {TABLE}")


def found(q: str) -> list[int]:
    query = search.parse(q)
    backend = search.backend()
    rows = (
        Probe.objects.filter(backend.condition(INDEX, query))
        .annotate(rank=backend.rank(INDEX, query))
        .order_by("-rank", "id")
    )
    return [row.id for row in rows]


def test_another_modules_table_is_searched_in_every_language_without_accents(probe_table):
    assert search.backend().vendor == connection.vendor
    assert found("trafico ilicito") == [1]
    assert found("trafficked") == [2]
    assert found("traite -armes") == [3]
    assert found("lavado OR firearms") in ([1, 2], [2, 1])
    assert found("") == []


def test_a_removed_row_is_no_longer_found_and_highlights_mark_the_words(probe_table):
    query = search.parse("trafficking")
    marked = search.backend().headlines(query, [(2, "en", "Illicit trafficking in firearms.")])
    assert marked == {2: "Illicit <mark>trafficking</mark> in firearms."}
    search.backend().remove(INDEX, [2])
    Probe.objects.filter(id=2).delete()
    assert found("trafficking") == []


def test_the_search_package_imports_no_other_app():
    imported = set()
    for path in SEARCH_PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    others = {name for name in imported if name.startswith("hemis.")}
    assert others and all(name.startswith("hemis.core.search") for name in others)
