"""Treaty status in a real browser, with an accessibility check on every page visited."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from hemis.conftest import PASSWORD
from hemis.testing.browser import assert_accessible, screenshot, sign_in_as
from hemis.treaties.models import TreatyRecord

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("browser_locale", ["pt"])
def test_a_visitor_in_portuguese_filters_the_caribbean_and_downloads_untocs_list(
    page: Page, tmp_path
):
    page.goto("/pt/")
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Tratados").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Situação dos tratados")
    assert_accessible(page)
    page.get_by_label("Sub-região").select_option("caribbean")
    page.get_by_role("button", name="Filtrar").click()
    matrix = page.get_by_role("region", name="Matriz da situação dos tratados")
    expect(matrix.get_by_role("link", name="Jamaica")).to_be_visible()
    expect(matrix).not_to_contain_text("México")
    assert_accessible(page)
    screenshot(page, "treaties-matrix-caribbean-pt")

    matrix.get_by_role("link", name="Convenção de Palermo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Convenção das Nações Unidas contra o Crime Organizado Transnacional"
    )
    expect(page.get_by_role("list", name="Contagens")).to_contain_text("partes")
    assert_accessible(page)
    screenshot(page, "treaties-untoc-pt")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    path = tmp_path / "untoc.xlsx"
    download.value.save_as(path)
    rows = list(load_workbook(path)["UNTOC"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Código do Estado", "Estado", "Situação")
    statuses = {row[0]: row[2] for row in rows[1:]}
    assert len(statuses) == 35
    assert statuses["BHS"] == "Parte" and statuses["SUR"] == "Sem informação"


def test_the_map_gaps_record_and_state_pages_are_accessible_at_phone_width(page: Page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/en/treaties/map/?instrument=UNTOC_FIR")
    expect(page.locator(".chart-canvas svg")).to_be_attached()
    expect(page.get_by_role("table", name="Status by state")).to_contain_text("Colombia")
    assert_accessible(page)
    screenshot(page, "treaties-map-phone")
    page.goto("/en/treaties/gaps/")
    expect(page.get_by_role("heading", level=2, name="CIFTA")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "treaties-gaps-phone")
    page.goto("/en/treaties/")
    assert_accessible(page)
    screenshot(page, "treaties-matrix-phone")
    page.goto("/en/treaties/UNTOC/")
    expect(page.get_by_role("list", name="Counts")).to_contain_text("parties")
    assert_accessible(page)
    screenshot(page, "treaties-instrument-phone")
    page.goto("/en/treaties/UNTOC/SUR/")
    expect(page.get_by_role("strong").filter(has_text="No information")).to_be_visible()
    assert_accessible(page)
    page.goto("/en/states/JAM/")
    expect(page.get_by_role("heading", level=2, name="Treaty status")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "treaties-state-panel-phone")


def test_the_secretariat_corrects_a_record_with_its_source_and_sees_the_history(
    page: Page, analyst
):
    page.goto("/en/")
    sign_in_as(page, analyst.email, PASSWORD)
    page.goto("/en/treaties/CIFTA/JAM/")
    assert_accessible(page)
    page.get_by_role("link", name="Correct this record").click()
    assert_accessible(page)
    page.get_by_role("combobox", name="Status").select_option("party")
    page.get_by_role("button", name="Save").click()
    # Without a date of consent and the date the source was consulted, nothing is saved.
    expect(page.get_by_role("alert")).to_contain_text("Please correct the following")
    assert_accessible(page)
    screenshot(page, "treaties-record-form-errors")
    page.get_by_role("textbox", name="Date of consent to be bound").fill("2024-06-14")
    page.get_by_role("combobox", name="Consent to be bound", exact=True).select_option(
        "ratification"
    )
    page.get_by_role("textbox", name="Source (required)").fill(
        "OAS/Ser.A/63 status table, 14 June 2024"
    )
    page.get_by_role("textbox", name="Date the source was consulted").fill("2026-11-20")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The record has been saved, with its source.")).to_be_visible()
    history = page.get_by_role("region", name="Changes to this record")
    expect(history).to_contain_text(analyst.email)
    expect(history).to_contain_text("OAS/Ser.A/63 status table, 14 June 2024")
    assert_accessible(page)
    screenshot(page, "treaties-record-history")
    record = TreatyRecord.objects.get(instrument__code="CIFTA", state__iso3="JAM")
    assert record.status == "party" and record.consent_date.isoformat() == "2024-06-14"
