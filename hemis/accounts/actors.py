"""Who performs a write: a signed-in user, or hemis itself (migrations, the demo, commands).

Every service takes `actor: Actor`, never an optional one: a write done by the system names
the system explicitly (`SYSTEM`, or `SystemActor("load_questionnaire")` for a command), so
that no caller skips the policy by passing nothing, and the audit log says who it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from hemis.accounts.models import User


class SystemActor:
    """hemis acting on its own behalf; the policy never mistakes it for a signed-in user."""

    is_authenticated = False
    is_active = False
    pk = None
    state_id = None
    role = None

    def __init__(self, name: str = "system") -> None:
        self.name = name

    @property
    def email(self) -> str:
        return f"hemis:{self.name}"

    def __repr__(self) -> str:
        return f"SystemActor({self.name!r})"

    def __str__(self) -> str:
        return self.email


SYSTEM = SystemActor()

Actor: TypeAlias = "User | SystemActor"


def is_system(actor: object) -> bool:
    """The write is the system's own (a command, a migration, the demo loader)."""
    return isinstance(actor, SystemActor)


def user_or_none(actor: Actor) -> User | None:
    """The user to store in a "by" column: the system is recorded as nobody there (the audit
    log names it)."""
    return None if isinstance(actor, SystemActor) else actor
