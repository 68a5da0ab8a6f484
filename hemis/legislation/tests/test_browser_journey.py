"""The database of laws in a real browser, with an accessibility check on every page visited."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from hemis.conftest import PASSWORD
from hemis.legislation import demo
from hemis.testing.browser import assert_accessible, screenshot, sign_in_as

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_laws(analyst, coordinator_a):
    demo.load()


@pytest.mark.parametrize("browser_locale", ["pt"])
def test_a_visitor_in_portuguese_goes_from_the_treaty_matrix_to_a_highlighted_spanish_provision(
    page: Page, demo_laws, tmp_path
):
    # The treaty matrix: the Caribbean, UNTOC's list of signatories as XLSX.
    page.goto("/pt/treaties/")
    assert_accessible(page)
    page.get_by_label("Sub-região").select_option("caribbean")
    page.get_by_role("button", name="Filtrar").click()
    matrix = page.get_by_role("region", name="Matriz da situação dos tratados")
    expect(matrix.get_by_role("link", name="Jamaica")).to_be_visible()
    assert_accessible(page)
    matrix.get_by_role("link", name="Convenção de Palermo").click()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    path = tmp_path / "untoc.xlsx"
    download.value.save_as(path)
    assert len(list(load_workbook(path).active.iter_rows(values_only=True))) > 1

    # The laws, searched for a Spanish phrase from the Portuguese interface.
    page.goto("/pt/laws/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Base de dados de leis nacionais")
    assert_accessible(page)
    page.get_by_label("Palavras nas leis").fill("lavado de activos")
    page.get_by_role("button", name="Pesquisar").click()
    results = page.get_by_role("region", name="Dispositivos")
    expect(results.get_by_role("status")).to_contain_text("dispositivo")
    first = results.get_by_role("listitem").first
    expect(first.locator("mark").first).to_have_text("lavado", ignore_case=True)
    assert_accessible(page)
    screenshot(page, "laws-search-pt")

    # A facet narrows the results; the state's name is in Portuguese.
    facets = page.get_by_role("complementary", name="Refinar")
    facets.get_by_role("link", name="México").click()
    expect(page.get_by_text("Filtrado por:")).to_be_visible()
    expect(results.get_by_role("listitem")).to_have_count(2)  # the law's title matches too
    assert_accessible(page)

    # The provision, whole, with the same words highlighted.
    results.get_by_role("listitem").first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Artículo 1")
    expect(page.locator("blockquote mark").first).to_have_text("lavado")
    assert_accessible(page)
    screenshot(page, "laws-provision-pt")


def test_the_search_works_at_phone_width(page: Page, demo_laws):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/en/laws/?q=trafficking")
    results = page.get_by_role("region", name="Provisions")
    expect(results.locator("mark").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert_accessible(page)
    screenshot(page, "laws-search-375")


def test_the_secretariat_validates_jamaicas_proposal_and_it_becomes_searchable(
    page: Page, demo_laws, analyst
):
    page.goto("/en/")
    sign_in_as(page, analyst.email, PASSWORD)
    page.goto("/en/laws/proposals/")
    assert_accessible(page)
    page.get_by_role(
        "link", name="Firearms (Prohibition, Restriction and Regulation) Act (Example)"
    ).click()
    expect(page.get_by_role("note")).to_contain_text("Proposed, awaiting validation")
    assert_accessible(page)
    screenshot(page, "laws-proposal")
    page.get_by_role("button", name="Validate and publish").click()
    expect(page.get_by_text("The law has been validated and published.")).to_be_visible()
    expect(page.get_by_role("region", name="History")).to_contain_text("law.validate")
    assert_accessible(page)
    page.goto("/en/laws/?q=ammunition")
    expect(page.get_by_role("region", name="Provisions")).to_contain_text("Section 20")


def test_the_secretariat_enters_a_law_and_a_provision(page: Page, analyst, db):
    page.goto("/en/")
    sign_in_as(page, analyst.email, PASSWORD)
    page.goto("/en/laws/new/")
    assert_accessible(page)
    page.get_by_label("Member state").select_option("TTO")
    page.get_by_label("Title in the original language").fill("Example Proceeds of Crime Act")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a provision")
    assert_accessible(page)
    page.get_by_label("Article reference").fill("Section 43")
    page.get_by_label("Text of the extract").fill(
        "A person who conceals criminal property commits an offence."
    )
    page.get_by_role(
        "checkbox", name="Money laundering and terrorist financing", exact=True
    ).check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Example Proceeds of Crime Act")
    expect(page.get_by_role("region", name="Provisions")).to_contain_text(
        "conceals criminal property"
    )
    assert_accessible(page)
