import pytest
from django.core.management import call_command
from django.utils import timezone

from hemis.questionnaires import report
from hemis.questionnaires.models import Campaign, Questionnaire, Reply

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_shipped_questionnaire_and_a_campaign_in_every_state_of_the_workflow():
    call_command("load_demo_data")
    questionnaire = Questionnaire.objects.get(code="poa-implementation", version=1)
    assert [s.code for s in questionnaire.sections.all()] == list("ABCDEFG")
    questions = list(questionnaire.questions.all())
    assert len(questions) >= 60
    assert all(set(q.text) == {"en", "es", "fr", "pt"} for q in questions)
    assert len({q.kind for q in questions}) == 10

    # The demo campaign shows every state of the workflow; Belize's reply is an unshared draft.
    call_command("load_demo_data")  # a second run changes nothing
    campaign = Campaign.objects.get(code="poa-2026")
    statuses = set(Reply.objects.filter(campaign=campaign).values_list("status", flat=True))
    assert {"submitted", "returned", "draft"} <= statuses
    belize = Reply.objects.get(campaign=campaign, state__iso3="BLZ")
    assert (belize.status, belize.shared) == ("draft", False)
    assert campaign.invitations.exclude(extended_to=None).count() == 1
    rate = report.response_rate(report.figures_for(campaign))
    assert rate["late"] == 3
    assert rate["replied"] == 18

    # Each submitted reply carries the day it was submitted: before the deadline unless late.
    for reply in Reply.objects.filter(campaign=campaign).exclude(submitted_at=None):
        submitted_on = timezone.localdate(reply.submitted_at)
        assert (submitted_on > campaign.deadline) == reply.late, reply.state.iso3
        assert reply.revisions.get().submitted_at == reply.submitted_at
