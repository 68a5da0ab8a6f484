"""The visible replies' answers as an Excel workbook: one row per state and question."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from hemis.core import exports
from hemis.questionnaires.report.data import ReportData
from hemis.questionnaires.report.figures import answers_of

XLSX_COLUMNS = (
    exports.Column(lambda: _("State"), 22),
    exports.Column(lambda: _("ISO3"), 7),
    exports.Column(lambda: _("Subregion"), 18),
    exports.Column(lambda: _("Section"), 24),
    exports.Column(lambda: _("Question code"), 10),
    exports.Column(lambda: _("Question"), 50),
    exports.Column(lambda: _("Answer"), 40),
    exports.Column(lambda: _("Not available"), 10),
    exports.Column(lambda: _("Provisional"), 10),
    exports.Column(lambda: _("Comment"), 40),
    exports.Column(lambda: _("Revision"), 9),
    exports.Column(lambda: _("Submitted at"), 18, number_format="yyyy-mm-dd hh:mm"),
    exports.Column(lambda: _("Late"), 7),
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
    return exports.xlsx_bytes(exports.Sheet(_("Answers"), XLSX_COLUMNS, xlsx_rows(data)))
