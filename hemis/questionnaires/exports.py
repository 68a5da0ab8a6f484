"""The preliminary report as files: a PDF to table at a meeting, a DOCX to edit, an XLSX of answers.

Every function takes a `ReportData` built for the reader (`report_views_data.build`), so what a
file shows of individual answers is already limited to the states the reader may see; the
annex holds shared replies only, unless the Secretariat asks for every reply (`annex_all`).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hemis.core import charts
from hemis.core.models import current_language
from hemis.questionnaires import report, rules
from hemis.questionnaires.models import Campaign, Question, Section
from hemis.questionnaires.report_views_data import Labels, QuestionReport, ReportData, StateRef

PDF_CHART_WIDTH = 380
# A spreadsheet evaluates a cell that starts with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@")


def css_string(text: str) -> SafeString:
    """`text` as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '\\"<>&' or ord(char) < 32 else char for char in text
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308  (every special character escaped above)


def filename(campaign: Campaign, extension: str, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"hemis-report-{campaign.code}-{today.isoformat()}.{extension}"


def answer_text(labels: Labels, question: Question, answer: dict[str, Any] | None) -> str:
    """An answer in words, for files: the value, "Information not available" or ""."""
    answer = answer or {}
    if answer.get("not_available"):
        return labels.not_available
    text = labels.text(question, answer.get("value"))
    if text and answer.get("provisional"):
        text += f" ({labels.provisional})"
    return text


# The annex: each reply's answers, state by state.


@dataclass
class AnnexEntry:
    code: str
    text: str
    answer: str
    comment: str


@dataclass
class AnnexState:
    state: StateRef
    revision: int
    submitted_at: dt.datetime
    late: bool
    shared: bool
    sections: list[tuple[str, list[AnnexEntry]]]


def annex(data: ReportData, *, annex_all: bool = False) -> list[AnnexState]:
    """The replies in the annex: shared ones, or every one the reader may see with `annex_all`."""
    replies = data.figures.replies
    chosen = annex_states(data, annex_all=annex_all)
    answers_by_state = report.answers_of(data.campaign, {state.pk for state in chosen})
    return [
        annex_state(
            state,
            replies[state.pk],
            answers_by_state.get(state.pk, {}),
            data.all_sections,
            data.labels,
        )
        for state in chosen
    ]


def annex_states(data: ReportData, *, annex_all: bool = False) -> list[StateRef]:
    """The states whose replies the annex holds, by name."""
    replies = data.figures.replies
    return [state for state in data.visible_states if replies[state.pk].shared or annex_all]


def annex_state(
    state: StateRef,
    reply: report.StateReply,
    answers: dict[str, dict],
    sections: list[Section],
    labels: Labels,
) -> AnnexState:
    """One reply's answers in words, section by section, as the annex lists them."""
    language = labels.language
    values = rules.visible_values(
        [question for section in sections for question in section.questions.all()],
        {code: answer.get("value") for code, answer in answers.items()},
    )
    result = []
    for section in sections:
        entries = []
        for question in section.questions.all():
            answer = answers.get(question.code)
            if answer is None or not rules.is_shown(question, values):
                continue
            text = answer_text(labels, question, answer)
            if not text and not answer.get("comment"):
                continue
            entries.append(
                AnnexEntry(
                    question.code, question.text_in(language), text, answer.get("comment", "")
                )
            )
        if entries:
            result.append((f"{section.code}. {section.title_text(language)}", entries))
    return AnnexState(
        state=state,
        revision=reply.revision,
        submitted_at=reply.submitted_at,
        late=reply.late,
        shared=reply.shared,
        sections=result,
    )


def long_date(day: dt.date) -> str:
    return format_date(day, format="long", locale=current_language())


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


def method_facts(data: ReportData) -> dict[str, Any]:
    campaign = data.campaign
    extended = sum(1 for _ in campaign.invitations.exclude(extended_to=None).values("pk"))
    return {
        "invited": data.invited,
        "opens_on": long_date(campaign.opens_on),
        "deadline": long_date(campaign.deadline),
        "extended": extended,
        "subregions": ", ".join(f"{row.label} ({row.invited})" for row in data.rate_rows),
    }


def render_pdf(data: ReportData, *, annex_all: bool = False, today: dt.date | None = None) -> bytes:
    """The report as a PDF: cover, method, response rate, findings, needs, annex (see
    report_pdf: the annex's replies are laid out ahead and joined)."""
    from hemis.questionnaires import report_pdf

    return report_pdf.render(data, annex_all=annex_all, today=today)


# DOCX, for the Secretariat to edit further.


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
    document.add_paragraph(_counts_sentence(q))
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


def _counts_sentence(q: QuestionReport) -> str:
    figures = q.figures
    parts = [
        ngettext("%(n)s reply answered", "%(n)s replies answered", figures.answered)
        % {"n": figures.answered}
    ]
    if figures.not_available:
        parts.append(
            ngettext(
                "information not available in %(n)s",
                "information not available in %(n)s",
                figures.not_available,
            )
            % {"n": figures.not_available}
        )
    if figures.blank:
        parts.append(
            ngettext("%(n)s left blank", "%(n)s left blank", figures.blank) % {"n": figures.blank}
        )
    if figures.not_shown:
        parts.append(
            ngettext("did not apply to %(n)s", "did not apply to %(n)s", figures.not_shown)
            % {"n": figures.not_shown}
        )
    return " · ".join(parts)


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
    for paragraph in _method_paragraphs(method):
        document.add_paragraph(paragraph)

    document.add_heading(_("Response rate"), level=1)
    document.add_paragraph(_rate_sentence(data))
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

    document.add_heading(_annex_title(annex_all), level=1)
    with _appending(document) as add:
        for entry in annex(data, annex_all=annex_all):
            add(entry.state.name, style="Heading 2")
            add(_reply_sentence(entry))
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


def _method_paragraphs(method: dict[str, Any]) -> list[str]:
    return [
        _(
            "The questionnaire was sent to %(invited)s states on %(opens_on)s, with a deadline "
            "of %(deadline)s; %(extended)s states were granted an extension."
        )
        % method,
        _("States invited by subregion: %(subregions)s.") % method,
        str(METHOD_TEXT),
    ]


def _rate_sentence(data: ReportData) -> str:
    rate = data.rate
    return _(
        "%(replied)s of %(invited)s invited states have replied (%(percent)s %%): %(on_time)s "
        "on time, %(late)s late."
    ) % {
        "replied": rate.replied,
        "invited": rate.invited,
        "percent": rate.percent,
        "on_time": rate.on_time,
        "late": rate.late,
    }


def _reply_sentence(entry: AnnexState) -> str:
    text = _("Revision %(n)s, submitted on %(date)s") % {
        "n": entry.revision,
        "date": entry.submitted_at.date().isoformat(),
    }
    if entry.late:
        text += f" ({_('late')})"
    if not entry.shared:
        text += f" — {_('not shared with other delegations')}"
    return text


def _annex_title(annex_all: bool) -> str:
    return (
        _("Annex: every submitted reply")
        if annex_all
        else _("Annex: replies shared with all delegations")
    )


METHOD_TEXT = _(
    "Figures are computed from the last submitted revision of each reply; drafts are never "
    "counted. An answer of “information not available” is counted apart and left out of "
    "percentages and sums. Questions that apply only under a condition (for example after "
    "a “yes”) count only the replies to which they applied. Percentages are of the replies "
    "that answered the question. Individual answers are shown only for replies that their "
    "states share with all delegations."
)


# XLSX: one row per state and question.

XLSX_COLUMNS = (
    (lambda: _("State"), 22),
    (lambda: _("ISO3"), 7),
    (lambda: _("Subregion"), 18),
    (lambda: _("Section"), 24),
    (lambda: _("Question code"), 10),
    (lambda: _("Question"), 50),
    (lambda: _("Answer"), 40),
    (lambda: _("Not available"), 10),
    (lambda: _("Provisional"), 10),
    (lambda: _("Comment"), 40),
    (lambda: _("Revision"), 9),
    (lambda: _("Submitted at"), 18),
    (lambda: _("Late"), 7),
)


def xlsx_rows(data: ReportData):
    """(state × question) rows for every state whose answers the reader may see."""
    labels, language = data.labels, data.labels.language
    sections = [
        (
            f"{s.code}. {s.title_text(language)}",
            [(q, q.text_in(language)) for q in s.questions.all()],
        )
        for s in data.all_sections
    ]
    yes, no = _("yes"), _("no")
    visible = data.visible_states
    answers_by_state = report.answers_of(data.campaign, {state.pk for state in visible})
    for state in visible:
        reply = data.figures.replies[state.pk]
        answers = answers_by_state.get(state.pk, {})
        submitted = reply.submitted_at.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
        late = yes if reply.late else no
        for section_title, questions in sections:
            for question, text in questions:
                answer = answers.get(question.code) or {}
                not_available = bool(answer.get("not_available"))
                yield [
                    state.name,
                    state.iso3,
                    state.subregion,
                    section_title,
                    question.code,
                    text,
                    "" if not_available else labels.text(question, answer.get("value")),
                    yes if not_available else no,
                    yes if answer.get("provisional") else no,
                    answer.get("comment", ""),
                    reply.revision,
                    submitted,
                    late,
                ]


def render_xlsx(data: ReportData, *, today: dt.date) -> bytes:
    """The visible replies' answers, one row per state and question, as an Excel workbook."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Answers")[:31])
    sheet.freeze_panes = "A2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    header = []
    for index, (label, width) in enumerate(XLSX_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = WriteOnlyCell(sheet, value=label())
        cell.font, cell.alignment = bold, wrap
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in xlsx_rows(data):
        cells: list[Any] = []
        for value in row:
            if isinstance(value, str):
                # XLSX cannot hold control characters; text that looks like a formula stays text.
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                if value.startswith(FORMULA_TRIGGERS):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"
                    value = cell
            cells.append(value)
        date_cell = WriteOnlyCell(sheet, value=row[11])
        date_cell.number_format = "yyyy-mm-dd hh:mm"
        cells[11] = date_cell
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(XLSX_COLUMNS))}{count + 1}"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
