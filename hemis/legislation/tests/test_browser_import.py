"""The laws' import page in a browser, in Spanish: a file with errors, then a good one."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from hemis.conftest import PASSWORD
from hemis.legislation.models import Law
from hemis.testing.browser import assert_accessible, sign_in_as

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent / "data"


def test_an_analyst_checks_a_file_of_laws_then_loads_a_good_one(page: Page, analyst):
    page.goto("/en/")
    sign_in_as(page, analyst.email, PASSWORD)
    page.goto("/es/laws/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importar leyes")
    assert_accessible(page)

    upload = page.locator("input[type=file]")
    upload.set_input_files(str(DATA / "laws_errors.csv"))
    page.get_by_role("button", name="Verificar el archivo").click()
    expect(page.get_by_role("alert")).to_contain_text("laws_errors.csv")
    assert_accessible(page)
    assert not Law.objects.exists()

    page.locator("input[type=file]").set_input_files(str(DATA / "laws.csv"))
    page.get_by_role("button", name="Verificar el archivo").click()
    expect(page.get_by_role("status")).to_contain_text("Todavía no se ha guardado nada")
    assert_accessible(page)
    page.locator("form.actions-row").get_by_role("button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Base de datos de leyes nacionales")
    assert Law.objects.exists()
