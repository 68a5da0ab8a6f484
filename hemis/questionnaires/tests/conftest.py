"""A small questionnaire with every kind of question, and a campaign of it, for the tests."""
# ruff: noqa: E501 - the YAML below keeps each question on one line

from __future__ import annotations

import datetime as dt

import pytest

from hemis.accounts.actors import SYSTEM
from hemis.core.models import MemberState
from hemis.questionnaires import definitions, services

SMALL = """
code: small
version: 1
base_language: en
title: {en: A small questionnaire, es: Un cuestionario pequeño}
sections:
  - code: A
    title: {en: Strategies, es: Estrategias, fr: Stratégies, pt: Estratégias}
    questions:
      - code: A1
        kind: yes_no
        required: true
        comment: true
        text: {en: "Is there a national strategy?", es: "¿Existe una estrategia nacional?", fr: "Existe-t-il une stratégie nationale ?", pt: "Existe uma estratégia nacional?"}
      - code: A2
        kind: date
        required: true
        show_if: {question: A1, in: [yes, partly]}
        text: {en: "When was it adopted?"}
      - code: A3
        kind: file
        show_if: {question: A1, equals: yes}
        text: {en: Attach the strategy.}
  - code: B
    title: {en: Cooperation}
    questions:
      - code: B1
        kind: multiple_choice
        needs: true
        text: {en: "Which training do you need?"}
        options:
          - {code: sit, label: {en: Special investigative techniques, es: Técnicas especiales de investigación}}
          - {code: jit, label: {en: Joint investigation teams}}
          - {code: cyber, label: {en: Cybercrime}}
      - code: B2
        kind: number
        required: true
        number: {min: 0, max: 10000, integer: true, unit: {en: requests}}
        text: {en: "How many extradition requests did you send?"}
      - code: B3
        kind: single_choice
        text: {en: "Who is the central authority?"}
        options:
          - {code: ministry, label: {en: Ministry of Justice}}
          - {code: prosecutor, label: {en: Attorney General}}
      - code: B4
        kind: short_text
        max_length: 50
        text: {en: Name of the unit}
      - code: B5
        kind: long_text
        show_if: {question: B1, contains: cyber}
        text: {en: Describe your cybercrime needs.}
      - code: B6
        kind: table
        text: {en: Requests by year}
        rows:
          - {code: y2024, label: {en: "2024"}}
          - {code: y2025, label: {en: "2025"}}
        columns:
          - {code: sent, kind: number, total: true, label: {en: Sent}, number: {min: 0}}
          - {code: granted, kind: yes_no, label: {en: Any granted}}
      - code: B7
        kind: legal_reference
        text: {en: Laws on money laundering}
"""


def load_small(**extra):
    return services.questionnaire_load(
        actor=SYSTEM, definition=definitions.parse(SMALL), publish=True, **extra
    )


@pytest.fixture
def questionnaire(db):
    return load_small()


@pytest.fixture
def campaign(questionnaire, admin):
    today = dt.date.today()
    states = MemberState.objects.filter(iso3__in=["JAM", "MEX", "CHL", "BLZ", "BRA", "CAN"])
    return services.campaign_create(
        actor=admin,
        code="small-2026",
        questionnaire=questionnaire,
        opens_on=today - dt.timedelta(days=10),
        deadline=today + dt.timedelta(days=20),
        states=states,
        shared_by_default=False,
    )


@pytest.fixture
def reply_a(campaign, state_a):
    return services.reply_start(campaign=campaign, state=state_a, actor=SYSTEM)


COMPLETE = {"A1": "yes", "A2": "2020-05-01", "B2": 4}
