import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from hemis.accounts.actors import SYSTEM
from hemis.core.models import AuditEvent, MemberState
from hemis.questionnaires import services
from hemis.questionnaires.models import Answer, Reply
from hemis.questionnaires.tests.conftest import COMPLETE

pytestmark = pytest.mark.django_db


def save(reply, actor, answers, base=None):
    reply.refresh_from_db()
    return services.reply_save_answers(
        reply=reply,
        actor=actor,
        answers=answers,
        base_version=reply.version if base is None else base,
    )


def test_answers_to_different_questions_from_the_same_version_merge(
    reply_a, coordinator_a, contributor_a
):
    services.reply_save_answers(
        reply=reply_a, actor=coordinator_a, answers={"A1": "yes"}, base_version=0
    )
    result = services.reply_save_answers(
        reply=reply_a, actor=contributor_a, answers={"B2": 3}, base_version=0
    )
    assert result.version == 2
    values = dict(Answer.objects.filter(reply=reply_a).values_list("question__code", "value"))
    assert values == {"A1": "yes", "B2": 3}


def test_the_same_question_changed_by_both_is_a_conflict_and_nothing_is_applied(
    reply_a, coordinator_a, contributor_a
):
    services.reply_save_answers(
        reply=reply_a, actor=coordinator_a, answers={"B2": 5}, base_version=0
    )
    with pytest.raises(services.AnswerConflict) as caught:
        services.reply_save_answers(
            reply=reply_a, actor=contributor_a, answers={"B2": 7, "A1": "no"}, base_version=0
        )
    assert caught.value.conflicts["B2"]["value"] == 5
    assert caught.value.current_version == 1
    assert not Answer.objects.filter(reply=reply_a, question__code="A1").exists()
    # Choosing after seeing the other value: sent again from the version now read.
    result = services.reply_save_answers(
        reply=reply_a, actor=contributor_a, answers={"B2": 7}, base_version=1
    )
    assert result.version == 2


def test_sending_the_value_someone_else_already_saved_is_not_a_conflict(
    reply_a, coordinator_a, contributor_a
):
    services.reply_save_answers(
        reply=reply_a, actor=coordinator_a, answers={"B2": 5}, base_version=0
    )
    result = services.reply_save_answers(
        reply=reply_a, actor=contributor_a, answers={"B2": 5}, base_version=0
    )
    assert result.changed == []


def test_an_invalid_value_names_the_question_and_nothing_is_saved(reply_a, contributor_a):
    with pytest.raises(services.InvalidAnswers) as caught:
        save(reply_a, contributor_a, {"A1": "yes", "B2": -4, "B3": "nobody", "Z1": 1})
    assert set(caught.value.errors) == {"B2", "B3", "Z1"}
    assert "at least 0" in caught.value.errors["B2"]
    assert not Answer.objects.filter(reply=reply_a).exists()


@pytest.mark.parametrize(
    ("code", "value", "stored"),
    [
        ("A1", "partly", "partly"),
        ("A2", "2021-02-03", "2021-02-03"),
        ("B1", ["cyber", "sit"], ["sit", "cyber"]),
        ("B2", "12", 12),
        ("B3", "prosecutor", "prosecutor"),
        ("B4", "  Unit  ", "Unit"),
        ("B6", {"y2024": {"sent": 3, "granted": "yes"}}, {"y2024": {"sent": 3, "granted": "yes"}}),
        (
            "B7",
            [{"title": "Ley 1", "article": "5", "url": "https://example.org/l"}],
            [{"title": "Ley 1", "article": "5", "url": "https://example.org/l"}],
        ),
    ],
)
def test_every_kind_stores_a_normalized_value(reply_a, contributor_a, code, value, stored):
    save(reply_a, contributor_a, {code: value})
    assert Answer.objects.get(reply=reply_a, question__code=code).value == stored


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("A1", "maybe", "Choose one of"),
        ("A2", "31/12/2020", "YYYY-MM-DD"),
        ("B1", ["sit", "gangs"], "Choose one of"),
        ("B2", 2.5, "whole number"),
        ("B4", "x" * 51, "50 characters"),
        ("B6", {"y1999": {"sent": 1}}, "no row y1999"),
        ("B6", {"y2024": {"sent": -1}}, "y2024 / sent"),
        ("B7", [{"article": "5"}], "title of the law"),
        ("B7", [{"title": "Ley", "url": "javascript:alert(1)"}], "full web address"),
    ],
)
def test_every_kind_refuses_a_value_that_does_not_fit(reply_a, contributor_a, code, value, message):
    with pytest.raises(services.InvalidAnswers) as caught:
        save(reply_a, contributor_a, {code: value})
    assert message in caught.value.errors[code]


def test_not_available_is_kept_apart_from_blank_and_numbers_can_be_provisional(
    reply_a, contributor_a
):
    save(
        reply_a,
        contributor_a,
        {"B2": {"value": 40, "provisional": True}, "B4": {"not_available": True}},
    )
    b2 = Answer.objects.get(reply=reply_a, question__code="B2")
    b4 = Answer.objects.get(reply=reply_a, question__code="B4")
    assert (b2.value, b2.provisional) == (40, True)
    assert (b4.value, b4.not_available) == (None, True)


def test_another_states_official_cannot_write_the_reply(
    reply_a, coordinator_b, analyst, delegation_reader
):
    for actor in (coordinator_b, analyst, delegation_reader):
        with pytest.raises(PermissionDenied):
            save(reply_a, actor, {"A1": "yes"})


def test_submission_lists_the_required_questions_that_are_missing(reply_a, coordinator_a):
    save(reply_a, coordinator_a, {"A1": "yes"})
    with pytest.raises(services.MissingAnswers) as caught:
        services.reply_submit(reply=reply_a, actor=coordinator_a)
    assert [q.code for q in caught.value.questions] == ["A2", "B2"]


def test_a_question_that_is_not_shown_is_not_required(reply_a, coordinator_a):
    save(reply_a, coordinator_a, {"A1": "no", "B2": {"not_available": True}})
    revision = services.reply_submit(reply=reply_a, actor=coordinator_a)
    assert revision.number == 1


def test_only_the_coordinator_submits(reply_a, contributor_a):
    save(reply_a, contributor_a, COMPLETE)
    with pytest.raises(PermissionDenied):
        services.reply_submit(reply=reply_a, actor=contributor_a)


def test_a_reply_submitted_after_the_states_date_is_late_and_nothing_is_lost(
    reply_a, coordinator_a, campaign
):
    save(reply_a, coordinator_a, COMPLETE)
    after = campaign.deadline + dt.timedelta(days=3)
    revision = services.reply_submit(reply=reply_a, actor=coordinator_a, today=after)
    reply_a.refresh_from_db()
    assert revision.late and reply_a.late
    assert revision.answers["B2"]["value"] == 4


def test_an_extension_moves_the_states_date_so_the_same_day_is_on_time(
    reply_a, coordinator_a, campaign, admin, state_a
):
    new_date = campaign.deadline + dt.timedelta(days=30)
    services.campaign_extend_deadline(
        campaign=campaign, actor=admin, states=[state_a], new_date=new_date, reason="Elections"
    )
    save(reply_a, coordinator_a, COMPLETE)
    revision = services.reply_submit(
        reply=reply_a, actor=coordinator_a, today=campaign.deadline + dt.timedelta(days=3)
    )
    assert not revision.late


def test_an_extension_needs_a_reason_a_later_date_and_an_admin(campaign, admin, analyst, state_a):
    later = campaign.deadline + dt.timedelta(days=5)
    with pytest.raises(ValueError, match="reason"):
        services.campaign_extend_deadline(
            campaign=campaign, actor=admin, states=[state_a], new_date=later, reason=" "
        )
    with pytest.raises(ValueError, match="after the campaign's deadline"):
        services.campaign_extend_deadline(
            campaign=campaign, actor=admin, states=[state_a], new_date=campaign.deadline, reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.campaign_extend_deadline(
            campaign=campaign, actor=analyst, states=[state_a], new_date=later, reason="x"
        )
    with pytest.raises(ValueError, match="not invited"):
        services.campaign_extend_deadline(
            campaign=campaign,
            actor=admin,
            states=[MemberState.objects.get(iso3="ARG")],
            new_date=later,
            reason="x",
        )


def test_a_submitted_reply_is_locked_until_the_coordinator_reopens_it_and_amendments_make_revisions(
    reply_a, coordinator_a, contributor_a
):
    save(reply_a, coordinator_a, COMPLETE)
    services.reply_submit(reply=reply_a, actor=coordinator_a)
    with pytest.raises(services.ReplyLocked, match="reopen"):
        save(reply_a, contributor_a, {"B2": 6})
    services.reply_reopen(reply=reply_a, actor=coordinator_a)
    save(reply_a, contributor_a, {"B2": 6})
    second = services.reply_submit(reply=reply_a, actor=coordinator_a)
    assert second.number == 2
    assert second.changes == {
        "B2": [
            {"value": 4, "not_available": False, "provisional": False, "comment": ""},
            {"value": 6, "not_available": False, "provisional": False, "comment": ""},
        ]
    }
    assert second.submitted_by == coordinator_a


def test_the_secretariat_returns_a_reply_with_comments_and_the_state_resubmits(
    reply_a, coordinator_a, analyst
):
    save(reply_a, coordinator_a, COMPLETE)
    services.reply_submit(reply=reply_a, actor=coordinator_a)
    services.reply_return(
        reply=reply_a, actor=analyst, comments={"B2": "Please give 2025 figures."}
    )
    reply_a.refresh_from_db()
    assert reply_a.status == Reply.Status.RETURNED
    assert reply_a.review_comments.get().text == "Please give 2025 figures."
    save(reply_a, coordinator_a, {"B2": 9})
    services.reply_submit(reply=reply_a, actor=coordinator_a)
    services.reply_validate(reply=reply_a, actor=analyst)
    reply_a.refresh_from_db()
    assert reply_a.status == Reply.Status.VALIDATED


REPLY_STEPS = {
    "submit": lambda reply, people: services.reply_submit(reply=reply, actor=people["coordinator"]),
    "validate": lambda reply, people: services.reply_validate(reply=reply, actor=people["analyst"]),
    "return": lambda reply, people: services.reply_return(
        reply=reply, actor=people["analyst"], comments={"B2": "Please give 2025 figures."}
    ),
    "reopen": lambda reply, people: services.reply_reopen(reply=reply, actor=people["coordinator"]),
}
EXPECTED_REPLY_EDGES = {
    (Reply.Status.DRAFT, "submit"): Reply.Status.SUBMITTED,
    (Reply.Status.RETURNED, "submit"): Reply.Status.SUBMITTED,
    (Reply.Status.SUBMITTED, "validate"): Reply.Status.VALIDATED,
    (Reply.Status.SUBMITTED, "return"): Reply.Status.RETURNED,
    (Reply.Status.SUBMITTED, "reopen"): Reply.Status.DRAFT,
    (Reply.Status.VALIDATED, "reopen"): Reply.Status.DRAFT,
}


def test_the_reply_workflow_table_is_the_one_the_user_guide_describes():
    table = {
        (source, action): target
        for action, (sources, target) in services.REPLY_TRANSITIONS.items()
        for source in sources
    }
    assert table == EXPECTED_REPLY_EDGES


@pytest.mark.parametrize("action", list(REPLY_STEPS))
@pytest.mark.parametrize("status", list(Reply.Status))
def test_each_step_of_the_workflow_leads_where_the_table_says_or_is_refused(
    reply_a, coordinator_a, analyst, status, action
):
    save(reply_a, coordinator_a, COMPLETE)
    reply_a.refresh_from_db()
    Reply.objects.filter(pk=reply_a.pk).update(status=status, revision_count=1)
    reply_a.refresh_from_db()
    people = {"coordinator": coordinator_a, "analyst": analyst}
    target = EXPECTED_REPLY_EDGES.get((status, action))
    if target is None:
        with pytest.raises(services.TransitionError):
            REPLY_STEPS[action](reply_a, people)
        reply_a.refresh_from_db()
        assert reply_a.status == status
    else:
        REPLY_STEPS[action](reply_a, people)
        reply_a.refresh_from_db()
        assert reply_a.status == target


def test_returning_needs_a_comment_and_the_secretariat(reply_a, coordinator_a, analyst):
    save(reply_a, coordinator_a, COMPLETE)
    services.reply_submit(reply=reply_a, actor=coordinator_a)
    with pytest.raises(ValueError, match="at least one question"):
        services.reply_return(reply=reply_a, actor=analyst, comments={"B2": "  "})
    with pytest.raises(PermissionDenied):
        services.reply_return(reply=reply_a, actor=coordinator_a, comments={"B2": "x"})


def test_a_closed_campaign_locks_the_reply_and_says_why(reply_a, coordinator_a, admin, campaign):
    services.campaign_transition(campaign=campaign, actor=admin, action="close")
    with pytest.raises(services.ReplyLocked, match="campaign closed"):
        save(reply_a, coordinator_a, {"A1": "yes"})


def test_starting_from_the_previous_reply_copies_matching_answers_marked_for_review(
    reply_a, coordinator_a, campaign, questionnaire, admin, state_a
):
    save(reply_a, coordinator_a, {**COMPLETE, "B4": "Unit 7"})
    services.reply_submit(reply=reply_a, actor=coordinator_a)
    later = services.campaign_create(
        actor=admin,
        code="small-2027",
        questionnaire=questionnaire,
        opens_on=campaign.opens_on,
        deadline=campaign.deadline,
        states=[state_a],
    )
    new_reply = services.reply_start(campaign=later, state=state_a, actor=SYSTEM)
    copied = services.reply_copy_previous(reply=new_reply, actor=coordinator_a)
    assert copied == ["A1", "A2", "B2", "B4"]
    answers = Answer.objects.filter(reply=new_reply)
    assert all(a.needs_review for a in answers)
    with pytest.raises(ValueError, match="only into an empty reply"):
        services.reply_copy_previous(reply=new_reply, actor=coordinator_a)


def test_a_file_is_checked_from_its_content_not_its_name(reply_a, contributor_a, questionnaire):
    a3 = questionnaire.questions.get(code="A3")
    fake = SimpleUploadedFile(
        "strategy.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"
    )
    with pytest.raises(services.InvalidAnswers) as caught:
        services.attachment_upload(
            reply=reply_a, actor=contributor_a, question=a3, upload=fake, base_version=0
        )
    assert "content was checked" in caught.value.errors["A3"]
    pdf = SimpleUploadedFile("renamed.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    services.attachment_upload(
        reply=reply_a, actor=contributor_a, question=a3, upload=pdf, base_version=0
    )
    answer = Answer.objects.get(reply=reply_a, question=a3)
    assert answer.value["name"] == "renamed.txt"


def test_every_save_is_in_the_audit_log_with_old_and_new_values(reply_a, contributor_a):
    save(reply_a, contributor_a, {"B2": 1})
    save(reply_a, contributor_a, {"B2": 2})
    event = AuditEvent.objects.filter(action="reply.answer").order_by("-pk").first()
    assert event.changes["B2"][0]["value"] == 1
    assert event.changes["B2"][1]["value"] == 2
