"""Charts and maps: one Vega-Lite specification, drawn by vega-embed in the browser and by
vl-convert (the same Vega engine, without a browser) in PDFs.

A module builds the specification with its data inline and either puts it on a page with the
`{% chart spec label %}` tag (after `{% chart_scripts %}` in the page's head block) or turns it
into SVG for a PDF with `svg(spec)`. Every chart on a page sits next to a table of the same
figures, so that nothing is said only in pictures.
"""

from __future__ import annotations

import copy
from typing import Any

import vl_convert

# The Vega-Lite version that both renderers understand: the npm package served to browsers is
# vega-lite 6.x, and vl-convert bundles the same major version.
VEGA_LITE_VERSION = "6.4"
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

# One look for the charts, wherever they are drawn (system fonts, the site's colours).
CONFIG: dict[str, Any] = {
    "font": "DejaVu Sans, Arial, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 220},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 260},
    "range": {"category": ["#0b5394", "#e69138", "#6aa84f", "#999999", "#741b47", "#45818e"]},
}


def spec(body: dict[str, Any]) -> dict[str, Any]:
    """A complete specification: the body with the schema and the shared look added."""
    result = copy.deepcopy(body)
    result.setdefault("$schema", SCHEMA)
    result["config"] = {**CONFIG, **result.get("config", {})}
    return result


def svg(body: dict[str, Any]) -> str:
    """The chart as an SVG document, for PDFs (no browser, no network)."""
    return vl_convert.vegalite_to_svg(spec(body), vl_version=VEGA_LITE_VERSION)
