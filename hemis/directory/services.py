"""Every write to the directory: validated, atomic, versioned and audited."""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import phonenumbers
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemis.accounts import policy
from hemis.core import limits
from hemis.core.models import Language, MemberState, ThematicArea
from hemis.core.services import Conflict, audit_record, changes_between, check_version
from hemis.directory.models import (
    Authority,
    AuthorityKind,
    Contact,
    Edition,
    EditionStatus,
    EntryStatus,
    Function,
    Generation,
    TriState,
)

ERR_EMAIL = _("“%(value)s” is not a valid e-mail address.")
ERR_PHONE = _(
    "“%(value)s” is not a valid telephone number. Write it with the country code, "
    "for example +1 876 555 0100."
)
ERR_LANGUAGE = _("“%(value)s” is not an ISO 639-1 language code (for example en, es, fr, pt).")
ERR_AREA = _("“%(value)s” is not a thematic area code.")
ERR_FUNCTION = _("“%(value)s” is not a function of the directory.")
ERR_KIND = _("“%(value)s” is not a kind of authority.")
ERR_NAME_OR_OFFICE = _("Give the name of the person or of the office.")
ERR_REACHABLE = _("Give at least one e-mail address or telephone number.")
ERR_AUTHORITY_STATE = _("The authority must belong to the same state as the contact.")
ERR_NOT_ACTIVE = _("This entry has been replaced or retired and can no longer be changed.")
ERR_URL = _("“%(value)s” is not a valid web address.")
ERR_REQUIRED = _("This field is required.")

CONTACT_FIELDS = (
    "function",
    "person_name",
    "office",
    "title",
    "authority",
    "thematic_areas",
    "emails",
    "phones",
    "languages",
    "availability",
    "language",
)
AUTHORITY_FIELDS = (
    "name",
    "name_en",
    "kind",
    "address",
    "website",
    "request_languages",
    "procedural_notes",
    "palermo_legal_basis",
    "interpol_requests",
    "language",
)
_M2M = {"thematic_areas", "languages", "request_languages"}


class EntryNotActive(Conflict):
    """The entry was replaced or retired: its state, not the values sent, forbids the change."""

    def __init__(self) -> None:
        super().__init__(ERR_NOT_ACTIVE, code="not_active")


def fold(text: str) -> str:
    """Lower case without accents, for accent-insensitive matching on every database."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _as_list(value: Any, field: str) -> list[str]:
    """A list field's items (a list, or text separated by ";" or ","), counted before each is
    checked: more than limits.MAX_LIST_ITEMS is refused, naming the field."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(",", ";").split(";")
    if message := limits.too_many([v for v in value if str(v).strip()]):
        raise ValidationError({field: message})
    return [str(v).strip() for v in value if str(v).strip()]


def normalize_phone(raw: str, state: MemberState) -> str:
    """E.164 form of a number written with its country code or as dialled in `state`."""
    try:
        number = phonenumbers.parse(raw, state.iso2)
    except phonenumbers.NumberParseException as error:
        raise ValueError(raw) from error
    if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
        raise ValueError(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _codes(values: Iterable[str], known: set[str], message, field: str, errors: dict) -> list[str]:
    codes = [v.strip().lower() for v in values]
    for code in codes:
        if code not in known:
            errors.setdefault(field, []).append(message % {"value": code})
    return sorted(set(codes))


ERR_TOO_LONG = _("Keep this under %(limit)d characters (it has %(length)d).")


def _check_lengths(model, cleaned: Mapping[str, Any], errors: dict) -> None:
    for name, value in cleaned.items():
        limit = getattr(model._meta.get_field(name), "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            errors.setdefault(name, []).append(
                ERR_TOO_LONG % {"limit": limit, "length": len(value)}
            )


def clean_contact_fields(
    state: MemberState | None, data: Mapping[str, Any], *, partial: bool = False
) -> dict[str, Any]:
    """Validate and normalize contact fields; ValidationError names every bad field.

    Without a state (an import row whose state code is wrong), telephone numbers and the
    authority cannot be checked and are left out; the other fields still are.
    """
    errors: dict[str, list] = {}
    cleaned: dict[str, Any] = {}
    for name in CONTACT_FIELDS:
        if state is None and name in ("phones", "authority"):
            continue
        if name not in data:
            continue
        value = data[name]
        if name == "function":
            if value not in Function.values:
                errors[name] = [ERR_FUNCTION % {"value": value}]
            cleaned[name] = value
        elif name == "emails":
            emails = [e.lower() for e in _as_list(value, name)]
            for email in emails:
                try:
                    EmailValidator()(email)
                except ValidationError:
                    errors.setdefault(name, []).append(ERR_EMAIL % {"value": email})
            cleaned[name] = list(dict.fromkeys(emails))
        elif name == "phones":
            phones = []
            for raw in _as_list(value, name):
                try:
                    phones.append(normalize_phone(raw, state))  # type: ignore[arg-type]
                except ValueError:
                    errors.setdefault(name, []).append(ERR_PHONE % {"value": raw})
            cleaned[name] = list(dict.fromkeys(phones))
        elif name == "languages":
            known = set(Language.objects.values_list("code", flat=True))
            cleaned[name] = _codes(_as_list(value, name), known, ERR_LANGUAGE, name, errors)
        elif name == "thematic_areas":
            known = set(ThematicArea.objects.values_list("code", flat=True))
            cleaned[name] = _codes(_as_list(value, name), known, ERR_AREA, name, errors)
        elif name == "authority":
            if value is not None and (
                not isinstance(value, Authority) or state is None or value.state_id != state.pk
            ):
                errors[name] = [ERR_AUTHORITY_STATE]
            cleaned[name] = value
        elif name == "language":
            if not Language.objects.filter(code=value).exists():
                errors[name] = [ERR_LANGUAGE % {"value": value}]
            cleaned[name] = value
        else:
            cleaned[name] = (value or "").strip()
    if not partial and "function" not in cleaned:
        errors.setdefault("function", []).append(ERR_REQUIRED)
    _check_lengths(Contact, cleaned, errors)
    if errors:
        raise ValidationError(errors)
    return cleaned


def contact_search_text(contact: Contact) -> str:
    parts = [
        contact.person_name,
        contact.office,
        contact.title,
        " ".join(contact.emails),
        " ".join(contact.phones),
    ]
    if contact.authority_id and contact.authority:
        parts += [contact.authority.name, contact.authority.name_en]
    return fold(" ".join(p for p in parts if p))


def contact_snapshot(contact: Contact) -> dict[str, Any]:
    """The editable values of a contact, as audit events and conflicts show them."""
    return {
        "function": contact.function,
        "person_name": contact.person_name,
        "office": contact.office,
        "title": contact.title,
        "authority": str(contact.authority.public_id) if contact.authority else None,
        "thematic_areas": sorted(a.code for a in contact.thematic_areas.all()),
        "emails": list(contact.emails),
        "phones": list(contact.phones),
        "languages": sorted(lang.code for lang in contact.languages.all()),
        "availability": contact.availability,
        "language": contact.language,
    }


def _check_reachable(contact_values: Mapping[str, Any]) -> None:
    errors = {}
    if not (contact_values.get("person_name") or contact_values.get("office")):
        errors["person_name"] = [ERR_NAME_OR_OFFICE]
    if not (contact_values.get("emails") or contact_values.get("phones")):
        errors["emails"] = [ERR_REACHABLE]
    if errors:
        raise ValidationError(errors)


def _assign(contact: Contact, cleaned: Mapping[str, Any]) -> None:
    for name, value in cleaned.items():
        if name == "thematic_areas":
            contact.thematic_areas.set(ThematicArea.objects.filter(code__in=value))
        elif name == "languages":
            contact.languages.set(Language.objects.filter(code__in=value))
        else:
            setattr(contact, name, value)


def directory_changed() -> None:
    """Move the directory to a new generation, in the caller's transaction.

    Every service that changes what the directory shows calls it, so cached result pages and the
    stored PDF edition, keyed on the generation, are never served after a change.
    """
    # At least the time in microseconds: a database restored from a backup, or a test database
    # rolled back, never reuses a generation whose renderings a shared cache still holds.
    now = int(time.time() * 1_000_000)
    if not Generation.objects.filter(pk=1).update(value=Greatest(F("value") + 1, Value(now))):
        Generation.objects.get_or_create(pk=1, defaults={"value": now})


def _require_editor(actor: Any, state: MemberState) -> None:
    if not policy.can_edit_directory(actor, state):
        raise PermissionDenied


@transaction.atomic
def contact_create(
    *, actor: Any, state: MemberState, data: Mapping[str, Any], confirmed_on=None
) -> Contact:
    """A new contact point of `state`; it is in the directory at once."""
    _require_editor(actor, state)
    cleaned = clean_contact_fields(state, data)
    _check_reachable(cleaned)
    scalar = {k: v for k, v in cleaned.items() if k not in _M2M}
    contact = Contact(state=state, **scalar)
    if confirmed_on:
        contact.last_confirmed_on = confirmed_on
    contact.save()
    _assign(contact, {k: v for k, v in cleaned.items() if k in _M2M})
    contact.search_text = contact_search_text(contact)
    contact.save(update_fields=["search_text"])
    directory_changed()
    audit_record(
        actor=actor,
        action="contact.create",
        obj=contact,
        changes=changes_between({}, contact_snapshot(contact)),
        state=state,
    )
    return contact


def _locked_contact(contact: Contact, version: int) -> Contact:
    """The contact's row, locked, if it is still at `version` and active."""
    locked = (
        Contact.objects.select_for_update(of=("self",))
        .select_related("state", "authority")
        .get(pk=contact.pk)
    )
    check_version(read=version, current=locked.version, values=lambda: contact_snapshot(locked))
    if not locked.is_active:
        raise EntryNotActive()
    return locked


@transaction.atomic
def contact_update(
    *, actor: Any, contact: Contact, version: int, data: Mapping[str, Any]
) -> Contact:
    """Change a contact read at `version`; a later save by someone else raises VersionConflict."""
    _require_editor(actor, contact.state)
    locked = _locked_contact(contact, version)
    cleaned = clean_contact_fields(locked.state, data, partial=True)
    before = contact_snapshot(locked)
    _check_reachable({**before, **cleaned})
    _assign(locked, cleaned)
    after = contact_snapshot(locked)
    changes = changes_between(before, after)
    if not changes:
        return locked
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.search_text = contact_search_text(locked)
    locked.save()
    directory_changed()
    audit_record(
        actor=actor, action="contact.update", obj=locked, changes=changes, state=locked.state
    )
    return locked


@transaction.atomic
def contact_replace(
    *, actor: Any, contact: Contact, version: int, data: Mapping[str, Any]
) -> Contact:
    """A new person takes over the function; the old entry is kept, marked as replaced."""
    _require_editor(actor, contact.state)
    locked = _locked_contact(contact, version)
    successor = contact_create(
        actor=actor, state=locked.state, data={"function": locked.function, **data}
    )
    locked.status = EntryStatus.REPLACED
    locked.replaced_by = successor
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save(update_fields=["status", "replaced_by", "version", "updated_at"])
    directory_changed()
    audit_record(
        actor=actor,
        action="contact.replace",
        obj=locked,
        changes={"status": ["active", "replaced"], "replaced_by": [None, successor.public_key]},
        state=locked.state,
    )
    return successor


@transaction.atomic
def contact_retire(*, actor: Any, contact: Contact, version: int) -> Contact:
    """Take a contact out of the directory; it stays in the history."""
    _require_editor(actor, contact.state)
    locked = _locked_contact(contact, version)
    locked.status = EntryStatus.RETIRED
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save(update_fields=["status", "version", "updated_at"])
    directory_changed()
    audit_record(
        actor=actor,
        action="contact.retire",
        obj=locked,
        changes={"status": ["active", "retired"]},
        state=contact.state,
    )
    return locked


@transaction.atomic
def contact_confirm(*, actor: Any, contact: Contact) -> Contact:
    """Confirm in one action that an entry is still correct."""
    _require_editor(actor, contact.state)
    if not contact.is_active:
        raise EntryNotActive()
    today = timezone.localdate()
    before = contact.last_confirmed_on
    Contact.objects.filter(pk=contact.pk).update(last_confirmed_on=today)
    contact.last_confirmed_on = today
    directory_changed()
    audit_record(
        actor=actor,
        action="contact.confirm",
        obj=contact,
        changes={"last_confirmed_on": [before.isoformat(), today.isoformat()]},
        state=contact.state,
    )
    return contact


@transaction.atomic
def contact_verify(*, actor: Any, contact: Contact) -> Contact:
    """The Secretariat marks an entry as verified."""
    if not policy.is_secretariat(actor):
        raise PermissionDenied
    contact.verified_at = timezone.now()
    contact.verified_by = actor
    Contact.objects.filter(pk=contact.pk).update(verified_at=contact.verified_at, verified_by=actor)
    directory_changed()
    audit_record(actor=actor, action="contact.verify", obj=contact, state=contact.state)
    return contact


def clean_authority_fields(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Validate authority fields; ValidationError names every bad field."""
    errors: dict[str, list] = {}
    cleaned: dict[str, Any] = {}
    for name in AUTHORITY_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "kind":
            if value not in AuthorityKind.values:
                errors[name] = [ERR_KIND % {"value": value}]
            cleaned[name] = value
        elif name in ("palermo_legal_basis", "interpol_requests"):
            cleaned[name] = value if value in TriState.values else TriState.UNKNOWN
        elif name == "request_languages":
            known = set(Language.objects.values_list("code", flat=True))
            cleaned[name] = _codes(_as_list(value, name), known, ERR_LANGUAGE, name, errors)
        elif name == "website":
            value = (value or "").strip()
            if value:
                try:
                    URLValidator()(value)
                except ValidationError:
                    errors[name] = [ERR_URL % {"value": value}]
            cleaned[name] = value
        elif name == "language":
            if not Language.objects.filter(code=value).exists():
                errors[name] = [ERR_LANGUAGE % {"value": value}]
            cleaned[name] = value
        else:
            cleaned[name] = (value or "").strip()
    for required in ("name", "kind"):
        # A partial change may leave a required field out, not empty it.
        if (not partial or required in cleaned) and not cleaned.get(required):
            errors.setdefault(required, [ERR_REQUIRED])
    _check_lengths(Authority, cleaned, errors)
    if errors:
        raise ValidationError(errors)
    return cleaned


def authority_snapshot(authority: Authority) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: getattr(authority, name) for name in AUTHORITY_FIELDS if name != "request_languages"
    }
    values["request_languages"] = sorted(lang.code for lang in authority.request_languages.all())
    return values


@transaction.atomic
def authority_create(*, actor: Any, state: MemberState, data: Mapping[str, Any]) -> Authority:
    """A new authority of `state`."""
    _require_editor(actor, state)
    cleaned = clean_authority_fields(data)
    languages = cleaned.pop("request_languages", [])
    authority = Authority.objects.create(state=state, **cleaned)
    authority.request_languages.set(Language.objects.filter(code__in=languages))
    directory_changed()
    audit_record(
        actor=actor,
        action="authority.create",
        obj=authority,
        changes=changes_between({}, authority_snapshot(authority)),
        state=state,
    )
    return authority


@transaction.atomic
def authority_update(
    *, actor: Any, authority: Authority, version: int, data: Mapping[str, Any]
) -> Authority:
    """Change an authority read at `version`; raises VersionConflict if it changed since."""
    _require_editor(actor, authority.state)
    locked = Authority.objects.select_for_update().get(pk=authority.pk)
    check_version(read=version, current=locked.version, values=lambda: authority_snapshot(locked))
    cleaned = clean_authority_fields(data, partial=True)
    before = authority_snapshot(locked)
    languages = cleaned.pop("request_languages", None)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    if languages is not None:
        locked.request_languages.set(Language.objects.filter(code__in=languages))
    changes = changes_between(before, authority_snapshot(locked))
    if not changes:
        return locked
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save()
    # The authority's name is part of its contacts' search text.
    for contact in locked.contacts.select_related("authority"):
        Contact.objects.filter(pk=contact.pk).update(search_text=contact_search_text(contact))
    directory_changed()
    audit_record(
        actor=actor, action="authority.update", obj=locked, changes=changes, state=locked.state
    )
    return locked


# An edition still waiting or in preparation after this long is taken to have been lost (its
# worker stopped) and is queued again when someone asks for it.
EDITION_LOST_AFTER = dt.timedelta(minutes=30)


@transaction.atomic
def edition_request(*, actor: Any, language: str) -> Edition:
    """Ask for today's PDF edition of the whole directory in `language`.

    The edition of the current generation and day is reused if it is ready or being prepared;
    otherwise it is queued for the background worker. It changes no directory data, so it is
    not audited.
    """
    if not policy.can_read_directory(actor):
        raise PermissionDenied
    generation = Generation.objects.filter(pk=1).values_list("value", flat=True).first() or 1
    edition, created = Edition.objects.get_or_create(
        language=language,
        generation=generation,
        edition_date=timezone.localdate(),
        defaults={"requested_by": actor},
    )
    lost = (
        edition.status in (EditionStatus.QUEUED, EditionStatus.RENDERING)
        and edition.created_at < timezone.now() - EDITION_LOST_AFTER
    )
    if created or lost or edition.status == EditionStatus.FAILED:
        edition.status = EditionStatus.QUEUED
        edition.requested_by = actor
        edition.parts_done = edition.parts_total = 0
        edition.created_at = timezone.now()
        edition.save(
            update_fields=["status", "requested_by", "parts_done", "parts_total", "created_at"]
        )
        from hemis.directory.tasks import prepare_edition_task

        transaction.on_commit(lambda: prepare_edition_task.enqueue(edition.pk))
    return edition
