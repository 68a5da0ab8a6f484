# ruff: noqa: F401, F811 - `four_replies` is the fixture of test_report.py, imported for its hand counts
"""The report's figures updated reply by reply equal the figures counted from every reply."""

import pytest

from hemis.accounts.models import User
from hemis.core.models import MemberState
from hemis.questionnaires import report, services
from hemis.questionnaires.models import Reply
from hemis.questionnaires.tests.test_report import four_replies, submit

pytestmark = pytest.mark.django_db

# `compute` itself: the fixture below replaces the module's attribute to catch a full count.
ORIGINAL_COMPUTE = report.compute


def coordinator(iso3):
    return User.objects.get(email=f"c-{iso3.lower()}@example.org")


def reply_of(campaign, iso3):
    return Reply.objects.get(campaign=campaign, state__iso3=iso3)


def amend(campaign, iso3, answers):
    reply = reply_of(campaign, iso3)
    services.reply_reopen(reply=reply, actor=coordinator(iso3))
    reply.refresh_from_db()
    services.reply_save_answers(
        reply=reply, actor=coordinator(iso3), answers=answers, base_version=reply.version
    )
    services.reply_submit(reply=reply, actor=coordinator(iso3))


@pytest.fixture
def counted_once(four_replies, monkeypatch):
    """The figures read once (so held and cached); after that, counting every reply again fails
    the test, so the figures can only change reply by reply."""
    report.figures_for(four_replies)

    def no_recount(campaign):
        raise AssertionError("every reply counted again instead of the one that changed")

    monkeypatch.setattr(report.store, "compute", no_recount)
    return four_replies


def assert_equal_to_a_full_count(campaign):
    updated = report.figures_for(campaign)
    full = ORIGINAL_COMPUTE(campaign)
    assert updated.generation == full.generation
    assert updated.replies == full.replies
    assert updated.questions == full.questions
    assert updated.needs == full.needs
    assert (updated.invited, updated.subregion_of) == (full.invited, full.subregion_of)
    return updated


def test_a_new_reply_is_added_to_the_figures_without_counting_the_others(counted_once):
    submit(
        counted_once,
        "CAN",
        {"A1": "yes", "A2": "2018-03-03", "B1": ["cyber"], "B2": 7, "B4": "Unit C"},
    )
    figures = assert_equal_to_a_full_count(counted_once)
    assert figures.questions["A1"].counts == {"yes": 3, "no": 1, "partly": 1}
    assert figures.questions["B2"].number_summary["sum"] == 21
    canada = MemberState.objects.get(iso3="CAN").pk
    assert canada in figures.needs["B1"]["cyber"]


def test_an_amendment_takes_out_the_previous_revision_and_adds_the_new_one(counted_once):
    # Jamaica: yes -> no (A2 no longer applies), needs change, number, table and text change.
    amend(
        counted_once,
        "JAM",
        {
            "A1": "no",
            "B1": ["jit"],
            "B2": 40,
            "B4": "",
            "B6": {"y2024": {"sent": 9, "granted": "no"}},
        },
    )
    figures = assert_equal_to_a_full_count(counted_once)
    assert figures.questions["A1"].counts == {"yes": 1, "no": 2, "partly": 1}
    assert figures.questions["A2"].not_shown == 2
    assert figures.questions["B1"].counts == {"sit": 1, "jit": 2}
    assert "cyber" not in figures.needs["B1"]
    assert figures.questions["B6"].cell_sums == {("y2024", "sent"): 14, ("y2025", "sent"): 1}
    jamaica = MemberState.objects.get(iso3="JAM").pk
    assert jamaica not in {s for s, _v, _c in figures.questions["B4"].listed}


def test_a_return_and_a_validation_update_the_reply_and_keep_the_counts(counted_once, admin):
    before = report.figures_for(counted_once).questions
    services.reply_return(
        reply=reply_of(counted_once, "MEX"), actor=admin, comments={"B2": "Please check."}
    )
    figures = assert_equal_to_a_full_count(counted_once)
    mexico = MemberState.objects.get(iso3="MEX").pk
    assert figures.replies[mexico].status == Reply.Status.RETURNED
    assert figures.questions == before
    services.reply_validate(reply=reply_of(counted_once, "CHL"), actor=admin)
    figures = assert_equal_to_a_full_count(counted_once)
    chile = MemberState.objects.get(iso3="CHL").pk
    assert figures.replies[chile].status == Reply.Status.VALIDATED


def test_sharing_changes_who_may_read_the_answers_at_once(counted_once, delegation_reader):
    mexico = MemberState.objects.get(iso3="MEX").pk
    assert mexico not in report.visible_states(delegation_reader, report.figures_for(counted_once))
    services.reply_set_shared(
        reply=reply_of(counted_once, "MEX"), actor=coordinator("MEX"), shared=True
    )
    figures = assert_equal_to_a_full_count(counted_once)
    assert mexico in report.visible_states(delegation_reader, figures)
    services.reply_set_shared(
        reply=reply_of(counted_once, "JAM"), actor=coordinator("JAM"), shared=False
    )
    figures = assert_equal_to_a_full_count(counted_once)
    jamaica = MemberState.objects.get(iso3="JAM").pk
    assert jamaica not in report.visible_states(delegation_reader, figures)


def test_several_changes_between_two_readings_are_all_taken_in(counted_once):
    submit(counted_once, "CAN", {"A1": "partly", "A2": "2020-01-01", "B2": 3})
    amend(counted_once, "BLZ", {"A1": "no", "B2": 5})
    amend(counted_once, "BLZ", {"B1": ["sit", "jit"]})
    assert_equal_to_a_full_count(counted_once)


def test_taking_out_every_reply_leaves_figures_with_nothing_counted(four_replies):
    figures = ORIGINAL_COMPUTE(four_replies)
    questions = report.figures._counted(four_replies)
    answers = report.answers_of(four_replies, set(figures.replies))
    for state_id, reply in figures.replies.items():
        report.figures._apply(
            figures, questions, state_id, reply.subregion_id, answers[state_id], -1
        )
    empty = report.figures._empty(
        four_replies, questions, report.figures._invitations(four_replies)
    )
    assert figures.questions == empty.questions
    assert figures.needs == empty.needs


def test_figures_in_the_cache_are_counts_without_whole_replies(four_replies):
    figures = report.figures_for(four_replies)
    reply = next(iter(figures.replies.values()))
    assert not hasattr(reply, "answers")


def test_a_process_without_its_own_copy_updates_the_figures_another_stored(counted_once):
    report.store._HELD.clear()  # as in a web worker that has not read this report yet
    amend(counted_once, "CHL", {"A1": "yes", "B1": ["cyber", "jit"]})
    figures = assert_equal_to_a_full_count(counted_once)
    assert figures.questions["B1"].counts == {"sit": 2, "cyber": 2, "jit": 1}


def test_a_cleared_cache_means_every_reply_is_counted_again(four_replies):
    from django.core.cache import cache

    first = report.figures_for(four_replies)
    cache.clear()
    again = report.figures_for(four_replies)
    assert again is not first
    assert again.questions == first.questions
