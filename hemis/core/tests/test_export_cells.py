"""Every CSV and XLSX that hemis serves keeps a spreadsheet from running a text as a formula.

The export endpoints are found in the URL configuration (names with csv, xlsx or export), so
that a new one without a case here fails `test_every_export_endpoint_has_a_case_here`. Each
case stores texts that a spreadsheet would run, exports them, reads the file back with the csv
module or openpyxl, and checks every cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import openpyxl
import pytest
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hemis.accounts.actors import SYSTEM
from hemis.accounts.models import Role
from hemis.conftest import make_user, signed_in
from hemis.core.exports import FORMULA_TRIGGERS
from hemis.core.models import MemberState
from hemis.directory import services as directory_services
from hemis.directory.models import Authority, Contact
from hemis.legislation import services as legislation_services
from hemis.legislation.models import Law, Provision
from hemis.questionnaires import definitions
from hemis.questionnaires import services as questionnaire_services
from hemis.questionnaires.models import Question, Section
from hemis.questionnaires.tests.conftest import SMALL, load_small
from hemis.questionnaires.tests.test_report import submit
from hemis.treaties.models import Instrument, TreatyRecord

pytestmark = pytest.mark.django_db

HOSTILE = ('=HYPERLINK("http://x","y")', "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1")
EXPORT_NAME = re.compile(r"csv|xlsx|export")
# Telephone numbers are checked on input to be E.164 ("+" and digits) and keep their "+".
TELEPHONES = re.compile(r"\+\d{4,15}(; \+\d{4,15})*")


def export_url_names() -> set[str]:
    """The namespaced names of every route whose name speaks of csv, xlsx or an export."""

    def walk(resolver: URLResolver, namespace: str) -> Iterator[str]:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern, prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield namespace + pattern.name

    return {name for name in walk(get_resolver(), "") if EXPORT_NAME.search(name)}


# Reading files back


def csv_cells(response: HttpResponse) -> list[list[str]]:
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body, newline="")))


def check_csv(response: HttpResponse, expected=HOSTILE) -> list[list[str]]:
    """The CSV's rows, once no cell is found that a spreadsheet would run."""
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = csv_cells(response)
    for row in rows:
        for cell in row:
            if not TELEPHONES.fullmatch(cell):
                assert not cell.startswith(FORMULA_TRIGGERS), f"unescaped cell {cell!r}"
    found = {cell for row in rows for cell in row}
    for text in expected:
        assert "'" + text in found, f"{text!r} is not in the file, escaped"
    return rows


def check_xlsx(response: HttpResponse, expected=HOSTILE) -> list[Any]:
    """Every cell of every sheet, once none is a formula or a formula-like unmarked text."""
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    for cell in cells:
        assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
            assert cell.data_type == "s" and cell.quotePrefix, f"{cell.value!r} is not marked"
    values = {cell.value for cell in cells}
    for text in expected:
        assert text in values, f"{text!r} is not in the workbook as it was written"
    return cells


def typed(cells: list[Any], kind: type) -> list[Any]:
    return [cell for cell in cells if isinstance(cell.value, kind)]


@dataclass(frozen=True)
class Case:
    """How to fill one export with hostile texts, and who downloads it from where.

    `prepare` stores the texts and returns a client and a function of the format giving the
    path and query to request.
    """

    prepare: Callable[[dict[str, Any]], tuple[Any, Callable[[str], tuple[str, dict]]]]
    formats: tuple[str, ...]
    # What the file holds of the texts, when the module changes them (it may trim them).
    expected: tuple[str, ...] = HOSTILE


# The cases, one per export endpoint


def users(personas: dict[str, Any]):
    jamaica = MemberState.objects.get(iso3="JAM")
    for number, text in enumerate(HOSTILE):
        make_user(f"user{number}@test.example.org", Role.STATE_CONTRIBUTOR, jamaica, full_name=text)
    return signed_in(personas["admin"]), lambda fmt: (
        reverse("accounts:users"),
        {"state": "JAM", "format": fmt},
    )


def directory(personas: dict[str, Any]):
    admin = personas["admin"]
    jamaica = MemberState.objects.get(iso3="JAM")
    authority = directory_services.authority_create(
        actor=admin, state=jamaica, data={"name": "Ministry", "kind": "ministry", "language": "en"}
    )
    contacts = [
        directory_services.contact_create(
            actor=admin,
            state=jamaica,
            data={
                "function": function,
                "person_name": "Ana Rivera",
                "authority": authority,
                "emails": ["ana.rivera@jm.example.org"],
                "phones": ["+1 876 922 1234"],
                "languages": ["en"],
                "language": "en",
            },
        )
        for function in ("toc_contact", "mla_central_authority")
    ]
    # Stored as typed: what a spreadsheet would run is kept, and only the export escapes it.
    person, office, title, availability, name, other_person = HOSTILE
    Contact.objects.filter(pk=contacts[0].pk).update(
        person_name=person, office=office, title=title, availability=availability
    )
    Contact.objects.filter(pk=contacts[1].pk).update(person_name=other_person)
    Authority.objects.filter(pk=authority.pk).update(name=name, procedural_notes=name)
    return signed_in(personas["coordinator_a"]), lambda fmt: (
        reverse("directory:export"),
        {"format": fmt},
    )


def treaty_record() -> None:
    reservations, authorities, note, source, other_note, other_source = HOSTILE
    TreatyRecord.objects.filter(instrument__code="UNTOC", state__iso3="JAM").update(
        reservations=reservations, designated_authorities=authorities, note=note, source=source
    )
    TreatyRecord.objects.filter(instrument__code="UNTOC", state__iso3="MEX").update(
        note=other_note, source=other_source
    )


def treaty_instrument(personas: dict[str, Any]):
    treaty_record()
    return signed_in(None), lambda fmt: (
        reverse("treaties:instrument_export", args=["UNTOC", fmt]),
        {},
    )


def treaty_matrix(personas: dict[str, Any]):
    codes = ["UNTOC", "UNTOC_TIP", "UNTOC_SOM", "UNTOC_FIR", "CIFTA", "UNCAC"]
    for code, short in zip(codes, HOSTILE, strict=True):
        Instrument.objects.filter(code=code).update(short_en=short)
    return signed_in(None), lambda fmt: (reverse("treaties:matrix_export", args=[fmt]), {})


def laws(personas: dict[str, Any]):
    admin = personas["admin"]
    title, title_en, gazette, article, text, extra = HOSTILE
    law = legislation_services.law_create(
        actor=admin,
        state=MemberState.objects.get(iso3="JAM"),
        data={
            "title": "Proceeds of Crime Act",
            "kind": "law",
            "status": "in_force",
            "enacted_on": dt.date(2007, 5, 30),
            "language": "en",
        },
    )
    legislation_services.provision_create(
        actor=admin, law=law, data={"article": "Section 1", "text": "Confiscation."}
    )
    Law.objects.filter(pk=law.pk).update(
        title=title, title_en=title_en, gazette_reference=gazette, source_url=extra
    )
    Provision.objects.filter(law=law).update(article=article, text=text)
    return signed_in(None), lambda fmt: (reverse("legislation:export", args=[fmt]), {})


def translators_workbook(personas: dict[str, Any]):
    draft = questionnaire_services.questionnaire_load(
        actor=SYSTEM, definition=definitions.parse(SMALL.replace("version: 1", "version: 2"))
    )
    title, description, section, *questions = HOSTILE
    type(draft).objects.filter(pk=draft.pk).update(
        title={"en": title}, description={"en": description}
    )
    Section.objects.filter(questionnaire=draft, code="A").update(title={"en": section})
    for question, text in zip(
        Question.objects.filter(questionnaire=draft), questions, strict=False
    ):
        Question.objects.filter(pk=question.pk).update(text={"en": text})
    url = reverse("questionnaires:translations_export", args=[draft.code, draft.version])
    return signed_in(personas["admin"]), lambda fmt: (url, {})


def report_workbook(personas: dict[str, Any]):
    today = dt.date.today()
    questionnaire = load_small()
    campaign = questionnaire_services.campaign_create(
        actor=personas["admin"],
        code="small-2026",
        questionnaire=questionnaire,
        opens_on=today - dt.timedelta(days=10),
        deadline=today + dt.timedelta(days=20),
        states=MemberState.objects.filter(iso3__in=["JAM", "MEX"]),
    )
    value, comment, *questions = HOSTILE
    answers = {
        "A1": "yes",
        "A2": "2019-01-01",
        "B2": 4,
        "B4": {"value": value, "comment": comment},
    }
    submit(campaign, "JAM", answers, shared=True)
    for question, text in zip(
        Question.objects.filter(questionnaire=questionnaire), questions, strict=False
    ):
        Question.objects.filter(pk=question.pk).update(text={"en": text})
    url = reverse("questionnaires:report_xlsx", args=[campaign.code])
    return signed_in(personas["analyst"]), lambda fmt: (url, {})


CASES = {
    "accounts:users": Case(users, ("csv",)),
    "directory:export": Case(directory, ("csv", "xlsx")),
    "treaties:instrument_export": Case(treaty_instrument, ("csv", "xlsx")),
    "treaties:matrix_export": Case(treaty_matrix, ("csv", "xlsx")),
    "legislation:export": Case(laws, ("csv", "xlsx")),
    "questionnaires:report_xlsx": Case(report_workbook, ("xlsx",)),
    # The translators' texts are compared trimmed, and exported so.
    "questionnaires:translations_export": Case(
        translators_workbook, ("xlsx",), tuple(text.strip() for text in HOSTILE)
    ),
}


def test_every_export_endpoint_has_a_case_here():
    assert export_url_names() <= set(CASES)


def download(personas, name: str, fmt: str) -> HttpResponse:
    client, url_of = CASES[name].prepare(personas)
    path, query = url_of(fmt)
    return client.get(path, query)


@pytest.mark.parametrize(
    ("name", "fmt"), [(name, fmt) for name, case in CASES.items() for fmt in case.formats]
)
def test_no_exported_cell_is_run_as_a_formula(personas, name, fmt):
    response = download(personas, name, fmt)
    if fmt == "csv":
        check_csv(response, CASES[name].expected)
    else:
        check_xlsx(response, CASES[name].expected)


def test_numbers_and_dates_stay_numbers_and_dates_in_the_xlsx(personas):
    cells = check_xlsx(download(personas, "directory:export", "xlsx"))
    assert typed(cells, dt.datetime), "the contact's last confirmation is a date"
    assert [cell.value for cell in typed(cells, int) if cell.data_type == "n"] == [2]
    treaty_cells = check_xlsx(download(personas, "treaties:instrument_export", "xlsx"))
    assert {cell.data_type for cell in typed(treaty_cells, int)} == {"n"}
    assert all(cell.data_type == "d" for cell in typed(treaty_cells, dt.datetime))


def test_dates_in_a_csv_are_written_as_they_are(personas):
    rows = check_csv(download(personas, "legislation:export", "csv"))
    assert rows[1][5] == "2007-05-30"
