"""Reminder e-mails to coordinators a campaign's reminder days before their state's date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from hemis.accounts.models import Role
from hemis.conftest import make_user
from hemis.core.models import MemberState
from hemis.questionnaires import services
from hemis.questionnaires.models import Campaign, Invitation
from hemis.questionnaires.reminders import send_campaign_reminders
from hemis.questionnaires.tests.conftest import COMPLETE

pytestmark = pytest.mark.django_db


def send(capture, today):
    with capture(execute=True):
        return send_campaign_reminders(today=today)


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def ten_days_before(campaign) -> dt.date:
    return campaign.deadline - dt.timedelta(days=10)


def test_coordinators_are_reminded_once_the_date_is_within_the_reminder_days(
    campaign, coordinator_a, coordinator_b, django_capture_on_commit_callbacks
):
    today = ten_days_before(campaign)
    assert send(django_capture_on_commit_callbacks, today) == 2
    assert recipients() == sorted([coordinator_a.email, coordinator_b.email])
    message = next(m for m in mail.outbox if m.to == [coordinator_a.email])
    assert message.subject == "hemis: A small questionnaire, reply due in 10 days"
    assert "The reply of Jamaica to “A small questionnaire” has not been submitted yet." in (
        message.body
    )
    assert "10 days left" in message.body
    assert "/en/questionnaires/small-2026/JAM/" in message.body
    invitation = Invitation.objects.get(campaign=campaign, state__iso3="JAM")
    assert invitation.reminded_at is not None


def test_nobody_is_reminded_while_the_date_is_further_off_than_the_reminder_days(
    campaign, coordinator_a, django_capture_on_commit_callbacks
):
    assert campaign.reminder_days == 14
    today = campaign.deadline - dt.timedelta(days=15)
    assert send(django_capture_on_commit_callbacks, today) == 0
    assert mail.outbox == []
    assert send(django_capture_on_commit_callbacks, today + dt.timedelta(days=1)) == 1


def test_the_reminder_days_are_the_campaigns_own(
    campaign, coordinator_a, django_capture_on_commit_callbacks
):
    Campaign.objects.filter(pk=campaign.pk).update(reminder_days=3)
    assert send(django_capture_on_commit_callbacks, ten_days_before(campaign)) == 0
    assert send(django_capture_on_commit_callbacks, campaign.deadline - dt.timedelta(days=3)) == 1


def test_nobody_is_reminded_once_the_date_has_passed(
    campaign, coordinator_a, django_capture_on_commit_callbacks
):
    assert send(django_capture_on_commit_callbacks, campaign.deadline + dt.timedelta(days=1)) == 0


def test_on_the_day_itself_the_reminder_says_the_reply_is_due_today(
    campaign, coordinator_a, django_capture_on_commit_callbacks
):
    assert send(django_capture_on_commit_callbacks, campaign.deadline) == 1
    assert mail.outbox[0].subject == "hemis: A small questionnaire, reply due today"
    assert "The deadline is today." in mail.outbox[0].body


def test_an_extension_moves_the_date_the_reminder_counts_from(
    campaign, admin, coordinator_a, coordinator_b, state_a, django_capture_on_commit_callbacks
):
    extended = campaign.deadline + dt.timedelta(days=30)
    services.campaign_extend_deadline(
        campaign=campaign, actor=admin, states=[state_a], new_date=extended, reason="Elections"
    )
    assert send(django_capture_on_commit_callbacks, ten_days_before(campaign)) == 1
    assert recipients() == [coordinator_b.email]
    mail.outbox.clear()
    assert send(django_capture_on_commit_callbacks, extended - dt.timedelta(days=5)) == 1
    assert recipients() == [coordinator_a.email]
    assert "Your State's extended deadline is" in mail.outbox[0].body
    assert "5 days left" in mail.outbox[0].body


def test_a_state_that_has_submitted_is_not_reminded(
    campaign, coordinator_a, coordinator_b, reply_a, django_capture_on_commit_callbacks
):
    services.reply_save_answers(
        reply=reply_a, actor=coordinator_a, answers=COMPLETE, base_version=0
    )
    services.reply_submit(reply=reply_a, actor=coordinator_a)
    assert send(django_capture_on_commit_callbacks, ten_days_before(campaign)) == 1
    assert recipients() == [coordinator_b.email]


def test_a_state_with_only_a_draft_is_reminded(
    campaign, coordinator_a, reply_a, django_capture_on_commit_callbacks
):
    services.reply_save_answers(
        reply=reply_a, actor=coordinator_a, answers=COMPLETE, base_version=0
    )
    assert send(django_capture_on_commit_callbacks, ten_days_before(campaign)) == 1
    assert recipients() == [coordinator_a.email]


def test_a_state_already_reminded_is_not_reminded_again_until_its_date_changes(
    campaign, admin, coordinator_a, state_a, django_capture_on_commit_callbacks
):
    today = ten_days_before(campaign)
    assert send(django_capture_on_commit_callbacks, today) == 1
    assert send(django_capture_on_commit_callbacks, today) == 0
    assert send(django_capture_on_commit_callbacks, today + dt.timedelta(days=5)) == 0
    assert len(mail.outbox) == 1
    services.campaign_extend_deadline(
        campaign=campaign,
        actor=admin,
        states=[state_a],
        new_date=campaign.deadline + dt.timedelta(days=2),
        reason="More time to consult the ministries",
    )
    assert send(django_capture_on_commit_callbacks, today + dt.timedelta(days=5)) == 1
    assert len(mail.outbox) == 2


def test_the_reminder_is_written_in_each_coordinators_language(
    campaign, coordinator_b, django_capture_on_commit_callbacks
):
    coordinator_b.preferred_language = "es"
    coordinator_b.save(update_fields=["preferred_language"])
    assert send(django_capture_on_commit_callbacks, ten_days_before(campaign)) == 1
    message = mail.outbox[0]
    assert message.subject == "hemis: Un cuestionario pequeño, la respuesta vence en 10 días"
    assert "La respuesta de México a «Un cuestionario pequeño» aún no se ha enviado." in (
        message.body
    )
    assert "quedan 10 días" in message.body
    assert "/es/questionnaires/small-2026/MEX/" in message.body


def test_only_the_active_coordinators_of_an_invited_state_are_reminded(
    campaign,
    coordinator_a,
    contributor_a,
    delegation_reader,
    analyst,
    django_capture_on_commit_callbacks,
):
    state_a = coordinator_a.state
    second = make_user("second.coordinator@jam.example", Role.STATE_COORDINATOR, state_a)
    gone = make_user("former.coordinator@jam.example", Role.STATE_COORDINATOR, state_a)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    peru = MemberState.objects.get(iso3="PER")
    make_user("coordinator@per.example", Role.STATE_COORDINATOR, peru)
    # Chile is invited, but its only user is a delegation reader.
    assert send(django_capture_on_commit_callbacks, ten_days_before(campaign)) == 2
    assert recipients() == sorted([coordinator_a.email, second.email])


def test_a_state_without_a_coordinator_is_reminded_once_one_is_appointed(
    campaign, state_a, django_capture_on_commit_callbacks
):
    today = ten_days_before(campaign)
    assert send(django_capture_on_commit_callbacks, today) == 0
    assert Invitation.objects.get(campaign=campaign, state=state_a).reminded_at is None
    coordinator = make_user("new.coordinator@jam.example", Role.STATE_COORDINATOR, state_a)
    assert send(django_capture_on_commit_callbacks, today + dt.timedelta(days=1)) == 1
    assert recipients() == [coordinator.email]


def test_a_closed_campaign_sends_no_reminders(
    campaign, admin, coordinator_a, django_capture_on_commit_callbacks
):
    services.campaign_transition(campaign=campaign, actor=admin, action="close")
    assert send(django_capture_on_commit_callbacks, ten_days_before(campaign)) == 0


def test_the_command_queues_the_reminders_through_the_task_queue(
    campaign, coordinator_a, django_capture_on_commit_callbacks, capsys, time_machine
):
    time_machine.move_to(dt.datetime.combine(ten_days_before(campaign), dt.time(9)), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_questionnaire_reminders")
    assert "Reminders queued" in capsys.readouterr().out
    assert recipients() == [coordinator_a.email]
