"""Reads of reference data and the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from hemis.accounts import policy
from hemis.core.models import (
    AuditEvent,
    MemberState,
    Participation,
    Subregion,
    current_language,
    name_sort_key,
    state_name,
)


@dataclass(frozen=True)
class StateRow:
    """What lists of member states show: codes, localized name, subregion, participation."""

    iso3: str
    iso2: str
    name: str
    subregion: str
    participating: bool


def participating_q(day: dt.date) -> Exists:
    """True for a state with a participation period covering `day`, computed in SQL."""
    return Exists(
        Participation.objects.filter(
            Q(starts__isnull=True) | Q(starts__lte=day),
            Q(ends__isnull=True) | Q(ends__gt=day),
            state=OuterRef("pk"),
        )
    )


def member_state_rows(*, language: str | None = None, subregion: str = "") -> list[StateRow]:
    """Every member state as a light row, sorted by its name in `language`.

    Cached per language and day (participation depends on the date); reference data changes
    through migrations, after which `clear_state_cache()` runs.
    """
    language = language or current_language()
    today = timezone.localdate()
    key = f"hemis:states:{state_cache_key()}:{language}"
    rows = cache.get(key)
    if rows is None:
        states = MemberState.objects.annotate(participating=participating_q(today)).values_list(
            "iso3", "iso2", "name_en", "subregion__code", "participating"
        )
        rows = sorted(
            (
                StateRow(iso3, iso2, state_name(iso2, name_en, language), code, participating)
                for iso3, iso2, name_en, code, participating in states
            ),
            key=lambda row: name_sort_key(row.name),
        )
        cache.set(key, rows, timeout=60 * 60)
    if subregion:
        return [row for row in rows if row.subregion == subregion]
    return rows


def state_cache_key() -> str:
    """Changes when reference data changes and every day (participation depends on the date)."""
    version = cache.get_or_set("hemis:states:version", 1, timeout=None) or 1
    return f"v{version}:{timezone.localdate().isoformat()}"


def clear_state_cache() -> None:
    """Forget the cached state lists (after reference data changes)."""
    try:
        cache.incr("hemis:states:version")
    except ValueError:
        cache.set("hemis:states:version", 2, timeout=None)


@dataclass
class SubregionGroup:
    subregion: Subregion
    states: list[StateRow]


def states_by_subregion() -> list[SubregionGroup]:
    """Member states grouped under their subregion, in the subregions' order."""
    rows = member_state_rows()
    return [
        SubregionGroup(subregion, [row for row in rows if row.subregion == subregion.code])
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
