"""The report's charts: one Vega-Lite specification each, drawn in the page and in the files."""

from __future__ import annotations

import base64
import math
from typing import TYPE_CHECKING, Any

from django.utils.html import format_html
from django.utils.translation import gettext as _

from hemis.core import charts

if TYPE_CHECKING:
    from hemis.questionnaires.report.data import QuestionReport, RateRow


def _count_axis(largest: int) -> dict[str, Any]:
    """Whole-number ticks: counts of states never read 0.5."""
    step = max(1, math.ceil(largest / 5))
    return {"values": list(range(0, largest + step, step)), "format": "d"}


def rate_chart(rows: list[RateRow]) -> dict[str, Any]:
    """A stacked bar per subregion: replies on time, late, and states that have not replied."""
    on_time, late, missing = _("On time"), _("Late"), _("Not replied")
    values = []
    for row in rows:
        values += [
            {"subregion": row.label, "status": on_time, "order": 0, "states": row.on_time},
            {"subregion": row.label, "status": late, "order": 1, "states": row.late},
            {"subregion": row.label, "status": missing, "order": 2, "states": row.not_replied},
        ]
    return {
        "data": {"values": values},
        "mark": {"type": "bar"},
        "width": "container",
        "height": {"step": 28},
        "encoding": {
            "y": {"field": "subregion", "type": "nominal", "title": None, "sort": None},
            "x": {
                "field": "states",
                "type": "quantitative",
                "title": _("States"),
                "stack": True,
                "axis": _count_axis(max((r.invited for r in rows), default=0)),
            },
            "color": {
                "field": "status",
                "type": "nominal",
                "title": None,
                "scale": {
                    "domain": [on_time, late, missing],
                    "range": ["#0b5394", "#e69138", "#b7b7b7"],
                },
                "legend": {"orient": "bottom"},
            },
            "order": {"field": "order"},
            "tooltip": [
                {"field": "subregion", "title": _("Subregion")},
                {"field": "status", "title": _("Reply")},
                {"field": "states", "title": _("States")},
            ],
        },
    }


def choice_chart(question_report: QuestionReport) -> dict[str, Any]:
    """A horizontal bar per option: how many replies chose it."""
    values = [
        {"option": row.label, "replies": row.count, "percent": row.percent}
        for row in question_report.options
    ]
    return {
        "data": {"values": values},
        "mark": {"type": "bar", "color": "#0b5394"},
        "width": "container",
        "height": {"step": 24},
        "encoding": {
            "y": {"field": "option", "type": "nominal", "title": None, "sort": None},
            "x": {
                "field": "replies",
                "type": "quantitative",
                "title": _("Replies"),
                "axis": _count_axis(max((r.count for r in question_report.options), default=0)),
            },
            "tooltip": [
                {"field": "option", "title": _("Answer")},
                {"field": "replies", "title": _("Replies")},
                {"field": "percent", "title": "%"},
            ],
        },
    }


PDF_CHART_WIDTH = 380


def pdf_chart(spec: dict[str, Any]) -> str:
    """The chart as a PNG image for the PDF, drawn by vl-convert from the page's specification.

    PNG rather than SVG: WeasyPrint took about 0.3 s to lay out each chart's SVG. Only the
    response rate is drawn so: each question's bars are drawn by WeasyPrint from the figures
    (docs/decisions/0025), since drawing 120 PNG charts took 8 s.
    """
    import vl_convert

    png = vl_convert.vegalite_to_png(
        charts.spec({**spec, "width": PDF_CHART_WIDTH}),
        vl_version=charts.VEGA_LITE_VERSION,
        scale=2,
    )
    source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return format_html('<img src="{}" alt="">', source)
