"""Every write to treaty status: validated, atomic, versioned and audited with its source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemis.accounts import policy
from hemis.core.models import MemberState
from hemis.core.services import audit_record, changes_between, check_version, snapshot
from hemis.treaties.models import (
    PARTY_STATUSES,
    ConsentType,
    Instrument,
    RecordStatus,
    TreatyRecord,
)

ERR_STATUS = _(
    "“%(value)s” is not a record status (party, party_date_unknown, signatory, not_party, unknown)."
)
ERR_CONSENT_TYPE = _(
    "“%(value)s” is not a kind of consent to be bound (ratification, accession, "
    "acceptance, approval, succession)."
)
ERR_DATE = _("“%(value)s” is not a date written as YYYY-MM-DD.")
ERR_DATE_FUTURE = _("This date is in the future.")
ERR_CONSENT_BEFORE_SIGNATURE = _("The consent to be bound cannot come before the signature.")
ERR_PARTY_NEEDS_DATE = _(
    "A party's record needs the date of its consent to be bound; if the date is not known, "
    "choose “Party (date not known)”."
)
ERR_DATE_NOT_KNOWN = _(
    "The status says the date is not known: leave the date of consent empty, or choose “Party”."
)
ERR_CONSENT_NOT_PARTY = _(
    "Only a party has a consent to be bound: leave this empty, or choose a party status."
)
ERR_SIGNATORY_NEEDS_SIGNATURE = _("A signatory's record needs the date of signature.")
ERR_NO_INFORMATION_WITH_CONSENT = _(
    "“No information” cannot have a consent to be bound; choose the status the source shows."
)
ERR_SOURCE_REQUIRED = _("Give the source: a web address or a document symbol.")
ERR_SOURCE_URL = _("“%(value)s” is not a valid web address.")
ERR_CONSULTED_REQUIRED = _("Give the date on which you consulted the source.")

RECORD_FIELDS = (
    "status",
    "signature_date",
    "consent_type",
    "consent_date",
    "reservations",
    "designated_authorities",
    "note",
    "source",
    "source_consulted_on",
)
TEXT_FIELDS = ("reservations", "designated_authorities", "note", "source")
DATE_FIELDS = ("signature_date", "consent_date", "source_consulted_on")
# Every history entry says where its facts come from, even when the source did not change.
SOURCE_FIELDS = ("source", "source_consulted_on")
SOURCE_SEPARATOR = " | "


def _add(errors: dict[str, list], name: str, message: Any) -> None:
    errors.setdefault(name, []).append(message)


def clean_source(value: str, errors: dict[str, list]) -> str:
    """Sources separated by “|”: web addresses are checked, document symbols kept as written."""
    parts = [part.strip() for part in (value or "").split("|") if part.strip()]
    for part in parts:
        if part.lower().startswith(("http://", "https://", "www.")):
            try:
                URLValidator()(part)
            except ValidationError:
                _add(errors, "source", ERR_SOURCE_URL % {"value": part})
    return SOURCE_SEPARATOR.join(parts)


def clean_record_fields(
    data: Mapping[str, Any], *, today: dt.date, require_consulted: bool
) -> dict[str, Any]:
    """Validate a record's fields together; ValidationError names every bad field."""
    errors: dict[str, list] = {}
    cleaned: dict[str, Any] = {}
    status = (data.get("status") or "").strip()
    if status not in RecordStatus.values:
        _add(errors, "status", ERR_STATUS % {"value": status})
    cleaned["status"] = status
    consent_type = (data.get("consent_type") or "").strip()
    if consent_type and consent_type not in ConsentType.values:
        _add(errors, "consent_type", ERR_CONSENT_TYPE % {"value": consent_type})
    cleaned["consent_type"] = consent_type
    for name in DATE_FIELDS:
        value = data.get(name) or None
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                _add(errors, name, ERR_DATE % {"value": value})
                value = None
        cleaned[name] = value
        if value and value > today:
            _add(errors, name, ERR_DATE_FUTURE)
    for name in TEXT_FIELDS:
        cleaned[name] = (data.get(name) or "").strip()
    cleaned["source"] = clean_source(cleaned["source"], errors)

    signed, consented = cleaned["signature_date"], cleaned["consent_date"]
    if signed and consented and consented < signed:
        _add(errors, "consent_date", ERR_CONSENT_BEFORE_SIGNATURE)
    if status == RecordStatus.PARTY and not consented:
        _add(errors, "consent_date", ERR_PARTY_NEEDS_DATE)
    elif status == RecordStatus.PARTY_DATE_UNKNOWN and consented:
        _add(errors, "consent_date", ERR_DATE_NOT_KNOWN)
    elif status == RecordStatus.SIGNATORY and not signed:
        _add(errors, "signature_date", ERR_SIGNATORY_NEEDS_SIGNATURE)
    if status == RecordStatus.UNKNOWN:
        # A signature may be known while the consent to be bound is not.
        if consented or consent_type:
            _add(errors, "status", ERR_NO_INFORMATION_WITH_CONSENT)
    elif status in RecordStatus.values and status not in PARTY_STATUSES:
        if consented:
            _add(errors, "consent_date", ERR_CONSENT_NOT_PARTY)
        if consent_type:
            _add(errors, "consent_type", ERR_CONSENT_NOT_PARTY)
    if status != RecordStatus.UNKNOWN and not cleaned["source"]:
        _add(errors, "source", ERR_SOURCE_REQUIRED)
    if require_consulted:
        if not cleaned["source"]:
            _add(errors, "source", ERR_SOURCE_REQUIRED)
        if not cleaned["source_consulted_on"]:
            _add(errors, "source_consulted_on", ERR_CONSULTED_REQUIRED)
    if errors:
        raise ValidationError({name: list(dict.fromkeys(msgs)) for name, msgs in errors.items()})
    return cleaned


def record_snapshot(record: TreatyRecord | None) -> dict[str, Any]:
    """A record's values as history and conflicts show them; no record reads as no information."""
    if record is None:
        return {name: "" if name not in DATE_FIELDS else None for name in RECORD_FIELDS} | {
            "status": RecordStatus.UNKNOWN.value
        }
    return snapshot(record, RECORD_FIELDS)


@dataclass
class SaveResult:
    record: TreatyRecord
    created: bool
    changes: dict[str, list[Any]] = field(default_factory=dict)


def _require_writer(actor: Any, system: bool) -> None:
    if not system and not policy.can_write_reference_data(actor):
        raise PermissionDenied


@transaction.atomic
def record_save(
    *,
    actor: Any,
    instrument: Instrument,
    state: MemberState,
    version: int,
    data: Mapping[str, Any],
    require_consulted: bool = True,
    system: bool = False,
) -> SaveResult:
    """Create or correct a state's record for an instrument, read at `version` (0: no record).

    A later save by someone else raises VersionConflict. `system` is for the data migration,
    which loads the reference file without a signed-in user.
    """
    _require_writer(actor, system)
    record = (
        TreatyRecord.objects.select_for_update(of=("self",))
        .select_related("instrument", "state")
        .filter(instrument=instrument, state=state)
        .first()
    )
    current_version = record.version if record else 0
    check_version(read=version, current=current_version, values=lambda: record_snapshot(record))
    cleaned = clean_record_fields(
        data, today=timezone.localdate(), require_consulted=require_consulted
    )
    before = record_snapshot(record)
    created = record is None
    if record is None:
        record = TreatyRecord(instrument=instrument, state=state, version=0)
    for name, value in cleaned.items():
        setattr(record, name, value)
    after = record_snapshot(record)
    changes = changes_between(before, after)
    if not changes and not created:
        return SaveResult(record, False, {})
    record.version += 1
    record.updated_at = timezone.now()
    record.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    record.save()
    recorded = dict(changes)
    for name in SOURCE_FIELDS:
        recorded.setdefault(name, [before[name], after[name]])
    audit_record(
        actor=actor,
        action="treaty_record.create" if created else "treaty_record.update",
        obj=record,
        changes=recorded,
        state=state,
    )
    return SaveResult(record, created, changes)
