import datetime as dt

import pytest

from hemis.accounts.actors import SYSTEM
from hemis.accounts.models import Role
from hemis.conftest import make_user
from hemis.core.models import MemberState
from hemis.questionnaires import report, services

pytestmark = pytest.mark.django_db


def submit(campaign, iso3, answers, *, late=False, shared=False):
    state = MemberState.objects.get(iso3=iso3)
    coordinator = make_user(f"c-{iso3.lower()}@example.org", Role.STATE_COORDINATOR, state)
    reply = services.reply_start(campaign=campaign, state=state, actor=SYSTEM)
    services.reply_save_answers(
        reply=reply, actor=coordinator, answers=answers, base_version=reply.version
    )
    today = campaign.deadline + dt.timedelta(days=2) if late else None
    services.reply_submit(reply=reply, actor=coordinator, today=today)
    if shared:
        services.reply_set_shared(reply=reply, actor=coordinator, shared=True)
    return reply


@pytest.fixture
def four_replies(campaign):
    # Invited: JAM, MEX, CHL, BLZ, BRA, CAN. Hand-counted figures are in the tests below.
    submit(
        campaign,
        "JAM",
        {
            "A1": "yes",
            "A2": "2019-01-01",
            "B1": ["sit", "cyber"],
            "B2": 4,
            "B4": "Unit J",
            "B6": {"y2024": {"sent": 3, "granted": "yes"}},
        },
        shared=True,
    )
    submit(
        campaign,
        "MEX",
        {
            "A1": "no",
            "B1": ["sit"],
            "B2": 10,
            "B4": "Unidad M",
            "B6": {"y2024": {"sent": 5, "granted": "no"}, "y2025": {"sent": 1}},
        },
        late=True,
    )
    submit(
        campaign,
        "CHL",
        {"A1": "partly", "A2": "2021-06-30", "B1": ["jit"], "B2": {"not_available": True}},
        shared=True,
    )
    submit(campaign, "BLZ", {"A1": "yes", "A2": "2022-02-02", "B2": 0})
    # Brazil drafts but does not submit: it must not count.
    brazil = MemberState.objects.get(iso3="BRA")
    coordinator = make_user("c-bra@example.org", Role.STATE_COORDINATOR, brazil)
    reply = services.reply_start(campaign=campaign, state=brazil, actor=SYSTEM)
    services.reply_save_answers(
        reply=reply, actor=coordinator, answers={"A1": "no"}, base_version=0
    )
    return campaign


def test_the_response_rate_counts_submitted_replies_on_time_and_late(four_replies):
    rate = report.response_rate(report.figures_for(four_replies))
    assert (rate["invited"], rate["replied"], rate["on_time"], rate["late"]) == (6, 4, 3, 1)
    caribbean = MemberState.objects.get(iso3="JAM").subregion_id
    assert rate["by_subregion"][caribbean] == {"invited": 1, "replied": 1, "on_time": 1, "late": 0}
    not_replied = {
        s.iso3 for s in report.states_by_id(report.figures_for(four_replies).not_replied).values()
    }
    assert not_replied == {"BRA", "CAN"}


def test_choice_questions_are_counted_per_option_with_percentages(four_replies):
    figures = report.figures_for(four_replies).questions
    a1 = figures["A1"]
    assert a1.counts == {"yes": 2, "no": 1, "partly": 1}
    assert a1.answered == 4
    assert a1.percent(a1.counts["yes"]) == 50.0
    b1 = figures["B1"]
    assert b1.counts == {"sit": 2, "cyber": 1, "jit": 1}
    assert b1.blank == 1  # Belize left it blank


def test_numbers_are_summarized_and_not_available_is_counted_apart(four_replies):
    b2 = report.figures_for(four_replies).questions["B2"]
    assert b2.number_summary == {
        "count": 3,
        "sum": 14,
        "min": 0,
        "max": 10,
        "mean": 4.67,
        "median": 4,
    }
    assert b2.not_available == 1


def test_table_number_columns_are_summed_and_conditions_are_respected(four_replies):
    figures = report.figures_for(four_replies).questions
    b6 = figures["B6"]
    assert b6.cell_sums == {("y2024", "sent"): 8, ("y2025", "sent"): 1}
    assert b6.cell_counts[("y2024", "granted", "yes")] == 1
    a2 = figures["A2"]
    assert a2.not_shown == 1  # Mexico answered "no": A2 does not apply
    assert a2.answered == 3


def test_needs_are_gathered_by_topic_and_state(four_replies):
    needs = report.figures_for(four_replies).needs["B1"]
    jamaica, mexico, chile = (MemberState.objects.get(iso3=c).pk for c in ("JAM", "MEX", "CHL"))
    assert sorted(needs["sit"]) == sorted([jamaica, mexico])
    assert needs["jit"] == [chile]


def test_the_report_changes_the_moment_a_reply_is_submitted(four_replies):
    assert len(report.figures_for(four_replies).replied) == 4
    submit(four_replies, "CAN", {"A1": "yes", "A2": "2018-03-03", "B2": 2})
    assert len(report.figures_for(four_replies).replied) == 5


def test_officials_see_individual_answers_of_shared_replies_the_secretariat_all(
    four_replies, analyst, delegation_reader
):
    figures = report.figures_for(four_replies)
    shared = {MemberState.objects.get(iso3=c).pk for c in ("JAM", "CHL")}
    assert report.visible_states(delegation_reader, figures) == shared
    assert report.visible_states(analyst, figures) == set(figures.replies)
