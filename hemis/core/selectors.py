"""Reads of reference data and the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from hemis.accounts import policy
from hemis.core.models import AuditEvent, MemberState, Participation, Subregion


def member_state_list(*, subregion: str = "") -> list[MemberState]:
    """All member states with subregion and participation loaded, sorted by localized name."""
    states = MemberState.objects.select_related("subregion").prefetch_related(
        Prefetch("participations", queryset=Participation.objects.order_by("starts"))
    )
    if subregion:
        states = states.filter(subregion__code=subregion)
    return sorted(states, key=lambda s: s.name)


@dataclass
class SubregionGroup:
    subregion: Subregion
    states: list[MemberState]


def states_by_subregion(*, today: dt.date | None = None) -> list[SubregionGroup]:
    """Member states grouped under their subregion, in the subregions' order."""
    states = member_state_list()
    return [
        SubregionGroup(subregion, [s for s in states if s.subregion_id == subregion.pk])
        for subregion in Subregion.objects.all()
    ]


def member_state_get(iso3: str) -> MemberState | None:
    return (
        MemberState.objects.select_related("subregion")
        .prefetch_related("participations")
        .filter(iso3=iso3.upper())
        .first()
    )


def audit_event_list(
    *,
    viewer,
    actor: str = "",
    state: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit log as `viewer` may see it, filtered by who, state, object and dates."""
    if not policy.can_view_audit_log(viewer):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.select_related("state")
    if actor:
        events = events.filter(actor_email__icontains=actor)
    if state:
        events = events.filter(state__iso3=state.upper())
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events


def object_history(obj) -> QuerySet[AuditEvent]:
    """Every recorded change to one object, newest first."""
    key = str(getattr(obj, "public_key", None) or obj.pk)
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=key)
