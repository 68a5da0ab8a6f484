"""The map of the Americas coloured by treaty status, as one Vega-Lite specification.

Geometry: world-atlas's countries-50m TopoJSON (npm, served from static/vendor), whose features
are identified by ISO 3166 numeric codes. The numeric code of a state comes from the CLDR's
territory aliases (through babel, already a dependency), so no table of codes is kept here.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from babel.core import get_global
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
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
# The map shows the Americas: states of these subregions, and the hemisphere's other
# territories as background (Greenland, Puerto Rico, the Falkland Islands, Bermuda, …).
AMERICAS_SUBREGIONS = ("north_america", "central_america", "caribbean", "south_america")
OTHER_AMERICAN_TERRITORIES = (
    "304",
    "630",
    "238",
    "060",
    "850",
    "092",
    "136",
    "531",
    "533",
    "534",
    "660",
    "652",
    "663",
    "666",
    "796",
    "500",
    "239",
)
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
        # Deployed without the source tree's static directories: the collected copy.
        with contextlib.suppress(Exception):
            path = staticfiles_storage.path(ATLAS)
    if not path or not os.path.exists(path):
        raise FileNotFoundError(f"{ATLAS} is missing: run `npm run build`.")
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=8)
def americas_atlas(ids: tuple[str, ...]) -> dict[str, Any]:
    """The atlas with only the features of `ids`, so that a PDF draws no other country."""
    topology = atlas()
    countries = topology["objects"]["countries"]
    wanted = set(ids)
    geometries = [g for g in countries["geometries"] if str(g.get("id")) in wanted]
    arcs_used: set[int] = set()

    def collect(arcs: Any) -> None:
        for item in arcs:
            if isinstance(item, list):
                collect(item)
            else:
                arcs_used.add(item if item >= 0 else ~item)

    for geometry in geometries:
        collect(geometry.get("arcs", []))
    # Keep the arcs' indexes (geometries refer to them by position); empty the unused ones.
    arcs = [
        simplified(arc, topology["transform"]["scale"]) if index in arcs_used else []
        for index, arc in enumerate(topology["arcs"])
    ]
    return {
        **topology,
        "arcs": arcs,
        "objects": {"countries": {**countries, "geometries": geometries}},
    }


# Points closer than this to the last one kept are dropped from the PDF's map: about a fifth of
# a millimetre at the printed size (the map spans some 140 degrees of longitude in 95 mm).
PDF_TOLERANCE_DEGREES = 0.25


def simplified(arc: list[list[int]], scale: list[float]) -> list[list[int]]:
    """A delta-encoded TopoJSON arc without the points too close to draw apart in print.

    Every arc keeps its two ends, so neighbouring countries still meet and small islands keep
    their outline; only the detail finer than the tolerance goes.
    """
    if len(arc) <= 2:
        return arc
    step_x, step_y = PDF_TOLERANCE_DEGREES / scale[0], PDF_TOLERANCE_DEGREES / scale[1]
    x = y = 0
    points = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        points.append((x, y))
    kept = [points[0]]
    for point in points[1:-1]:
        last = kept[-1]
        if abs(point[0] - last[0]) >= step_x or abs(point[1] - last[1]) >= step_y:
            kept.append(point)
    kept.append(points[-1])
    if points[0] == points[-1] and (
        len(kept) < 4 or (_signed_area(kept) > 0) != (_signed_area(points) > 0)
    ):
        # An island drawn by this arc alone: too few points left, or turned inside out, would
        # make the map fill the whole world with its colour. Keep it as it is.
        return arc
    encoded = [list(kept[0])]
    for previous, point in itertools.pairwise(kept):
        encoded.append([point[0] - previous[0], point[1] - previous[1]])
    return encoded


def _signed_area(points: list[tuple[int, int]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(points)) / 2


def status_values(
    entries: Iterable[tuple[StateRow, str]], labels: dict[str, str]
) -> list[dict[str, Any]]:
    values = []
    for state, status in entries:
        if state.subregion not in AMERICAS_SUBREGIONS:
            continue
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
    ids = sorted({value["id"] for value in values} | set(OTHER_AMERICAN_TERRITORIES))
    geometry: dict[str, Any] = (
        {
            "values": americas_atlas(tuple(ids)),
            "format": {"type": "topojson", "feature": "countries"},
        }
        if inline_atlas
        else {"url": static(ATLAS), "format": {"type": "topojson", "feature": "countries"}}
    )
    only_americas = {"filter": {"field": "id", "oneOf": ids}}
    domain = [labels[status] for status in STATUS_COLOURS]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "projection": PROJECTION,
        "layer": [
            {
                "data": geometry,
                "transform": [only_americas],
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
                    only_americas,
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
