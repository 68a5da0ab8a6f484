"""The access policy: the one place that answers what a user may read and write.

Every page, API endpoint, export and search asks these functions (through each app's
`access.py` and `selectors.py`), so that a rule changes in one place only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from hemis.accounts.models import Role
from hemis.core.models import MemberState


def _role(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "role", None)


def is_secretariat(user: Any) -> bool:
    return _role(user) in (Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_ANALYST)


def is_admin(user: Any) -> bool:
    return _role(user) == Role.SECRETARIAT_ADMIN


def is_official(user: Any) -> bool:
    """Signed in with any role: secretariat staff or an official of a member state."""
    return _role(user) is not None


def user_state_id(user: Any) -> int | None:
    return getattr(user, "state_id", None) if _role(user) else None


def belongs_to(user: Any, state: MemberState | int | None) -> bool:
    state_id = state.pk if isinstance(state, MemberState) else state
    return state_id is not None and user_state_id(user) == state_id


def can_read_state_restricted(user: Any, state: MemberState | int | None) -> bool:
    """A state's drafts and restricted data: the Secretariat and that state's own editors."""
    if is_secretariat(user):
        return True
    return belongs_to(user, state) and _role(user) in (
        Role.STATE_COORDINATOR,
        Role.STATE_CONTRIBUTOR,
    )


def can_edit_state_data(user: Any, state: MemberState | int | None) -> bool:
    """Draft and edit a state's entries and replies: its coordinator and contributors."""
    return belongs_to(user, state) and _role(user) in (
        Role.STATE_COORDINATOR,
        Role.STATE_CONTRIBUTOR,
    )


def can_submit_for_state(user: Any, state: MemberState | int | None) -> bool:
    """Submit on a state's behalf: its coordinator only."""
    return belongs_to(user, state) and _role(user) == Role.STATE_COORDINATOR


def can_write_reference_data(user: Any) -> bool:
    """Treaties, laws, statistics, activities: the Secretariat."""
    return is_secretariat(user)


def can_read_directory(user: Any) -> bool:
    """Contact details: the Secretariat and officials of states taking part today."""
    if is_secretariat(user):
        return True
    state = getattr(user, "state", None) if _role(user) else None
    return state is not None and state.is_participating()


def can_edit_directory(user: Any, state: MemberState | int | None) -> bool:
    """A state's directory entries: its coordinator and contributors, and the Secretariat."""
    return is_secretariat(user) or can_edit_state_data(user, state)


def can_view_audit_log(user: Any) -> bool:
    return is_admin(user)


def can_manage_users(user: Any) -> bool:
    return _role(user) in (Role.SECRETARIAT_ADMIN, Role.STATE_COORDINATOR)


def invitable_roles(user: Any) -> list[Role]:
    """The roles this user may hand out."""
    role = _role(user)
    if role == Role.SECRETARIAT_ADMIN:
        return list(Role)
    if role == Role.STATE_COORDINATOR:
        return [Role.STATE_CONTRIBUTOR, Role.DELEGATION_READER]
    return []


def can_manage_user(manager: Any, target: Any) -> bool:
    """Change or deactivate `target`: admins anyone but themselves; coordinators their state's
    contributors and delegation readers."""
    if manager.pk == target.pk:
        return False
    if is_admin(manager):
        return True
    return (
        _role(manager) == Role.STATE_COORDINATOR
        and target.state_id == manager.state_id
        and target.role in invitable_roles(manager)
    )


def may_invite(manager: Any, role: str, state: MemberState | None) -> bool:
    if role not in invitable_roles(manager):
        return False
    if is_admin(manager):
        return True
    return state is not None and belongs_to(manager, state)


def visible_users_q(user: Any) -> Q:
    """Which user accounts appear in this user's user management."""
    if is_admin(user):
        return Q()
    if _role(user) == Role.STATE_COORDINATOR:
        return Q(state_id=user.state_id)
    return Q(pk__in=[])
