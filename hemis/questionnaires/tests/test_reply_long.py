"""A long questionnaire's reply is edited one section at a time; autosave stays per question."""

from __future__ import annotations

import pytest

from hemis.conftest import signed_in
from hemis.questionnaires import views
from hemis.questionnaires.models import Answer

pytestmark = pytest.mark.django_db

EDIT = "/en/questionnaires/small-2026/JAM/edit/"


@pytest.fixture
def long_questionnaire(monkeypatch, campaign):
    """The small questionnaire (10 questions) counted as long."""
    monkeypatch.setattr(views, "EDIT_PAGE_QUESTIONS", 5)
    return campaign


def test_a_short_questionnaire_shows_every_section_on_one_page(campaign, contributor_a):
    page = signed_in(contributor_a).get(EDIT).content.decode()
    assert 'id="q-A1"' in page and 'id="q-B7"' in page
    assert "one section at a time" not in page


def test_a_long_questionnaire_shows_the_first_section_and_links_to_the_others(
    long_questionnaire, contributor_a
):
    page = signed_in(contributor_a).get(EDIT).content.decode()
    assert "The questions are shown one section at a time." in page
    assert 'id="q-A1"' in page and 'id="q-A3"' in page
    assert 'id="q-B1"' not in page
    assert '<a href="?section=B">B. Cooperation</a>' in page
    assert 'rel="next">Next section: B. Cooperation' in page
    assert 'rel="prev"' not in page


def test_a_section_is_chosen_by_its_code_and_an_unknown_one_gives_the_first(
    long_questionnaire, contributor_a
):
    client = signed_in(contributor_a)
    page = client.get(EDIT, {"section": "B"}).content.decode()
    assert 'id="q-B7"' in page and 'id="q-A1"' not in page
    assert 'aria-current="page">B. Cooperation' in page
    assert 'rel="prev">← Previous section: A. Strategies' in page
    assert 'rel="next"' not in page
    page = client.get(EDIT, {"section": "Z"}).content.decode()
    assert 'id="q-A1"' in page and 'id="q-B1"' not in page


def test_missing_answers_link_to_their_section(long_questionnaire, contributor_a):
    page = signed_in(contributor_a).get(EDIT, {"check": "1", "section": "A"}).content.decode()
    assert 'href="?section=B&amp;check=1#q-B2"' in page
    assert 'href="?section=A&amp;check=1#q-A1"' in page


def test_an_answer_is_saved_from_a_later_section(
    long_questionnaire, contributor_a, django_assert_max_num_queries
):
    client = signed_in(contributor_a)
    client.get(EDIT, {"section": "B"})
    with django_assert_max_num_queries(30):
        response = client.post(
            "/en/questionnaires/small-2026/JAM/answers/B2/",
            {"base_version": 0, "value": "7"},
            HTTP_HX_REQUEST="true",
        )
    assert "Saved" in response.content.decode()
    assert 'data-version="1"' in response.content.decode()
    assert Answer.objects.get(question__code="B2").value == 7
