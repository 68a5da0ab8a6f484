"""The directory in the JSON API: contact points and authorities, read and (for editors) changed.

The same access rules apply as on the pages: reads go through `selectors` and `access`, writes
through the services the pages call (`contact_create`, `contact_update`, `contact_replace`,
`contact_retire`, `contact_confirm`, `authority_update`), so versioning, validation and the audit
log are shared. Another state's entry, or a state the user may not edit, is 404.
"""

# No `from __future__ import annotations`: ninja must resolve `Query[...]` in the signatures.
import datetime as dt
import uuid
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from hemis.accounts import policy
from hemis.api.auth import token_auth
from hemis.core import selectors as core_selectors
from hemis.core.api_errors import Detail, FieldErrors, VersionConflictOut
from hemis.core.pagination import PageNumberPagination
from hemis.directory import access, selectors, services
from hemis.directory.models import Authority, Contact

router = Router(tags=["directory"], auth=token_auth)

PAGE_SIZE = 50
CONTACT_ID = Path(..., description="The contact point's public id (a UUID).")

ERR_NO_DIRECTORY = gettext_lazy(
    "Your account may not read the directory: only the Secretariat and officials of member "
    "states taking part in the cooperation network may."
)
ERR_NO_AUTHORITY = gettext_lazy("There is no authority with this id.")
AUTHORITY_ID = Path(..., description="The authority's public id (a UUID).")


# Responses


class AuthorityRef(Schema):
    id: uuid.UUID
    name: str


class ContactOut(Schema):
    id: uuid.UUID = Field(description="The contact point's public identifier.")
    version: int = Field(description="Send it back with a change, to detect concurrent edits.")
    state: str = Field(description="ISO 3166 alpha-3 code of the member state.")
    function: str
    person_name: str
    office: str
    title: str
    authority: AuthorityRef | None
    thematic_areas: list[str] = Field(description="Thematic area codes.")
    emails: list[str]
    phones: list[str] = Field(description="In E.164 form.")
    languages: list[str] = Field(description="ISO 639-1 codes of the languages spoken.")
    availability: str
    language: str = Field(description="The language in which the entry is written.")
    last_confirmed_on: dt.date
    out_of_date: bool
    verified: bool = Field(description="Verified by the Secretariat.")
    status: str = Field(description="active, replaced or retired.")
    replaced_by: uuid.UUID | None = Field(description="The contact point that took over, if any.")

    @staticmethod
    def resolve_id(contact: Contact) -> uuid.UUID:
        return contact.public_id

    @staticmethod
    def resolve_state(contact: Contact) -> str:
        return contact.state.iso3

    @staticmethod
    def resolve_authority(contact: Contact) -> dict[str, Any] | None:
        if contact.authority is None:
            return None
        return {"id": contact.authority.public_id, "name": contact.authority.name}

    @staticmethod
    def resolve_thematic_areas(contact: Contact) -> list[str]:
        return sorted(area.code for area in contact.thematic_areas.all())

    @staticmethod
    def resolve_languages(contact: Contact) -> list[str]:
        return sorted(language.code for language in contact.languages.all())

    @staticmethod
    def resolve_out_of_date(contact: Contact) -> bool:
        return contact.is_out_of_date()

    @staticmethod
    def resolve_verified(contact: Contact) -> bool:
        return contact.verified_at is not None

    @staticmethod
    def resolve_replaced_by(contact: Contact) -> uuid.UUID | None:
        # Test the id first: active contacts (all of the list) then cost no query.
        if contact.replaced_by_id is None or contact.replaced_by is None:
            return None
        return contact.replaced_by.public_id


class AuthorityOut(Schema):
    id: uuid.UUID
    state: str = Field(description="ISO 3166 alpha-3 code of the member state.")
    name: str
    name_en: str
    kind: str
    address: str
    website: str
    request_languages: list[str] = Field(
        description="ISO 639-1 codes of the languages in which it accepts requests."
    )
    procedural_notes: str
    palermo_legal_basis: str = Field(description="yes, no or unknown.")
    interpol_requests: str = Field(description="yes, no or unknown.")
    language: str
    version: int

    @staticmethod
    def resolve_id(authority: Authority) -> uuid.UUID:
        return authority.public_id

    @staticmethod
    def resolve_state(authority: Authority) -> str:
        return authority.state.iso3

    @staticmethod
    def resolve_request_languages(authority: Authority) -> list[str]:
        return sorted(language.code for language in authority.request_languages.all())


# Requests


class ContactQuery(Schema):
    q: str = Field("", description="Words to find in names, titles, e-mails, phones.")
    state: str = Field("", description="ISO 3166 alpha-3 code, e.g. JAM.")
    subregion: str = Field("", description="Subregion code, e.g. caribbean.")
    function: str = Field("", description="Function code, e.g. toc_contact.")
    area: str = Field("", description="Thematic area code.")
    language: str = Field("", description="ISO 639-1 code of a language spoken.")
    stale: bool = Field(False, description="Only the entries that are out of date.")
    sort: Literal["state", "name", "function", "confirmed", "-confirmed"] = Field(
        "state", description="Order: by state (default), name, function, confirmed, -confirmed."
    )

    def to_filters(self) -> selectors.ContactFilters:
        return selectors.ContactFilters.from_query(
            {**self.model_dump(), "stale": "1" if self.stale else ""}
        )


class ContactPatch(Schema):
    version: int = Field(description="The version the change was made on (from the last GET).")
    function: str | None = Field(None, description="Function code, e.g. toc_contact.")
    person_name: str | None = None
    office: str | None = None
    title: str | None = None
    authority: uuid.UUID | None = Field(
        None, description="Public id of an authority of the same state, or null for none."
    )
    thematic_areas: list[str] | None = Field(None, description="Thematic area codes.")
    emails: list[str] | None = None
    phones: list[str] | None = Field(
        None, description="With the country code, or as dialled in the contact's state."
    )
    languages: list[str] | None = Field(None, description="ISO 639-1 codes.")
    availability: str | None = None
    language: str | None = Field(None, description="ISO 639-1 code of the entry's language.")


class ContactCreate(Schema):
    state: str = Field(description="ISO 3166 alpha-3 code of the member state, e.g. JAM.")
    function: str = Field(description="Function code, e.g. toc_contact.")
    person_name: str = ""
    office: str = ""
    title: str = ""
    authority: uuid.UUID | None = Field(
        None, description="Public id of an authority of the same state, or null for none."
    )
    thematic_areas: list[str] = Field([], description="Thematic area codes.")
    emails: list[str] = []
    phones: list[str] = Field(
        [], description="With the country code, or as dialled in the contact's state."
    )
    languages: list[str] = Field([], description="ISO 639-1 codes.")
    availability: str = ""
    language: str = Field("en", description="ISO 639-1 code of the entry's language.")


class ContactReplace(Schema):
    version: int = Field(description="The version of the contact point being replaced.")
    person_name: str = ""
    office: str = ""
    title: str = ""
    authority: uuid.UUID | None = Field(
        None, description="Public id of an authority of the same state, or null for none."
    )
    thematic_areas: list[str] = Field([], description="Thematic area codes.")
    emails: list[str] = []
    phones: list[str] = []
    languages: list[str] = Field([], description="ISO 639-1 codes.")
    availability: str = ""
    language: str = Field("en", description="ISO 639-1 code of the entry's language.")


class VersionIn(Schema):
    version: int = Field(description="The version the action was decided on (from the last GET).")


class AuthorityPatch(Schema):
    version: int = Field(description="The version the change was made on (from the last GET).")
    name: str | None = None
    name_en: str | None = None
    kind: str | None = Field(None, description="ministry, prosecutor, police, fiu, customs, …")
    address: str | None = None
    website: str | None = None
    request_languages: list[str] | None = Field(None, description="ISO 639-1 codes.")
    procedural_notes: str | None = None
    palermo_legal_basis: Literal["yes", "no", "unknown"] | None = None
    interpol_requests: Literal["yes", "no", "unknown"] | None = None
    language: str | None = Field(None, description="ISO 639-1 code of the entry's language.")


# Endpoints


def _reader(request) -> Any:
    """The token's user, if they may read the directory at all; otherwise 404."""
    if not policy.can_read_directory(request.auth):
        raise HttpError(404, str(ERR_NO_DIRECTORY))
    return request.auth


def _with_authority(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """`data` with its authority's public id replaced by the authority."""
    if data.get("authority") is not None:
        try:
            data["authority"] = access.get_authority_for_user(user, str(data["authority"]))
        except Http404 as missing:
            raise ValidationError({"authority": ERR_NO_AUTHORITY}) from missing
    return data


@router.get(
    "/contacts",
    response={200: list[ContactOut], 404: Detail},
    summary="List the contact points",
    description=(
        "The active contact points of the directory, 50 a page (`?page=2`), with the filters "
        "of the directory page. Needs a token of the Secretariat or of an official of a member "
        "state taking part in the network; others get 404."
    ),
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=PAGE_SIZE)
def contact_list(request, filters: Query[ContactQuery]):
    return selectors.contact_list(viewer=_reader(request), filters=filters.to_filters())


@router.get(
    "/contacts/{contact_id}",
    response={200: ContactOut, 404: Detail},
    summary="Get a contact point",
    description=(
        "One contact point, including replaced and retired ones (see `status` and "
        "`replaced_by`). Keep its `version` to change it with PATCH."
    ),
)
def contact_get(request, contact_id: uuid.UUID = CONTACT_ID):
    return access.get_contact_for_user(_reader(request), str(contact_id))


@router.patch(
    "/contacts/{contact_id}",
    response={
        200: ContactOut,
        404: Detail,
        409: VersionConflictOut | Detail,
        422: FieldErrors,
    },
    summary="Change a contact point",
    description=(
        "For the state's coordinator and contributors, and the Secretariat. Send `version` and "
        "only the fields to change. If someone saved the entry after that version, nothing is "
        "changed and the answer is 409 with the saved values (`current`) and `current_version`. "
        "Invalid values are 422, naming each field. A replaced or retired entry can no longer "
        "be changed (409). A contact point of a state you may not edit is 404."
    ),
)
def contact_update(request, payload: ContactPatch, contact_id: uuid.UUID = CONTACT_ID):
    user = _reader(request)
    contact = access.get_contact_for_user(user, str(contact_id), write=True)
    data = _with_authority(user, payload.model_dump(exclude_unset=True, exclude={"version"}))
    services.contact_update(actor=user, contact=contact, version=payload.version, data=data)
    return access.get_contact_for_user(user, str(contact_id))


@router.get(
    "/authorities",
    response={200: list[AuthorityOut], 404: Detail},
    summary="List the authorities",
    description=(
        "The active authorities (ministries, prosecutors, police, …) to which contact points "
        "belong, 50 a page; `?state=JAM` for one member state's."
    ),
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=PAGE_SIZE)
def authority_list(request, state: str = Query("", description="ISO 3166 alpha-3 code.")):
    return selectors.authority_list(viewer=_reader(request), state=state.strip())


@router.post(
    "/contacts",
    response={201: ContactOut, 404: Detail, 422: FieldErrors},
    summary="Add a contact point",
    description=(
        "For the state's coordinator and contributors, and the Secretariat. The contact point "
        "is in the directory at once, confirmed today. A state you may not edit is 404. "
        "Invalid values are 422, naming each field."
    ),
)
def contact_create(request, payload: ContactCreate):
    user = _reader(request)
    state = core_selectors.member_state_get(payload.state.strip().upper())
    if state is None or not policy.can_edit_directory(user, state):
        raise Http404
    data = _with_authority(user, payload.model_dump(exclude={"state"}))
    contact = services.contact_create(actor=user, state=state, data=data)
    return Status(201, access.get_contact_for_user(user, str(contact.public_id)))


@router.post(
    "/contacts/{contact_id}/replace",
    response={201: ContactOut, 404: Detail, 409: VersionConflictOut | Detail, 422: FieldErrors},
    summary="Replace a contact point by a new person",
    description=(
        "A new contact point takes over the function; the old one is kept as `replaced`, with "
        "`replaced_by` pointing to the new one, which is returned. Send the version of the old "
        "one: a later change by someone else is 409 and nothing is saved, as is an entry "
        "already replaced or retired."
    ),
)
def contact_replace(request, payload: ContactReplace, contact_id: uuid.UUID = CONTACT_ID):
    user = _reader(request)
    contact = access.get_contact_for_user(user, str(contact_id), write=True)
    data = _with_authority(user, payload.model_dump(exclude={"version"}))
    successor = services.contact_replace(
        actor=user, contact=contact, version=payload.version, data=data
    )
    return Status(201, access.get_contact_for_user(user, str(successor.public_id)))


@router.post(
    "/contacts/{contact_id}/retire",
    response={200: ContactOut, 404: Detail, 409: VersionConflictOut | Detail},
    summary="Retire a contact point",
    description=(
        "Takes the contact point out of the directory; it stays readable, with `status` "
        "`retired`. Send its version: a later change by someone else is 409."
    ),
)
def contact_retire(request, payload: VersionIn, contact_id: uuid.UUID = CONTACT_ID):
    user = _reader(request)
    contact = access.get_contact_for_user(user, str(contact_id), write=True)
    services.contact_retire(actor=user, contact=contact, version=payload.version)
    return access.get_contact_for_user(user, str(contact_id))


@router.post(
    "/contacts/{contact_id}/confirm",
    response={200: ContactOut, 404: Detail, 409: Detail},
    summary="Confirm that a contact point is still correct",
    description=(
        "Sets `last_confirmed_on` to today, without changing the version. A replaced or retired "
        "entry cannot be confirmed (409)."
    ),
)
def contact_confirm(request, contact_id: uuid.UUID = CONTACT_ID):
    user = _reader(request)
    contact = access.get_contact_for_user(user, str(contact_id), write=True)
    services.contact_confirm(actor=user, contact=contact)
    return access.get_contact_for_user(user, str(contact_id))


@router.get(
    "/authorities/{authority_id}",
    response={200: AuthorityOut, 404: Detail},
    summary="Get an authority",
    description="One authority. Keep its `version` to change it with PATCH.",
)
def authority_get(request, authority_id: uuid.UUID = AUTHORITY_ID):
    return access.get_authority_for_user(_reader(request), str(authority_id))


@router.patch(
    "/authorities/{authority_id}",
    response={200: AuthorityOut, 404: Detail, 409: VersionConflictOut, 422: FieldErrors},
    summary="Change an authority",
    description=(
        "For the state's coordinator and contributors, and the Secretariat. Send `version` and "
        "only the fields to change; a later save by someone else is 409 with the saved values. "
        "Invalid values are 422, naming each field. Another state's authority is 404."
    ),
)
def authority_update(request, payload: AuthorityPatch, authority_id: uuid.UUID = AUTHORITY_ID):
    user = _reader(request)
    authority = access.get_authority_for_user(user, str(authority_id), write=True)
    # A null is "no change", as a field left out; an empty string empties the field.
    data = payload.model_dump(exclude_unset=True, exclude_none=True, exclude={"version"})
    services.authority_update(actor=user, authority=authority, version=payload.version, data=data)
    return access.get_authority_for_user(user, str(authority_id))
