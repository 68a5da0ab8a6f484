# ruff: noqa: F401, F811 - `four_replies` is the fixture of test_report.py, imported for its hand counts
"""The Secretariat's own questionnaire pages in a browser, in each language, with the axe check:
the questionnaire version with its missing translations, the campaign with the extension form,
a submitted reply with the review form, and the reply's history."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from hemis.conftest import PASSWORD
from hemis.questionnaires.tests.test_report import four_replies
from hemis.testing.browser import assert_accessible, sign_in_as

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("language", "title", "extension", "review", "history"),
    [
        # The small questionnaire's title is in English and Spanish: French and Portuguese
        # readers get the base language.
        ("en", "A small", "Grant an extension", "Validate the reply", "History of revisions"),
        ("es", "Un cuestionario", "Conceder una prórroga", "Validar la respuesta", "Historial"),
        ("fr", "A small", "Accorder une prorogation", "Valider la réponse", "Historique"),
        ("pt", "A small", "Conceder uma prorrogação", "Validar a resposta", "Histórico"),
    ],
)
def test_the_secretariats_questionnaire_pages_pass_the_axe_check_in_each_language(
    page: Page, four_replies, admin, language, title, extension, review, history
):
    key = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    page.goto("/en/")
    sign_in_as(page, admin.email, PASSWORD, totp_key=key.bin_key)

    page.goto(f"/{language}/questionnaires/definitions/small/1/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    assert_accessible(page)

    page.goto(f"/{language}/questionnaires/small-2026/")
    expect(page.get_by_role("heading", name=extension)).to_be_visible()
    assert_accessible(page)

    page.goto(f"/{language}/questionnaires/small-2026/JAM/")
    expect(page.get_by_role("button", name=review)).to_be_visible()
    assert_accessible(page)

    page.goto(f"/{language}/questionnaires/small-2026/JAM/history/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(history)
    assert_accessible(page)
