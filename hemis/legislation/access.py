"""Loading laws and provisions for a user: what they may not see is a 404.

Published laws are public. A proposal (or a rejected one) is seen by the Secretariat and by the
coordinator of its state only; for anyone else it does not exist.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from hemis.accounts import policy
from hemis.legislation.models import Law, Provision


def can_read_law(user: Any, law: Law) -> bool:
    """Everyone reads a published law; its state's coordinator and the Secretariat a proposal."""
    return (
        law.is_published
        or policy.can_write_reference_data(user)
        or policy.can_submit_for_state(user, law.state_id)
    )


def can_write_law(user: Any, law: Law) -> bool:
    """The Secretariat; the state's coordinator while the law is not yet published."""
    return policy.can_write_reference_data(user) or (
        policy.can_submit_for_state(user, law.state_id) and not law.is_published
    )


def can_enter_laws(user: Any) -> bool:
    """Enter laws (the Secretariat) or propose them (a state coordinator)."""
    return policy.can_write_reference_data(user) or policy.can_submit_for_state(
        user, policy.user_state_id(user)
    )


def get_law_for_user(user: Any, public_id: Any, *, write: bool = False) -> Law:
    """A law the user may read (or, with write=True, change), or 404."""
    law = (
        Law.objects.select_related("state", "state__subregion").filter(public_id=public_id).first()
    )
    if law is None or not can_read_law(user, law) or (write and not can_write_law(user, law)):
        raise Http404
    return law


def get_provision_for_user(user: Any, public_id: Any, *, write: bool = False) -> Provision:
    """A provision of a law the user may read (or, with write=True, change), or 404."""
    provision = (
        Provision.objects.select_related("law", "law__state", "law__state__subregion")
        .prefetch_related("thematic_areas", "convention_articles", "cross_cutting_issues")
        .filter(public_id=public_id)
        .first()
    )
    if provision is None:
        raise Http404
    law = provision.law
    if not can_read_law(user, law) or (write and not can_write_law(user, law)):
        raise Http404
    return provision
