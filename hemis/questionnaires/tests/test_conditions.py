"""Conditions on the server: the same rule as the browser, chains of conditions included."""

from __future__ import annotations

from hemis.questionnaires import rules
from hemis.questionnaires.models import Question


def question(code: str, position: int, show_if: dict | None = None) -> Question:
    return Question(code=code, position=position, kind="yes_no", show_if=show_if)


A1 = question("A1", 1)
A2 = question("A2", 2, {"question": "A1", "operator": "equals", "values": ["yes"]})
A3 = question("A3", 3, {"question": "A2", "operator": "in", "values": ["no", "partly"]})
B1 = question("B1", 4, {"question": "M1", "operator": "contains", "values": ["cyber"]})
QUESTIONS = [A3, A1, A2]  # any order: they are taken by position


def test_an_answer_kept_by_a_hidden_question_shows_nothing_that_depends_on_it():
    values = {"A1": "no", "A2": "partly"}
    visible = rules.visible_values(QUESTIONS, values)
    assert visible == {"A1": "no"}
    assert not rules.is_shown(A2, visible)
    assert not rules.is_shown(A3, visible)
    assert rules.is_shown(A3, values)  # the answers alone would show it


def test_a_chain_of_shown_questions_shows_the_last():
    visible = rules.visible_values(QUESTIONS, {"A1": "yes", "A2": "partly"})
    assert [rules.is_shown(q, visible) for q in (A1, A2, A3)] == [True, True, True]


def test_contains_needs_a_list_holding_one_of_the_values():
    assert rules.is_shown(B1, {"M1": ["drugs", "cyber"]})
    assert not rules.is_shown(B1, {"M1": ["drugs"]})
    assert not rules.is_shown(B1, {"M1": None})
    assert not rules.is_shown(B1, {})
