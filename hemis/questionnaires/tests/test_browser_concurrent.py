"""Two people of the same state editing one reply at once, each in their own browser: no answer
is lost. Answers to different questions merge; the same answer changed by both is a choice."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import OperationalError
from playwright.sync_api import Browser, Page, expect

from hemis.accounts.models import Role
from hemis.conftest import PASSWORD, make_user
from hemis.questionnaires.models import Answer
from hemis.testing.browser import assert_accessible, sign_in_as

pytestmark = pytest.mark.browser

EDIT = "/en/questionnaires/small-2026/JAM/edit/"


@pytest.fixture
def second_page(
    browser: Browser, browser_context_args: dict[str, Any], page: Page
) -> Iterator[Page]:
    """A second browser context (its own cookies): another person at another computer."""
    context = browser.new_context(**browser_context_args)
    context.set_default_timeout(10_000)
    other = context.new_page()
    yield other
    context.close()


@pytest.fixture
def two_editors(page: Page, second_page: Page, campaign, contributor_a, state_a):
    colleague = make_user("contributor2.a@test.example.org", Role.STATE_CONTRIBUTOR, state_a)
    for browser_page, user in ((page, contributor_a), (second_page, colleague)):
        browser_page.goto("/en/")
        sign_in_as(browser_page, user.email, PASSWORD)
        browser_page.goto(EDIT)
    return page, second_page


def stored_values() -> dict[str, Any]:
    for _attempt in range(50):
        try:
            return dict(Answer.objects.values_list("question__code", "value"))
        except OperationalError:  # SQLite's table lock while the live server writes
            time.sleep(0.1)
    raise AssertionError("the answers could not be read")


def stored_value(code: str) -> Any:
    return stored_values()[code]


def settled(page: Page, code: str) -> None:
    """Wait until htmx has set up a question it has just swapped in: for about 20 ms after the
    swap its form does not save yet (htmx marks it `htmx-added` until then). A person cannot
    type that fast; a test can."""
    expect(page.locator(f"#q-{code}")).not_to_have_class(re.compile(r"\bhtmx-added\b"))


def answer(page: Page, code: str, label: str, text: str) -> None:
    field = page.locator(f"#q-{code}").get_by_label(label)
    field.fill(text)
    field.blur()


def test_answers_to_different_questions_merge_and_each_sees_both_after_a_reload(two_editors):
    ana, ben = two_editors
    answer(ana, "B4", "Answer", "Central Authority Unit")
    expect(ana.locator("#q-B4").get_by_role("status")).to_contain_text("Saved")
    ben.locator("#q-B3").get_by_label("Attorney General").check()
    expect(ben.locator("#q-B3").get_by_role("status")).to_contain_text("Saved")
    answer(ben, "B2", "Number", "14")
    expect(ben.locator("#q-B2").get_by_role("status")).to_contain_text("Saved")
    # Ana saves another answer from her page, opened before Ben's saves: nothing of his is lost.
    ana.locator("#q-A1").get_by_label("Yes", exact=True).check()
    expect(ana.locator("#q-A1").get_by_role("status")).to_contain_text("Saved")

    assert stored_values() == {
        "A1": "yes",
        "B2": 14,
        "B3": "prosecutor",
        "B4": "Central Authority Unit",
    }
    for page in (ana, ben):
        page.reload()
        expect(page.locator("#q-A1").get_by_label("Yes", exact=True)).to_be_checked()
        expect(page.locator("#q-B2").get_by_label("Number")).to_have_value("14")
        expect(page.locator("#q-B3").get_by_label("Attorney General")).to_be_checked()
        expect(page.locator("#q-B4").get_by_label("Answer")).to_have_value("Central Authority Unit")


def test_the_same_answer_changed_by_both_shows_both_values_and_my_answer_can_be_kept(
    two_editors,
):
    ana, ben = two_editors
    answer(ana, "B2", "Number", "5")
    expect(ana.locator("#q-B2").get_by_role("status")).to_contain_text("Saved")
    answer(ben, "B2", "Number", "9")

    conflict = ben.locator("#q-B2").get_by_role("alert")
    expect(conflict).to_contain_text("Someone else saved a different answer")
    expect(conflict).to_contain_text("Their answer: 5 requests")
    expect(ben.locator("#q-B2").get_by_label("Number")).to_have_value("9")  # mine, not saved
    assert stored_value("B2") == 5
    assert_accessible(ben)
    settled(ben, "B2")

    ben.locator("#q-B2").get_by_role("button", name="Keep my answer").click()
    expect(ben.locator("#q-B2").get_by_role("status")).to_contain_text("Saved")
    expect(ben.locator("#q-B2").get_by_role("alert")).to_have_count(0)
    assert stored_value("B2") == 9
    ana.reload()
    expect(ana.locator("#q-B2").get_by_label("Number")).to_have_value("9")


def test_the_same_answer_changed_by_both_can_be_settled_with_their_answer(two_editors):
    ana, ben = two_editors
    answer(ana, "B4", "Answer", "Unit of Ana")
    expect(ana.locator("#q-B4").get_by_role("status")).to_contain_text("Saved")
    answer(ben, "B4", "Answer", "Unit of Ben")

    conflict = ben.locator("#q-B4").get_by_role("alert")
    expect(conflict).to_contain_text("Their answer: Unit of Ana")
    expect(ben.locator("#q-B4").get_by_label("Answer")).to_have_value("Unit of Ben")
    settled(ben, "B4")

    ben.locator("#q-B4").get_by_role("button", name="Use their answer").click()
    expect(ben.locator("#q-B4").get_by_label("Answer")).to_have_value("Unit of Ana")
    expect(ben.locator("#q-B4").get_by_role("alert")).to_have_count(0)
    settled(ben, "B4")
    assert stored_value("B4") == "Unit of Ana"

    # Ben's page carries on from the version he chose: his next change is saved, no conflict.
    answer(ben, "B4", "Answer", "Unit of Ana and Ben")
    expect(ben.locator("#q-B4").get_by_role("status")).to_contain_text("Saved")
    assert stored_value("B4") == "Unit of Ana and Ben"
