"""The directory's journey in a real browser, with an accessibility check on every page."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from hemis.conftest import PASSWORD
from hemis.directory.models import Contact
from hemis.testing.browser import assert_accessible, screenshot, sign_in_as, sign_out

pytestmark = pytest.mark.browser


def test_jamaica_replaces_its_contact_mexico_finds_it_and_the_secretariat_prints_the_caribbean(
    page: Page, coordinator_a, coordinator_b, analyst, jamaica_contact, mexico_contact, tmp_path
):
    jamaica_key = TOTPDevice.objects.create(user=coordinator_a, name="phone", confirmed=True)
    mexico_key = TOTPDevice.objects.create(user=coordinator_b, name="phone", confirmed=True)

    # Jamaica's coordinator replaces the national point of contact on TOC.
    page.goto("/en/")
    sign_in_as(page, coordinator_a.email, PASSWORD, totp_key=jamaica_key.bin_key)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Directory").click()
    assert_accessible(page)
    page.get_by_label("Member state").select_option("JAM")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Ana Rivera").click()
    assert_accessible(page)
    screenshot(page, "directory-contact")
    page.get_by_role("link", name="Replace with another person").click()
    assert_accessible(page)
    page.get_by_label("Name of the person").fill("Marcia Campbell")
    page.get_by_label("E-mail addresses").fill("marcia.campbell@jm.example.org")
    page.get_by_label("Telephone numbers").fill("+1 876 922 5555")
    page.get_by_label("Languages spoken").fill("en, es")
    page.get_by_role("button", name="Replace").click()
    expect(page.get_by_role("heading", level=1, name="Marcia Campbell")).to_be_visible()
    expect(page.get_by_role("link", name="Ana Rivera")).to_be_visible()  # in the history
    assert_accessible(page)
    sign_out(page)

    # Mexico's coordinator finds the new contact by searching.
    sign_in_as(page, coordinator_b.email, PASSWORD, totp_key=mexico_key.bin_key)
    page.goto("/en/directory/")
    page.get_by_label("Name, authority or e-mail").fill("campbell")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_role("region", name="Contact points")
    expect(results.get_by_role("link", name="Marcia Campbell")).to_be_visible()
    expect(results).not_to_contain_text("Ana Rivera")
    expect(results).to_contain_text("+1 876-922-5555")
    assert_accessible(page)
    screenshot(page, "directory-search")
    sign_out(page)

    # The Secretariat downloads the Caribbean edition as a PDF.
    sign_in_as(page, analyst.email, PASSWORD)
    page.goto("/en/directory/?subregion=caribbean")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    path = tmp_path / "edition.pdf"
    download.value.save_as(path)
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Marcia Campbell" in text and "Jamaica" in text
    assert "Luis Gómez" not in text and "Mexico" not in text
    assert re.search(r"restricted", text, re.IGNORECASE)
    assert Contact.objects.get(person_name="Marcia Campbell").replaced_by is None


def test_the_coverage_matrix_is_accessible_to_the_public_at_phone_width(
    page: Page, jamaica_contact
):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/en/directory/coverage/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("coverage")
    expect(page.get_by_role("main")).not_to_contain_text("ana.rivera@jm.example.org")
    assert_accessible(page)
    screenshot(page, "directory-coverage-375")


def test_a_reader_prepares_the_whole_edition_and_downloads_it_at_phone_width(
    page: Page, delegation_reader, jamaica_contact, mexico_contact, tmp_path
):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/en/")
    sign_in_as(page, delegation_reader.email, PASSWORD)
    page.goto("/en/directory/")
    page.get_by_role("link", name="PDF edition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PDF edition of the directory")
    assert_accessible(page)
    # The test server runs tasks at once: the edition is ready when the page comes back.
    page.get_by_role("button", name="Prepare the edition").click()
    expect(page.get_by_role("status").filter(has_text="is ready")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "directory-edition-375")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the PDF")).click()
    path = tmp_path / "world.pdf"
    download.value.save_as(path)
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Ana Rivera" in text and "Luis Gómez" in text
