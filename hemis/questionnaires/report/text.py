"""Wording the report's files share: dates, the method, the sentences of the PDF and DOCX."""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hemis.core.models import current_language
from hemis.questionnaires.models import (
    Campaign,
)
from hemis.questionnaires.report.annex import AnnexState
from hemis.questionnaires.report.data import QuestionReport, ReportData


def filename(campaign: Campaign, extension: str, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"hemis-report-{campaign.code}-{today.isoformat()}.{extension}"


def long_date(day: dt.date) -> str:
    return format_date(day, format="long", locale=current_language())


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


def method_paragraphs(method: dict[str, Any]) -> list[str]:
    return [
        _(
            "The questionnaire was sent to %(invited)s states on %(opens_on)s, with a deadline "
            "of %(deadline)s; %(extended)s states were granted an extension."
        )
        % method,
        _("States invited by subregion: %(subregions)s.") % method,
        str(METHOD_TEXT),
    ]


def rate_sentence(data: ReportData) -> str:
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


def reply_sentence(entry: AnnexState) -> str:
    text = _("Revision %(n)s, submitted on %(date)s") % {
        "n": entry.revision,
        "date": entry.submitted_at.date().isoformat(),
    }
    if entry.late:
        text += f" ({_('late')})"
    if not entry.shared:
        text += f" — {_('not shared with other delegations')}"
    return text


def annex_title(annex_all: bool) -> str:
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


def counts_sentence(q: QuestionReport) -> str:
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
