"""The annex: each reply's answers in words, state by state, for the PDF and the DOCX."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hemis.questionnaires import rules
from hemis.questionnaires.models import (
    Question,
    Section,
)
from hemis.questionnaires.report.data import Labels, ReportData, StateRef
from hemis.questionnaires.report.figures import StateReply, answers_of


def answer_text(labels: Labels, question: Question, answer: dict[str, Any] | None) -> str:
    """An answer in words, for files: the value, "Information not available" or ""."""
    answer = answer or {}
    if answer.get("not_available"):
        return labels.not_available
    text = labels.text(question, answer.get("value"))
    if text and answer.get("provisional"):
        text += f" ({labels.provisional})"
    return text


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
    answers_by_state = answers_of(data.campaign, {state.pk for state in chosen})
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
    reply: StateReply,
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
