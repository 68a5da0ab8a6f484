"""Public identifiers as they arrive in URLs and bodies: parsed, never trusted."""

from __future__ import annotations

import uuid


def parse_uuid(text: object) -> uuid.UUID | None:
    """The UUID `text` spells, or None for anything else (a wrong type, a typo, an injection)."""
    if isinstance(text, uuid.UUID):
        return text
    if not isinstance(text, str) or len(text) > 64:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
