"""Pages of the questionnaires module: campaigns, a state's reply (edit with autosave), review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hemis.accounts import policy
from hemis.core import limits
from hemis.questionnaires import access, reply_state, rules, selectors, services
from hemis.questionnaires.models import (
    Question,
    QuestionKind,
    Reply,
)

REFERENCE_ROWS = 3
# Above this many questions the edit page shows one section at a time: a 1,000-question page
# took seconds to render and weighed megabytes (see docs/benchmarks.md, autosave).
EDIT_PAGE_QUESTIONS = 150

ERR_BASE_VERSION = gettext_lazy(
    "The page sent no version of the reply it shows; reload the page and answer again."
)
ERR_CELL_FIELD = gettext_lazy(
    "“%(field)s” is not a cell of this table; reload the page and answer again."
)
ERR_REFERENCE_ROWS = gettext_lazy("Give at most %(max)s references.")


@login_required
def index_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "questionnaires/index.html",
        {
            "campaigns": selectors.campaign_list(user),
            "questionnaires": selectors.questionnaire_list(user),
            "invitations": selectors.invitations_for_user(user),
        },
    )


@login_required
def questionnaire_view(request: HttpRequest, code: str, version: int) -> HttpResponse:
    questionnaire = access.get_questionnaire_for_user(request.user, code, version)
    sections = questionnaire.sections.prefetch_related("questions__questionnaire")
    missing = selectors.missing_translations_with_base(questionnaire)
    by_language: dict[str, int] = {}
    for _place, _field, language, _base in missing:
        by_language[language] = by_language.get(language, 0) + 1
    return render(
        request,
        "questionnaires/questionnaire.html",
        {
            "questionnaire": questionnaire,
            "sections": sections,
            "missing": missing,
            "missing_by_language": sorted(by_language.items()),
        },
    )


@login_required
def campaign_view(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = access.get_campaign_for_user(request.user, campaign_code)
    rows = selectors.campaign_states(campaign)
    for row in rows:
        row.shown_status = access.reply_status_for_user(request.user, row.state, row.reply)
    today = dt.date.today()
    own_state = policy.user_state_id(request.user)
    own_row = next((r for r in rows if r.state.pk == own_state), None)
    return render(
        request,
        "questionnaires/campaign.html",
        {
            "campaign": campaign,
            "rows": rows,
            "today": today,
            "own_row": own_row,
            "own_days_left": selectors.days_left(own_row.invitation) if own_row else None,
            "replied": sum(1 for r in rows if r.has_replied),
            "can_extend": policy.is_admin(request.user),
            "is_secretariat": policy.is_secretariat(request.user),
            "states": [r.state for r in rows],
        },
    )


@require_POST
@login_required
def campaign_extend_view(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = access.get_campaign_for_user(request.user, campaign_code)
    if not policy.is_admin(request.user):
        raise Http404
    states = selectors.invited_states(campaign, request.POST.getlist("states"))
    try:
        new_date = dt.date.fromisoformat(request.POST.get("new_date", ""))
        if not states:
            raise ValueError(_("Choose at least one state."))
        services.campaign_extend_deadline(
            campaign=campaign,
            actor=request.user,
            states=states,
            new_date=new_date,
            reason=request.POST.get("reason", ""),
        )
    except ValueError as error:
        message = str(error)
        if "isoformat" in message or "Invalid" in message:
            message = _("New date: enter a date as YYYY-MM-DD.")
        messages.error(request, message)
    else:
        messages.success(
            request,
            _("Extension to %(date)s granted to %(states)s.")
            % {"date": new_date.isoformat(), "states": ", ".join(s.name for s in states)},
        )
    return redirect("questionnaires:campaign", campaign.code)


def _reply_context(request: HttpRequest, reply: Reply) -> dict[str, Any]:
    user = request.user
    answers, revision = selectors.reply_answers_for_user(user, reply)
    invitation = access.get_invitation_for_user(user, reply.campaign, reply.state.iso3)
    return {
        "campaign": reply.campaign,
        "reply": reply,
        "state": reply.state,
        "invitation": invitation,
        "days_left": selectors.days_left(invitation),
        "sections": selectors.reply_sections(user, reply, answers),
        "shown_revision": revision,
        "lock_reason": reply_state.lock_reason(reply),
        "can_edit": policy.can_edit_state_data(user, reply.state),
        "can_submit": policy.can_submit_for_state(user, reply.state),
        "can_review": policy.is_secretariat(user) and reply.status == Reply.Status.SUBMITTED,
        "full": access.can_read_reply_in_full(user, reply.state),
        "shown_status": access.reply_status_for_user(user, reply.state, reply),
    }


@login_required
def reply_view(request: HttpRequest, campaign_code: str, iso3: str) -> HttpResponse:
    reply = access.get_reply_for_user(request.user, campaign_code, iso3)
    context = _reply_context(request, reply)
    if context["can_edit"] and not context["lock_reason"] and request.GET.get("view") != "1":
        return redirect("questionnaires:reply_edit", campaign_code, reply.state.iso3)
    missing = []
    if context["can_submit"] and reply.status in (Reply.Status.DRAFT, Reply.Status.RETURNED):
        missing = reply_state.missing_required(reply)
    context["missing"] = missing
    context["previous"] = (
        reply_state.previous_reply(reply)
        if context["can_edit"] and not reply.version and not context["lock_reason"]
        else None
    )
    return render(request, "questionnaires/reply.html", context)


@login_required
def reply_edit_view(request: HttpRequest, campaign_code: str, iso3: str) -> HttpResponse:
    reply = access.get_reply_for_user(request.user, campaign_code, iso3, write=True)
    context = _reply_context(request, reply)
    if context["lock_reason"]:
        return redirect(reverse("questionnaires:reply", args=[campaign_code, iso3]) + "?view=1")
    context["previous"] = reply_state.previous_reply(reply) if not reply.version else None
    context["missing"] = (
        reply_state.missing_required(reply) if request.GET.get("check") == "1" else None
    )
    context["reference_rows"] = range(REFERENCE_ROWS)
    context.update(_edit_page_sections(context["sections"], request.GET.get("section")))
    return render(request, "questionnaires/reply_edit.html", context)


def _edit_page_sections(sections: list, wanted: str | None) -> dict[str, Any]:
    """The sections the edit page renders: all, or for a long questionnaire the one asked for."""
    if sum(len(s.questions) for s in sections) <= EDIT_PAGE_QUESTIONS or not sections:
        return {"paged": False, "page_sections": sections}
    codes = [s.section.code for s in sections]
    index = codes.index(wanted) if wanted in codes else 0
    return {
        "paged": True,
        "page_sections": [sections[index]],
        "section_code": codes[index],
        "previous_section": sections[index - 1].section if index > 0 else None,
        "next_section": sections[index + 1].section if index + 1 < len(sections) else None,
    }


def _form_value(question: Question, data: Any) -> Any:
    """The answer's value from the question's form fields (see reply_question.html); a field
    the question's form never has is an InvalidAnswer, before any work is done on it."""
    kind = question.kind
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return data.getlist("value")
    if kind == QuestionKind.TABLE:
        table: dict[str, dict[str, str]] = {}
        for key, value in data.items():
            if key.startswith("cell:") and value.strip():
                parts = key.split(":", 2)
                if len(parts) != 3:
                    raise rules.InvalidAnswer(str(ERR_CELL_FIELD % {"field": key[:100]}))
                table.setdefault(parts[1], {})[parts[2]] = value
        return table
    if kind == QuestionKind.LEGAL_REFERENCE:
        count = limits.within_int(
            data.get("references") or REFERENCE_ROWS, minimum=0, maximum=rules.MAX_REFERENCES
        )
        if count is None:
            raise rules.InvalidAnswer(str(ERR_REFERENCE_ROWS % {"max": rules.MAX_REFERENCES}))
        references = []
        for index in range(count):
            reference = {
                key: data.get(f"ref-{index}-{key}", "") for key in ("title", "article", "url")
            }
            if any(v.strip() for v in reference.values()):
                references.append(reference)
        return references
    return data.get("value", "")


def _question_fragment(request, reply: Reply, question: Question, **extra) -> HttpResponse:
    context = {
        "campaign": reply.campaign,
        "reply": reply,
        "state": reply.state,
        "q": selectors.reply_question(request.user, reply, question),
        "base_version": reply.version,
        "reference_rows": range(REFERENCE_ROWS),
        **extra,
    }
    response = render(request, "questionnaires/includes/reply_question.html", context)
    # The form swaps nothing when a save succeeds (the fields keep focus and caret); a conflict,
    # an error or a new file replaces the whole question.
    response["HX-Retarget"] = f"#q-{question.code}"
    response["HX-Reswap"] = "outerHTML"
    return response


@login_required
def answer_save_view(
    request: HttpRequest, campaign_code: str, iso3: str, question_code: str
) -> HttpResponse:
    """Autosave of one question (htmx); a GET gives the question as saved now."""
    reply = access.get_reply_for_user(request.user, campaign_code, iso3, write=True)
    question = access.get_question_for_reply(reply, question_code)
    if request.method != "POST":
        return _question_fragment(request, reply, question)
    base_version = _base_version(request)
    if base_version is None:
        return _question_fragment(request, reply, question, error=str(ERR_BASE_VERSION))
    mine: dict[str, Any] = {"not_available": request.POST.get("not_available") == "on"}
    if question.kind == QuestionKind.FILE:
        upload = request.FILES.get("file")
        if upload is not None:
            saved = _save(
                request,
                reply,
                question,
                lambda: services.attachment_upload(
                    reply=reply,
                    actor=request.user,
                    question=question,
                    upload=upload,
                    base_version=base_version,
                ),
                mine,
            )
            if saved is not None:
                return saved
            mine = {}
    else:
        try:
            mine["value"] = _form_value(question, request.POST)
        except rules.InvalidAnswer as error:
            return _question_fragment(request, reply, question, error=str(error))
    if question.allows_comment:
        mine["comment"] = request.POST.get("comment", "")
    if question.kind in (QuestionKind.NUMBER, QuestionKind.TABLE):
        mine["provisional"] = request.POST.get("provisional") == "on"
    if request.POST.get("reviewed") == "1":
        services.answer_mark_reviewed(reply=reply, actor=request.user, question_code=question.code)
    result = _save(
        request,
        reply,
        question,
        lambda: services.reply_save_answers(
            reply=reply,
            actor=request.user,
            answers={question.code: mine},
            base_version=base_version,
        ),
        mine,
    )
    return result or _question_fragment(request, reply, question)


def _base_version(request: HttpRequest) -> int | None:
    """The version of the reply that the page showed (its hidden field), if it is one."""
    return limits.within_int(
        request.POST.get("base_version"), minimum=0, maximum=limits.MAX_VERSION
    )


def _save(request, reply: Reply, question: Question, save, mine: dict) -> HttpResponse | None:
    """Run a save; on a conflict, an invalid value or a lock, the question with the reason."""
    try:
        result = save()
    except services.AnswerConflict as conflict:
        reply.refresh_from_db()
        return _question_fragment(
            request,
            reply,
            question,
            conflict=conflict.conflicts.get(question.code),
            mine=mine,
        )
    except services.InvalidAnswers as invalid:
        return _question_fragment(
            request,
            reply,
            question,
            error=invalid.errors.get(question.code),
            mine=mine,
            base_version=_base_version(request),
        )
    except (services.ReplyLocked, services.InvalidVersion) as refused:
        return _question_fragment(request, reply, question, error=str(refused), mine=mine)
    except PermissionDenied as denied:
        raise Http404 from denied
    reply.version = result.version
    if not request.htmx:
        return redirect(
            reverse("questionnaires:reply_edit", args=[reply.campaign.code, reply.state.iso3])
            + f"#q-{question.code}"
        )
    # A file, a kept answer after a conflict or a copied answer confirmed: the question changes
    # beyond its fields (link, conflict box, review notice), so it is sent again whole.
    if (
        question.kind == QuestionKind.FILE
        or request.POST.get("resolve")
        or request.POST.get("reviewed") == "1"
    ):
        saved = bool(result.changed) or question.kind != QuestionKind.FILE
        return _question_fragment(request, reply, question, saved=saved)
    return render(
        request,
        "questionnaires/includes/answer_saved.html",
        {"code": question.code, "version": reply.version, "changed": bool(result.changed)},
    )


@require_POST
@login_required
def reply_submit_view(request: HttpRequest, campaign_code: str, iso3: str) -> HttpResponse:
    reply = access.get_reply_for_user(request.user, campaign_code, iso3, submit=True)
    try:
        revision = services.reply_submit(reply=reply, actor=request.user)
    except services.MissingAnswers:
        messages.error(
            request, _("The reply was not submitted: some required answers are missing.")
        )
        return redirect(
            reverse("questionnaires:reply_edit", args=[campaign_code, reply.state.iso3])
            + "?check=1#missing"
        )
    except (services.ReplyLocked, services.TransitionError) as error:
        messages.error(request, str(error))
        return redirect("questionnaires:reply", campaign_code, reply.state.iso3)
    if revision.late:
        messages.success(
            request, _("Reply submitted after the date that applied; it is marked late.")
        )
    else:
        messages.success(request, _("Reply submitted."))
    return redirect(
        reverse("questionnaires:reply", args=[campaign_code, reply.state.iso3]) + "?view=1"
    )


@require_POST
@login_required
def reply_reopen_view(request: HttpRequest, campaign_code: str, iso3: str) -> HttpResponse:
    reply = access.get_reply_for_user(request.user, campaign_code, iso3, submit=True)
    try:
        services.reply_reopen(reply=reply, actor=request.user)
    except (services.ReplyLocked, services.TransitionError) as error:
        messages.error(request, str(error))
        return redirect("questionnaires:reply", campaign_code, reply.state.iso3)
    messages.success(request, _("The reply is open for amendment; submit it again when ready."))
    return redirect("questionnaires:reply_edit", campaign_code, reply.state.iso3)


@require_POST
@login_required
def reply_share_view(request: HttpRequest, campaign_code: str, iso3: str) -> HttpResponse:
    reply = access.get_reply_for_user(request.user, campaign_code, iso3, submit=True)
    shared = request.POST.get("shared") == "1"
    services.reply_set_shared(reply=reply, actor=request.user, shared=shared)
    messages.success(
        request,
        _("The reply is shared with all delegations.")
        if shared
        else _("The reply is no longer shared with other delegations."),
    )
    return redirect(
        reverse("questionnaires:reply", args=[campaign_code, reply.state.iso3]) + "?view=1"
    )


@require_POST
@login_required
def reply_copy_view(request: HttpRequest, campaign_code: str, iso3: str) -> HttpResponse:
    reply = access.get_reply_for_user(request.user, campaign_code, iso3, write=True)
    try:
        copied = services.reply_copy_previous(reply=reply, actor=request.user)
    except (ValueError, services.ReplyLocked) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(count)s answers copied from your previous reply; each is marked for review.")
            % {"count": len(copied)},
        )
    return redirect("questionnaires:reply_edit", campaign_code, reply.state.iso3)


@require_POST
@login_required
def reply_review_view(request: HttpRequest, campaign_code: str, iso3: str) -> HttpResponse:
    reply = access.get_reply_for_review(request.user, campaign_code, iso3)
    try:
        if request.POST.get("decision") == "validate":
            services.reply_validate(reply=reply, actor=request.user)
            messages.success(request, _("Reply validated."))
        else:
            comments = {
                key.removeprefix("comment-"): value
                for key, value in request.POST.items()
                if key.startswith("comment-")
            }
            services.reply_return(reply=reply, actor=request.user, comments=comments)
            messages.success(request, _("Reply returned to the state with your comments."))
    except (ValueError, services.TransitionError) as error:
        messages.error(request, str(error))
    except services.InvalidAnswers as invalid:
        messages.error(request, "; ".join(invalid.errors.values()))
    return redirect(
        reverse("questionnaires:reply", args=[campaign_code, reply.state.iso3]) + "?view=1"
    )


@login_required
def reply_history_view(request: HttpRequest, campaign_code: str, iso3: str) -> HttpResponse:
    reply = access.get_reply_for_user(request.user, campaign_code, iso3)
    if not access.can_read_reply_in_full(request.user, reply.state):
        raise Http404
    revisions = selectors.reply_history(reply)
    return render(
        request,
        "questionnaires/reply_history.html",
        {"campaign": reply.campaign, "reply": reply, "state": reply.state, "revisions": revisions},
    )


@login_required
def attachment_view(
    request: HttpRequest, campaign_code: str, iso3: str, attachment_id: str
) -> HttpResponse:
    reply = access.get_reply_for_user(request.user, campaign_code, iso3)
    attachment = access.get_attachment_for_user(request.user, reply, attachment_id)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
