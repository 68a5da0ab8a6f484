"""The visible replies' answers as an Excel workbook: one row per state and question."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils.translation import gettext as _

from hemis.questionnaires.report.data import ReportData
from hemis.questionnaires.report.figures import answers_of

# A spreadsheet evaluates a cell that starts with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@")


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
    answers_by_state = answers_of(data.campaign, {state.pk for state in visible})
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
