# ruff: noqa: F401, F811 - `four_replies` is the fixture of test_report.py, imported for its hand counts
"""The report in the JSON API names only the states whose replies the caller may see."""

import pytest
from django.test import Client

from hemis.accounts.services import api_token_create
from hemis.questionnaires.tests.test_report import four_replies

pytestmark = pytest.mark.django_db

URL = "/api/v1/campaigns/small-2026/report"


def report_for(user) -> dict:
    _token, key = api_token_create(actor=user, name="script")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(URL)
    assert response.status_code == 200
    return response.json()


def test_needs_count_every_state_but_name_only_shared_replies_to_officials(
    four_replies, delegation_reader
):
    # B1 "sit": Jamaica (shared) and Mexico (not shared); "cyber": Jamaica; "jit": Chile (shared).
    needs = report_for(delegation_reader)["needs"]["B1"]
    assert needs["sit"] == {"count": 2, "states": ["JAM"]}
    assert needs["jit"] == {"count": 1, "states": ["CHL"]}


def test_the_secretariat_sees_every_state_that_named_a_need(four_replies, analyst):
    needs = report_for(analyst)["needs"]["B1"]
    assert needs["sit"] == {"count": 2, "states": ["JAM", "MEX"]}


def test_answers_in_the_api_are_those_of_shared_replies_for_officials(
    four_replies, delegation_reader
):
    b4 = report_for(delegation_reader)["questions"]["B4"]
    assert [entry["state"] for entry in b4["answers"]] == ["JAM"]
