"""Starting a reply from the state's previous one: what is carried over, what is left out, and
what marking a copied answer reviewed touches."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hemis.accounts.actors import SYSTEM
from hemis.core.models import MemberState
from hemis.questionnaires import access, definitions, services
from hemis.questionnaires.models import Answer, Reply

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"

# Version 2 drops Q7, lowers Q3's maximum below last year's answer, and no longer takes a
# comment on Q6.
CARRY = """
code: carry
version: {version}
base_language: en
title: {{en: Carried over}}
sections:
  - code: S
    title: {{en: Everything}}
    questions:
      - {{code: Q1, kind: short_text, comment: true, text: {{en: Unit}}}}
      - {{code: Q2, kind: file, text: {{en: Strategy}}}}
      - {{code: Q3, kind: number, number: {{min: 0, max: {q3_max}}}, text: {{en: Cases}}}}
      - {{code: Q4, kind: number, text: {{en: Seizures}}}}
      - {{code: Q5, kind: yes_no, text: {{en: A plan}}}}
      - {{code: Q6, kind: short_text, comment: {q6_comment}, text: {{en: Agency}}}}
{q7}      - code: Q8
        kind: single_choice
        text: {{en: Authority}}
        options:
          - {{code: ministry, label: {{en: Ministry}}}}
          - {{code: prosecutor, label: {{en: Prosecutor}}}}
"""
Q7 = "      - {code: Q7, kind: short_text, text: {en: Retired question}}\n"


def carry(version: int):
    text = CARRY.format(
        version=version,
        q3_max=10000 if version == 1 else 10,
        q6_comment="true" if version == 1 else "false",
        q7=Q7 if version == 1 else "",
    )
    return services.questionnaire_load(
        actor=SYSTEM, definition=definitions.parse(text), publish=True
    )


def campaign_of(questionnaire, code: str, admin, states):
    today = dt.date.today()
    return services.campaign_create(
        actor=admin,
        code=code,
        questionnaire=questionnaire,
        opens_on=today - dt.timedelta(days=1),
        deadline=today + dt.timedelta(days=30),
        states=states,
    )


def answer(reply: Reply, actor, answers: dict) -> None:
    reply.refresh_from_db()
    services.reply_save_answers(
        reply=reply, actor=actor, answers=answers, base_version=reply.version
    )


@pytest.fixture
def last_year(admin, coordinator_a, state_a) -> Reply:
    """Jamaica's submitted reply to version 1: a file first, then a question version 2 drops,
    an answer version 2 no longer accepts, then the ones that carry over."""
    first = carry(1)
    campaign = campaign_of(
        first, "carry-2026", admin, [state_a, MemberState.objects.get(iso3="MEX")]
    )
    reply = services.reply_start(campaign=campaign, state=state_a, actor=SYSTEM)
    services.attachment_upload(
        reply=reply,
        actor=coordinator_a,
        question=first.questions.get(code="Q2"),
        upload=SimpleUploadedFile("strategy.pdf", PDF),
        base_version=0,
    )
    answer(reply, coordinator_a, {"Q7": "Gone"})
    answer(reply, coordinator_a, {"Q3": 40})
    answer(reply, coordinator_a, {"Q1": {"value": "Unit 7", "comment": "Since 2019"}})
    answer(reply, coordinator_a, {"Q4": {"value": 12, "provisional": True}})
    answer(reply, coordinator_a, {"Q5": {"not_available": True}})
    answer(reply, coordinator_a, {"Q6": {"value": "Customs", "comment": "Old note"}})
    answer(reply, coordinator_a, {"Q8": "ministry"})
    services.reply_submit(reply=reply, actor=coordinator_a)
    reply.refresh_from_db()
    return reply


@pytest.fixture
def this_year(last_year, admin, state_a):
    return campaign_of(
        carry(2), "carry-2027", admin, [state_a, MemberState.objects.get(iso3="MEX")]
    )


def test_copying_carries_each_answer_that_still_fits_with_its_flags_and_comment(
    last_year, this_year, coordinator_a
):
    # The page hands out the reply unsaved: copying is its first write.
    reply = access.get_reply_for_user(coordinator_a, "carry-2027", "JAM", write=True)
    assert reply.pk is None
    copied = services.reply_copy_previous(reply=reply, actor=coordinator_a)
    assert copied == ["Q1", "Q4", "Q5", "Q6", "Q8"]
    reply = Reply.objects.get(campaign=this_year, state__iso3="JAM")
    assert reply.copied_from == last_year
    assert reply.version == 1
    answers = {a.question.code: a for a in Answer.objects.filter(reply=reply)}
    assert {code: a.as_dict() for code, a in answers.items()} == {
        "Q1": {
            "value": "Unit 7",
            "not_available": False,
            "provisional": False,
            "comment": "Since 2019",
        },
        "Q4": {"value": 12, "not_available": False, "provisional": True, "comment": ""},
        "Q5": {"value": None, "not_available": True, "provisional": False, "comment": ""},
        "Q6": {"value": "Customs", "not_available": False, "provisional": False, "comment": ""},
        "Q8": {"value": "ministry", "not_available": False, "provisional": False, "comment": ""},
    }
    for copy in answers.values():
        assert copy.needs_review
        assert copy.changed_in == reply.version
        assert copy.updated_by == coordinator_a


def test_copying_without_a_submitted_previous_reply_says_there_is_none(this_year, coordinator_b):
    reply = access.get_reply_for_user(coordinator_b, "carry-2027", "MEX", write=True)
    with pytest.raises(services.QuestionnaireError) as caught:
        services.reply_copy_previous(reply=reply, actor=coordinator_b)
    assert str(caught.value) == str(services.ERR_NO_PREVIOUS)


def test_marking_a_copied_answer_reviewed_touches_that_reply_only(
    last_year, this_year, coordinator_a, coordinator_b, admin
):
    mexico = MemberState.objects.get(iso3="MEX")
    theirs = services.reply_start(campaign=last_year.campaign, state=mexico, actor=SYSTEM)
    answer(theirs, coordinator_b, {"Q1": "Mexican unit"})
    services.reply_submit(reply=theirs, actor=coordinator_b)
    ours = services.reply_start(campaign=this_year, state=last_year.state, actor=SYSTEM)
    services.reply_copy_previous(reply=ours, actor=coordinator_a)
    mine = services.reply_start(campaign=this_year, state=mexico, actor=SYSTEM)
    services.reply_copy_previous(reply=mine, actor=coordinator_b)

    services.answer_mark_reviewed(reply=ours, actor=coordinator_a, question_code="Q1")

    assert not Answer.objects.get(reply=ours, question__code="Q1").needs_review
    assert Answer.objects.get(reply=mine, question__code="Q1").needs_review
