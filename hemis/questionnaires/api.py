"""Campaigns, replies and the live report in the JSON API.

A state can fill its reply from its own systems: read the reply (its `version`), PATCH the
answers with that version, submit. The same access rules, validation and merge apply as on
the pages, because both call the same `access` and `services`.
"""

# No `from __future__ import annotations`: ninja must resolve the schemas in the signatures.
import datetime as dt
from typing import Any

from ninja import Field, Router, Schema

from hemis.api.auth import token_auth
from hemis.core.api_errors import Detail, FieldErrors
from hemis.questionnaires import access, report, selectors, services
from hemis.questionnaires.models import Campaign, Question, Reply

router = Router(tags=["questionnaires"], auth=token_auth)


class CampaignOut(Schema):
    code: str
    title: str
    questionnaire: str = Field(
        description="The questionnaire's code and version, e.g. poa-implementation v1."
    )
    status: str = Field(description="draft, open or closed.")
    opens_on: dt.date
    deadline: dt.date = Field(description="The campaign's deadline; a state may have an extension.")
    shared_by_default: bool


class OptionOut(Schema):
    code: str
    label: str


class QuestionOut(Schema):
    code: str
    kind: str
    text: str
    help: str
    required: bool
    allows_comment: bool
    needs: bool = Field(description="Asks about needs for training or technical assistance.")
    show_if: dict[str, Any] | None = Field(
        description="{question, operator: equals|in|contains, values}: shown only then."
    )
    options: list[OptionOut]
    config: dict[str, Any] = Field(description="Number limits and unit, table rows and columns.")


class SectionOut(Schema):
    code: str
    title: str
    questions: list[QuestionOut]


class CampaignDetailOut(CampaignOut):
    base_language: str
    sections: list[SectionOut]


class StateDate(Schema):
    state: str
    deadline: dt.date
    extended: bool
    status: str = Field(
        description="For the Secretariat and the state's own editors: not_started, draft, "
        "submitted, validated or returned. For everyone else: submitted or not_submitted."
    )


class ReplyOut(Schema):
    campaign: str
    state: str
    version: int = Field(description="Send it back with PATCH to merge your answers safely.")
    status: str
    shared: bool
    late: bool
    revision: int = Field(description="Number of submissions so far.")
    deadline: dt.date = Field(description="The date that applies to this state.")
    answers: dict[str, dict[str, Any]] = Field(
        description="{question code: {value, not_available, provisional, comment}}. Readers of "
        "another state's shared reply see its last submitted revision."
    )


class ReplyPatch(Schema):
    version: int = Field(description="The reply's version when you read it.")
    answers: dict[str, Any] = Field(
        description="{question code: value} or {question code: {value, not_available, "
        "provisional, comment}}; a null value clears the answer."
    )


class SaveOut(Schema):
    version: int
    changed: list[str]


class ConflictOut(Schema):
    detail: str
    current_version: int
    conflicts: dict[str, dict[str, Any]] = Field(
        description="The saved answers of the questions that conflict."
    )


class SubmitOut(Schema):
    status: str
    revision: int
    late: bool


def _user(request) -> Any:
    return request.auth


def _campaign_out(campaign: Campaign) -> dict[str, Any]:
    return {
        "code": campaign.code,
        "title": campaign.title_text(),
        "questionnaire": str(campaign.questionnaire),
        "status": campaign.status,
        "opens_on": campaign.opens_on,
        "deadline": campaign.deadline,
        "shared_by_default": campaign.shared_by_default,
    }


def _question_out(question: Question) -> dict[str, Any]:
    return {
        "code": question.code,
        "kind": question.kind,
        "text": question.text_in(),
        "help": question.help_in(),
        "required": question.required,
        "allows_comment": question.allows_comment,
        "needs": question.needs,
        "show_if": question.show_if,
        "options": [{"code": c, "label": label} for c, label in question.options()],
        "config": {k: v for k, v in question.config.items() if k != "options"},
    }


@router.get("/campaigns", response=list[CampaignOut], summary="List the campaigns")
def campaign_list(request):
    return [_campaign_out(c) for c in selectors.campaign_list(_user(request))]


@router.get(
    "/campaigns/{code}",
    response={200: CampaignDetailOut, 404: Detail},
    summary="Get a campaign with its questionnaire",
    description="Texts in the language of `Accept-Language`, falling back to the "
    "questionnaire's base language.",
)
def campaign_get(request, code: str):
    campaign = access.get_campaign_for_user(_user(request), code)
    questionnaire = campaign.questionnaire
    sections = []
    questions = list(questionnaire.questions.select_related("questionnaire").order_by("position"))
    for section in questionnaire.sections.all():
        sections.append(
            {
                "code": section.code,
                "title": section.title_text(),
                "questions": [_question_out(q) for q in questions if q.section_id == section.pk],
            }
        )
    return {
        **_campaign_out(campaign),
        "base_language": questionnaire.base_language,
        "sections": sections,
    }


@router.get(
    "/campaigns/{code}/states",
    response={200: list[StateDate], 404: Detail},
    summary="The invited states, their dates and reply status",
)
def campaign_states(request, code: str):
    campaign = access.get_campaign_for_user(_user(request), code)
    return [
        {
            "state": row.state.iso3,
            "deadline": row.invitation.deadline,
            "extended": bool(row.invitation.extended_to),
            "status": access.reply_status_for_user(_user(request), row.state, row.reply),
        }
        for row in selectors.campaign_states(campaign)
    ]


@router.get(
    "/campaigns/{code}/report",
    response={200: dict[str, Any], 404: Detail},
    summary="The live preliminary report",
    description="`invited`, `replied`, `on_time`, `late`, `not_replied` (ISO3 codes), and per "
    "question the figures: counts per option, number summaries, table sums, and the answers "
    "of the replies the caller may see (shared replies; the Secretariat sees all). `needs`: per "
    "question and topic, how many states named it and which of them the caller may see.",
)
def campaign_report(request, code: str):
    user = _user(request)
    campaign = access.get_campaign_for_user(user, code)
    figures = report.figures_for(campaign)
    visible = report.visible_states(user, figures)
    states = report.states_by_id(set(figures.invited))
    rate = report.response_rate(figures)
    questions = {}
    for question_code, figure in figures.questions.items():
        entry: dict[str, Any] = {
            "kind": figure.kind,
            "answered": figure.answered,
            "not_available": figure.not_available,
            "blank": figure.blank,
            "not_shown": figure.not_shown,
        }
        if figure.counts:
            entry["counts"] = dict(figure.counts)
            entry["percent"] = {k: figure.percent(v) for k, v in figure.counts.items()}
        if figure.number_summary:
            entry["summary"] = figure.number_summary
            entry["provisional"] = figure.provisional
        if figure.cell_sums:
            entry["sums"] = {
                f"{row}.{col}": total for (row, col), total in figure.cell_sums.items()
            }
        listed = [
            {"state": states[state_id].iso3, "value": value, "comment": comment}
            for state_id, value, comment in figure.listed
            if state_id in visible
        ]
        if listed:
            entry["answers"] = listed
        questions[question_code] = entry
    return {
        "campaign": campaign.code,
        "invited": rate["invited"],
        "replied": rate["replied"],
        "on_time": rate["on_time"],
        "late": rate["late"],
        "not_replied": sorted(states[s].iso3 for s in figures.not_replied),
        "questions": questions,
        # Every state counts; only the states whose replies the caller may see are named.
        "needs": {
            question_code: {
                option: {
                    "count": len(ids),
                    "states": sorted(states[s].iso3 for s in ids if s in visible),
                }
                for option, ids in by_option.items()
            }
            for question_code, by_option in figures.needs.items()
        },
    }


def _reply_out(user: Any, reply: Reply) -> dict[str, Any]:
    answers, _revision = selectors.reply_answers_for_user(user, reply)
    invitation = access.get_invitation_for_user(user, reply.campaign, reply.state.iso3)
    return {
        "campaign": reply.campaign.code,
        "state": reply.state.iso3,
        "version": reply.version,
        "status": access.reply_status_for_user(user, reply.state, reply),
        "shared": reply.shared,
        "late": reply.late,
        "revision": reply.revision_count,
        "deadline": invitation.deadline,
        "answers": {
            code: {k: answer[k] for k in ("value", "not_available", "provisional", "comment")}
            for code, answer in answers.items()
        },
    }


@router.get(
    "/campaigns/{code}/replies/{iso3}",
    response={200: ReplyOut, 404: Detail},
    summary="Get a state's reply",
    description="The state's own officials and the Secretariat read the reply as it stands; "
    "other officials read a shared reply's last submission; anyone else gets 404.",
)
def reply_get(request, code: str, iso3: str):
    user = _user(request)
    reply = access.get_reply_for_user(user, code, iso3)
    return _reply_out(user, reply)


@router.patch(
    "/campaigns/{code}/replies/{iso3}",
    response={200: SaveOut, 404: Detail, 409: ConflictOut | Detail, 422: FieldErrors},
    summary="Save answers (merged with others' changes)",
    description="Send the `version` you read and the answers to change. If none of these "
    "questions changed since that version, they are applied (a merge with whatever else "
    "changed) and the new `version` is returned. If one did, 409 with the current values of "
    "the conflicting questions, and nothing is applied. An invalid value is 422 naming the "
    "question (`answers.<code>`). A submitted reply is 409 until its coordinator reopens it.",
)
def reply_patch(request, code: str, iso3: str, payload: ReplyPatch):
    user = _user(request)
    reply = access.get_reply_for_user(user, code, iso3, write=True)
    result = services.reply_save_answers(
        reply=reply, actor=user, answers=payload.answers, base_version=payload.version
    )
    return {"version": result.version, "changed": result.changed}


@router.post(
    "/campaigns/{code}/replies/{iso3}/submit",
    response={200: SubmitOut, 404: Detail, 409: Detail, 422: FieldErrors},
    summary="Submit the reply (the state's coordinator)",
    description="422 lists each required question still unanswered (`answers.<code>`). After "
    "the state's date the reply is still accepted and marked late.",
)
def reply_submit(request, code: str, iso3: str):
    user = _user(request)
    reply = access.get_reply_for_user(user, code, iso3, submit=True)
    revision = services.reply_submit(reply=reply, actor=user)
    reply.refresh_from_db()
    return {"status": reply.status, "revision": revision.number, "late": revision.late}
