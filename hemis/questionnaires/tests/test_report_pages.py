# ruff: noqa: F401, F811 - `four_replies` is the fixture of test_report.py, imported for its hand counts
"""The live preliminary report page: who reaches it, what each reader sees, its filters."""

import datetime as dt
import re

import pytest
import time_machine

from hemis.accounts.actors import SYSTEM
from hemis.conftest import signed_in
from hemis.questionnaires import services
from hemis.questionnaires.models import Campaign
from hemis.questionnaires.report import data as report_views_data
from hemis.questionnaires.tests.test_report import four_replies, submit

pytestmark = pytest.mark.django_db

URL = "/en/questionnaires/small-2026/report/"


def text_of(html: str) -> str:
    """The page's words without tags, with runs of white space made one."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def table(html: str, table_id: str) -> str:
    start = html.index(f'id="{table_id}"')
    return text_of(html[start : html.index("</table>", start)])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("analyst", 200),
        ("coordinator_a", 200),
        ("contributor_a", 200),
        ("coordinator_b", 200),
        ("delegation_reader", 200),
        ("anonymous", 302),
    ],
)
def test_each_role_reaches_the_report_of_an_open_campaign(four_replies, personas, persona, status):
    response = signed_in(personas[persona]).get(URL)
    assert response.status_code == status
    if status == 302:
        assert "/accounts/" in response["Location"] or "login" in response["Location"]
    else:
        assert "Preliminary report" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("analyst", 404), ("coordinator_a", 404), ("delegation_reader", 404)],
)
def test_the_report_of_a_draft_campaign_is_for_admins_only(campaign, personas, persona, status):
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.DRAFT)
    assert signed_in(personas[persona]).get(URL).status_code == status


def test_the_page_shows_the_hand_counted_response_rate(four_replies, analyst):
    html = signed_in(analyst).get(URL).content.decode()
    assert "4 of 6 invited states have replied (66.7 %): 3 on time, 1 late." in text_of(html)
    # All invited states: invited, replied, on time, late, not replied, %.
    assert "All invited states 6 4 3 1 2 66.7" in table(html, "rate-table")
    not_replied = html[html.index('id="not-replied-title"') :]
    not_replied = text_of(not_replied[: not_replied.index("</ul>")])
    assert "2 states have not replied" in not_replied
    assert "Brazil" in not_replied and "Canada" in not_replied
    assert "Jamaica" not in not_replied


def test_the_page_shows_the_hand_counted_figures_per_question(four_replies, analyst):
    html = signed_in(analyst).get(URL).content.decode()
    assert "Yes 2 50.0" in table(html, "t-A1")
    assert "No 1 25.0" in table(html, "t-A1")
    assert "Partly 1 25.0" in table(html, "t-A1")
    assert "Special investigative techniques 2 66.7" in table(html, "t-B1")
    b2 = text_of(html[html.index('id="q-B2"') : html.index('id="q-B3"')])
    assert "3 replies answered · information not available in 1" in b2
    assert "Total 14 requests" in b2 and "Mean 4.67" in b2 and "Median 4" in b2
    b6 = text_of(html[html.index('id="q-B6"') : html.index('id="q-B7"')])
    assert "2024 8 Yes: 1, No: 1" in b6
    a2 = text_of(html[html.index('id="q-A2"') : html.index('id="q-A3"')])
    assert "did not apply to 1" in a2
    # One chart per choice question that has answers, and the response-rate chart.
    assert 'id="chart-rate-spec"' in html and 'id="chart-A1-spec"' in html


def test_free_text_of_an_unshared_reply_is_listed_for_the_secretariat_only(
    four_replies, analyst, delegation_reader
):
    secretariat = signed_in(analyst).get(URL).content.decode()
    reader = signed_in(delegation_reader).get(URL).content.decode()
    # Jamaica shares its reply, Mexico does not.
    assert "Unit J" in secretariat and "Unidad M" in secretariat
    assert "Unit J" in reader
    assert "Unidad M" not in reader
    assert "answers from replies that are not shared are counted but not listed" in text_of(reader)
    # The counts themselves include every submitted reply.
    assert "Yes 2 50.0" in table(reader, "t-A1")


def test_a_coordinator_sees_its_own_unshared_reply_but_not_another_states(
    four_replies, coordinator_b, coordinator_a
):
    # Mexico (state B) did not share; its coordinator still sees its own answers.
    assert "Unidad M" in signed_in(coordinator_b).get(URL).content.decode()
    assert "Unidad M" not in signed_in(coordinator_a).get(URL).content.decode()


def test_needs_are_listed_by_topic_and_by_state_within_what_the_reader_may_see(
    four_replies, analyst, delegation_reader
):
    html = signed_in(analyst).get(URL).content.decode()
    topics = table(html, "needs-topics")
    assert "Special investigative techniques 2 Jamaica, Mexico" in topics
    assert "Jamaica Special investigative techniques; Cybercrime" in table(html, "needs-states")
    reader = table(signed_in(delegation_reader).get(URL).content.decode(), "needs-topics")
    assert "Special investigative techniques 2 Jamaica; 1 state whose reply is not shared" in reader


def test_the_page_takes_in_a_reply_the_moment_it_is_submitted(four_replies, analyst):
    client = signed_in(analyst)
    assert "4 of 6 invited states" in text_of(client.get(URL).content.decode())
    submit(four_replies, "CAN", {"A1": "yes", "A2": "2018-03-03", "B2": 2})
    assert "5 of 6 invited states" in text_of(client.get(URL).content.decode())


def test_changes_since_a_date_list_new_and_amended_replies(four_replies, analyst, admin):
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    with time_machine.travel(later, tick=False):
        reply = services.reply_start(campaign=four_replies, state=admin_state("JAM"), actor=SYSTEM)
        coordinator = reply_coordinator("JAM")
        services.reply_reopen(reply=reply, actor=coordinator)
        reply.refresh_from_db()
        services.reply_save_answers(
            reply=reply, actor=coordinator, answers={"B4": "Unit J2"}, base_version=reply.version
        )
        services.reply_submit(reply=reply, actor=coordinator)
        submit(four_replies, "CAN", {"A1": "no", "B2": 1})
    since = (later.date()).isoformat()
    html = signed_in(analyst).get(f"{URL}?since={since}").content.decode()
    changes = table(html, "changes-table")
    assert "Canada" in changes and "New reply" in changes
    assert "Jamaica" in changes and "Amended (revision 2)" in changes and "B4" in changes
    assert "Mexico" not in changes


def test_a_bad_since_date_gets_a_message_naming_the_field(four_replies, analyst):
    response = signed_in(analyst).get(f"{URL}?since=31/12/2026")
    assert response.status_code == 400
    assert str(report_views_data.ERR_SINCE) in response.content.decode()


def test_the_section_filter_shows_one_sections_findings(four_replies, analyst):
    client = signed_in(analyst)
    html = client.get(f"{URL}?section=B").content.decode()
    assert 'id="q-B1"' in html and 'id="q-A1"' not in html
    html = client.get(f"{URL}?section=ZZ").content.decode()
    assert str(report_views_data.ERR_SECTION) in html
    assert 'id="q-A1"' in html


def test_the_report_page_runs_a_bounded_number_of_queries(
    four_replies, analyst, delegation_reader, django_assert_max_num_queries
):
    for user in (analyst, delegation_reader):
        client = signed_in(user)
        client.get(URL)  # fills the figures' cache
        with django_assert_max_num_queries(15):
            client.get(URL)
    submit(four_replies, "CAN", {"A1": "no", "B2": 1})
    with django_assert_max_num_queries(20):
        client.get(URL)  # recomputed once after a submission


def admin_state(iso3):
    from hemis.core.models import MemberState

    return MemberState.objects.get(iso3=iso3)


def reply_coordinator(iso3):
    from hemis.accounts.models import User

    return User.objects.get(email=f"c-{iso3.lower()}@example.org")


@pytest.mark.browser
def test_the_secretariat_reads_the_report_with_its_charts_in_a_browser(page, four_replies, analyst):
    from playwright.sync_api import expect

    from hemis.conftest import PASSWORD
    from hemis.testing.browser import assert_accessible, screenshot, sign_in_as

    page.goto("/en/")
    sign_in_as(page, analyst.email, PASSWORD)
    page.goto(URL)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Preliminary report")
    # vega-embed draws each chart as an svg inside its canvas.
    expect(page.locator("#rate-title ~ .chart-and-table .chart-canvas svg")).to_have_count(1)
    expect(page.locator("#q-A1 ~ .chart-and-table .chart-canvas svg")).to_have_count(1)
    expect(page.get_by_role("table", name="Response rate by subregion")).to_contain_text("66.7")
    page.get_by_text("B1 by subregion").first.click()
    assert_accessible(page)
    screenshot(page, "questionnaire-report")
    page.get_by_label("Changes since").fill("2000-01-01")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="What changed since 2000-01-01")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(URL + "?section=A")
    expect(page.locator("#q-A1 ~ .chart-and-table .chart-canvas svg")).to_have_count(1)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert_accessible(page)
    screenshot(page, "questionnaire-report-375")


def test_listed_answers_are_escaped(four_replies, analyst):
    submit(four_replies, "CAN", {"A1": "no", "B2": 1, "B4": "<b>Unit</b> & co"}, shared=True)
    html = signed_in(analyst).get(f"{URL}?section=B").content.decode()
    assert "&lt;b&gt;Unit&lt;/b&gt; &amp; co" in html
    assert "<b>Unit</b>" not in html
