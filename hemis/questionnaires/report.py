"""The live preliminary report of a campaign: response rate, aggregates per question, needs.

Computed from the last submitted revision of each reply, so a draft in progress never shows.
The figures are cached under the campaign's `report_generation`, which every submission,
amendment, validation, return and change of sharing raises: the next reader gets a fresh
report, with no batch job and no rebuild button. What a reader sees of individual answers
(free text, per-state values) is filtered for them when read: shared replies for officials,
all replies for the Secretariat. Counts include every submitted reply.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from hemis.accounts import policy
from hemis.core.models import MemberState, Subregion
from hemis.questionnaires import rules
from hemis.questionnaires.models import (
    Campaign,
    Invitation,
    Question,
    QuestionKind,
    Reply,
    Revision,
)

CHOICE_KINDS = (QuestionKind.YES_NO, QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
LISTED_KINDS = (
    QuestionKind.SHORT_TEXT,
    QuestionKind.LONG_TEXT,
    QuestionKind.DATE,
    QuestionKind.LEGAL_REFERENCE,
    QuestionKind.FILE,
)
CACHE_SECONDS = 24 * 3600


@dataclass
class StateReply:
    state_id: int
    subregion_id: int
    shared: bool
    late: bool
    submitted_at: dt.datetime
    first_submitted_at: dt.datetime
    revision: int
    status: str
    answers: dict[str, dict]


@dataclass
class QuestionFigures:
    code: str
    kind: str
    answered: int = 0
    not_available: int = 0
    not_shown: int = 0
    blank: int = 0
    # choices: option code -> count, overall and by subregion id
    counts: Counter = field(default_factory=Counter)
    by_subregion: dict[int, Counter] = field(default_factory=lambda: defaultdict(Counter))
    answered_by_subregion: Counter = field(default_factory=Counter)
    # numbers
    numbers: list[float] = field(default_factory=list)
    provisional: int = 0
    # tables: (row, column) -> sum for number columns, (row, column, value) -> count otherwise
    cell_sums: dict[tuple[str, str], float] = field(default_factory=dict)
    cell_counts: Counter = field(default_factory=Counter)
    # individual answers: (state id, value, comment)
    listed: list[tuple[int, Any, str]] = field(default_factory=list)

    def percent(self, count: int) -> float:
        return round(100 * count / self.answered, 1) if self.answered else 0.0

    @property
    def number_summary(self) -> dict[str, float] | None:
        if not self.numbers:
            return None
        return {
            "count": len(self.numbers),
            "sum": sum(self.numbers),
            "min": min(self.numbers),
            "max": max(self.numbers),
            "mean": round(statistics.fmean(self.numbers), 2),
            "median": statistics.median(self.numbers),
        }


@dataclass
class Figures:
    """Everything the report shows, computed once per report generation."""

    generation: int
    computed_at: dt.datetime
    invited: list[int]
    subregion_of: dict[int, int]
    replies: dict[int, StateReply]
    questions: dict[str, QuestionFigures]
    needs: dict[str, dict[str, list[int]]]  # question code -> option code -> state ids

    @property
    def replied(self) -> list[int]:
        return [s for s in self.invited if s in self.replies]

    @property
    def not_replied(self) -> list[int]:
        return [s for s in self.invited if s not in self.replies]

    @property
    def on_time(self) -> int:
        return sum(1 for r in self.replies.values() if not r.late)

    @property
    def late(self) -> int:
        return sum(1 for r in self.replies.values() if r.late)


def _replies(campaign: Campaign) -> dict[int, StateReply]:
    rows = Revision.objects.filter(
        reply__campaign=campaign, number=F("reply__revision_count")
    ).values_list(
        "reply__state_id",
        "reply__state__subregion_id",
        "reply__shared",
        "reply__late",
        "submitted_at",
        "reply__first_submitted_at",
        "number",
        "reply__status",
        "answers",
    )
    return {row[0]: StateReply(*row) for row in rows}


def compute(campaign: Campaign) -> Figures:
    """The report's figures from the database (no cache)."""
    invitations = list(
        Invitation.objects.filter(campaign=campaign).values_list("state_id", "state__subregion_id")
    )
    subregion_of = dict(invitations)
    replies = _replies(campaign)
    questions = list(
        Question.objects.filter(questionnaire_id=campaign.questionnaire_id).order_by("position")
    )
    figures = {q.code: QuestionFigures(code=q.code, kind=q.kind) for q in questions}
    needs: dict[str, dict[str, list[int]]] = {
        q.code: defaultdict(list) for q in questions if q.needs
    }
    for state_id, reply in sorted(replies.items()):
        values = {code: answer.get("value") for code, answer in reply.answers.items()}
        subregion = reply.subregion_id
        for question in questions:
            result = figures[question.code]
            if not rules.is_shown(question, values):
                result.not_shown += 1
                continue
            answer = reply.answers.get(question.code)
            if answer is None or not rules.is_answered(
                answer.get("value"), answer.get("not_available")
            ):
                result.blank += 1
                continue
            if answer.get("not_available"):
                result.not_available += 1
                continue
            value = answer["value"]
            result.answered += 1
            result.answered_by_subregion[subregion] += 1
            _add(question, result, value, answer, state_id, subregion)
            if question.needs and question.code in needs:
                for option in value if isinstance(value, list) else [value]:
                    needs[question.code][option].append(state_id)
    return Figures(
        generation=campaign.report_generation,
        computed_at=timezone.now(),
        invited=[state_id for state_id, _subregion in invitations],
        subregion_of=subregion_of,
        replies=replies,
        questions=figures,
        needs={code: dict(by_option) for code, by_option in needs.items()},
    )


def _add(
    question: Question,
    result: QuestionFigures,
    value: Any,
    answer: dict,
    state_id: int,
    subregion: int,
) -> None:
    kind = question.kind
    if kind in CHOICE_KINDS:
        for option in value if isinstance(value, list) else [value]:
            result.counts[option] += 1
            result.by_subregion[subregion][option] += 1
    elif kind == QuestionKind.NUMBER:
        result.numbers.append(value)
        result.provisional += bool(answer.get("provisional"))
    elif kind == QuestionKind.TABLE:
        columns = {c["code"]: c for c in question.config.get("columns", [])}
        for row, cells in value.items():
            for column, cell in cells.items():
                spec = columns.get(column)
                if spec is None:
                    continue
                if spec["kind"] == QuestionKind.NUMBER:
                    result.cell_sums[(row, column)] = result.cell_sums.get((row, column), 0) + cell
                else:
                    result.cell_counts[(row, column, str(cell))] += 1
        result.provisional += bool(answer.get("provisional"))
    if kind in LISTED_KINDS or (kind == QuestionKind.NUMBER) or answer.get("comment"):
        result.listed.append((state_id, value, answer.get("comment", "")))


def figures_for(campaign: Campaign) -> Figures:
    """The report's figures, from the cache while no reply changed since they were computed."""
    generation = (
        Campaign.objects.filter(pk=campaign.pk).values_list("report_generation", flat=True).first()
    )
    key = f"questionnaires:report:{campaign.pk}:{generation}"
    figures = cache.get(key)
    if figures is None:
        campaign.report_generation = generation or 0
        figures = compute(campaign)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def visible_states(user: Any, figures: Figures) -> set[int]:
    """The states whose individual answers this reader may see in the report."""
    if policy.is_secretariat(user):
        return set(figures.replies)
    own = policy.user_state_id(user)
    return {
        state_id
        for state_id, reply in figures.replies.items()
        if reply.shared or (own == state_id and policy.can_read_state_restricted(user, state_id))
    }


def changes_since(campaign: Campaign, since: dt.date, user: Any) -> list[Revision]:
    """Revisions submitted on or after `since` (new replies and amendments), newest first.

    Every reader sees that a state replied or amended; what changed is for readers who may see
    the reply's answers (see the template)."""
    start = dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC)
    return list(
        Revision.objects.filter(reply__campaign=campaign, submitted_at__gte=start)
        .select_related("reply__state", "submitted_by")
        .order_by("-submitted_at")
    )


def subregions() -> dict[int, Subregion]:
    return {s.pk: s for s in Subregion.objects.all()}


def states_by_id(ids: set[int] | list[int]) -> dict[int, MemberState]:
    return {s.pk: s for s in MemberState.objects.filter(pk__in=ids).select_related("subregion")}


def response_rate(figures: Figures) -> dict[str, Any]:
    """invited/replied/on time/late overall and per subregion."""
    by_subregion: dict[int, dict[str, int]] = defaultdict(
        lambda: {"invited": 0, "replied": 0, "on_time": 0, "late": 0}
    )
    for state_id in figures.invited:
        row = by_subregion[figures.subregion_of[state_id]]
        row["invited"] += 1
        reply = figures.replies.get(state_id)
        if reply:
            row["replied"] += 1
            row["late" if reply.late else "on_time"] += 1
    return {
        "invited": len(figures.invited),
        "replied": len(figures.replied),
        "on_time": figures.on_time,
        "late": figures.late,
        "by_subregion": dict(by_subregion),
    }


def reply_statuses(campaign: Campaign) -> Counter:
    return Counter(Reply.objects.filter(campaign=campaign).values_list("status", flat=True))
