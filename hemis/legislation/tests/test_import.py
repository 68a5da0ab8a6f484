"""Importing laws from CSV and XLSX: every row checked, all or nothing, idempotent."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from hemis.core import tabular
from hemis.legislation import imports, services
from hemis.legislation.models import Law, Provision
from hemis.legislation.selectors import SearchFilters, provision_search

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_laws", *args, stdout=out)
    return out.getvalue()


def test_the_command_imports_a_csv_file_and_a_second_run_changes_nothing(admin):
    assert "3 created, 0 updated, 0 unchanged" in run(str(DATA / "laws.csv"))
    law = Law.objects.get(title="Ley de Ejemplo contra el Secuestro")
    assert law.is_published and law.state.iso3 == "MEX" and law.language == "es"
    assert [p.article for p in law.provisions.all()] == ["Artículo 9", "Artículo 10"]
    events = law.provisions.first()
    assert events.convention_articles.get().code == "untoc-5"
    assert "0 created, 0 updated, 3 unchanged" in run(str(DATA / "laws.csv"))
    assert Provision.objects.count() == 3


def test_imported_provisions_are_searchable(admin):
    run(str(DATA / "laws.csv"))
    hits = provision_search(viewer=None, filters=SearchFilters(q="secuestro víctima")).hits
    assert [h.provision.article for h in hits] == ["Artículo 10"]


def test_an_edited_file_updates_what_changed_and_adds_what_is_new(admin):
    run(str(DATA / "laws.csv"))
    assert "1 created, 1 updated, 2 unchanged" in run(str(DATA / "laws_edited.csv"))
    provision = Provision.objects.get(article="Artículo 9")
    assert provision.text.endswith("de 40 a 80 años.") and provision.version == 2


def test_a_dry_run_writes_nothing(admin):
    output = run(str(DATA / "laws.csv"), "--dry-run")
    assert "3 created" in output and not Law.objects.exists()


def test_a_file_with_errors_names_each_line_and_column_and_writes_nothing(admin):
    with pytest.raises(CommandError) as error:
        run(str(DATA / "laws_errors.csv"))
    message = str(error.value)
    assert "nothing was written" in message
    assert "Line 3, column state: " + imports.ERR_STATE_UNKNOWN % {"value": "XXX"} in message
    assert "Line 4, column kind: " + services.ERR_KIND % {"value": "statute"} in message
    assert "Line 4, column enacted_on: " + services.ERR_DATE % {"value": "04/05/2010"} in message
    assert (
        "Line 4, column convention_articles: " + services.ERR_ARTICLE % {"value": "untoc-99"}
        in message
    )
    assert (
        "Line 5, column enacted_on: "
        + imports.ERR_LAW_DIFFERS % {"column": "enacted_on", "line": 2}
        in message
    )
    assert "Line 6, column article: " + imports.ERR_SAME_PROVISION % {"line": 2} in message
    assert "Line 7, column text: " + str(services.ERR_REQUIRED) in message
    assert not Law.objects.exists()


def test_it_refuses_unknown_and_missing_columns(admin):
    content = b"state,title,article\nMEX,Ley,Art. 1\n"
    report = imports.import_file(actor=admin, name="laws.csv", content=content)
    messages = [str(p) for p in report.errors]
    assert any("Unknown columns: title." in m for m in messages)
    assert any("Missing required columns: law_title, kind, language, text." in m for m in messages)


def test_it_reads_an_xlsx_workbook_with_dates_as_cells(admin):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["State", "Law title", "Kind", "Language", "Enacted on", "Article", "Text"])
    import datetime as dt

    sheet.append(
        ["BRA", "Lei de Exemplo", "law", "pt", dt.datetime(2013, 8, 2), "Art. 1º", "Texto."]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = imports.import_file(actor=admin, name="leis.xlsx", content=buffer.getvalue())
    assert report.ok and report.summary() == "1 created, 0 updated, 0 unchanged"
    assert Law.objects.get().enacted_on == dt.date(2013, 8, 2)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("laws.txt", b"x", tabular.ERR_EXTENSION),
        ("laws.csv", b"", tabular.ERR_EMPTY),
        ("laws.csv", b"state\n", imports.ERR_NO_ROWS),
        ("laws.csv", "state,law_title\nMÉX,Ley\n".encode("latin-1"), tabular.ERR_ENCODING),
        ("laws.xlsx", b"not a workbook", tabular.ERR_XLSX),
    ],
)
def test_it_reports_an_unreadable_file(admin, name, content, message):
    report = imports.import_file(actor=admin, name=name, content=content)
    assert [str(p) for p in report.errors] == [str(message)]


def test_only_the_secretariat_imports(coordinator_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        imports.import_file(
            actor=coordinator_a, name="laws.csv", content=(DATA / "laws.csv").read_bytes()
        )


def test_the_upload_page_previews_then_loads_the_file(client_for, analyst):
    client = client_for(analyst)
    with (DATA / "laws.csv").open("rb") as handle:
        response = client.post(reverse("legislation:import"), {"file": handle})
    page = response.content.decode()
    assert "Preview of laws.csv" in page and not Law.objects.exists()
    fingerprint = response.context["fingerprint"]
    response = client.post(reverse("legislation:import"), {"fingerprint": fingerprint})
    assert response.status_code == 302
    assert Provision.objects.count() == 3


def test_the_upload_page_lists_the_errors(client_for, analyst):
    with (DATA / "laws_errors.csv").open("rb") as handle:
        response = client_for(analyst).post(reverse("legislation:import"), {"file": handle})
    page = response.content.decode()
    assert "cannot be imported" in page and "Line 3, column state" in page
