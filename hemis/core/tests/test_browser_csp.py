"""Pages draw under hemis's Content-Security-Policy in a real browser, charts and API docs too.

The `page` fixture fails a test on any violation the browser reports, so each check here only
has to visit the page and see that it works.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from hemis.conftest import PASSWORD
from hemis.testing.browser import assert_accessible, screenshot, sign_in_as

pytestmark = pytest.mark.browser


def policy_of(page: Page, path: str) -> str:
    response = page.goto(path)
    assert response is not None
    return response.headers.get("content-security-policy", "")


def test_the_policy_allows_nothing_inline_and_no_eval(page: Page):
    policy = policy_of(page, "/en/")
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_treaty_map_draws_under_the_policy(page: Page):
    page.goto("/en/treaties/map/?instrument=UNTOC")
    expect(page.locator(".chart-canvas svg path").first).to_be_attached()
    screenshot(page, "csp-treaty-map")


def test_the_questionnaire_reports_charts_draw_under_the_policy(page: Page, analyst):
    call_command("load_demo_data", stdout=io.StringIO())
    from hemis.questionnaires.models import Campaign

    campaign = Campaign.objects.first()
    page.goto("/en/")
    sign_in_as(page, analyst.email, PASSWORD)
    page.goto(f"/en/questionnaires/{campaign.code}/report/")
    charts = page.locator(".chart-canvas")
    expect(charts.first.locator("svg")).to_be_attached()
    assert charts.count() == page.locator(".chart-canvas svg").count()
    screenshot(page, "csp-report-charts")


def test_the_api_documentation_works_under_the_policy(page: Page):
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", name="hemis API")).to_be_visible()
    page.get_by_role("button", name="GET /api/v1/member-states").first.click()
    expect(page.get_by_text("lang").first).to_be_visible()
    screenshot(page, "csp-api-docs")


@pytest.mark.parametrize("browser_locale", ["fr"])
def test_the_error_page_shows_in_the_layout_under_the_policy(page: Page):
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page introuvable")).to_be_visible()
    expect(page.get_by_role("link", name="Aller à la page d’accueil")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "csp-404-fr")


def test_a_form_sent_without_its_token_shows_the_403_page(page: Page):
    page.goto("/pt/accounts/sign-in/")
    page.context.clear_cookies()
    page.get_by_label("Endereço de e-mail").fill("someone@example.org")
    page.get_by_label("Senha").fill("a password")
    page.get_by_role("main").get_by_role("button").click()
    expect(page.get_by_role("heading", name="Não foi possível enviar o formulário")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "csp-403-pt")


def test_a_malformed_request_shows_the_400_page(page: Page):
    # More query fields than Django accepts (DATA_UPLOAD_MAX_NUMBER_FIELDS) is a bad request.
    response = page.goto("/es/laws/?" + "&".join(["q=x"] * 1001))
    assert response is not None and response.status == 400
    expect(page.get_by_role("heading", name="Solicitud incorrecta")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "csp-400-es")


def test_a_server_error_shows_the_500_page(page: Page, monkeypatch, settings):
    settings.DEBUG = False

    def broken():
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr("hemis.core.selectors.state_cache_key", broken)
    response = page.goto("/en/")
    assert response is not None and response.status == 500
    expect(page.get_by_role("heading", name="Something went wrong")).to_be_visible()
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "csp-500-en")
