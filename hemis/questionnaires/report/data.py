"""The live report as readers see it: figures turned into labelled rows and charts.

`store.figures_for` holds counts for every submitted reply; this module adds what a reader
needs to read them (labels in the reader's language, state names) and keeps individual answers
to the states `visible_states` allows. The page, the PDF, the DOCX and the XLSX all read
the same `ReportData`, so they say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.db.models import Prefetch
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from hemis.core.models import Subregion
from hemis.questionnaires.models import (
    Campaign,
    Question,
    QuestionKind,
    Revision,
    Section,
    YesNo,
    translated,
)
from hemis.questionnaires.report.charts import choice_chart, rate_chart
from hemis.questionnaires.report.figures import (
    CHOICE_KINDS,
    Figures,
    QuestionFigures,
    changes_since,
    response_rate,
    states_by_id,
    subregions,
    visible_states,
)
from hemis.questionnaires.report.store import figures_for

ERR_SINCE = gettext_lazy("Changes since: enter a date as YYYY-MM-DD, for example 2026-01-31.")


ERR_SECTION = gettext_lazy("Section: there is no section with this code; every section is shown.")


# Above this many questions the page shows one section's findings at a time.
PAGE_QUESTIONS = 60


@dataclass(frozen=True)
class StateRef:
    """A state as the report names it, its name resolved once in the reader's language."""

    pk: int
    iso3: str
    name: str
    subregion: str


class Labels:
    """Option, unit, row and column labels of a questionnaire in one language, read once.

    A world-scale report writes tens of thousands of answers; looking the labels up (and the
    active language) for each one cost seconds (bench/out/questionnaires_report.md).
    """

    def __init__(self, questions: list[Question], language: str) -> None:
        self.language = language
        self.not_available = _("Information not available")
        self.provisional = _("provisional figure")
        yes_no = {str(choice.value): str(choice.label) for choice in YesNo}
        self.options: dict[str, dict[str, str]] = {}
        self.units: dict[str, str] = {}
        self.rows: dict[str, dict[str, str]] = {}
        self.columns: dict[str, dict[str, str]] = {}
        for q in questions:
            base = q.base_language
            if q.kind == QuestionKind.YES_NO:
                self.options[q.code] = yes_no
            elif q.kind in CHOICE_KINDS:
                self.options[q.code] = dict(q.options(language))
            unit = q.config.get("unit")
            if unit:
                self.units[q.code] = translated(unit, base, language)
            if q.kind == QuestionKind.TABLE:
                self.rows[q.code] = {
                    r["code"]: translated(r.get("label"), base, language) or r["code"]
                    for r in q.config.get("rows", [])
                }
                self.columns[q.code] = {
                    c["code"]: translated(c.get("label"), base, language) or c["code"]
                    for c in q.config.get("columns", [])
                }

    def text(self, question: Question, value: Any) -> str:
        """A value as plain text, as the reply pages write it (tables on one line)."""
        if value is None or value == "" or value == [] or value == {}:
            return ""
        kind = question.kind
        code = question.code
        if kind in CHOICE_KINDS:
            labels = self.options.get(code, {})
            chosen = value if isinstance(value, list) else [value]
            return "; ".join(str(labels.get(c, c)) for c in chosen)
        if kind == QuestionKind.NUMBER:
            unit = self.units.get(code)
            return _number_text(value) + (f" {unit}" if unit else "")
        if kind == QuestionKind.TABLE:
            rows, columns = self.rows.get(code, {}), self.columns.get(code, {})
            return "; ".join(
                f"{rows.get(row, row)} ("
                + ", ".join(f"{columns.get(c, c)}: {v}" for c, v in cells.items())
                + ")"
                for row, cells in value.items()
            )
        if kind == QuestionKind.LEGAL_REFERENCE:
            return "; ".join(
                ", ".join(p for p in (r.get("title"), r.get("article"), r.get("url")) if p)
                for r in value
            )
        if kind == QuestionKind.FILE:
            return value.get("name", "") if isinstance(value, dict) else str(value)
        return str(value)


@dataclass
class OptionRow:
    code: str
    label: str
    count: int
    percent: float
    by_subregion: list[int]


@dataclass
class ListedAnswer:
    state: StateRef
    text: str
    comment: str


@dataclass
class TableCell:
    text: str
    number: bool


@dataclass
class TableRow:
    label: str
    cells: list[TableCell]


@dataclass
class QuestionReport:
    question: Question
    figures: QuestionFigures
    text: str
    anchor: str
    options: list[OptionRow] = field(default_factory=list)
    subregion_answered: list[int] = field(default_factory=list)
    summary: dict[str, float] | None = None
    unit: str = ""
    table_columns: list[str] = field(default_factory=list)
    table_rows: list[TableRow] = field(default_factory=list)
    listed: list[ListedAnswer] = field(default_factory=list)
    listed_hidden: int = 0
    chart: dict[str, Any] | None = None

    @property
    def code(self) -> str:
        return self.question.code

    @property
    def listed_rows(self) -> SafeString:
        """The listed answers as table rows, written once in Python: a world-scale section has
        thousands, and the template engine took most of the page's time on them."""
        return mark_safe(  # noqa: S308 - every value escaped here
            "".join(
                f'<tr><th scope="row">{escape(item.state.name)}</th>'
                f'<td class="answer-text">{escape(item.text)}</td>'
                f"<td>{escape(item.comment)}</td></tr>"
                for item in self.listed
            )
        )

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def is_choice(self) -> bool:
        return self.question.kind in CHOICE_KINDS

    @property
    def is_multiple(self) -> bool:
        return self.question.kind == QuestionKind.MULTIPLE_CHOICE


@dataclass
class SectionReport:
    section: Section
    title: str
    anchor: str
    questions: list[QuestionReport]


@dataclass
class RateRow:
    label: str
    invited: int
    replied: int
    on_time: int
    late: int

    @property
    def not_replied(self) -> int:
        return self.invited - self.replied

    @property
    def percent(self) -> float:
        return round(100 * self.replied / self.invited, 1) if self.invited else 0.0


@dataclass
class NeedTopic:
    question: Question
    label: str
    count: int
    states: list[StateRef]  # only those the reader may see
    hidden: int  # states that named this need whose replies the reader may not see

    @property
    def names(self) -> str:
        return ", ".join(state.name for state in self.states)


@dataclass
class StateNeeds:
    state: StateRef
    topics: list[str]


@dataclass
class Change:
    revision: Revision
    state: StateRef
    is_new: bool
    questions: list[tuple[str, str]] | None  # (code, text) when the reader may see the reply


@dataclass
class ReportData:
    campaign: Campaign
    figures: Figures
    generated_at: dt.datetime
    invited: int
    rate: RateRow
    rate_rows: list[RateRow]
    rate_chart: dict[str, Any]
    subregions: list[Subregion]
    not_replied: list[StateRef]
    replied: list[StateRef]
    states: dict[int, StateRef]
    visible: set[int]
    sections: list[SectionReport]
    all_sections: list[Section]
    needs: list[NeedTopic]
    needs_by_state: list[StateNeeds]
    questions: dict[str, Question]
    labels: Labels
    paged: bool = False

    @property
    def question_count(self) -> int:
        return sum(len(s.questions) for s in self.sections)

    @property
    def visible_states(self) -> list[StateRef]:
        return sorted((self.states[s] for s in self.visible), key=lambda s: s.name)


def _subregion_name(subregion: Subregion | None) -> str:
    return subregion.name if subregion else _("Other")


def _rate(figures: Figures, subregions: dict[int, Subregion]):
    rate = response_rate(figures)
    rows = [
        RateRow(_subregion_name(subregions.get(pk)), **counts)
        for pk, counts in sorted(
            rate["by_subregion"].items(),
            key=lambda item: (
                getattr(subregions.get(item[0]), "order", 0),
                _subregion_name(subregions.get(item[0])),
            ),
        )
    ]
    total = RateRow(
        _("All invited states"), *(rate[k] for k in ("invited", "replied", "on_time", "late"))
    )
    return total, rows


def _number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    return f"{value:,.2f}".replace(",", "\u202f")


def _question_report(
    question: Question,
    figures: QuestionFigures,
    *,
    subregion_ids: list[int],
    states: dict[int, StateRef],
    visible: set[int],
    labels: Labels,
) -> QuestionReport:
    result = QuestionReport(
        question=question,
        figures=figures,
        text=question.text_in(labels.language),
        anchor=f"q-{question.code}",
    )
    kind = question.kind
    if kind in CHOICE_KINDS:
        options = list(labels.options.get(question.code, {}).items())
        known = {code for code, _label in options}
        # Codes no longer offered (a questionnaire amended mid-campaign) still count.
        options += [(code, code) for code in figures.counts if code not in known]
        result.options = [
            OptionRow(
                code=code,
                label=label,
                count=figures.counts.get(code, 0),
                percent=figures.percent(figures.counts.get(code, 0)),
                by_subregion=[
                    figures.by_subregion[pk][code] if pk in figures.by_subregion else 0
                    for pk in subregion_ids
                ],
            )
            for code, label in options
        ]
        result.subregion_answered = [
            figures.answered_by_subregion.get(pk, 0) for pk in subregion_ids
        ]
        if figures.answered:
            result.chart = choice_chart(result)
    elif kind == QuestionKind.NUMBER:
        summary = figures.number_summary
        result.summary = summary
        result.unit = labels.units.get(question.code, "")
    elif kind == QuestionKind.TABLE:
        columns = question.config.get("columns", [])
        rows = question.config.get("rows", [])
        base = question.base_language
        column_labels = labels.columns.get(question.code, {})
        row_labels = labels.rows.get(question.code, {})
        result.table_columns = [column_labels.get(c["code"], c["code"]) for c in columns]
        sums = figures.cell_sums
        for row in rows:
            cells = []
            for column in columns:
                if column.get("kind") == QuestionKind.NUMBER:
                    total = sums.get((row["code"], column["code"]))
                    cells.append(TableCell(_number_text(total) if total is not None else "—", True))
                else:
                    counts = [
                        (value, count)
                        for (r, c, value), count in sorted(figures.cell_counts.items())
                        if r == row["code"] and c == column["code"]
                    ]
                    cells.append(
                        TableCell(_cell_counts_text(column, counts, base, labels.language), False)
                    )
            result.table_rows.append(TableRow(row_labels.get(row["code"], row["code"]), cells))
    for state_id, value, comment in figures.listed:
        if state_id not in visible:
            result.listed_hidden += 1
            continue
        if (kind in CHOICE_KINDS or kind == QuestionKind.TABLE) and not comment:
            continue  # counted above; only their comments are listed
        text = labels.text(question, value)
        result.listed.append(ListedAnswer(states[state_id], text, comment))
    result.listed.sort(key=lambda item: item.state.name)
    return result


def _cell_counts_text(column: dict, counts: list[tuple[str, int]], base: str, language: str) -> str:
    if not counts:
        return "—"
    if column.get("kind") == QuestionKind.YES_NO:
        labels = {str(choice.value): str(choice.label) for choice in YesNo}
    else:
        labels = {
            option["code"]: translated(option.get("label"), base, language)
            for option in column.get("options", [])
        }
    order = list(labels)
    counts = sorted(
        counts, key=lambda item: (order.index(item[0]) if item[0] in order else 99, item)
    )
    return ", ".join(f"{labels.get(value, value)}: {count}" for value, count in counts)


def figures(campaign: Campaign) -> Figures:
    """The campaign's figures for its current report generation."""
    return figures_for(campaign)


def _state_refs(ids: set[int]) -> dict[int, StateRef]:
    return {
        pk: StateRef(pk, state.iso3, state.name, state.subregion.name if state.subregion else "")
        for pk, state in states_by_id(ids).items()
    }


def questionnaire_sections(campaign: Campaign) -> list[Section]:
    """The campaign's questionnaire: sections in order, each with its questions in order."""
    sections = list(
        Section.objects.filter(questionnaire_id=campaign.questionnaire_id)
        .order_by("position")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("position")))
    )
    for s in sections:
        # One questionnaire object for all: its base language is read for every text.
        s.questionnaire = campaign.questionnaire
        for q in s.questions.all():
            q.questionnaire = campaign.questionnaire
    return sections


def state_ref(state_id: int) -> StateRef:
    """One state as the report names it, in the active language."""
    return _state_refs({state_id})[state_id]


def build(
    campaign: Campaign, user: Any, *, section: str | None = None, page: bool = False
) -> ReportData:
    """Everything the report shows to `user`, in the active language.

    `section` limits the findings to one section (the response rate and needs always cover the
    whole campaign); with `page`, a questionnaire of more than PAGE_QUESTIONS questions shows
    its first section when no section is asked for ("all" asks for every section).
    """
    language = (get_language() or "en")[:2]
    figures_ = figures(campaign)
    visible = visible_states(user, figures_)
    states = _state_refs(set(figures_.invited))
    subregion_map = subregions()
    total, rate_rows = _rate(figures_, subregion_map)
    subregion_ids = sorted(
        {figures_.subregion_of[s] for s in figures_.invited},
        key=lambda pk: (getattr(subregion_map.get(pk), "order", 0), pk),
    )
    sections = questionnaire_sections(campaign)
    questions = {q.code: q for s in sections for q in s.questions.all()}
    paged = False
    if section == "all":
        section = None
    elif page and not section and len(questions) > PAGE_QUESTIONS and sections:
        section, paged = sections[0].code, True
    chosen = [s for s in sections if s.code == section] if section else sections
    labels = Labels(list(questions.values()), language)
    section_reports = [
        SectionReport(
            section=s,
            title=s.title_text(language),
            anchor=f"s-{s.code}",
            questions=[
                _question_report(
                    q,
                    figures_.questions.get(q.code) or QuestionFigures(code=q.code, kind=q.kind),
                    subregion_ids=subregion_ids,
                    states=states,
                    visible=visible,
                    labels=labels,
                )
                for q in s.questions.all()
            ],
        )
        for s in chosen
    ]
    needs, needs_by_state = _needs(figures_, questions, states, visible, labels)
    by_name = sorted(states.values(), key=lambda s: s.name)
    return ReportData(
        campaign=campaign,
        figures=figures_,
        generated_at=figures_.computed_at,
        invited=len(figures_.invited),
        rate=total,
        rate_rows=rate_rows,
        rate_chart=rate_chart(rate_rows),
        subregions=[subregion_map[pk] for pk in subregion_ids if pk in subregion_map],
        not_replied=[s for s in by_name if s.pk not in figures_.replies],
        replied=[s for s in by_name if s.pk in figures_.replies],
        states=states,
        visible=visible,
        sections=section_reports,
        all_sections=sections,
        needs=needs,
        needs_by_state=needs_by_state,
        questions=questions,
        labels=labels,
        paged=paged,
    )


def _needs(
    figures: Figures,
    questions: dict[str, Question],
    states: dict[int, StateRef],
    visible: set[int],
    labels: Labels,
) -> tuple[list[NeedTopic], list[StateNeeds]]:
    topics: list[NeedTopic] = []
    per_state: dict[int, list[str]] = {}
    for code, by_option in figures.needs.items():
        question = questions.get(code)
        if question is None:
            continue
        options = labels.options.get(code, {})
        order = list(options)
        for option in sorted(
            by_option, key=lambda o: (order.index(o) if o in order else len(order), str(o))
        ):
            ids = by_option[option]
            label = options.get(option, str(option))
            shown = sorted((states[s] for s in ids if s in visible), key=lambda s: s.name)
            topics.append(NeedTopic(question, label, len(ids), shown, len(ids) - len(shown)))
            for state in shown:
                per_state.setdefault(state.pk, []).append(label)
    by_state = sorted(
        (StateNeeds(states[pk], topic_labels) for pk, topic_labels in per_state.items()),
        key=lambda entry: entry.state.name,
    )
    return topics, by_state


def changes(data: ReportData, since: dt.date, user: Any) -> list[Change]:
    """New and amended replies since `since`; which questions changed only for visible replies."""
    result = []
    language = data.labels.language
    for revision in changes_since(data.campaign, since, user):
        reply_state = revision.reply.state
        state = data.states.get(reply_state.pk) or StateRef(
            reply_state.pk, reply_state.iso3, reply_state.name, ""
        )
        questions = None
        if state.pk in data.visible:
            questions = [
                (code, data.questions[code].text_in(language) if code in data.questions else "")
                for code in sorted(
                    revision.changes,
                    key=lambda c: data.questions[c].position if c in data.questions else 0,
                )
            ]
        result.append(Change(revision, state, revision.number == 1, questions))
    return result


def parse_since(raw: str | None) -> tuple[dt.date | None, str]:
    """The `since` date from the query string, or an error message naming the field."""
    if not raw:
        return None, ""
    try:
        return dt.date.fromisoformat(raw.strip()), ""
    except ValueError:
        return None, str(ERR_SINCE)
