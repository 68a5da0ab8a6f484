"""Writes to core data, and the audit log that every service of every app writes through."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy

from hemis.accounts.actors import Actor, user_or_none
from hemis.core.models import AuditEvent, MemberState

ERR_VERSION_CONFLICT = gettext_lazy(
    "Someone else saved this entry after version %(version)s; nothing was saved. Compare with "
    "`current` and send your change again with `current_version`."
)


class VersionConflict(Exception):
    """Someone saved the record after the version the writer read; nothing was written.

    `read_version` is the version the writer sent, `current_version` and `current` the saved
    ones: the page shows both, the API answers 409 with `message` and `saved()`
    (`hemis.core.api_errors`).
    """

    message = ERR_VERSION_CONFLICT

    def __init__(
        self,
        *,
        current_version: int,
        current: Mapping[str, Any],
        read_version: int | None = None,
    ) -> None:
        super().__init__(f"The record changed (now at version {current_version}).")
        self.current_version = current_version
        self.current = dict(current)
        self.read_version = read_version

    def saved(self) -> dict[str, Any]:
        """What the API shows of the saved record, beside `detail` and `current_version`."""
        return {"current": self.current}


def check_version(*, read: int, current: int, values: Callable[[], Mapping[str, Any]]) -> None:
    """Raise VersionConflict with the saved `values()` unless `read` is the `current` version."""
    if read != current:
        raise VersionConflict(current_version=current, current=values(), read_version=read)


class Refused(ValidationError):
    """A service's refusal of what it was asked, by field where it names one (the API: 422).

    Read as its messages (`str(error)`), for pages that show it as one line.
    """

    def __str__(self) -> str:
        return " ".join(str(message) for message in self.messages)


class Conflict(Refused):
    """The record's state (replaced, retired, submitted) forbids the change, whatever was sent.

    A ValidationError, so that pages show it as one; the API answers 409, not 422.
    """


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields`, as they will be stored in an audit event."""
    return {name: _jsonable(getattr(instance, _attname(instance, name))) for name in fields}


def _attname(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    return getattr(field, "attname", name)


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value differs."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model,
    changes: Mapping[str, Any] | None = None,
    state: MemberState | None = None,
) -> AuditEvent:
    """Record one write: who (actor), what (action on obj), the old and new values."""
    user = user_or_none(actor)
    return AuditEvent.objects.create(
        actor=user,
        actor_email=actor.email,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(getattr(obj, "public_key", None) or obj.pk),
        object_repr=str(obj)[:255],
        state=state,
        changes=_jsonable(dict(changes or {})),
    )
