"""The foundation's main journeys, in a real browser, with an accessibility check on every page."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from hemis.conftest import PASSWORD
from hemis.testing.browser import assert_accessible, screenshot

pytestmark = pytest.mark.browser

PHONE_WIDTH = 375


def current_code(key: bytes) -> str:
    """The six digits an authenticator app holding `key` shows now."""
    return f"{TOTP(key).token():06d}"


def authenticator_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()


def main_nav(page: Page):
    return page.get_by_role("navigation", name="Main")


@pytest.mark.parametrize("browser_locale", ["es"])
def test_a_visitor_reads_the_home_page_in_their_browser_language_then_switches_to_french(
    page: Page,
):
    page.goto("/")

    expect(page).to_have_url(re.compile(r"/es/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name="Estados Unidos")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Français").click()

    expect(page).to_have_url(re.compile(r"/fr/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Français")).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("heading", name=re.compile("Caraïbes"))).to_be_visible()
    expect(page.get_by_role("link", name="Jamaïque")).to_be_visible()
    expect(page.get_by_role("link", name="États-Unis")).to_be_visible()
    assert_accessible(page)


def test_the_home_page_fits_a_375_pixel_phone_without_scrolling_sideways(page: Page):
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    page.goto("/en/")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert_accessible(page)
    screenshot(page, "home-375")


def test_a_state_coordinator_signs_in_with_their_authenticator_and_reaches_their_state(
    page: Page, coordinator_a
):
    device = authenticator_for(coordinator_a)
    page.goto("/en/")
    assert_accessible(page)
    screenshot(page, "home-desktop")

    page.get_by_role("link", name="Jamaica").click()
    expect(page).to_have_url(re.compile(r"/en/states/JAM/$"))
    main_nav(page).get_by_role("link", name="Sign in").click()
    assert_accessible(page)
    screenshot(page, "sign-in")
    sign_in(page, coordinator_a.email)

    expect(page.get_by_role("heading", level=1, name="Two-factor sign-in")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "two-factor-verify")
    page.get_by_label("Code").fill(current_code(device.bin_key))
    page.get_by_role("button", name="Verify").click()

    expect(page).to_have_url(re.compile(r"/en/states/JAM/$"))
    expect(page.get_by_role("heading", level=1, name="Jamaica")).to_be_visible()
    expect(page.get_by_text("This is your state.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "state-own")


def test_a_coordinator_signing_in_from_the_home_page_is_asked_for_the_code_at_once(
    page: Page, coordinator_a, contributor_a, coordinator_b
):
    device = authenticator_for(coordinator_a)
    page.goto("/en/")
    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    sign_in(page, coordinator_a.email)

    expect(page.get_by_role("heading", level=1, name="Two-factor sign-in")).to_be_visible()
    page.get_by_label("Code").fill(current_code(device.bin_key))
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    main_nav(page).get_by_role("link", name="Users").click()

    expect(page.get_by_role("heading", level=1, name="Users")).to_be_visible()
    users = page.get_by_role("table", name="Users")
    expect(users.get_by_role("link", name=contributor_a.email)).to_be_visible()
    expect(users.get_by_text(coordinator_b.email)).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "user-list")

    main_nav(page).get_by_role("link", name=re.compile("Profile")).click()
    expect(page.get_by_role("heading", level=1, name="Your profile")).to_be_visible()
    expect(page.get_by_text("Two-factor sign-in is on.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "profile")


def test_a_state_contributor_signs_in_without_a_code_and_cannot_reach_user_management(
    page: Page, contributor_a
):
    page.goto("/en/accounts/sign-in/")
    sign_in(page, contributor_a.email, password="not the password")
    expect(page.get_by_role("alert")).to_contain_text(
        "The e-mail address or password is not correct."
    )
    assert_accessible(page)
    screenshot(page, "sign-in-error")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(main_nav(page).get_by_role("button", name="Sign out")).to_be_visible()
    expect(main_nav(page).get_by_role("link", name="Users")).to_have_count(0)
    assert_accessible(page)

    response = page.goto("/en/accounts/users/")
    assert response is not None and response.status == 404


def test_a_coordinator_without_an_authenticator_is_sent_to_set_one_up_on_sign_in(
    page: Page, coordinator_a
):
    page.goto("/en/")
    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    sign_in(page, coordinator_a.email)

    expect(page).to_have_url(re.compile(r"/en/accounts/two-factor/setup/$"))
    expect(page.get_by_role("heading", level=1, name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_text("Your role requires two-factor sign-in.")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "two-factor-setup")

    key = base64.b32decode(page.locator(".secret").inner_text().replace(" ", ""))
    page.get_by_label("Code from your app").fill(current_code(key))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("heading", level=1, name="Your recovery codes")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Two-factor sign-in is on.")
    assert_accessible(page)
    screenshot(page, "recovery-codes")
