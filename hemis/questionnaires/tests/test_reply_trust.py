"""A reply says only what its readers may know, and takes only what its writer may give:
review comments stay with the state and the Secretariat; a reply is never written by reading it;
a version from the future and another reply's file are refused."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hemis.accounts.actors import SYSTEM
from hemis.accounts.services import api_token_create
from hemis.conftest import signed_in
from hemis.core.models import AuditEvent, MemberState
from hemis.core.selectors import object_history
from hemis.questionnaires import services
from hemis.questionnaires.models import Answer, Attachment, Reply
from hemis.questionnaires.tests.conftest import COMPLETE

pytestmark = pytest.mark.django_db

COMMENT = "Please confirm this figure with the central authority."
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def with_token(user) -> Client:
    _token, key = api_token_create(actor=user, name="script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def patch(client: Client, url: str, body: dict):
    return client.patch(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def returned_shared_reply(reply_a, coordinator_a, analyst):
    """Jamaica's reply, shared with every delegation, returned with a comment on B2."""
    reply_a.refresh_from_db()
    services.reply_save_answers(
        reply=reply_a, actor=coordinator_a, answers=COMPLETE, base_version=reply_a.version
    )
    services.reply_set_shared(reply=reply_a, actor=coordinator_a, shared=True)
    services.reply_submit(reply=reply_a, actor=coordinator_a)
    services.reply_return(reply=reply_a, actor=analyst, comments={"B2": COMMENT})
    reply_a.refresh_from_db()
    return reply_a


def test_review_comments_are_shown_to_the_state_and_the_secretariat_only(
    returned_shared_reply, coordinator_a, contributor_a, analyst, coordinator_b, delegation_reader
):
    page = "/en/questionnaires/small-2026/JAM/?view=1"
    for reader in (coordinator_a, contributor_a, analyst):
        response = signed_in(reader).get(page)
        assert response.status_code == 200
        assert COMMENT in response.content.decode(), reader
    for reader in (coordinator_b, delegation_reader):
        response = signed_in(reader).get(page)
        assert response.status_code == 200  # the shared reply itself is theirs to read
        assert COMMENT not in response.content.decode(), reader


def test_review_comments_stay_out_of_other_states_question_fragments(
    returned_shared_reply, coordinator_a, coordinator_b
):
    # The autosave endpoint answers a GET with the question as saved: the state's editors only.
    fragment = "/en/questionnaires/small-2026/JAM/answers/B2/"
    assert COMMENT in signed_in(coordinator_a).get(fragment).content.decode()
    assert signed_in(coordinator_b).get(fragment).status_code == 404


def test_review_comments_are_in_no_api_answer_nor_export_for_other_states(
    returned_shared_reply, delegation_reader, coordinator_b
):
    for reader in (delegation_reader, coordinator_b):
        client = with_token(reader)
        for url in (
            "/api/v1/campaigns/small-2026/replies/JAM",
            "/api/v1/campaigns/small-2026/report",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert COMMENT not in response.content.decode(), url
        session = signed_in(reader)
        for extension in ("xlsx", "docx"):
            response = session.get(f"/en/questionnaires/small-2026/report.{extension}")
            assert response.status_code == 200
            assert COMMENT.encode() not in response.content


def test_reading_a_reply_that_was_never_started_writes_nothing(campaign, coordinator_a):
    client, api = signed_in(coordinator_a), with_token(coordinator_a)
    events = AuditEvent.objects.count()
    for url in (
        "/en/questionnaires/small-2026/JAM/",
        "/en/questionnaires/small-2026/JAM/edit/",
        "/en/questionnaires/small-2026/JAM/answers/B2/",
    ):
        assert client.get(url, follow=True).status_code == 200, url
    assert api.get("/api/v1/campaigns/small-2026/replies/JAM").json()["version"] == 0
    assert not Reply.objects.filter(campaign=campaign, state__iso3="JAM").exists()
    assert AuditEvent.objects.count() == events


def test_the_first_answer_starts_the_reply_and_says_so_in_the_audit_log(campaign, coordinator_a):
    response = patch(
        with_token(coordinator_a),
        "/api/v1/campaigns/small-2026/replies/JAM",
        {"version": 0, "answers": {"B2": 3}},
    )
    assert response.status_code == 200
    reply = Reply.objects.get(campaign=campaign, state__iso3="JAM")
    actions = list(object_history(reply).order_by("pk").values_list("action", "actor_email"))
    assert actions == [
        ("reply.start", coordinator_a.email),
        ("reply.answer", coordinator_a.email),
    ]


def test_a_version_the_reply_never_had_is_refused_and_nothing_is_overwritten(
    reply_a, coordinator_a, contributor_a
):
    services.reply_save_answers(
        reply=reply_a, actor=contributor_a, answers={"B2": 7}, base_version=0
    )
    reply_a.refresh_from_db()
    response = patch(
        with_token(coordinator_a),
        "/api/v1/campaigns/small-2026/replies/JAM",
        {"version": 1_000_000, "answers": {"B2": 9}},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "version"
    assert Answer.objects.get(reply=reply_a, question__code="B2").value == 7
    with pytest.raises(services.InvalidVersion):
        services.reply_save_answers(
            reply=reply_a, actor=coordinator_a, answers={"B2": 9}, base_version=reply_a.version + 1
        )
    with pytest.raises(services.InvalidVersion):
        services.reply_save_answers(
            reply=reply_a, actor=coordinator_a, answers={"B2": 9}, base_version=-1
        )


def test_the_page_autosave_refuses_a_version_from_the_future_and_keeps_what_was_typed(
    reply_a, coordinator_a
):
    response = signed_in(coordinator_a).post(
        "/en/questionnaires/small-2026/JAM/answers/B4/",
        {"value": "Unit of my own", "base_version": "999"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "has not been reached yet" in html
    assert "Unit of my own" in html
    assert not Answer.objects.filter(reply=reply_a, question__code="B4").exists()


def test_a_file_answer_must_name_a_file_uploaded_to_that_question_of_that_reply(
    reply_a, coordinator_a, coordinator_b, campaign, questionnaire
):
    mexico = MemberState.objects.get(iso3="MEX")
    reply_b = services.reply_start(campaign=campaign, state=mexico, actor=SYSTEM)
    a3 = questionnaire.questions.get(code="A3")
    services.attachment_upload(
        reply=reply_b,
        actor=coordinator_b,
        question=a3,
        upload=SimpleUploadedFile("mexico.pdf", PDF),
        base_version=0,
    )
    theirs = Attachment.objects.get(reply=reply_b)
    response = patch(
        with_token(coordinator_a),
        "/api/v1/campaigns/small-2026/replies/JAM",
        {"version": 0, "answers": {"A3": {"id": str(theirs.public_id), "name": "ours.pdf"}}},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"field": "answers.A3", "message": str(services.ERR_UNKNOWN_FILE)}
    ]
    for bad_id in ("not-a-uuid", "00000000-0000-0000-0000-000000000000", 7):
        response = patch(
            with_token(coordinator_a),
            "/api/v1/campaigns/small-2026/replies/JAM",
            {"version": 0, "answers": {"A3": {"id": bad_id}}},
        )
        assert response.status_code == 422, bad_id
    assert not Answer.objects.filter(reply__state__iso3="JAM", question=a3).exists()


def test_a_file_answer_keeps_the_name_stored_with_the_file(reply_a, coordinator_a, questionnaire):
    a3 = questionnaire.questions.get(code="A3")
    services.attachment_upload(
        reply=reply_a,
        actor=coordinator_a,
        question=a3,
        upload=SimpleUploadedFile("strategy.pdf", PDF),
        base_version=0,
    )
    mine = Attachment.objects.get(reply=reply_a)
    reply_a.refresh_from_db()
    services.reply_save_answers(
        reply=reply_a,
        actor=coordinator_a,
        answers={"A3": {"id": str(mine.public_id), "name": "=HYPERLINK(1)"}},
        base_version=reply_a.version,
    )
    assert Answer.objects.get(reply=reply_a, question=a3).value == {
        "id": str(mine.public_id),
        "name": "strategy.pdf",
    }
