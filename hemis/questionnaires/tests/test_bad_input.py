"""Bad input to the replies, the reply API, the definitions and the translators' workbook: a
clear message naming the field, never a server error, and nothing written."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hemis.conftest import signed_in
from hemis.core import limits, text
from hemis.core.models import AuditEvent
from hemis.core.tests.workbooks import declaring
from hemis.directory.tests.test_api import with_token
from hemis.questionnaires import definitions, rules, services, translations
from hemis.questionnaires.models import Answer, Invitation, Question, Reply, ReviewComment
from hemis.questionnaires.tests.conftest import COMPLETE, SMALL
from hemis.questionnaires.views import ERR_BASE_VERSION, ERR_CELL_FIELD, ERR_REFERENCE_ROWS
from hemis.testing.properties import PROPERTY, TEXTS, VALUES

pytestmark = pytest.mark.django_db

JAM = "/en/questionnaires/small-2026/JAM"


def autosave(client, code, data):
    return client.post(f"{JAM}/answers/{code}/", data, HTTP_HX_REQUEST="true")


def state_of_the_reply():
    """What a refused write must leave as it was."""
    return (
        Answer.objects.count(),
        AuditEvent.objects.count(),
        list(Reply.objects.values_list("version", flat=True)),
    )


@pytest.fixture
def editor(campaign, coordinator_a):
    return signed_in(coordinator_a)


# The autosave's own fields


@pytest.mark.parametrize(
    ("code", "data", "message"),
    [
        ("B7", {"base_version": "0", "references": "abc"}, ERR_REFERENCE_ROWS % {"max": 20}),
        ("B7", {"base_version": "0", "references": "6000000"}, ERR_REFERENCE_ROWS % {"max": 20}),
        ("B7", {"base_version": "0", "references": "-1"}, ERR_REFERENCE_ROWS % {"max": 20}),
        ("B6", {"base_version": "0", "cell:x": "4"}, ERR_CELL_FIELD % {"field": "cell:x"}),
        ("B2", {"base_version": "abc", "value": "4"}, ERR_BASE_VERSION),
        ("B2", {"base_version": "9" * 30, "value": "4"}, ERR_BASE_VERSION),
        ("B2", {"value": "4"}, ERR_BASE_VERSION),
    ],
)
def test_a_malformed_autosave_field_is_named_and_nothing_is_written(editor, code, data, message):
    before = state_of_the_reply()
    response = autosave(editor, code, data)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#q-{code}"
    assert str(message).replace("“", "&ldquo;") in response.content.decode().replace("“", "&ldquo;")
    assert state_of_the_reply() == before


def test_an_invalid_table_cell_after_a_malformed_version_is_still_refused_cleanly(editor):
    before = state_of_the_reply()
    response = autosave(editor, "B6", {"base_version": "0", "cell:y2024:sent": "-4"})
    assert response.status_code == 200 and "y2024 / sent" in response.content.decode()
    assert state_of_the_reply() == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e100000", "Enter a number of at most 30 digits."),
        ("-1e40", "Enter a number of at most 30 digits."),
        ("9" * 40, "Enter a number of at most 30 digits."),
        ("Infinity", "Enter a number."),
        ("-Infinity", "Enter a number."),
    ],
)
def test_a_number_too_large_to_be_one_is_refused_before_it_is_written_out(editor, value, message):
    before = state_of_the_reply()
    response = autosave(editor, "B2", {"base_version": "0", "value": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert state_of_the_reply() == before


def test_a_nul_in_a_comment_or_a_cell_is_refused_before_any_view(editor):
    before = state_of_the_reply()
    assert (
        autosave(
            editor, "A1", {"base_version": "0", "value": "yes", "comment": "a\x00"}
        ).status_code
        == 400
    )
    assert (
        autosave(editor, "B6", {"base_version": "0", "cell:y2024:sent": "\x004"}).status_code == 400
    )
    assert state_of_the_reply() == before


# The rules themselves: for every path, whatever checked the request before


@pytest.mark.parametrize("value", ["\x00", "a\x00b", "\ud800", "x\udfffy"])
def test_the_rules_refuse_text_that_cannot_be_stored_in_answers_cells_and_comments(
    questionnaire, value
):
    questions = {q.code: q for q in Question.objects.filter(questionnaire=questionnaire)}
    refused = [
        (questions["B4"], value),
        (questions["B5"], value),
        (questions["B6"], {"y2024": {"sent": "1", "granted": "yes"}, "y2025": {"sent": value}}),
        (questions["B7"], [{"title": "Ley 9", "article": value}]),
    ]
    for question, answer in refused:
        with pytest.raises(rules.InvalidAnswer):
            rules.clean_value(question, answer)
    with pytest.raises(rules.InvalidAnswer, match="cannot be stored"):
        rules.clean_comment(value)


def test_a_json_number_of_more_digits_than_any_answer_is_refused(questionnaire):
    question = Question.objects.get(questionnaire=questionnaire, code="B6")
    with pytest.raises(rules.InvalidAnswer, match="at most 30 digits"):
        rules.clean_value(question, {"y2024": {"sent": 10**40}})


# The reply API


def test_a_reply_patch_with_a_lone_surrogate_in_a_table_cell_is_a_422_naming_it(
    campaign, coordinator_a
):
    client = with_token(coordinator_a)
    before = state_of_the_reply()
    body = {"version": 0, "answers": {"B6": {"y2024": {"sent": "\ud800"}}}}
    response = client.patch(
        "/api/v1/campaigns/small-2026/replies/JAM",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "answers.B6.y2024.sent"
    assert state_of_the_reply() == before


def test_a_reply_patch_of_more_answers_than_a_save_takes_is_refused_before_any_query(
    campaign, coordinator_a, django_assert_max_num_queries
):
    client = with_token(coordinator_a)
    before = state_of_the_reply()
    answers = {f"Q{i}": "x" for i in range(limits.MAX_ANSWERS_PER_SAVE + 1)}
    response = client.patch(
        "/api/v1/campaigns/small-2026/replies/JAM",
        json.dumps({"version": 0, "answers": answers}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"field": "answers", "message": "Send at most 2000 answers at a time."}
    ]
    assert state_of_the_reply()[:2] == before[:2]


# The Secretariat's texts


def test_a_review_comment_longer_than_a_comment_is_refused_and_the_reply_stays(
    reply_a, coordinator_a, analyst
):
    services.reply_save_answers(
        reply=reply_a, actor=coordinator_a, answers=COMPLETE, base_version=0
    )
    services.reply_submit(reply=reply_a, actor=coordinator_a)
    before = AuditEvent.objects.count()
    with pytest.raises(services.InvalidAnswers) as refused:
        services.reply_return(
            reply=reply_a, actor=analyst, comments={"A1": "x" * (rules.MAX_COMMENT + 1)}
        )
    assert "A1" in refused.value.errors
    reply_a.refresh_from_db()
    assert reply_a.status == Reply.Status.SUBMITTED and not ReviewComment.objects.exists()
    assert AuditEvent.objects.count() == before


def test_an_extension_reason_longer_than_a_comment_is_refused(campaign, admin):
    with pytest.raises(ValueError, match="Keep it to 5000 characters"):
        services.campaign_extend_deadline(
            campaign=campaign,
            actor=admin,
            states=[campaign.invitations.first().state],
            new_date=campaign.deadline + dt.timedelta(days=5),
            reason="x" * (rules.MAX_COMMENT + 1),
        )
    assert not Invitation.objects.exclude(extended_to=None).exists()


# Definitions


def test_a_table_of_more_rows_than_a_question_may_have_is_refused(db):
    rows = "\n".join(
        f"          - {{code: r{i}, label: {{en: R}}}}" for i in range(limits.MAX_TABLE_ROWS + 1)
    )
    source = SMALL.replace(
        """          - {code: y2024, label: {en: "2024"}}
          - {code: y2025, label: {en: "2025"}}""",
        rows,
    )
    with pytest.raises(definitions.DefinitionError) as refused:
        definitions.parse(source)
    assert any("at most 200 rows" in problem for problem in refused.value.problems)


def test_a_text_question_longer_than_any_text_is_refused(db):
    source = SMALL.replace("max_length: 50", f"max_length: {limits.MAX_TEXT_CHARS + 1}")
    with pytest.raises(definitions.DefinitionError) as refused:
        definitions.parse(source)
    assert any("B4" in problem and "max_length" in problem for problem in refused.value.problems)


def test_a_huge_version_in_a_definitions_address_is_not_found(questionnaire, admin):
    response = signed_in(admin).get("/en/questionnaires/definitions/small/99999999999999999999/")
    assert response.status_code == 404


# The translators' workbook


def test_every_row_of_a_translators_workbook_is_read_whatever_size_it_declares(questionnaire):
    content = translations.export_xlsx(questionnaire)
    rows = translations.read_rows(content)
    assert len(rows) > 20
    assert translations.read_rows(declaring(content, "A1:B2")) == rows


# Property-based: no autosave field is a server error


AUTOSAVE_FIELDS = [
    "value", "comment", "not_available", "provisional", "reviewed", "resolve", "references",
    "ref-0-title", "ref-0-article", "ref-0-url", "ref-99-title", "cell:y2024:sent",
    "cell:y2025:granted", "cell:", "cell:x", "cell:y2024:", "base_version", "file",
]  # fmt: skip
FORMS = st.dictionaries(
    st.one_of(st.sampled_from(AUTOSAVE_FIELDS), TEXTS.filter(lambda t: text.is_storable(t))),
    VALUES.filter(text.is_storable),
    max_size=8,
)


@pytest.mark.parametrize("code", ["A1", "A2", "A3", "B1", "B2", "B3", "B4", "B5", "B6", "B7"])
@PROPERTY
@given(data=FORMS)
def test_no_autosave_form_is_a_server_error(editor, code, data):
    response = autosave(editor, code, data)
    assert response.status_code < 500
