"""Loading treaty status for a user: everyone reads it; only the Secretariat writes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from hemis.accounts import policy
from hemis.core import selectors as core_selectors
from hemis.core.models import MemberState
from hemis.treaties import selectors
from hemis.treaties.models import Instrument, TreatyRecord


@dataclass
class RecordRef:
    """A state's record for an instrument; `record` is None while nothing is recorded."""

    instrument: Instrument
    state: MemberState
    record: TreatyRecord | None

    @property
    def version(self) -> int:
        return self.record.version if self.record else 0


def get_instrument_for_user(user: Any, code: str) -> Instrument:
    """An instrument (public to all), or 404."""
    instrument = selectors.instrument_get(code)
    if instrument is None:
        raise Http404
    return instrument


def get_record_for_user(user: Any, code: str, iso3: str, *, write: bool = False) -> RecordRef:
    """A state's record for an instrument (with write=True, only for the Secretariat), or 404."""
    if write and not policy.can_write_reference_data(user):
        raise Http404
    instrument = get_instrument_for_user(user, code)
    state = core_selectors.member_state_get(iso3)
    if state is None:
        raise Http404
    return RecordRef(instrument, state, selectors.record_get(instrument, state))
