"""The map of the Americas coloured by treaty status, as one Vega-Lite specification.

Geometry: world-atlas's countries-50m TopoJSON (npm, served from static/vendor), whose features
are identified by ISO 3166 numeric codes. The numeric code of a state comes from the CLDR's
territory aliases (through babel, already a dependency), so no table of codes is kept here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from babel.core import get_global
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from hemis.core.selectors import StateRow
from hemis.treaties.models import RecordStatus

ATLAS = "vendor/world-atlas/countries-50m.json"
# One colour per status, distinguishable with the common colour-vision deficiencies; the
# table next to the map says the same in words.
STATUS_COLOURS = {
    RecordStatus.PARTY: "#1b6b3a",
    RecordStatus.PARTY_DATE_UNKNOWN: "#74b88a",
    RecordStatus.SIGNATORY: "#e6a532",
    RecordStatus.NOT_PARTY: "#b2182b",
    RecordStatus.UNKNOWN: "#c9ced6",
}
NOT_MEMBER_FILL = "#f2f3f5"
# Fitted to the Americas, from Canada's north to Tierra del Fuego.
PROJECTION = {"type": "mercator", "center": [-80, 10], "scale": 205}
WIDTH, HEIGHT = 520, 640


@lru_cache(maxsize=1)
def _numeric_by_alpha2() -> dict[str, list[str]]:
    codes: dict[str, list[str]] = {}
    for code, targets in get_global("territory_aliases").items():
        if code.isdigit() and len(targets) == 1:
            codes.setdefault(targets[0], []).append(code)
    return codes


@lru_cache(maxsize=1)
def atlas_ids() -> frozenset[str]:
    return frozenset(
        str(geometry.get("id"))
        for geometry in atlas()["objects"]["countries"]["geometries"]
        if geometry.get("id")
    )


def numeric_code(iso2: str) -> str | None:
    """The ISO 3166 numeric code of a territory, as the atlas writes it ("388")."""
    candidates = _numeric_by_alpha2().get(iso2.upper(), [])
    # A few territories keep old numeric codes as aliases (Germany's 280, …): take the atlas's.
    for code in candidates:
        if code in atlas_ids():
            return code
    return candidates[0] if candidates else None


@lru_cache(maxsize=1)
def atlas() -> dict[str, Any]:
    path = finders.find(ATLAS)
    if not path:
        raise FileNotFoundError(f"{ATLAS} is missing: run `npm run build`.")
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def status_values(
    entries: Iterable[tuple[StateRow, str]], labels: dict[str, str]
) -> list[dict[str, Any]]:
    values = []
    for state, status in entries:
        code = numeric_code(state.iso2)
        if code:
            values.append(
                {"id": code, "state": state.name, "status": status, "label": labels[status]}
            )
    return values


def status_map(
    entries: Iterable[tuple[StateRow, str]],
    *,
    labels: dict[str, str],
    legend_title: str,
    inline_atlas: bool = False,
) -> dict[str, Any]:
    """The map's specification; `inline_atlas` embeds the geometry (for PDFs, no server)."""
    values = status_values(entries, labels)
    geometry: dict[str, Any] = (
        {"values": atlas(), "format": {"type": "topojson", "feature": "countries"}}
        if inline_atlas
        else {"url": static(ATLAS), "format": {"type": "topojson", "feature": "countries"}}
    )
    domain = [labels[status] for status in STATUS_COLOURS]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "projection": PROJECTION,
        "layer": [
            {
                "data": geometry,
                "mark": {
                    "type": "geoshape",
                    "clip": True,
                    "fill": NOT_MEMBER_FILL,
                    "stroke": "#ffffff",
                    "strokeWidth": 0.4,
                },
            },
            {
                "data": geometry,
                "transform": [
                    {
                        "lookup": "id",
                        "from": {
                            "data": {"values": values},
                            "key": "id",
                            "fields": ["state", "status", "label"],
                        },
                    },
                    {"filter": "datum.status != null"},
                ],
                "mark": {"type": "geoshape", "clip": True, "stroke": "#ffffff", "strokeWidth": 0.5},
                "encoding": {
                    "color": {
                        "field": "label",
                        "type": "nominal",
                        "title": legend_title,
                        "scale": {"domain": domain, "range": list(STATUS_COLOURS.values())},
                        "legend": {
                            "orient": "bottom-left",
                            "direction": "vertical",
                            "fillColor": "#ffffff",
                            "padding": 6,
                        },
                    },
                    "tooltip": [
                        {"field": "state", "type": "nominal"},
                        {"field": "label", "type": "nominal", "title": legend_title},
                    ],
                },
            },
        ],
    }
