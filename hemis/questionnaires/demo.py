"""Demo: the shipped questionnaire and one open campaign with replies in every state of the
workflow (submitted on time and late, returned with comments, shared or not, drafts, one
extension). Belize's reply is a draft, not shared, so that the guided journey starts from it.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from django.utils import timezone

from hemis.accounts.actors import SYSTEM, Actor
from hemis.accounts.models import Role, User
from hemis.core.models import MemberState
from hemis.questionnaires import definitions, services
from hemis.questionnaires.models import (
    Campaign,
    Question,
    QuestionKind,
    Questionnaire,
    Reply,
    Revision,
)

DEFINITION = Path(__file__).parent / "definitions" / "poa-implementation-v1.yaml"
CAMPAIGN = "poa-2026"
# Submitted before the deadline, after it, returned, and drafts; the rest have not started.
ON_TIME = [
    "ARG",
    "BRA",
    "CAN",
    "CHL",
    "COL",
    "CRI",
    "DOM",
    "ECU",
    "GTM",
    "MEX",
    "PAN",
    "PER",
    "URY",
    "USA",
]
LATE = ["BHS", "BRB", "PRY"]
RETURNED = "JAM"
NOT_SHARED = {"USA", "BRB", "PRY", "CAN"}
DRAFTS = ["BLZ", "GUY", "HND"]
EXTENDED = "TTO"


def sample_value(question: Question, rng: random.Random) -> Any:
    """A plausible valid answer for any kind of question (demo and benchmarks)."""
    kind = question.kind
    config = question.config
    if kind == QuestionKind.YES_NO:
        return rng.choices(["yes", "no", "partly", "unknown"], weights=[6, 2, 2, 1])[0]
    if kind == QuestionKind.SINGLE_CHOICE:
        return rng.choice(config["options"])["code"]
    if kind == QuestionKind.MULTIPLE_CHOICE:
        options = [o["code"] for o in config["options"]]
        return rng.sample(options, rng.randint(1, min(3, len(options))))
    if kind == QuestionKind.NUMBER:
        low = config.get("min", 0)
        high = config.get("max", low + 500)
        return rng.randint(int(low), int(min(high, low + 500)))
    if kind == QuestionKind.SHORT_TEXT:
        return rng.choice(["National Police", "Attorney General's Office", "Ministry of Security"])[
            : config.get("max_length", 300)
        ]
    if kind == QuestionKind.LONG_TEXT:
        return rng.choice(
            [
                "An inter-agency working group meets every quarter (demo text).",
                "The Ministry of Justice leads coordination with the police and customs (demo).",
                "Training in special investigative techniques is the first need (demo text).",
            ]
        )
    if kind == QuestionKind.DATE:
        return (dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3600))).isoformat()
    if kind == QuestionKind.TABLE:
        table: dict[str, dict[str, Any]] = {}
        for row in config["rows"]:
            cells: dict[str, Any] = {}
            for column in config["columns"]:
                if column["kind"] == QuestionKind.NUMBER:
                    cells[column["code"]] = rng.randint(0, 40)
                elif column["kind"] == QuestionKind.YES_NO:
                    cells[column["code"]] = rng.choice(["yes", "no"])
                elif column["kind"] == QuestionKind.SINGLE_CHOICE:
                    cells[column["code"]] = rng.choice(column["options"])["code"]
                elif column["kind"] == QuestionKind.DATE:
                    cells[column["code"]] = "2020-01-01"
                else:
                    cells[column["code"]] = "demo"
            table[row["code"]] = cells
        return table
    if kind == QuestionKind.LEGAL_REFERENCE:
        return [
            {
                "title": "Example Law on Organized Crime (demo)",
                "article": str(rng.randint(1, 90)),
                "url": "",
            }
        ]
    return None  # files are not made up


def _coordinator(state: MemberState) -> Actor:
    """The state's demo coordinator, or the system for states without demo accounts."""
    return (
        User.objects.filter(role=Role.STATE_COORDINATOR, state=state).order_by("pk").first()
        or SYSTEM
    )


def _fill(
    reply, coordinator: Actor, questions: list[Question], rng: random.Random, share: float = 1.0
) -> None:
    answers: dict[str, Any] = {}
    values: dict[str, Any] = {}
    from hemis.questionnaires.rules import is_shown

    for question in questions:
        if not is_shown(question, values) or question.kind == QuestionKind.FILE:
            continue
        if rng.random() > share and not question.required:
            continue
        if rng.random() < 0.05 and not question.required:
            answers[question.code] = {"not_available": True}
            continue
        value = sample_value(question, rng)
        values[question.code] = value
        answers[question.code] = value
    services.reply_save_answers(
        reply=reply, actor=coordinator, answers=answers, base_version=reply.version
    )


def load(stdout=None) -> None:
    if Campaign.objects.filter(code=CAMPAIGN).exists():
        return
    questionnaire = Questionnaire.objects.filter(code="poa-implementation", version=1).first()
    if questionnaire is None:
        definition = definitions.parse(DEFINITION.read_text(encoding="utf-8"))
        questionnaire = services.questionnaire_load(
            actor=SYSTEM, definition=definition, publish=True
        )
    today = timezone.localdate()
    admin = User.objects.filter(role=Role.SECRETARIAT_ADMIN).order_by("pk").first()
    analyst = User.objects.filter(role=Role.SECRETARIAT_ANALYST).order_by("pk").first() or admin
    campaign = services.campaign_create(
        actor=admin,
        code=CAMPAIGN,
        questionnaire=questionnaire,
        opens_on=today - dt.timedelta(days=75),
        deadline=today - dt.timedelta(days=5),
        shared_by_default=True,
        title={
            "en": "Plan of Action questionnaire, 2026 round",
            "es": "Cuestionario del Plan de Acción, ronda 2026",
            "fr": "Questionnaire du Plan d'action, cycle 2026",
            "pt": "Questionário do Plano de Ação, rodada 2026",
        },
    )
    states = {s.iso3: s for s in MemberState.objects.all()}
    services.campaign_extend_deadline(
        campaign=campaign,
        actor=admin,
        states=[states[EXTENDED]],
        new_date=today + dt.timedelta(days=25),
        reason="National elections delayed the inter-agency consultation (demo).",
    )
    questions = list(Question.objects.filter(questionnaire=questionnaire).order_by("position"))
    rng = random.Random(2026)  # noqa: S311 - repeatable demo data, not a secret
    for iso3 in ON_TIME + LATE + [RETURNED]:
        state = states[iso3]
        coordinator = _coordinator(state)
        reply = services.reply_start(campaign=campaign, state=state, actor=SYSTEM)
        _fill(reply, coordinator, questions, rng)
        submitted_on = (
            campaign.deadline + dt.timedelta(days=3)
            if iso3 in LATE
            else campaign.deadline - dt.timedelta(days=rng.randint(1, 40))
        )
        services.reply_submit(reply=reply, actor=coordinator, today=submitted_on)
        # The demo is loaded in one go; its replies were submitted on the days they say.
        moment = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(15)))
        Reply.objects.filter(pk=reply.pk).update(submitted_at=moment, first_submitted_at=moment)
        Revision.objects.filter(reply=reply).update(submitted_at=moment)
        if iso3 in NOT_SHARED:
            services.reply_set_shared(reply=reply, actor=coordinator, shared=False)
    jamaica = services.reply_start(campaign=campaign, state=states[RETURNED], actor=SYSTEM)
    required = [q.code for q in questions if q.required][:2]
    services.reply_return(
        reply=jamaica,
        actor=analyst,
        comments={
            required[0]: "Please say which body coordinates the strategy (demo comment).",
            required[-1]: "Please confirm this figure with the central authority (demo comment).",
        },
    )
    for iso3 in DRAFTS:
        state = states[iso3]
        reply = services.reply_start(campaign=campaign, state=state, actor=SYSTEM)
        reply.shared = False
        reply.save(update_fields=["shared"])
        if iso3 != "BLZ":
            _fill(reply, _coordinator(state), questions, rng, share=0.4)
    if stdout:
        stdout.write(
            f"Questionnaires: campaign {CAMPAIGN} with {len(ON_TIME) + len(LATE) + 1} submitted "
            f"replies ({len(LATE)} late, 1 returned), {len(DRAFTS)} drafts, 1 extension."
        )
