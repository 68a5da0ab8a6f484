"""The database of laws' section of a state's page."""

from __future__ import annotations

from hemis.legislation import selectors


def panel(request, state) -> dict | None:
    return {
        "template": "legislation/state_panel.html",
        "state": state,
        "count": selectors.published_law_count(state),
    }
