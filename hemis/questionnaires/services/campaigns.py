"""Campaigns: a published version sent to the states, opened and closed, dates extended."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone

from hemis.accounts import policy
from hemis.accounts.actors import Actor, is_system, user_or_none
from hemis.core.models import MemberState
from hemis.core.selectors import participating_q
from hemis.core.services import audit_record
from hemis.questionnaires import rules
from hemis.questionnaires.models import Campaign, Invitation, Questionnaire
from hemis.questionnaires.services.errors import (
    ERR_CAMPAIGN_CODE_TAKEN,
    ERR_DEADLINE_BEFORE_OPENING,
    ERR_EXTENSION_DATE,
    ERR_EXTENSION_REASON,
    ERR_NO_STATES,
    ERR_NOT_INVITED,
    ERR_NOT_PUBLISHED,
    QuestionnaireError,
)
from hemis.questionnaires.services.workflow import CAMPAIGN_TRANSITIONS, require, transition


@transaction.atomic
def campaign_create(
    *,
    actor: Actor,
    code: str,
    questionnaire: Questionnaire,
    opens_on: dt.date,
    deadline: dt.date,
    states: Iterable[MemberState] | None = None,
    shared_by_default: bool = True,
    reminder_days: int = 14,
    title: Mapping[str, str] | None = None,
    open_now: bool = True,
) -> Campaign:
    """Send a published questionnaire version to the states (default: those taking part)."""
    require(is_system(actor) or policy.is_admin(actor))
    if not questionnaire.is_published:
        raise QuestionnaireError(ERR_NOT_PUBLISHED)
    if deadline <= opens_on:
        raise QuestionnaireError(ERR_DEADLINE_BEFORE_OPENING)
    if states is None:
        states = MemberState.objects.filter(participating_q(opens_on)).order_by("iso3")
    states = list(states)
    if not states:
        raise QuestionnaireError(ERR_NO_STATES)
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                code=code,
                questionnaire=questionnaire,
                title=dict(title or {}),
                opens_on=opens_on,
                deadline=deadline,
                shared_by_default=shared_by_default,
                reminder_days=reminder_days,
                status=Campaign.Status.OPEN if open_now else Campaign.Status.DRAFT,
            )
    except IntegrityError as error:
        raise QuestionnaireError(ERR_CAMPAIGN_CODE_TAKEN) from error
    Invitation.objects.bulk_create([Invitation(campaign=campaign, state=s) for s in states])
    audit_record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        changes={
            "questionnaire": [None, str(questionnaire)],
            "deadline": [None, deadline.isoformat()],
            "states": [None, sorted(s.iso3 for s in states)],
        },
    )
    return campaign


@transaction.atomic
def campaign_transition(*, campaign: Campaign, actor: Actor, action: str) -> Campaign:
    """Open or close a campaign."""
    require(policy.is_admin(actor))
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    old = campaign.status
    campaign.status = transition(campaign, action, CAMPAIGN_TRANSITIONS)
    campaign.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=f"campaign.{action}",
        obj=campaign,
        changes={"status": [old, campaign.status]},
    )
    return campaign


@transaction.atomic
def campaign_extend_deadline(
    *,
    campaign: Campaign,
    actor: Actor,
    states: Iterable[MemberState],
    new_date: dt.date,
    reason: str,
) -> list[Invitation]:
    """Give one or several states a later date, with the reason."""
    require(policy.is_admin(actor))
    reason = rules.clean_comment(reason) if isinstance(reason, str) else ""
    if not reason:
        raise QuestionnaireError(ERR_EXTENSION_REASON)
    if new_date <= campaign.deadline:
        raise QuestionnaireError(ERR_EXTENSION_DATE)
    invitations = []
    for state in states:
        invitation = (
            Invitation.objects.select_for_update().filter(campaign=campaign, state=state).first()
        )
        if invitation is None:
            raise QuestionnaireError(ERR_NOT_INVITED % {"state": state.name})
        old = invitation.extended_to.isoformat() if invitation.extended_to else None
        invitation.extended_to = new_date
        invitation.extension_reason = reason
        invitation.extended_at = timezone.now()
        invitation.extended_by = user_or_none(actor)
        invitation.reminded_at = None
        invitation.save(
            update_fields=[
                "extended_to",
                "extension_reason",
                "extended_at",
                "extended_by",
                "reminded_at",
            ]
        )
        audit_record(
            actor=actor,
            action="campaign.extend",
            obj=invitation,
            state=state,
            changes={"extended_to": [old, new_date.isoformat()], "reason": [None, reason]},
        )
        invitations.append(invitation)
    return invitations
