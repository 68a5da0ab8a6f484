"""Treaty status in the JSON API: public, no token needed.

Reads go through the same selectors as the pages. Every state is listed for an instrument, with
`has_record` false and status `unknown` ("no information") where nothing is recorded.
"""

import datetime as dt

from django.http import Http404
from django.utils import translation
from ninja import Field, Router, Schema, Status

from hemis.core import selectors as core_selectors
from hemis.core.api_errors import Detail
from hemis.core.models import LANGUAGE_CODES
from hemis.treaties import access, selectors
from hemis.treaties.models import Instrument, TreatyRecord
from hemis.treaties.presentation import status_labels

router = Router(tags=["treaties"], auth=None)

LANG = "Language of titles and names: en, es, fr or pt."


class Titles(Schema):
    en: str
    es: str
    fr: str
    pt: str


class InstrumentOut(Schema):
    code: str = Field(description="The instrument's code, used in URLs (for example UNTOC).")
    title: str = Field(description="The title in the requested language.")
    short_title: str
    titles: Titles = Field(description="The official title in the four OAS languages.")
    adopted_on: dt.date
    depositary: str = Field(description="un_sg, oas_gs or coe.")
    depositary_name: str
    depositary_reference: str
    depositary_url: str
    parent: str | None = Field(description="The code of the convention a protocol supplements.")


class Counts(Schema):
    parties: int = Field(description="Records with status party or party_date_unknown.")
    signatories: int = Field(description="Signatories not yet party.")
    not_parties: int
    no_information: int = Field(description="States with status unknown or without a record.")


class StatusOut(Schema):
    iso3: str
    state: str = Field(description="The state's name in the requested language.")
    has_record: bool = Field(description="False when nothing has been recorded for this pair.")
    status: str = Field(
        description="party, party_date_unknown, signatory, not_party or unknown. `unknown` "
        "means no information, not that the state is not a party."
    )
    status_label: str
    signature_date: dt.date | None
    consent_type: str = Field(
        description="ratification, accession, acceptance, approval, succession or empty."
    )
    consent_date: dt.date | None
    reservations: str
    designated_authorities: str
    note: str
    sources: list[str] = Field(description="Web addresses or document symbols.")
    source_consulted_on: dt.date | None
    updated_at: dt.datetime | None


class InstrumentStatusOut(Schema):
    instrument: InstrumentOut
    counts: Counts
    states: list[StatusOut]


class StateInstrumentOut(StatusOut):
    instrument: str = Field(description="The instrument's code.")
    instrument_title: str


class StateTreatiesOut(Schema):
    iso3: str
    state: str
    instruments: list[StateInstrumentOut]


def _language(lang: str) -> str:
    return lang if lang in LANGUAGE_CODES else "en"


def _instrument(instrument: Instrument) -> dict:
    return {
        "code": instrument.code,
        "title": instrument.title,
        "short_title": instrument.short,
        "titles": {lang: instrument.title_in(lang) for lang in LANGUAGE_CODES},
        "adopted_on": instrument.adopted_on,
        "depositary": instrument.depositary,
        "depositary_name": str(instrument.get_depositary_display()),
        "depositary_reference": instrument.depositary_reference,
        "depositary_url": instrument.depositary_url,
        "parent": instrument.parent.code if instrument.parent else None,
    }


def _status(iso3: str, name: str, record: TreatyRecord | None, labels: dict[str, str]) -> dict:
    status = record.status if record else "unknown"
    return {
        "iso3": iso3,
        "state": name,
        "has_record": record is not None,
        "status": status,
        "status_label": labels[status],
        "signature_date": record.signature_date if record else None,
        "consent_type": record.consent_type if record else "",
        "consent_date": record.consent_date if record else None,
        "reservations": record.reservations if record else "",
        "designated_authorities": record.designated_authorities if record else "",
        "note": record.note if record else "",
        "sources": record.sources if record else [],
        "source_consulted_on": record.source_consulted_on if record else None,
        "updated_at": record.updated_at if record else None,
    }


@router.get("/treaties", response=list[InstrumentOut], summary="List the instruments")
def treaties(request, lang: str = "en"):
    """The conventions and protocols whose status hemis keeps."""
    with translation.override(_language(lang)):
        return [_instrument(instrument) for instrument in selectors.instrument_list()]


@router.get(
    "/treaties/{code}/status",
    response={200: InstrumentStatusOut, 404: Detail},
    summary="Every member state's status for one instrument",
)
def treaty_status(request, code: str, lang: str = "en", subregion: str = ""):
    """Every member state with its record and source; `unknown` is no information."""
    language = _language(lang)
    with translation.override(language):
        instrument = access.get_instrument_for_user(request.user, code)
        entries = selectors.instrument_status(instrument, subregion=subregion, language=language)
        counts = selectors.status_counts(entries)
        labels = status_labels()
        return Status(
            200,
            {
                "instrument": _instrument(instrument),
                "counts": {
                    "parties": counts.parties,
                    "signatories": counts.signatories,
                    "not_parties": counts.not_parties,
                    "no_information": counts.no_information,
                },
                "states": [_status(e.state.iso3, e.state.name, e.record, labels) for e in entries],
            },
        )


@router.get(
    "/member-states/{iso3}/treaties",
    response={200: StateTreatiesOut, 404: Detail},
    summary="One member state's status for every instrument",
)
def state_treaties(request, iso3: str, lang: str = "en"):
    """A member state's record for every instrument; 404 for a code that is not a member's."""
    language = _language(lang)
    with translation.override(language):
        state = core_selectors.member_state_get(iso3)
        if state is None:
            raise Http404
        name = state.name_in(language)
        labels = status_labels()
        return Status(
            200,
            {
                "iso3": state.iso3,
                "state": name,
                "instruments": [
                    {
                        **_status(state.iso3, name, record, labels),
                        "instrument": instrument.code,
                        "instrument_title": instrument.title,
                    }
                    for instrument, record in selectors.state_treaty_status(state)
                ],
            },
        )
