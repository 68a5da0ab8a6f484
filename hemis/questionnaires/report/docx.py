"""The preliminary report as a Word document, for the Secretariat to edit further."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.utils.translation import gettext as _

from hemis.core import charts
from hemis.questionnaires.report.annex import annex
from hemis.questionnaires.report.charts import PDF_CHART_WIDTH
from hemis.questionnaires.report.data import QuestionReport, ReportData
from hemis.questionnaires.report.text import (
    annex_title,
    counts_sentence,
    long_date,
    method_facts,
    method_paragraphs,
    rate_sentence,
    reply_sentence,
)


def _docx_table(document: Any, header: list[str], rows: list[list[Any]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)


def _docx_question(document: Any, q: QuestionReport) -> None:
    document.add_heading(f"{q.code} {q.text}", level=3)
    figures = q.figures
    document.add_paragraph(counts_sentence(q))
    if q.options and figures.answered:
        _docx_table(
            document,
            [_("Answer"), _("Replies"), "%"],
            [[row.label, row.count, row.percent] for row in q.options],
        )
    elif q.summary:
        s = q.summary
        _docx_table(
            document,
            [_("Total"), _("Mean"), _("Median"), _("Lowest"), _("Highest")],
            [[s["sum"], s["mean"], s["median"], s["min"], s["max"]]],
        )
    elif q.table_rows and figures.answered:
        _docx_table(
            document,
            ["", *q.table_columns],
            [[row.label, *(cell.text for cell in row.cells)] for row in q.table_rows],
        )


def render_docx(
    data: ReportData, *, annex_all: bool = False, today: dt.date | None = None
) -> bytes:
    """The report as a Word document with the PDF's structure, headings and tables."""
    import vl_convert
    from docx import Document
    from docx.shared import Cm

    today = today or dt.date.today()
    document = Document()
    document.core_properties.title = f"{_('Preliminary report')}: {data.campaign.title_text()}"
    document.add_paragraph(_("Organization of American States"))
    document.add_paragraph(_("Secretariat for Multidimensional Security"))
    document.add_heading(_("Preliminary report"), level=0)
    document.add_paragraph(data.campaign.title_text())
    document.add_paragraph(_("Generated on %(date)s") % {"date": long_date(today)})

    method = method_facts(data)
    document.add_heading(_("Method"), level=1)
    for paragraph in method_paragraphs(method):
        document.add_paragraph(paragraph)

    document.add_heading(_("Response rate"), level=1)
    document.add_paragraph(rate_sentence(data))
    png = vl_convert.vegalite_to_png(
        charts.spec({**data.rate_chart, "width": PDF_CHART_WIDTH}),
        vl_version=charts.VEGA_LITE_VERSION,
        scale=2,
    )
    document.add_picture(io.BytesIO(png), width=Cm(15))
    _docx_table(
        document,
        [_("Subregion"), _("Invited"), _("Replied"), _("On time"), _("Late"), _("Not replied")],
        [
            [r.label, r.invited, r.replied, r.on_time, r.late, r.not_replied]
            for r in [*data.rate_rows, data.rate]
        ],
    )
    if data.not_replied:
        document.add_paragraph(
            _("States that have not replied: %(states)s")
            % {"states": ", ".join(s.name for s in data.not_replied)}
        )

    document.add_heading(_("Findings"), level=1)
    for section in data.sections:
        document.add_heading(f"{section.section.code}. {section.title}", level=2)
        for q in section.questions:
            _docx_question(document, q)

    document.add_heading(_("Needs for training and technical assistance"), level=1)
    if data.needs:
        _docx_table(
            document,
            [_("Question"), _("Topic"), _("States"), _("Which states")],
            [[t.question.code, t.label, t.count, t.names] for t in data.needs],
        )
    else:
        document.add_paragraph(_("No submitted reply names a need yet."))

    document.add_heading(annex_title(annex_all), level=1)
    with _appending(document) as add:
        for entry in annex(data, annex_all=annex_all):
            add(entry.state.name, style="Heading 2")
            add(reply_sentence(entry))
            for title, answers in entry.sections:
                add(title, style="Heading 3")
                for item in answers:
                    paragraph = add("")
                    paragraph.add_run(f"{item.code} ").bold = True
                    paragraph.add_run(f"{item.text} ").italic = True
                    paragraph.add_run(item.answer)
                    if item.comment:
                        paragraph.add_run(f" — {item.comment}")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


@contextmanager
def _appending(document: Any) -> Iterator[Any]:
    """A function that adds a paragraph at the end of the document, fast.

    python-docx's `add_paragraph` looks for the section properties among all of the body's
    children each time, so a world-scale annex (tens of thousands of paragraphs) took minutes;
    here they are set aside, paragraphs appended, and put back last.
    """
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    body = document.element.body
    section = body.sectPr
    if section is not None:
        body.remove(section)
    styles: dict[str, Any] = {}

    def add(text: str, *, style: str | None = None) -> Any:
        element = OxmlElement("w:p")
        body.append(element)
        paragraph = Paragraph(element, document._body)
        if style:
            if style not in styles:
                styles[style] = document.styles[style]
            paragraph.style = styles[style]
        if text:
            paragraph.add_run(text)
        return paragraph

    try:
        yield add
    finally:
        if section is not None:
            body.append(section)
