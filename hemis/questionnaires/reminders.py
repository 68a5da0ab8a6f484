"""Reminder e-mails to coordinators whose state's date for a campaign is near."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation

from hemis.accounts.models import Role, User
from hemis.core.mail import queue_email
from hemis.questionnaires.models import Campaign, Invitation, Reply


def invitations_due(today: dt.date) -> list[Invitation]:
    """Invitations of open campaigns whose date is within the campaign's reminder days, whose
    state has not submitted, and that were not reminded since their date last changed."""
    submitted = Reply.objects.filter(
        campaign_id=OuterRef("campaign_id"), state_id=OuterRef("state_id"), revision_count__gt=0
    )
    candidates = (
        Invitation.objects.filter(campaign__status=Campaign.Status.OPEN)
        .filter(
            Q(extended_to__gte=today) | Q(extended_to__isnull=True, campaign__deadline__gte=today)
        )
        # An extension clears reminded_at; extended_at covers a date changed any other way.
        .filter(Q(reminded_at__isnull=True) | Q(extended_at__gt=F("reminded_at")))
        .filter(~Exists(submitted))
        # Two runs at once must not both send: the second skips what the first holds.
        .select_for_update(of=("self",), skip_locked=True)
        .select_related("campaign__questionnaire", "state")
        .order_by("campaign__code", "state__iso3")
    )
    return [
        invitation
        for invitation in candidates
        if 0 <= (invitation.deadline - today).days <= invitation.campaign.reminder_days
    ]


@transaction.atomic
def send_campaign_reminders(*, today: dt.date | None = None) -> int:
    """Queue a reminder to each active coordinator of each state whose date is near; the count."""
    today = today or timezone.localdate()
    invitations = invitations_due(today)
    coordinators: dict[int | None, list[User]] = {}
    for user in User.objects.filter(
        role=Role.STATE_COORDINATOR,
        is_active=True,
        state_id__in={invitation.state_id for invitation in invitations},
    ).order_by("email"):
        coordinators.setdefault(user.state_id, []).append(user)
    sent = 0
    now = timezone.now()
    for invitation in invitations:
        recipients = coordinators.get(invitation.state_id, [])
        if not recipients:
            # Nobody to tell yet: a coordinator appointed before the date still gets it.
            continue
        campaign = invitation.campaign
        for coordinator in recipients:
            language = coordinator.preferred_language
            with translation.override(language):
                url = settings.HEMIS_BASE_URL.rstrip("/") + reverse(
                    "questionnaires:reply", args=[campaign.code, invitation.state.iso3]
                )
            queue_email(
                template="questionnaires/email/reminder",
                context={
                    "coordinator": coordinator,
                    "campaign": campaign,
                    "state": invitation.state,
                    "deadline": invitation.deadline,
                    "extended": bool(invitation.extended_to),
                    "days_left": (invitation.deadline - today).days,
                    "url": url,
                },
                to=coordinator.email,
                language=language,
            )
            sent += 1
        invitation.reminded_at = now
        invitation.save(update_fields=["reminded_at"])
    return sent
