"""The questionnaires' errors answered by the API's one mapping (hemis.core.api_errors)."""

import pytest
from django.core.exceptions import ValidationError

from hemis.core.services import Conflict, VersionConflict
from hemis.questionnaires import services
from hemis.questionnaires.tests.conftest import COMPLETE
from hemis.questionnaires.tests.test_api import REPLY, patch, with_token

pytestmark = pytest.mark.django_db


def test_each_error_is_one_of_the_kinds_the_api_maps():
    assert issubclass(services.AnswerConflict, VersionConflict)
    for locked in (services.ReplyLocked, services.TransitionError):
        assert issubclass(locked, Conflict)
    for refused in (
        services.QuestionnaireError,
        services.InvalidAnswers,
        services.InvalidVersion,
        services.MissingAnswers,
    ):
        assert issubclass(refused, ValidationError) and not issubclass(refused, Conflict)
    # Pages read them as their message.
    assert str(services.QuestionnaireError(services.ERR_NO_STATES)) == str(services.ERR_NO_STATES)


def test_an_answer_conflict_is_409_with_the_version_sent_and_the_saved_answers(
    campaign, coordinator_a, contributor_a
):
    patch(with_token(coordinator_a), {"version": 0, "answers": {"B2": 5}})
    response = patch(with_token(contributor_a), {"version": 0, "answers": {"B2": 6}})
    assert response.status_code == 409
    body = response.json()
    assert set(body) == {"detail", "current_version", "conflicts"}
    assert body["detail"] == str(services.ERR_ANSWER_CONFLICT) % {"version": 0}


def test_a_submitted_reply_is_409_with_the_reason_on_a_patch_and_on_a_second_submit(
    campaign, coordinator_a
):
    client = with_token(coordinator_a)
    assert patch(client, {"version": 0, "answers": COMPLETE}).status_code == 200
    assert client.post(f"{REPLY}/submit").status_code == 200
    locked = patch(client, {"version": 1, "answers": {"B2": 9}})
    again = client.post(f"{REPLY}/submit")
    for response in (locked, again):
        assert response.status_code == 409
        assert set(response.json()) == {"detail"} and response.json()["detail"]


def test_missing_answers_are_422_naming_each_question_with_the_same_message(
    campaign, coordinator_a
):
    response = with_token(coordinator_a).post(f"{REPLY}/submit")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert {error["message"] for error in detail} == {str(services.ERR_MISSING)}
    assert all(error["field"].startswith("answers.") for error in detail)
