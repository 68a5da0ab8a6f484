import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from hemis.directory.models import Contact
from hemis.directory.reminders import send_directory_reminders

pytestmark = pytest.mark.django_db


def age(contact, days):
    Contact.objects.filter(pk=contact.pk).update(
        last_confirmed_on=timezone.localdate() - dt.timedelta(days=days)
    )


def test_a_coordinator_is_reminded_of_entries_nearing_a_year(
    coordinator_a,
    coordinator_b,
    jamaica_contact,
    mexico_contact,
    django_capture_on_commit_callbacks,
):
    age(jamaica_contact, 350)
    age(mexico_contact, 30)
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_directory_reminders()
    assert sent == 1
    assert mail.outbox[0].to == [coordinator_a.email]
    assert "Ana Rivera" in mail.outbox[0].body
    assert "Jamaica" in mail.outbox[0].subject


def test_the_reminder_is_in_the_coordinators_language(
    coordinator_b, mexico_contact, django_capture_on_commit_callbacks
):
    coordinator_b.preferred_language = "es"
    coordinator_b.save()
    age(mexico_contact, 400)
    with django_capture_on_commit_callbacks(execute=True):
        send_directory_reminders()
    assert "/es/directory/" in mail.outbox[0].body


def test_nobody_is_reminded_when_everything_is_fresh(coordinator_a, jamaica_contact):
    assert send_directory_reminders() == 0


def test_the_command_queues_the_reminders_through_the_task_queue(
    coordinator_a, jamaica_contact, django_capture_on_commit_callbacks, capsys
):
    age(jamaica_contact, 360)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_directory_reminders")
    assert "queued" in capsys.readouterr().out
    assert len(mail.outbox) == 1
