"""The treaty status section of a state's page: its status for every instrument."""

from __future__ import annotations

from hemis.treaties import selectors
from hemis.treaties.models import RecordStatus


def panel(request, state) -> dict | None:
    rows = [
        (instrument, record, record.status if record else RecordStatus.UNKNOWN.value)
        for instrument, record in selectors.state_treaty_status(state)
    ]
    return {"template": "treaties/state_panel.html", "state": state, "rows": rows}
