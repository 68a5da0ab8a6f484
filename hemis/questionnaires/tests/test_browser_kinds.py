"""Every kind of question answered in a real browser, and conditions shown as the server decides."""
# ruff: noqa: E501 - the YAML below keeps each question on one line

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.db import OperationalError
from playwright.sync_api import Page, expect

from hemis.accounts.actors import SYSTEM
from hemis.conftest import PASSWORD
from hemis.core.models import MemberState
from hemis.questionnaires import definitions, rules, services
from hemis.questionnaires.models import Answer, Attachment, Question
from hemis.testing.browser import assert_accessible, sign_in_as

pytestmark = pytest.mark.browser

EVERY_KIND = """
code: every-kind
version: 1
base_language: en
title: {en: Every kind of question}
sections:
  - code: K
    title: {en: Kinds}
    questions:
      - {code: K1, kind: yes_no, comment: true, text: {en: "Is there a national strategy?"}}
      - code: K2
        kind: single_choice
        text: {en: "Who is the central authority?"}
        options:
          - {code: ministry, label: {en: Ministry of Justice}}
          - {code: prosecutor, label: {en: Attorney General}}
      - code: K3
        kind: multiple_choice
        text: {en: "Which training do you need?"}
        options:
          - {code: sit, label: {en: Special investigative techniques}}
          - {code: jit, label: {en: Joint investigation teams}}
          - {code: cyber, label: {en: Cybercrime}}
      - {code: K4, kind: number, number: {min: 0, unit: {en: tonnes}}, text: {en: "How much cocaine was seized?"}}
      - {code: K5, kind: short_text, max_length: 80, text: {en: "Name of the unit"}}
      - {code: K6, kind: long_text, text: {en: "Describe the unit's work."}}
      - {code: K7, kind: date, text: {en: "When was the unit created?"}}
      - code: K8
        kind: table
        text: {en: "Requests by year"}
        rows:
          - {code: y2024, label: {en: "2024"}}
          - {code: y2025, label: {en: "2025"}}
        columns:
          - {code: sent, kind: number, label: {en: Sent}, number: {min: 0}}
          - {code: granted, kind: yes_no, label: {en: Any granted}}
          - {code: note, kind: short_text, label: {en: Note}}
      - {code: K9, kind: legal_reference, text: {en: "Laws on money laundering"}}
      - {code: K10, kind: file, text: {en: "Attach the strategy."}}
      - {code: K11, kind: number, text: {en: "How many officers does the unit have?"}}
  - code: C
    title: {en: Conditions}
    questions:
      - {code: C1, kind: yes_no, text: {en: "Is there a task force?"}}
      - {code: C2, kind: short_text, show_if: {question: C1, equals: yes}, text: {en: "Its name (C1 equals yes)"}}
      - {code: C3, kind: short_text, show_if: {question: C1, in: [no, unknown]}, text: {en: "Why not (C1 in no, unknown)"}}
      - code: C4
        kind: single_choice
        text: {en: "Who leads it?"}
        options:
          - {code: police, label: {en: The police}}
          - {code: army, label: {en: The army}}
          - {code: customs, label: {en: Customs}}
      - {code: C5, kind: short_text, show_if: {question: C4, equals: army}, text: {en: "Which branch (C4 equals army)"}}
      - {code: C6, kind: short_text, show_if: {question: C4, in: [police, customs]}, text: {en: "Which agency (C4 in police, customs)"}}
      - code: C7
        kind: multiple_choice
        text: {en: "Which crimes does it cover?"}
        options:
          - {code: drugs, label: {en: Drug trafficking}}
          - {code: arms, label: {en: Arms trafficking}}
          - {code: people, label: {en: Trafficking in persons}}
      - {code: C8, kind: long_text, show_if: {question: C7, contains: arms}, text: {en: "Arms details (C7 contains arms)"}}
      - code: C9
        kind: single_choice
        show_if: {question: C1, equals: yes}
        text: {en: "Is it permanent (C1 equals yes)?"}
        options:
          - {code: permanent, label: {en: Permanent}}
          - {code: temporary, label: {en: Temporary}}
      - {code: C10, kind: date, show_if: {question: C9, equals: temporary}, text: {en: "Until when (C9 equals temporary)?"}}
"""

# A one-page PDF: the server checks the type from the content, not the name.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def kinds_campaign(admin, state_a):
    questionnaire = services.questionnaire_load(
        actor=SYSTEM, definition=definitions.parse(EVERY_KIND), publish=True
    )
    today = dt.date.today()
    return services.campaign_create(
        actor=admin,
        code="kinds-2026",
        questionnaire=questionnaire,
        opens_on=today - dt.timedelta(days=1),
        deadline=today + dt.timedelta(days=30),
        states=MemberState.objects.filter(iso3__in=["JAM"]),
        shared_by_default=False,
    )


@pytest.fixture
def edit_page(page: Page, kinds_campaign, contributor_a) -> Page:
    page.goto("/en/")
    sign_in_as(page, contributor_a.email, PASSWORD)
    page.goto("/en/questionnaires/kinds-2026/JAM/edit/")
    return page


def stored(code: str) -> dict[str, Any] | None:
    answer = Answer.objects.filter(question__code=code).first()
    return answer.as_dict() if answer else None


def wait_until_stored(code: str, **expected: Any) -> dict[str, Any]:
    """The answer once the server holds the expected fields (autosave runs after the browser)."""
    deadline = time.monotonic() + 10
    while True:
        try:
            answer = stored(code) or {}
        except OperationalError:  # SQLite's table lock while the live server writes
            answer = {}
        if all(answer.get(key) == value for key, value in expected.items()):
            return answer
        if time.monotonic() > deadline:
            pytest.fail(f"{code}: stored {answer}, expected {expected}", pytrace=False)
        time.sleep(0.1)


def test_every_kind_of_question_is_answered_in_the_browser_and_stored(edit_page: Page):
    page = edit_page

    k1 = page.locator("#q-K1")
    for label, value in (
        ("Yes", "yes"),
        ("No", "no"),
        ("Partly", "partly"),
        ("Unknown", "unknown"),
    ):
        k1.get_by_label(label, exact=True).check()
        wait_until_stored("K1", value=value)
    k1.get_by_label("Comment (optional)").fill("Adopted by decree, under review.")
    k1.get_by_label("Comment (optional)").blur()
    wait_until_stored("K1", value="unknown", comment="Adopted by decree, under review.")

    page.locator("#q-K2").get_by_label("Attorney General").check()
    wait_until_stored("K2", value="prosecutor")

    k3 = page.locator("#q-K3")
    k3.get_by_label("Cybercrime").check()
    k3.get_by_label("Special investigative techniques").check()
    wait_until_stored("K3", value=["sit", "cyber"])  # in the options' order

    k4 = page.locator("#q-K4")
    expect(k4).to_contain_text("tonnes")
    k4.get_by_label("Number").fill("1 234,5")  # as typed in Spanish, French or Portuguese
    k4.get_by_label("Number").blur()
    wait_until_stored("K4", value=1234.5, provisional=False)
    k4.get_by_label("Provisional figure").check()
    wait_until_stored("K4", value=1234.5, provisional=True)

    for code, text in (
        ("K5", "Financial Intelligence Unit"),
        ("K6", "It receives reports.\nIt analyses them."),
    ):
        field = page.locator(f"#q-{code}").get_by_label("Answer")
        field.fill(text)
        field.blur()
        wait_until_stored(code, value=text)

    page.locator("#q-K7").get_by_label("Date").fill("2021-03-15")
    page.locator("#q-K7").get_by_label("Date").blur()
    wait_until_stored("K7", value="2021-03-15")

    k8 = page.locator("#q-K8")
    k8.get_by_label("2024 — Sent").fill("12")
    k8.get_by_label("2024 — Any granted").select_option("partly")
    k8.get_by_label("2025 — Note").fill("Figures to June")
    k8.get_by_label("2025 — Note").blur()
    wait_until_stored(
        "K8",
        value={"y2024": {"sent": 12, "granted": "partly"}, "y2025": {"note": "Figures to June"}},
    )

    k9 = page.locator("#q-K9")
    k9.get_by_label("Title of the law").first.fill("Ley contra el lavado de activos")
    k9.get_by_label("Article").first.fill("12")
    k9.get_by_label("Link").first.fill("https://example.org/ley-lavado")
    k9.get_by_label("Link").first.blur()
    wait_until_stored(
        "K9",
        value=[
            {
                "title": "Ley contra el lavado de activos",
                "article": "12",
                "url": "https://example.org/ley-lavado",
            }
        ],
    )

    k10 = page.locator("#q-K10")
    k10.get_by_label("A PDF, DOCX, XLSX or ODT file").set_input_files(
        {"name": "strategy.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    expect(k10.get_by_role("status")).to_have_text("Saved")
    expect(k10.get_by_role("link", name="strategy.pdf")).to_be_visible()
    attachment = Attachment.objects.get(question__code="K10")
    assert (attachment.name, attachment.content_type) == ("strategy.pdf", "application/pdf")
    assert stored("K10")["value"] == {"id": str(attachment.public_id), "name": "strategy.pdf"}

    page.locator("#q-K11").get_by_label("Information not available").check()
    wait_until_stored("K11", value=None, not_available=True)

    assert_accessible(page)

    # What the server stored is what the page shows after a reload.
    page.reload()
    expect(page.locator("#q-K1").get_by_label("Unknown", exact=True)).to_be_checked()
    expect(page.locator("#q-K1").get_by_label("Comment (optional)")).to_have_value(
        "Adopted by decree, under review."
    )
    expect(page.locator("#q-K3").get_by_label("Cybercrime")).to_be_checked()
    expect(page.locator("#q-K4").get_by_label("Number")).to_have_value("1234.5")
    expect(page.locator("#q-K4").get_by_label("Provisional figure")).to_be_checked()
    expect(page.locator("#q-K8").get_by_label("2024 — Any granted")).to_have_value("partly")
    expect(page.locator("#q-K9").get_by_label("Link").first).to_have_value(
        "https://example.org/ley-lavado"
    )
    expect(page.locator("#q-K10").get_by_role("link", name="strategy.pdf")).to_be_visible()
    expect(page.locator("#q-K11").get_by_label("Information not available")).to_be_checked()


def test_a_bad_file_is_refused_in_the_browser_and_nothing_is_stored(edit_page: Page):
    k10 = edit_page.locator("#q-K10")
    k10.get_by_label("A PDF, DOCX, XLSX or ODT file").set_input_files(
        {"name": "strategy.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf at all"}
    )
    expect(edit_page.locator("#q-K10").get_by_role("alert")).to_be_visible()
    assert not Attachment.objects.exists()
    assert stored("K10") is None


def server_shown(page_codes: list[str]) -> dict[str, bool]:
    """rules.is_shown over the answers stored now, following chains of conditions."""
    questions = list(Question.objects.filter(questionnaire__code="every-kind"))
    values = dict(Answer.objects.values_list("question__code", "value"))
    visible = rules.visible_values(questions, values)
    return {q.code: rules.is_shown(q, visible) for q in questions if q.code in page_codes}


CONDITIONED = ["C2", "C3", "C5", "C6", "C8", "C9", "C10"]


def browser_shown(page: Page) -> dict[str, bool]:
    return {code: page.locator(f"#q-{code}").is_visible() for code in CONDITIONED}


def test_each_condition_shows_its_question_in_the_browser_exactly_when_the_server_does(
    edit_page: Page,
):
    page = edit_page
    steps = [
        # (question, label to click, value the server then stores)
        ("C1", "Yes", "yes"),  # equals yes: C2 and C9 appear
        ("C9", "Temporary", "temporary"),  # a condition on a conditional question: C10
        ("C1", "No", "no"),  # in [no, unknown]: C3 appears; C2, C9 and, through C9, C10 go
        ("C1", "Partly", "partly"),  # neither: C2, C3, C9, C10 hidden
        ("C1", "Unknown", "unknown"),
        ("C1", "Yes", "yes"),  # C9 comes back with its answer, and C10 with it
        ("C4", "The army", "army"),  # equals army: C5
        ("C4", "The police", "police"),  # in [police, customs]: C6
        ("C4", "Customs", "customs"),
        ("C7", "Drug trafficking", ["drugs"]),  # contains arms: not yet
        ("C7", "Arms trafficking", ["drugs", "arms"]),  # now C8
        ("C7", "Drug trafficking", ["arms"]),  # unticked: still contains arms
        ("C7", "Arms trafficking", None),  # nothing ticked: C8 goes
    ]
    expect(page.locator("#q-C1")).to_be_visible()
    assert browser_shown(page) == server_shown(CONDITIONED)
    for code, label, value in steps:
        box = page.locator(f"#q-{code}")
        control = box.get_by_label(label, exact=True)
        if box.get_attribute("data-kind") == "multiple_choice":
            control.set_checked(not control.is_checked())
        else:
            control.check()
        wait_until_stored(code, value=value)
        expected = server_shown(CONDITIONED)
        assert browser_shown(page) == expected, f"after {code} = {value}"
        rendered = rendered_shown(page)
        assert rendered == {c: expected[c] for c in rendered}, f"rendered after {code} = {value}"
    page.reload()
    assert browser_shown(page) == server_shown(CONDITIONED)
    assert_accessible(page)


def rendered_shown(page: Page) -> dict[str, bool]:
    """Which questions the server's page shows before any script runs."""
    html = page.request.get(page.url).text()
    return {code: f'id="q-{code}"' in html and not _hidden(html, code) for code in CONDITIONED}


def _hidden(html: str, code: str) -> bool:
    start = html.index(f'id="q-{code}"')
    tag = html[start : html.index(">", start)]
    return tag.endswith(" hidden")
