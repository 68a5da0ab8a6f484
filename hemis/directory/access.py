"""Loading directory entries for a user: what they may not see is a 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from hemis.accounts import policy
from hemis.directory.models import Authority, Contact


def get_contact_for_user(user: Any, public_id: str, *, write: bool = False) -> Contact:
    """A contact point the user may read (or, with write=True, edit), or 404."""
    if not policy.can_read_directory(user):
        raise Http404
    contact = (
        Contact.objects.select_related("state", "state__subregion", "authority", "replaced_by")
        .prefetch_related("thematic_areas", "languages")
        .filter(public_id=public_id)
        .first()
    )
    if contact is None or (write and not policy.can_edit_directory(user, contact.state)):
        raise Http404
    return contact


def get_authority_for_user(user: Any, public_id: str, *, write: bool = False) -> Authority:
    """An authority the user may read (or, with write=True, edit), or 404."""
    if not policy.can_read_directory(user):
        raise Http404
    authority = (
        Authority.objects.select_related("state")
        .prefetch_related("request_languages")
        .filter(public_id=public_id)
        .first()
    )
    if authority is None or (write and not policy.can_edit_directory(user, authority.state)):
        raise Http404
    return authority
