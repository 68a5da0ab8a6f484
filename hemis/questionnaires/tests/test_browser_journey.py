"""The reply's journey in a real browser, with an accessibility check on every page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from hemis.accounts.models import Role
from hemis.conftest import PASSWORD, make_user
from hemis.core.models import MemberState
from hemis.questionnaires.models import Answer, Reply
from hemis.testing.browser import assert_accessible, screenshot, sign_in_as, sign_out

pytestmark = pytest.mark.browser


def test_belize_drafts_submits_and_shares_and_the_report_and_chile_follow(
    page: Page, campaign, analyst, delegation_reader
):
    belize = MemberState.objects.get(iso3="BLZ")
    contributor = make_user("contributor.blz@example.org", Role.STATE_CONTRIBUTOR, belize)
    coordinator = make_user("coordinator.blz@example.org", Role.STATE_COORDINATOR, belize)
    key = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)

    # The Secretariat sees the response rate before Belize replies.
    page.goto("/en/")
    sign_in_as(page, analyst.email, PASSWORD)
    page.goto("/en/questionnaires/small-2026/")
    expect(page.get_by_role("main")).to_contain_text("0 of 6 invited states have replied")
    sign_out(page)

    # Belize's contributor drafts section A: each answer is saved as it is entered.
    sign_in_as(page, contributor.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Questionnaires").click()
    assert_accessible(page)
    page.get_by_role("region", name="Your State's replies").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Belize")
    a1 = page.locator("#q-A1")
    a2 = page.locator("#q-A2")
    expect(a2).to_be_hidden()
    a1.get_by_label("Yes").check()
    expect(a2).to_be_visible()  # its condition holds now, in the browser
    expect(a1.get_by_role("status")).to_contain_text("Saved")
    a2.get_by_label("Date").fill("2019-07-15")
    a2.get_by_label("Date").blur()
    expect(a2.get_by_role("status")).to_contain_text("Saved")
    assert_accessible(page)
    screenshot(page, "questionnaire-reply-edit")
    reply = Reply.objects.get(state=belize)
    assert dict(Answer.objects.filter(reply=reply).values_list("question__code", "value")) == {
        "A1": "yes",
        "A2": "2019-07-15",
    }
    sign_out(page)

    # Belize's coordinator finishes (a required number) and submits.
    sign_in_as(page, coordinator.email, PASSWORD, totp_key=key.bin_key)
    page.goto("/en/questionnaires/small-2026/BLZ/edit/")
    page.get_by_role("button", name="Submit the reply").click()
    expect(page.locator("#missing")).to_contain_text("B2")
    assert_accessible(page)
    page.locator("#missing").get_by_role("link", name="B2").click()
    b2 = page.locator("#q-B2")
    b2.get_by_label("Number").fill("7")
    b2.get_by_label("Number").blur()
    expect(b2.get_by_role("status")).to_contain_text("Saved")
    page.get_by_role("button", name="Submit the reply").click()
    expect(page.get_by_role("main")).to_contain_text("Reply submitted")
    assert_accessible(page)
    sign_out(page)

    # Chile's delegation reader does not see the unshared reply.
    sign_in_as(page, delegation_reader.email, PASSWORD)
    response = page.goto("/en/questionnaires/small-2026/BLZ/")
    assert response.status == 404
    page.goto("/en/")
    sign_out(page)

    # The Secretariat sees the response rate move and Belize's answers counted in the report.
    sign_in_as(page, analyst.email, PASSWORD)
    page.goto("/en/questionnaires/small-2026/")
    expect(page.get_by_role("main")).to_contain_text("1 of 6 invited states has replied")
    assert_accessible(page)
    page.goto(reverse("questionnaires:report", args=["small-2026"]))
    expect(page.locator(".rate-summary")).to_contain_text("1 of 6 invited states have replied")
    a1_figures = page.get_by_role("article", name="A1")
    expect(a1_figures).to_contain_text("1 reply answered")
    yes_row = a1_figures.locator("#t-A1").get_by_role("row", name="Yes")
    expect(yes_row.get_by_role("cell").first).to_have_text("1")  # Belize's "yes"
    b2_figures = page.get_by_role("article", name="B2")
    expect(b2_figures).to_contain_text("1 reply answered")
    expect(b2_figures.get_by_role("definition").first).to_have_text("7 requests")
    expect(page.get_by_role("article", name="A2")).to_contain_text("1 reply answered")
    assert_accessible(page)
    sign_out(page)

    # Belize's coordinator shares the reply; now Chile's delegation reader sees it.
    TOTPDevice.objects.filter(pk=key.pk).update(last_t=-1)  # the same code may be shown again
    sign_in_as(page, coordinator.email, PASSWORD, totp_key=key.bin_key)
    page.goto("/en/questionnaires/small-2026/BLZ/")
    page.get_by_role("button", name="Share with all delegations").click()
    expect(page.get_by_role("main")).to_contain_text("shared with all delegations")
    sign_out(page)
    sign_in_as(page, delegation_reader.email, PASSWORD)
    page.goto("/en/questionnaires/small-2026/BLZ/")
    expect(page.get_by_role("main")).to_contain_text("2019-07-15")
    assert_accessible(page)
    screenshot(page, "questionnaire-reply-shared")


def test_the_reply_page_works_at_375_pixels(page: Page, campaign, contributor_a):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/en/")
    sign_in_as(page, contributor_a.email, PASSWORD)
    page.goto("/en/questionnaires/small-2026/JAM/edit/")
    page.locator("#q-B1").get_by_label("Cybercrime").check()
    expect(page.locator("#q-B5")).to_be_visible()
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
