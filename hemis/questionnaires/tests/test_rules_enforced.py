"""Each questionnaire rule holds in the service that writes, not only in the page that calls it:
who may change a campaign, share a reply, copy the previous one or mark an answer reviewed; the
lock on a reply that can no longer change; which files of a shared reply other states see; who
reads a questionnaire's definition."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from hemis.accounts.actors import SYSTEM
from hemis.conftest import signed_in
from hemis.core.models import AuditEvent, MemberState
from hemis.questionnaires import access, services
from hemis.questionnaires.models import Answer, Attachment, Campaign, Reply
from hemis.questionnaires.tests.conftest import COMPLETE

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
JAM = "/en/questionnaires/small-2026/JAM"


def save(reply: Reply, actor, answers: dict) -> None:
    reply.refresh_from_db()
    services.reply_save_answers(
        reply=reply, actor=actor, answers=answers, base_version=reply.version
    )


@pytest.fixture
def later_reply(reply_a, coordinator_a, campaign, questionnaire, admin, state_a) -> Reply:
    """Jamaica's empty reply to a later campaign, its 2026 reply submitted with B4 answered."""
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
    return services.reply_start(campaign=later, state=state_a, actor=SYSTEM)


# Campaigns


def test_only_an_administrator_sends_a_questionnaire_to_the_states(
    questionnaire, analyst, coordinator_a
):
    today = dt.date.today()
    for actor in (analyst, coordinator_a):
        with pytest.raises(PermissionDenied):
            services.campaign_create(
                actor=actor,
                code="small-2030",
                questionnaire=questionnaire,
                opens_on=today,
                deadline=today + dt.timedelta(days=30),
            )
    assert not Campaign.objects.filter(code="small-2030").exists()


def test_only_an_administrator_closes_or_opens_a_campaign(campaign, admin, analyst, coordinator_a):
    for actor in (analyst, coordinator_a):
        with pytest.raises(PermissionDenied):
            services.campaign_transition(campaign=campaign, actor=actor, action="close")
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN
    services.campaign_transition(campaign=campaign, actor=admin, action="close")
    for actor in (analyst, coordinator_a):
        with pytest.raises(PermissionDenied):
            services.campaign_transition(campaign=campaign, actor=actor, action="open")
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED


# Sharing


def test_only_the_states_coordinator_shares_its_reply_or_stops_sharing_it(
    reply_a, coordinator_a, contributor_a, coordinator_b, admin, analyst
):
    for actor in (contributor_a, coordinator_b, admin, analyst):
        with pytest.raises(PermissionDenied):
            services.reply_set_shared(reply=reply_a, actor=actor, shared=True)
    reply_a.refresh_from_db()
    assert reply_a.shared is False
    services.reply_set_shared(reply=reply_a, actor=coordinator_a, shared=True)
    for actor in (contributor_a, coordinator_b, admin, analyst):
        with pytest.raises(PermissionDenied):
            services.reply_set_shared(reply=reply_a, actor=actor, shared=False)
    reply_a.refresh_from_db()
    assert reply_a.shared is True


# Copying the previous reply and marking what was copied as reviewed


def test_only_the_states_editors_copy_its_previous_reply(
    later_reply, coordinator_b, admin, analyst, contributor_a
):
    for actor in (coordinator_b, admin, analyst):
        with pytest.raises(PermissionDenied):
            services.reply_copy_previous(reply=later_reply, actor=actor)
    assert not Answer.objects.filter(reply=later_reply).exists()
    assert services.reply_copy_previous(reply=later_reply, actor=contributor_a)


def test_copying_into_a_reply_whose_campaign_closed_since_it_was_read_is_refused(
    later_reply, coordinator_a, admin
):
    # The page read the reply while its campaign was open; the administrator closed it since.
    read = access.get_reply_for_user(coordinator_a, "small-2027", "JAM", write=True)
    services.campaign_transition(campaign=later_reply.campaign, actor=admin, action="close")
    with pytest.raises(services.ReplyLocked, match="campaign closed"):
        services.reply_copy_previous(reply=read, actor=coordinator_a)
    assert not Answer.objects.filter(reply=later_reply).exists()


def test_copying_into_a_submitted_reply_is_refused(later_reply, coordinator_a):
    # A reply with nothing required to answer can be submitted empty.
    Reply.objects.filter(pk=later_reply.pk).update(status=Reply.Status.SUBMITTED)
    with pytest.raises(services.ReplyLocked, match="was submitted"):
        services.reply_copy_previous(reply=later_reply, actor=coordinator_a)
    assert not Answer.objects.filter(reply=later_reply).exists()


def test_a_contributor_may_not_mark_a_copied_answer_reviewed_for_another_state(
    later_reply, coordinator_a, coordinator_b, analyst, contributor_a
):
    services.reply_copy_previous(reply=later_reply, actor=coordinator_a)
    mexico = MemberState.objects.get(iso3="MEX")
    contributor_b = type(contributor_a).objects.create_user(
        "contributor.b@test.example.org", "x", role=contributor_a.role, state=mexico
    )
    for actor in (contributor_b, coordinator_b, analyst):
        with pytest.raises(PermissionDenied):
            services.answer_mark_reviewed(reply=later_reply, actor=actor, question_code="B4")
    assert Answer.objects.get(reply=later_reply, question__code="B4").needs_review
    services.answer_mark_reviewed(reply=later_reply, actor=contributor_a, question_code="B4")
    assert not Answer.objects.get(reply=later_reply, question__code="B4").needs_review
    assert Answer.objects.get(reply=later_reply, question__code="B2").needs_review


# The files of a shared reply


def test_other_states_download_only_the_files_the_last_submission_names(
    reply_a, coordinator_a, questionnaire, delegation_reader, coordinator_b, analyst
):
    a3 = questionnaire.questions.get(code="A3")
    save(reply_a, coordinator_a, COMPLETE)
    services.attachment_upload(
        reply=reply_a,
        actor=coordinator_a,
        question=a3,
        upload=SimpleUploadedFile("submitted.pdf", PDF),
        base_version=Reply.objects.get(pk=reply_a.pk).version,
    )
    services.reply_set_shared(reply=reply_a, actor=coordinator_a, shared=True)
    services.reply_submit(reply=reply_a, actor=coordinator_a)
    services.reply_reopen(reply=reply_a, actor=coordinator_a)
    services.attachment_upload(
        reply=reply_a,
        actor=coordinator_a,
        question=a3,
        upload=SimpleUploadedFile("draft.pdf", PDF),
        base_version=Reply.objects.get(pk=reply_a.pk).version,
    )
    submitted = Attachment.objects.get(reply=reply_a, name="submitted.pdf")
    draft = Attachment.objects.get(reply=reply_a, name="draft.pdf")

    def status(user, attachment) -> int:
        return signed_in(user).get(f"{JAM}/files/{attachment.public_id}").status_code

    for reader in (delegation_reader, coordinator_b):
        assert status(reader, submitted) == 200
        assert status(reader, draft) == 404
    for editor in (coordinator_a, analyst):
        assert status(editor, submitted) == 200
        assert status(editor, draft) == 200


# The questionnaire's definition


def test_a_questionnaire_definition_is_for_the_secretariat_and_a_404_for_officials(
    questionnaire, personas
):
    statuses = {
        name: signed_in(user).get("/en/questionnaires/definitions/small/1/").status_code
        for name, user in personas.items()
        if user is not None
    }
    assert statuses == {
        "admin": 200,
        "analyst": 200,
        "coordinator_a": 404,
        "contributor_a": 404,
        "coordinator_b": 404,
        "delegation_reader": 404,
    }
    admin = signed_in(personas["admin"])
    assert admin.get("/en/questionnaires/definitions/other/1/").status_code == 404
    assert admin.get("/en/questionnaires/definitions/small/2/").status_code == 404


# What each step records


def test_each_campaign_step_is_recorded_with_who_and_the_status_it_left_and_reached(
    campaign, admin
):
    services.campaign_transition(campaign=campaign, actor=admin, action="close")
    services.campaign_transition(campaign=campaign, actor=admin, action="open")
    events = AuditEvent.objects.filter(action__in=["campaign.close", "campaign.open"])
    assert [(e.action, e.actor, e.changes) for e in events.order_by("pk")] == [
        ("campaign.close", admin, {"status": ["open", "closed"]}),
        ("campaign.open", admin, {"status": ["closed", "open"]}),
    ]


def test_each_review_step_records_who_took_it_when_and_the_statuses(
    reply_a, coordinator_a, analyst
):
    save(reply_a, coordinator_a, COMPLETE)
    services.reply_submit(reply=reply_a, actor=coordinator_a)
    services.reply_validate(reply=reply_a, actor=analyst)
    reply_a.refresh_from_db()
    assert reply_a.reviewed_by == analyst
    validated_at = reply_a.reviewed_at
    assert validated_at is not None
    services.reply_reopen(reply=reply_a, actor=coordinator_a)
    services.reply_submit(reply=reply_a, actor=coordinator_a)
    reply_a.refresh_from_db()
    Reply.objects.filter(pk=reply_a.pk).update(reviewed_by=None, reviewed_at=None)
    services.reply_return(reply=reply_a, actor=analyst, comments={"B2": "Which year?"})
    reply_a.refresh_from_db()
    assert reply_a.reviewed_by == analyst
    assert reply_a.reviewed_at is not None
    steps = AuditEvent.objects.filter(action__startswith="reply.").exclude(
        action__in=["reply.answer", "reply.start"]
    )
    assert [(e.action, e.changes["status"]) for e in steps.order_by("pk")] == [
        ("reply.submit", ["draft", "submitted"]),
        ("reply.validate", ["submitted", "validated"]),
        ("reply.reopen", ["validated", "draft"]),
        ("reply.submit", ["draft", "submitted"]),
        ("reply.return", ["submitted", "returned"]),
    ]
