"""The translators' round trip: export a version's texts to XLSX, fill them in, import them back."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hemis.accounts.actors import SYSTEM
from hemis.conftest import signed_in
from hemis.core.models import AuditEvent
from hemis.questionnaires import definitions, selectors, services, translations
from hemis.questionnaires.models import Question, Questionnaire, Section
from hemis.questionnaires.tests.conftest import SMALL
from hemis.questionnaires.views_translations import ERR_EXTENSION

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def draft(db) -> Questionnaire:
    definition = definitions.parse(SMALL.replace("version: 1", "version: 2"))
    return services.questionnaire_load(actor=SYSTEM, definition=definition)


def sheet_of(questionnaire):
    workbook = openpyxl.load_workbook(io.BytesIO(translations.export_xlsx(questionnaire)))
    return workbook, workbook[translations.SHEET]


def line_of(sheet, kind, code, field) -> int:
    for row in sheet.iter_rows(min_row=2):
        if (row[1].value, row[2].value, row[3].value) == (kind, code, field):
            return row[0].row
    raise AssertionError(f"no row for {kind} {code} {field}")


def as_bytes(workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(workbook, name="small-v2-texts.xlsx"):
    return SimpleUploadedFile(name, as_bytes(workbook), content_type=XLSX)


def import_url(questionnaire):
    return reverse(
        "questionnaires:translations_import", args=[questionnaire.code, questionnaire.version]
    )


def export_url(questionnaire):
    return reverse(
        "questionnaires:translations_export", args=[questionnaire.code, questionnaire.version]
    )


def fill_a2_and_b1(workbook, sheet):
    """Spanish, French and Portuguese for A2's text, Spanish for B1's option "jit"."""
    a2 = line_of(sheet, "question", "A2", "text")
    sheet[f"F{a2}"] = "¿Cuándo se adoptó?"
    sheet[f"G{a2}"] = "Quand a-t-elle été adoptée ?"
    sheet[f"H{a2}"] = "Quando foi adotada?"
    jit = line_of(sheet, "question", "B1", "option:jit")
    sheet[f"F{jit}"] = "Equipos conjuntos de investigación"
    return workbook


# Export


def test_the_export_has_a_header_and_a_row_for_every_text_with_the_base_language_first(draft):
    _workbook, sheet = sheet_of(draft)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("place", "kind", "code", "field", "en", "es", "fr", "pt")
    keys = {(kind, code, field) for _place, kind, code, field, *_texts in rows[1:]}
    assert ("questionnaire", "small", "title") in keys
    assert ("section", "B", "title") in keys
    assert ("question", "A1", "text") in keys
    assert {("question", "B1", f"option:{code}") for code in ("sit", "jit", "cyber")} <= keys
    a1 = rows[line_of(sheet, "question", "A1", "text") - 1]
    assert a1[0] == "question A1"
    assert a1[4:] == (
        "Is there a national strategy?",
        "¿Existe una estrategia nacional?",
        "Existe-t-il une stratégie nationale ?",
        "Existe uma estratégia nacional?",
    )
    # Texts that are empty in the base language (no help here) have nothing to translate.
    assert not any(field == "help" for _kind, _code, field in keys)


def test_the_export_puts_a_spanish_questionnaires_base_language_first(draft):
    Questionnaire.objects.filter(pk=draft.pk).update(base_language="es")
    draft.refresh_from_db()
    _workbook, sheet = sheet_of(draft)
    assert [cell.value for cell in sheet[1]][4:] == ["es", "en", "fr", "pt"]


def test_a_text_that_looks_like_a_formula_is_exported_as_text(draft):
    Question.objects.filter(questionnaire=draft, code="B4").update(text={"en": "=1+1 units"})
    _workbook, sheet = sheet_of(draft)
    cell = sheet[f"E{line_of(sheet, 'question', 'B4', 'text')}"]
    assert cell.value == "=1+1 units"
    assert cell.data_type == "s"


# Import: reading and checking


def test_a_filled_workbook_gives_the_translations_that_change(draft):
    workbook, sheet = sheet_of(draft)
    texts = translations.read_xlsx(draft, as_bytes(fill_a2_and_b1(workbook, sheet)))
    assert texts == {
        ("question", "A2", "text"): {
            "es": "¿Cuándo se adoptó?",
            "fr": "Quand a-t-elle été adoptée ?",
            "pt": "Quando foi adotada?",
        },
        ("question", "B1", "option:jit"): {"es": "Equipos conjuntos de investigación"},
    }


def test_an_unchanged_export_changes_nothing(draft):
    workbook, _sheet = sheet_of(draft)
    assert translations.read_xlsx(draft, as_bytes(workbook)) == {}


def test_export_then_import_fills_the_texts_and_the_missing_list_shrinks(draft, admin):
    missing_before = selectors.missing_translations(draft)
    workbook, sheet = sheet_of(draft)
    texts = translations.read_xlsx(draft, as_bytes(fill_a2_and_b1(workbook, sheet)))
    changed = services.questionnaire_set_texts(questionnaire=draft, actor=admin, texts=texts)
    assert changed == 2
    a2 = Question.objects.get(questionnaire=draft, code="A2")
    assert a2.text_in("fr") == "Quand a-t-elle été adoptée ?"
    b1 = Question.objects.get(questionnaire=draft, code="B1")
    assert dict(b1.options("es"))["jit"] == "Equipos conjuntos de investigación"
    draft.refresh_from_db()
    missing_after = selectors.missing_translations(draft)
    assert len(missing_after) == len(missing_before) - 4
    assert ("A2", "text", "es") not in missing_after
    assert ("B1", "option:jit", "es") not in missing_after
    assert ("B1", "option:jit", "fr") in missing_after


def test_a_changed_english_text_is_refused_naming_its_line_and_column(draft):
    workbook, sheet = sheet_of(draft)
    line = line_of(sheet, "question", "B2", "text")
    sheet[f"E{line}"] = "How many extradition requests did you receive?"
    sheet[f"F{line}"] = "¿Cuántas solicitudes de extradición recibió?"
    with pytest.raises(translations.TranslationFileError) as caught:
        translations.read_xlsx(draft, as_bytes(workbook))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (line, "E")
    assert str(problem).startswith(f"line {line}, column E: ")
    assert "How many extradition requests did you send?" in str(problem)


def test_every_problem_of_a_workbook_is_reported_at_once(draft):
    workbook, sheet = sheet_of(draft)
    title = line_of(sheet, "section", "A", "title")
    sheet[f"C{title}"] = "Z"
    a1 = line_of(sheet, "question", "A1", "text")
    sheet[f"B{a1}"] = "chapter"
    b3 = line_of(sheet, "question", "B3", "text")
    sheet[f"D{b3}"] = "option:police"
    b4 = line_of(sheet, "question", "B4", "text")
    sheet[f"D{b4}"] = "help"
    sheet[f"E{b4}"] = None
    sheet[f"F{b4}"] = "Ayuda"
    b2 = line_of(sheet, "question", "B2", "text")
    sheet.append([cell.value for cell in sheet[b2]])
    with pytest.raises(translations.TranslationFileError) as caught:
        translations.read_xlsx(draft, as_bytes(workbook))
    found = {(p.line, p.column): p.message for p in caught.value.problems}
    assert found[(title, "C")] == translations.ERR_CODE % {"kind": "section", "value": "Z"}
    assert found[(a1, "B")] == translations.ERR_KIND % {"value": "chapter"}
    assert found[(b3, "D")] == translations.ERR_FIELD % {
        "value": "option:police",
        "place": "question B3",
    }
    assert found[(b4, "F")] == translations.ERR_NO_SOURCE % {"language": "en"}
    assert found[(sheet.max_row, "D")] == translations.ERR_DUPLICATE % {"line": b2}
    assert len(found) == 5


def test_a_workbook_without_its_header_line_is_refused_on_line_1(draft):
    workbook, sheet = sheet_of(draft)
    sheet.delete_rows(1)
    with pytest.raises(translations.TranslationFileError) as caught:
        translations.read_xlsx(draft, as_bytes(workbook))
    problems = caught.value.problems
    assert all(p.line == 1 for p in problems)
    assert str(problems[0]) == (
        "line 1, column A: the header line must name this column “place”, not “questionnaire”"
    )
    assert [p.column for p in problems] == ["A", "B", "C", "D", "E", "F", "G", "H"]


def test_a_workbook_without_the_texts_sheet_is_refused(draft):
    workbook, sheet = sheet_of(draft)
    sheet.title = "Sheet1"
    with pytest.raises(translations.TranslationFileError) as caught:
        translations.read_xlsx(draft, as_bytes(workbook))
    assert str(caught.value) == translations.ERR_NO_SHEET % {"sheet": "Texts"}


def test_a_file_that_is_not_a_workbook_is_refused(draft):
    with pytest.raises(translations.TranslationFileError) as caught:
        translations.read_xlsx(draft, b"place,kind,code,field,en\n")
    assert str(caught.value) == str(translations.ERR_NOT_XLSX)


def test_a_published_version_takes_no_translations(draft, admin):
    services.questionnaire_publish(questionnaire=draft, actor=admin)
    workbook, sheet = sheet_of(draft)
    with pytest.raises(translations.TranslationFileError) as caught:
        translations.read_xlsx(draft, as_bytes(fill_a2_and_b1(workbook, sheet)))
    assert str(caught.value) == translations.ERR_PUBLISHED % {"code": "small", "version": 2}
    assert "draft version" in str(caught.value)


# Pages


def test_the_secretariat_previews_then_imports_a_translated_workbook(draft, analyst):
    client = signed_in(analyst)
    workbook, sheet = sheet_of(draft)
    page = client.post(import_url(draft), {"file": upload(fill_a2_and_b1(workbook, sheet))})
    assert page.status_code == 200
    preview = page.context["preview"]
    assert preview.total == 4
    assert preview.counts == [("es", 2, 0), ("fr", 1, 0), ("pt", 1, 0)]
    assert [(c.place, c.language, c.new) for c in preview.changes][:1] == [
        ("question A2", "es", "¿Cuándo se adoptó?")
    ]
    assert "Importing this workbook would change 4 texts" in page.content.decode()
    assert Question.objects.get(questionnaire=draft, code="A2").text == {
        "en": "When was it adopted?"
    }

    done = client.post(import_url(draft), {"fingerprint": page.context["fingerprint"]})
    assert done.status_code == 302
    assert Question.objects.get(questionnaire=draft, code="A2").text["pt"] == "Quando foi adotada?"
    assert AuditEvent.objects.filter(action="questionnaire.translate").count() == 1
    after = client.get(done.url)
    assert "4 translations added or replaced" in after.content.decode()
    missing = dict(after.context["missing_by_language"])
    assert ("A2", "text", "When was it adopted?") not in missing["es"]
    assert ("A2", "text", "When was it adopted?") not in missing["pt"]
    assert ("A3", "text", "Attach the strategy.") in missing["es"]


def test_a_workbook_with_an_error_writes_nothing_and_lists_the_error(draft, admin):
    client = signed_in(admin)
    workbook, sheet = sheet_of(draft)
    fill_a2_and_b1(workbook, sheet)
    line = line_of(sheet, "section", "B", "title")
    sheet[f"E{line}"] = "International cooperation"
    page = client.post(import_url(draft), {"file": upload(workbook)})
    assert page.status_code == 200
    assert page.context["preview"] is None
    assert page.context["problems"] == [
        f"line {line}, column E: "
        + translations.ERR_SOURCE_CHANGED % {"language": "en", "expected": "Cooperation"}
    ]
    assert "cannot be imported: 1 error" in page.content.decode()
    assert "es" not in Question.objects.get(questionnaire=draft, code="A2").text
    assert Section.objects.get(questionnaire=draft, code="B").title == {"en": "Cooperation"}
    assert not client.session.get("questionnaire_translations")


def test_an_import_without_the_previewed_workbook_writes_nothing(draft, admin):
    client = signed_in(admin)
    workbook, sheet = sheet_of(draft)
    page = client.post(import_url(draft), {"file": upload(fill_a2_and_b1(workbook, sheet))})
    assert page.context["preview"].total == 4
    stale = client.post(import_url(draft), {"fingerprint": "0" * 64})
    assert stale.status_code == 302
    assert "es" not in Question.objects.get(questionnaire=draft, code="A2").text
    again = client.post(import_url(draft), {"fingerprint": page.context["fingerprint"]})
    assert again.status_code == 302
    assert "es" not in Question.objects.get(questionnaire=draft, code="A2").text


def test_a_file_that_is_not_xlsx_is_refused_by_the_form(draft, admin):
    client = signed_in(admin)
    file = SimpleUploadedFile("texts.csv", b"place,kind\n", content_type="text/csv")
    page = client.post(import_url(draft), {"file": file})
    assert page.context["form"].errors["file"] == [str(ERR_EXTENSION)]


def test_the_import_page_of_a_published_version_says_it_never_changes(questionnaire, admin):
    client = signed_in(admin)
    page = client.get(import_url(questionnaire))
    assert page.status_code == 200
    content = page.content.decode()
    assert "a published version never changes" in content
    assert 'type="file"' not in content
    workbook, sheet = sheet_of(questionnaire)
    refused = client.post(
        import_url(questionnaire), {"file": upload(fill_a2_and_b1(workbook, sheet))}
    )
    assert refused.context["problems"] == [
        str(translations.ERR_PUBLISHED % {"code": "small", "version": 1})
    ]
    assert "es" not in Question.objects.get(questionnaire=questionnaire, code="A2").text


def test_the_import_page_lists_the_missing_translations_per_language(draft, admin):
    page = signed_in(admin).get(import_url(draft))
    missing = dict(page.context["missing_by_language"])
    assert list(missing) == ["es", "fr", "pt"]
    # Each missing text is shown with its base-language text, so the reader knows which it is.
    assert ("A2", "text", "When was it adopted?") in missing["es"]
    assert ("B6", "column:sent", "Sent") in missing["fr"]
    assert not any(place == "A1" and field == "text" for place, field, _ in missing["es"])
    assert page.context["missing_total"] == len(selectors.missing_translations(draft))
    assert "B6 · <code>column:sent</code>: “Sent”" in page.content.decode()


def test_the_export_downloads_an_xlsx_named_after_the_version(draft, admin):
    response = signed_in(admin).get(export_url(draft))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="small-v2-texts.xlsx"' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Texts"]


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("admin", True),
        ("analyst", True),
        ("coordinator_a", False),
        ("contributor_a", False),
        ("coordinator_b", False),
        ("delegation_reader", False),
    ],
)
def test_only_the_secretariat_reaches_the_export_and_the_import(draft, personas, persona, allowed):
    client = signed_in(personas[persona])
    expected = 200 if allowed else 404
    assert client.get(export_url(draft)).status_code == expected
    assert client.get(import_url(draft)).status_code == expected
    workbook, sheet = sheet_of(draft)
    posted = client.post(import_url(draft), {"file": upload(fill_a2_and_b1(workbook, sheet))})
    assert posted.status_code == expected
    assert "es" not in Question.objects.get(questionnaire=draft, code="A2").text


def test_an_anonymous_visitor_is_sent_to_sign_in(draft, client):
    for url in (export_url(draft), import_url(draft)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_an_unknown_version_is_not_found(draft, admin):
    client = signed_in(admin)
    url = reverse("questionnaires:translations_import", args=["small", 9])
    assert client.get(url).status_code == 404


@pytest.mark.browser
def test_the_secretariat_checks_and_imports_a_workbook_in_a_browser(page, draft, analyst):
    from playwright.sync_api import expect

    from hemis.conftest import PASSWORD
    from hemis.testing.browser import assert_accessible, screenshot, sign_in_as

    page.goto("/en/")
    sign_in_as(page, analyst.email, PASSWORD)
    page.goto(import_url(draft))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Translations")
    expect(page.get_by_role("region", name="Missing translations")).to_contain_text("A2 · text")
    assert_accessible(page)

    workbook, sheet = sheet_of(draft)
    sheet[f"E{line_of(sheet, 'section', 'B', 'title')}"] = "International cooperation"
    page.get_by_label("Translated workbook").set_input_files(
        {"name": "bad.xlsx", "mimeType": XLSX, "buffer": as_bytes(workbook)}
    )
    page.get_by_role("button", name="Check the workbook").click()
    expect(page.get_by_role("alert")).to_contain_text("bad.xlsx cannot be imported: 1 error")
    expect(page.get_by_role("alert")).to_contain_text(", column E: the en text is the source")
    assert_accessible(page)

    workbook, sheet = sheet_of(draft)
    page.get_by_label("Translated workbook").set_input_files(
        {"name": "good.xlsx", "mimeType": XLSX, "buffer": as_bytes(fill_a2_and_b1(workbook, sheet))}
    )
    page.get_by_role("button", name="Check the workbook").click()
    expect(page.get_by_role("status")).to_contain_text("would change 4 texts")
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "questionnaires-translations-preview-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Import these 4 translations").click()
    expect(page.get_by_text("4 translations added or replaced")).to_be_visible()
    assert_accessible(page)
    assert Question.objects.get(questionnaire=draft, code="A2").text["es"] == "¿Cuándo se adoptó?"


def test_units_and_a_tables_rows_and_columns_go_to_the_translators_and_come_back(draft, admin):
    # B2's unit ("requests") and B6's rows and columns are texts like any other.
    workbook, sheet = sheet_of(draft)
    fields = {(row[2].value, row[3].value) for row in sheet.iter_rows(min_row=2)}
    assert {("B2", "unit"), ("B6", "row:y2024"), ("B6", "column:sent")} <= fields
    assert ("B6", "column:sent", "fr") in selectors.missing_translations(draft)
    sheet[f"G{line_of(sheet, 'question', 'B2', 'unit')}"] = "demandes"
    sheet[f"G{line_of(sheet, 'question', 'B6', 'column:sent')}"] = "Envoyées"
    sheet[f"F{line_of(sheet, 'question', 'B6', 'row:y2025')}"] = "Año 2025"

    texts = translations.read_xlsx(draft, as_bytes(workbook))
    assert services.questionnaire_set_texts(questionnaire=draft, actor=admin, texts=texts) == 3
    b2 = Question.objects.get(questionnaire=draft, code="B2")
    assert b2.config["unit"] == {"en": "requests", "fr": "demandes"}
    b6 = Question.objects.get(questionnaire=draft, code="B6")
    columns = {column["code"]: column["label"] for column in b6.config["columns"]}
    rows = {row["code"]: row["label"] for row in b6.config["rows"]}
    assert columns["sent"] == {"en": "Sent", "fr": "Envoyées"}
    assert rows["y2025"] == {"en": "2025", "es": "Año 2025"}
    draft.refresh_from_db()
    missing = selectors.missing_translations(draft)
    assert ("B6", "column:sent", "fr") not in missing
    assert ("B6", "column:sent", "es") in missing
