"""Conditions on the server: the same rule as the browser, chains of conditions included.

The browser hides a question whose condition's question is itself hidden, even though that
question keeps its answer; the server agrees everywhere it decides what is shown: the reply
page, the missing answers at submission, the report's figures and the annex.
"""
# ruff: noqa: E501 - the YAML below keeps each question on one line

from __future__ import annotations

import datetime as dt

import pytest

from hemis.accounts.actors import SYSTEM
from hemis.core.models import MemberState
from hemis.questionnaires import definitions, reply_state, report, rules, selectors, services
from hemis.questionnaires.models import Answer, Question


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


CHAIN = """
code: chain
version: 1
base_language: en
title: {en: A chain of conditions}
sections:
  - code: C
    title: {en: Controls}
    questions:
      - {code: C1, kind: yes_no, required: true, text: {en: "Is there a control?"}}
      - code: C9
        kind: single_choice
        show_if: {question: C1, equals: yes}
        text: {en: "Is it permanent?"}
        options:
          - {code: permanent, label: {en: Permanent}}
          - {code: temporary, label: {en: Temporary}}
      - {code: C10, kind: date, required: true, show_if: {question: C9, equals: temporary}, text: {en: "Until when?"}}
"""


@pytest.fixture
def reply(admin, state_a):
    questionnaire = services.questionnaire_load(
        actor=SYSTEM, definition=definitions.parse(CHAIN), publish=True
    )
    today = dt.date.today()
    campaign = services.campaign_create(
        actor=admin,
        code="chain-2026",
        questionnaire=questionnaire,
        opens_on=today - dt.timedelta(days=1),
        deadline=today + dt.timedelta(days=20),
        states=MemberState.objects.filter(pk=state_a.pk),
        shared_by_default=True,
    )
    return services.reply_start(campaign=campaign, state=state_a, actor=SYSTEM)


def save(reply, actor, answers):
    reply.refresh_from_db()
    services.reply_save_answers(
        reply=reply, actor=actor, answers=answers, base_version=reply.version
    )


def shown_on_the_page(reply, user):
    answers, _revision = selectors.reply_answers_for_user(user, reply)
    return {
        view.question.code: view.shown
        for section in selectors.reply_sections(user, reply, answers)
        for view in section.questions
    }


@pytest.mark.django_db
def test_a_question_hidden_through_the_chain_is_neither_shown_nor_required(reply, coordinator_a):
    save(reply, coordinator_a, {"C1": "yes", "C9": "temporary"})
    assert [q.code for q in reply_state.missing_required(reply)] == ["C10"]
    assert shown_on_the_page(reply, coordinator_a) == {"C1": True, "C9": True, "C10": True}

    # C1 = no hides C9, which keeps its answer (nothing typed is lost) but shows nothing.
    save(reply, coordinator_a, {"C1": "no"})
    assert Answer.objects.get(reply=reply, question__code="C9").value == "temporary"
    assert reply_state.missing_required(reply) == []
    assert shown_on_the_page(reply, coordinator_a) == {"C1": True, "C9": False, "C10": False}
    services.reply_submit(reply=reply, actor=coordinator_a)

    figures = report.compute(reply.campaign)
    assert figures.questions["C9"].not_shown == 1
    assert figures.questions["C10"].not_shown == 1
