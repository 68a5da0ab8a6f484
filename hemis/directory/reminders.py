"""Reminder e-mails to coordinators whose directory entries near the end of their validity."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from hemis.accounts.models import Role, User
from hemis.core.mail import queue_email
from hemis.directory.models import stale_before
from hemis.directory.selectors import contacts_due_for_reminder


@transaction.atomic
def send_directory_reminders(*, today: dt.date | None = None) -> int:
    """Queue one e-mail per coordinator listing their state's entries to confirm."""
    today = today or timezone.localdate()
    threshold = stale_before(today)
    by_state: defaultdict[int | None, list] = defaultdict(list)
    for contact in contacts_due_for_reminder(today=today):
        by_state[contact.state_id].append(contact)
    coordinators = User.objects.filter(
        role=Role.STATE_COORDINATOR, is_active=True, state_id__in=by_state
    ).select_related("state")
    sent = 0
    for coordinator in coordinators:
        if coordinator.state is None:  # the query asked for a state; this satisfies mypy
            continue
        contacts = sorted(by_state[coordinator.state_id], key=lambda c: c.last_confirmed_on)
        with translation.override(coordinator.preferred_language):
            url = (
                settings.HEMIS_BASE_URL.rstrip("/")
                + reverse("directory:index")
                + f"?state={coordinator.state.iso3}&sort=confirmed"
            )
        queue_email(
            template="directory/email/reminder",
            context={
                "coordinator": coordinator,
                "state": coordinator.state,
                "contacts": contacts,
                "out_of_date": [c for c in contacts if c.last_confirmed_on < threshold],
                "url": url,
                "days": settings.HEMIS_DIRECTORY_STALE_DAYS,
            },
            to=coordinator.email,
            language=coordinator.preferred_language,
        )
        sent += 1
    return sent
