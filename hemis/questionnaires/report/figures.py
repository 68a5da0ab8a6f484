"""The live preliminary report's figures: response rate, aggregates per question, needs.

Computed from the last submitted revision of each reply, so a draft in progress never shows.
Each reply adds one contribution to the figures, a pure function of one revision (answers that
never change once submitted), so the figures can be updated reply by reply: when a reply is
submitted or amended, the previous revision's contribution is taken out and the new one added,
rather than every reply counted again (docs/decisions/0025). `store.figures_for` does this when
it sees that the campaign's `report_generation`, raised by every submission, amendment,
validation, return and change of sharing, has moved since its figures: it compares each reply's
revision with the one its figures hold, so nothing depends on a service remembering to update
them, and the figures always match the database.

The figures hold counts and the answers a report lists (free text, numbers, per state), never
a reply's full answers: files that need them (the annex, the XLSX) read them with
`answers_of`. What a reader sees of individual answers is filtered for them when read: shared
replies for officials, all replies for the Secretariat. Counts include every submitted reply.
"""

from __future__ import annotations

import bisect
import datetime as dt
import statistics
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

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
    Questionnaire,
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
    QuestionKind.NUMBER,
)


@dataclass
class StateReply:
    """What the report needs of a reply besides its answers."""

    state_id: int
    subregion_id: int
    shared: bool
    late: bool
    submitted_at: dt.datetime
    first_submitted_at: dt.datetime
    revision: int
    status: str
    reply_id: int


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
    provisional: int = 0
    # numbers by state id; number cells of tables: (row, column) -> state id -> value
    number_by_state: dict[int, float] = field(default_factory=dict)
    cells_by_state: dict[tuple[str, str], dict[int, float]] = field(default_factory=dict)
    # other cells of tables: (row, column, value) -> count
    cell_counts: Counter = field(default_factory=Counter)
    # individual answers: state id -> (value, comment)
    listed_by_state: dict[int, tuple[Any, str]] = field(default_factory=dict)

    def percent(self, count: int) -> float:
        return round(100 * count / self.answered, 1) if self.answered else 0.0

    def copy(self) -> QuestionFigures:
        """A copy whose counts can change without changing these (values are shared: the
        figures never change a value, only which values they hold)."""
        return replace(
            self,
            counts=Counter(self.counts),
            by_subregion=defaultdict(
                Counter, {pk: Counter(c) for pk, c in self.by_subregion.items()}
            ),
            answered_by_subregion=Counter(self.answered_by_subregion),
            number_by_state=dict(self.number_by_state),
            cells_by_state={key: dict(v) for key, v in self.cells_by_state.items()},
            cell_counts=Counter(self.cell_counts),
            listed_by_state=dict(self.listed_by_state),
        )

    @property
    def numbers(self) -> list[float]:
        """The numbers answered, in the order of state ids (sums do not depend on arrival)."""
        return [self.number_by_state[state] for state in sorted(self.number_by_state)]

    @property
    def cell_sums(self) -> dict[tuple[str, str], float]:
        """(row, column) -> sum of a table's number cells."""
        return {
            key: sum(by_state[state] for state in sorted(by_state))
            for key, by_state in self.cells_by_state.items()
        }

    @property
    def listed(self) -> list[tuple[int, Any, str]]:
        """(state id, value, comment) of the answers a report lists, by state id."""
        return [(state, *self.listed_by_state[state]) for state in sorted(self.listed_by_state)]

    @property
    def number_summary(self) -> dict[str, float] | None:
        numbers = self.numbers
        if not numbers:
            return None
        return {
            "count": len(numbers),
            "sum": sum(numbers),
            "min": min(numbers),
            "max": max(numbers),
            "mean": round(statistics.fmean(numbers), 2),
            "median": statistics.median(numbers),
        }


@dataclass
class Figures:
    """Everything the report shows, as of one report generation."""

    generation: int
    computed_at: dt.datetime
    invited: list[int]
    subregion_of: dict[int, int]
    replies: dict[int, StateReply]
    questions: dict[str, QuestionFigures]
    needs: dict[str, dict[str, list[int]]]  # question code -> option code -> state ids

    def copy(self) -> Figures:
        """A copy to update while other readers go on reading these figures."""
        return replace(
            self,
            invited=list(self.invited),
            subregion_of=dict(self.subregion_of),
            replies=dict(self.replies),
            questions={code: q.copy() for code, q in self.questions.items()},
            needs={
                code: {option: list(states) for option, states in by_option.items()}
                for code, by_option in self.needs.items()
            },
        )

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


@dataclass(frozen=True)
class _Counted:
    """A question as the figures count it, read once per computation."""

    question: Question
    code: str
    kind: str
    needs: bool
    number_columns: frozenset[str]
    other_columns: frozenset[str]


# The questions of published questionnaires (which never change), by the questionnaire's UUID.
_COUNTED: dict[uuid.UUID, list[_Counted]] = {}


def _counted(campaign: Campaign) -> list[_Counted]:
    public_id, status = (
        Questionnaire.objects.filter(pk=campaign.questionnaire_id)
        .values_list("public_id", "status")
        .get()
    )
    if public_id in _COUNTED:
        return _COUNTED[public_id]
    result = []
    for q in Question.objects.filter(questionnaire_id=campaign.questionnaire_id).order_by(
        "position"
    ):
        columns = q.config.get("columns", []) if q.kind == QuestionKind.TABLE else []
        result.append(
            _Counted(
                question=q,
                code=q.code,
                kind=q.kind,
                needs=q.needs,
                number_columns=frozenset(
                    c["code"] for c in columns if c.get("kind") == QuestionKind.NUMBER
                ),
                other_columns=frozenset(
                    c["code"] for c in columns if c.get("kind") != QuestionKind.NUMBER
                ),
            )
        )
    if status == Questionnaire.Status.PUBLISHED:
        if len(_COUNTED) >= 8:
            _COUNTED.clear()
        _COUNTED[public_id] = result
    return result


def _apply(
    figures: Figures,
    questions: list[_Counted],
    state_id: int,
    subregion: int,
    answers: dict[str, dict],
    sign: int,
) -> None:
    """Add (sign 1) or take out (sign -1) one reply revision's contribution to the figures."""
    values = rules.visible_values(
        [counted.question for counted in questions],
        {code: answer.get("value") for code, answer in answers.items()},
    )
    adding = sign > 0
    for counted in questions:
        code = counted.code
        result = figures.questions[code]
        if not rules.is_shown(counted.question, values):
            result.not_shown += sign
            continue
        answer = answers.get(code)
        if answer is None or not rules.is_answered(
            answer.get("value"), bool(answer.get("not_available"))
        ):
            result.blank += sign
            continue
        if answer.get("not_available"):
            result.not_available += sign
            continue
        value = answer["value"]
        result.answered += sign
        _bump(result.answered_by_subregion, subregion, sign)
        kind = counted.kind
        if kind in CHOICE_KINDS:
            by_subregion = result.by_subregion[subregion]
            for option in value if isinstance(value, list) else [value]:
                _bump(result.counts, option, sign)
                _bump(by_subregion, option, sign)
            if not by_subregion:
                del result.by_subregion[subregion]
        elif kind == QuestionKind.NUMBER:
            _put(result.number_by_state, state_id, value, adding)
            result.provisional += sign * bool(answer.get("provisional"))
        elif kind == QuestionKind.TABLE:
            for row, cells in value.items():
                for column, cell in cells.items():
                    if column in counted.number_columns:
                        by_state = result.cells_by_state.setdefault((row, column), {})
                        _put(by_state, state_id, cell, adding)
                        if not by_state:
                            del result.cells_by_state[(row, column)]
                    elif column in counted.other_columns:
                        _bump(result.cell_counts, (row, column, str(cell)), sign)
            result.provisional += sign * bool(answer.get("provisional"))
        comment = answer.get("comment") or ""
        if kind in LISTED_KINDS or comment:
            _put(result.listed_by_state, state_id, (value, comment), adding)
        if counted.needs:
            needs = figures.needs[code]
            for option in value if isinstance(value, list) else [value]:
                states = needs.setdefault(option, [])
                if adding:
                    bisect.insort(states, state_id)
                else:
                    states.remove(state_id)
                    if not states:
                        del needs[option]


def _bump(counter: Counter, key: Any, sign: int) -> None:
    """Count `key` once more or once less; a count that falls to nothing is dropped, as if it
    had never been counted (the figures then equal those counted from scratch)."""
    count = counter[key] + sign
    if count:
        counter[key] = count
    else:
        del counter[key]


def _put(by_state: dict, state_id: int, value: Any, adding: bool) -> None:
    if adding:
        by_state[state_id] = value
    else:
        by_state.pop(state_id, None)


def _empty(
    campaign: Campaign, questions: list[_Counted], invitations: list[tuple[int, int]]
) -> Figures:
    return Figures(
        generation=campaign.report_generation,
        computed_at=timezone.now(),
        invited=[state_id for state_id, _subregion in invitations],
        subregion_of=dict(invitations),
        replies={},
        questions={q.code: QuestionFigures(code=q.code, kind=q.kind) for q in questions},
        needs={q.code: {} for q in questions if q.needs},
    )


def _invitations(campaign: Campaign) -> list[tuple[int, int]]:
    return list(
        Invitation.objects.filter(campaign=campaign).values_list("state_id", "state__subregion_id")
    )


def _last_revisions(campaign: Campaign):
    return Revision.objects.filter(reply__campaign=campaign, number=F("reply__revision_count"))


_REPLY_FIELDS = (
    "reply__state_id",
    "reply__state__subregion_id",
    "reply__shared",
    "reply__late",
    "submitted_at",
    "reply__first_submitted_at",
    "number",
    "reply__status",
    "reply_id",
)


def _replies(campaign: Campaign) -> dict[int, StateReply]:
    """Each submitted reply's state, sharing, dates and last revision (no answers)."""
    rows = _last_revisions(campaign).values_list(*_REPLY_FIELDS)
    return {row[0]: StateReply(*row) for row in rows}


def compute(campaign: Campaign) -> Figures:
    """The report's figures from the database, every reply counted (no cache)."""
    questions = _counted(campaign)
    figures = _empty(campaign, questions, _invitations(campaign))
    rows = _last_revisions(campaign).values_list(*_REPLY_FIELDS, "answers")
    for row in sorted(rows, key=lambda row: row[0]):
        reply = StateReply(*row[:-1])
        figures.replies[reply.state_id] = reply
        _apply(figures, questions, reply.state_id, reply.subregion_id, row[-1], 1)
    return figures


def update(campaign: Campaign, figures: Figures) -> Figures:
    """`figures` brought up to date with the database, reply by reply (changed in place).

    Each reply whose last revision differs from the one the figures hold has that revision's
    contribution taken out and its new one added; sharing, status and dates are read afresh.
    When the invitations changed, or many replies did, every reply is counted again.
    """
    invitations = _invitations(campaign)
    current = _replies(campaign)
    if [s for s, _subregion in invitations] != figures.invited or dict(
        invitations
    ) != figures.subregion_of:
        return compute(campaign)
    held = figures.replies
    changed = {
        state_id
        for state_id in set(current) | set(held)
        if state_id not in current
        or state_id not in held
        or (held[state_id].reply_id, held[state_id].revision)
        != (current[state_id].reply_id, current[state_id].revision)
    }
    if 2 * len(changed) > len(current):  # taking out and adding would cost more
        return compute(campaign)
    if changed:
        wanted = {(held[s].reply_id, held[s].revision) for s in changed if s in held} | {
            (current[s].reply_id, current[s].revision) for s in changed if s in current
        }
        answers = {
            (reply_id, number): snapshot
            for reply_id, number, snapshot in Revision.objects.filter(
                reply_id__in={reply_id for reply_id, _number in wanted},
                number__in={number for _reply_id, number in wanted},
            ).values_list("reply_id", "number", "answers")
            if (reply_id, number) in wanted
        }
        questions = _counted(campaign)
        for state_id in sorted(changed):
            if state_id in held:
                old = held[state_id]
                snapshot = answers[(old.reply_id, old.revision)]
                _apply(figures, questions, state_id, old.subregion_id, snapshot, -1)
            if state_id in current:
                new = current[state_id]
                snapshot = answers[(new.reply_id, new.revision)]
                _apply(figures, questions, state_id, new.subregion_id, snapshot, 1)
    figures.replies = current
    figures.generation = campaign.report_generation
    figures.computed_at = timezone.now()
    return figures


def answers_of(campaign: Campaign, state_ids: list[int] | set[int]) -> dict[int, dict[str, dict]]:
    """The answers of these states' last submitted revisions, by state id."""
    return dict(
        _last_revisions(campaign)
        .filter(reply__state_id__in=state_ids)
        .values_list("reply__state_id", "answers")
    )


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
