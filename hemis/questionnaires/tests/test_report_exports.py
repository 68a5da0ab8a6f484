# ruff: noqa: F401, F811 - `four_replies` is the fixture of test_report.py, imported for its hand counts
"""The report's files: PDF, DOCX and XLSX, read back, scoped to what each reader may see."""

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from hemis.conftest import signed_in
from hemis.questionnaires.models import Campaign, Question
from hemis.questionnaires.tests.test_report import four_replies, submit

pytestmark = pytest.mark.django_db

BASE = "/en/questionnaires/small-2026"


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def xlsx_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("analyst", 200),
        ("coordinator_a", 200),
        ("contributor_a", 200),
        ("delegation_reader", 200),
        ("anonymous", 302),
    ],
)
def test_each_export_is_for_signed_in_officials(four_replies, personas, persona, status):
    client = signed_in(personas[persona])
    for extension in ("xlsx", "docx"):
        assert client.get(f"{BASE}/report.{extension}").status_code == status


def test_the_exports_of_a_draft_campaign_answer_404_to_officials(campaign, delegation_reader):
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.DRAFT)
    client = signed_in(delegation_reader)
    for extension in ("pdf", "docx", "xlsx"):
        assert client.get(f"{BASE}/report.{extension}").status_code == 404


def test_the_pdf_has_a_cover_the_response_rate_and_only_shared_replies_in_its_annex(
    four_replies, delegation_reader
):
    response = signed_in(delegation_reader).get(f"{BASE}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment;" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Preliminary report" in text
    assert "A small questionnaire" in text
    assert "Generated on" in text
    assert "4 of 6 invited states have replied (66.7 %): 3 on time, 1 late." in text
    assert "Method" in text and "last submitted revision" in text
    # Findings with figures; the annex holds Jamaica's and Chile's shared replies.
    assert "Special investigative techniques: 2 (66.7 %)" in text
    assert "Annex: replies shared with all delegations" in text
    assert "Unit J" in text
    assert "Unidad M" not in text  # Mexico did not share its reply
    assert "Belize" not in text.split("Annex: replies shared")[1]


def test_the_secretariat_may_put_every_reply_in_the_pdf_annex_but_not_by_default(
    four_replies, analyst, delegation_reader
):
    client = signed_in(analyst)
    assert "Unidad M" not in pdf_text(client.get(f"{BASE}/report.pdf").content)
    text = pdf_text(client.get(f"{BASE}/report.pdf?annex=all").content)
    assert "Annex: every submitted reply" in text and "Unidad M" in text
    # The option means nothing to other readers.
    text = pdf_text(signed_in(delegation_reader).get(f"{BASE}/report.pdf?annex=all").content)
    assert "Unidad M" not in text


def test_the_docx_has_the_reports_structure_and_respects_sharing(four_replies, delegation_reader):
    response = signed_in(delegation_reader).get(f"{BASE}/report.docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = docx_text(response.content)
    for heading in ("Preliminary report", "Method", "Response rate", "Findings"):
        assert heading in text
    assert "4 of 6 invited states have replied (66.7 %): 3 on time, 1 late." in text
    assert "All invited states | 6 | 4 | 3 | 1 | 2" in text
    assert "Yes | 2 | 50.0" in text
    assert "Unit J" in text and "Unidad M" not in text


def test_the_xlsx_has_a_row_per_visible_state_and_question(
    four_replies, analyst, delegation_reader
):
    questions = Question.objects.filter(questionnaire=four_replies.questionnaire).count()
    rows = xlsx_rows(signed_in(analyst).get(f"{BASE}/report.xlsx").content)
    header, body = rows[0], rows[1:]
    assert header[:7] == (
        "State",
        "ISO3",
        "Subregion",
        "Section",
        "Question code",
        "Question",
        "Answer",
    )
    assert len(body) == 4 * questions  # every submitted reply, for the Secretariat
    jamaica_b4 = next(r for r in body if r[1] == "JAM" and r[4] == "B4")
    assert jamaica_b4[6] == "Unit J"
    chile_b2 = next(r for r in body if r[1] == "CHL" and r[4] == "B2")
    assert chile_b2[7] == "yes"  # not available
    mexico = [r for r in body if r[1] == "MEX"]
    assert mexico and all(r[12] == "yes" for r in mexico)  # late
    rows = xlsx_rows(signed_in(delegation_reader).get(f"{BASE}/report.xlsx").content)
    assert {r[1] for r in rows[1:]} == {"JAM", "CHL"}
    assert len(rows) - 1 == 2 * questions


def test_text_that_looks_like_a_formula_stays_text_in_the_xlsx(four_replies, analyst):
    submit(four_replies, "CAN", {"A1": "no", "B2": 1, "B4": "=HYPERLINK(1)"}, shared=True)
    content = signed_in(analyst).get(f"{BASE}/report.xlsx").content
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [row[6] for row in sheet.iter_rows(min_row=2) if row[1].value == "CAN"]
    formula = next(c for c in cells if c.value == "=HYPERLINK(1)")
    assert formula.data_type == "s"


def test_the_pdf_draws_each_choice_questions_bars_and_the_response_rate_chart(
    four_replies, analyst
):
    from hemis.questionnaires.report import data as report_views_data
    from hemis.questionnaires.report import pdf as report_pdf

    data = report_views_data.build(four_replies, analyst)
    html = report_pdf.findings_htmls(
        data, annex_all=False, today=four_replies.deadline, split=False
    )[0]
    assert '<img src="data:image/png;base64,' in html  # the response rate, drawn by vl-convert
    # A1: yes 2 of 4 replies, no 1, partly 1 — each a bar as wide as its share.
    bar = '</td><td class="bar-track"><div class="bar" style="width: {}%">'
    assert "Yes: <strong>2</strong> (50.0 %)" + bar.format("50.0") in html
    assert "No: <strong>1</strong> (25.0 %)" + bar.format("25.0") in html
