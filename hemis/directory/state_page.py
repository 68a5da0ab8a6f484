"""The directory's section of a state's page."""

from __future__ import annotations

from hemis.accounts import policy
from hemis.directory import selectors


def panel(request, state) -> dict | None:
    row = next(
        (r for r in selectors.coverage_matrix(subregion=state.subregion.code) if r.state == state),
        None,
    )
    if row is None:
        return None
    return {
        "template": "directory/state_panel.html",
        "state": state,
        "cells": row.cells,
        "can_read": policy.can_read_directory(request.user),
        "can_edit": policy.can_edit_directory(request.user, state),
    }
