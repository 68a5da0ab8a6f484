"""The report as a PDF, laid out in parts on several processes and joined (hemis.core.pdfparts).

The findings (cover, method, response rate, the findings section by section, needs) are laid
out at each download, in parallel parts. The annex is one part per reply: a part depends only on
the reply's revision (whose answers never change), the language, whether it says that the reply
is not shared, and `LAYOUT`; it is stored (`AnnexPart`) when first laid out — in the background
when a reply is submitted, amended or shared (`prepare_annex_parts`), or at the first download
that needs it — and joined behind the findings at every download. A missing part is laid out on
the spot, so the file is always complete. "Page n of N" is written on the joined file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from hemis.core import exports, pdfparts
from hemis.questionnaires.models import (
    AnnexPart,
    Campaign,
    Reply,
)
from hemis.questionnaires.report.annex import AnnexState, annex_state, annex_states
from hemis.questionnaires.report.charts import pdf_chart
from hemis.questionnaires.report.data import (
    PAGE_QUESTIONS,
    Labels,
    ReportData,
    questionnaire_sections,
    state_ref,
)
from hemis.questionnaires.report.figures import StateReply, answers_of
from hemis.questionnaires.report.store import figures_for
from hemis.questionnaires.report.text import long_date, method_facts

logger = logging.getLogger(__name__)


def layout_version() -> int:
    """A number that changes whenever what lays out an annex part changes: its template, its
    style, its wording (this module's catalogues) or the code that writes answers in words.
    Stored parts of another layout are not joined again, so none has to be bumped by hand."""
    here = Path(__file__).resolve().parent
    app = here.parent
    pdf_templates = app / "templates" / "questionnaires" / "pdf"
    sources = [
        pdf_templates / "annex_part.html",
        pdf_templates / "report.css",
        *sorted(here.glob("*.py")),
        *sorted((app / "locale").glob("*/LC_MESSAGES/django.po")),
    ]
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.read_bytes())
    return int.from_bytes(digest.digest()[:4], "big") >> 1  # fits a PositiveIntegerField


LAYOUT = layout_version()


# The report's bottom margin is 18 mm (pdf/report.css).
FOOTER = pdfparts.Footer(baseline_pt=18 * pdfparts.MM - 3 * pdfparts.MM - 7 * 0.76)


# Below this many parts to lay out, one process does it all: starting processes costs more.
PARALLEL_MIN_PARTS = 6


def _base_url() -> str:
    return str(settings.BASE_DIR)


def _css(campaign_title: str, footer: str) -> dict[str, Any]:
    # The joined file's page numbers are written by pdfparts, not by the stylesheet.
    return exports.page_margins(
        title=f"{_('Preliminary report')} · {campaign_title}", date=footer, page=None
    )


def findings_htmls(data: ReportData, *, annex_all: bool, today: dt.date, split: bool) -> list[str]:
    """The findings as HTML documents: one, or (`split`) the front, one per section and the
    needs with the annex's opening page."""
    title = _("Preliminary report")
    campaign_title = data.campaign.title_text()
    annexed = annex_states(data, annex_all=annex_all)
    context = {
        "data": data,
        "title": title,
        "campaign_title": campaign_title,
        "date": long_date(today),
        "today": today,
        "method": method_facts(data),
        "rate_svg": pdf_chart(data.rate_chart),
        "annex_all": annex_all,
        "annex_states": annexed,
        "annex_names": ", ".join(state.name for state in annexed),
        "css": _css(campaign_title, _("Generated on %(date)s") % {"date": long_date(today)}),
    }
    if not split:
        pieces = [
            {"front": True, "sections": data.sections, "findings_title": True, "closing": True}
        ]
    else:
        pieces = [{"front": True}]
        pieces += [
            {"sections": [section], "findings_title": index == 0}
            for index, section in enumerate(data.sections)
        ]
        pieces.append({"closing": True})
    with pdfparts.without_cyclic_gc():
        return [
            render_to_string("questionnaires/pdf/report.html", {**context, **piece})
            for piece in pieces
        ]


def annex_html(entry: AnnexState, campaign_title: str) -> str:
    """One reply's pages of the annex as an HTML document."""
    annex_title = _("Annex")
    return render_to_string(
        "questionnaires/pdf/annex_part.html",
        {"entry": entry, "css": _css(campaign_title, f"{annex_title} · {entry.state.name}")},
    )


def lay_out(htmls: list[str]) -> list[pdfparts.Part]:
    """The documents laid out, in parallel processes when there are enough of them."""
    if len(htmls) < PARALLEL_MIN_PARTS or pdfparts.processes() < 2:
        return [pdfparts.render(html, _base_url()) for html in htmls]
    # The longest first, so that no process is left with a long one at the end.
    order = sorted(range(len(htmls)), key=lambda index: -len(htmls[index]))
    with pdfparts.Renderer(base_url=_base_url()) as renderer:
        done = renderer.render_all([htmls[index] for index in order])
    result: list[pdfparts.Part | None] = [None] * len(htmls)
    for index, part in zip(order, done, strict=True):
        result[index] = part
    return [part for part in result if part is not None]


def _key(reply: StateReply, language: str) -> tuple[int, int, str, bool]:
    return (reply.reply_id, reply.revision, language, reply.shared)


def stored_parts(keys: list[tuple[int, int, str, bool]]) -> dict[tuple, AnnexPart]:
    """The stored parts with these keys (of the current layout)."""
    if not keys:
        return {}
    found = AnnexPart.objects.filter(
        reply_id__in={key[0] for key in keys},
        language__in={key[2] for key in keys},
        layout=LAYOUT,
    )
    wanted = set(keys)
    return {
        key: part
        for part in found
        if (key := (part.reply_id, part.revision, part.language, part.shared)) in wanted
    }


def store_part(key: tuple[int, int, str, bool], part: pdfparts.Part) -> None:
    """Keep a laid-out part for later downloads; the reply's parts it replaces go."""
    reply_id, revision, language, shared = key
    name = f"questionnaires/annex/{reply_id}-{revision}-{language}-{int(shared)}-{LAYOUT}.pdf"
    stored = AnnexPart(
        reply_id=reply_id,
        revision=revision,
        language=language,
        shared=shared,
        layout=LAYOUT,
        pages=part.pages,
    )
    stored.file.save(name, ContentFile(part.pdf), save=False)
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:  # another download or task stored it first
        stored.file.delete(save=False)
        return
    older = AnnexPart.objects.filter(reply_id=reply_id, language=language).exclude(pk=stored.pk)
    older = older.filter(revision__lt=revision) | older.exclude(layout=LAYOUT)
    for old in older:
        old.file.delete(save=False)
        old.delete()


def render(data: ReportData, *, annex_all: bool = False, today: dt.date | None = None) -> bytes:
    """The report as one PDF: findings laid out now, the annex from stored parts (missing ones
    laid out now, in the same processes, and stored)."""
    today = today or dt.date.today()
    language = data.labels.language
    replies = data.figures.replies
    states = annex_states(data, annex_all=annex_all)
    keys = [_key(replies[state.pk], language) for state in states]
    stored = stored_parts(keys)
    missing = [(state, key) for state, key in zip(states, keys, strict=True) if key not in stored]
    entries = []
    if missing:
        answers = answers_of(data.campaign, {state.pk for state, _key in missing})
        entries = [
            annex_state(
                state, replies[state.pk], answers.get(state.pk, {}), data.all_sections, data.labels
            )
            for state, _key in missing
        ]
    split = len(data.questions) > PAGE_QUESTIONS
    findings = findings_htmls(data, annex_all=annex_all, today=today, split=split)
    campaign_title = data.campaign.title_text()
    laid_out = lay_out(findings + [annex_html(entry, campaign_title) for entry in entries])
    findings_parts, new_parts = laid_out[: len(findings)], laid_out[len(findings) :]
    fresh = {key: part for (_state, key), part in zip(missing, new_parts, strict=True)}
    for key, part in fresh.items():
        store_part(key, part)
    annex_pdfs = [fresh[key].pdf if key in fresh else _read(stored[key]) for key in keys]
    pdf, _pages = pdfparts.join(
        findings_parts[0].pdf,
        [part.pdf for part in findings_parts[1:]] + annex_pdfs,
        label=_("Page %(page)s of %(pages)s"),
        skip=1,
        footer=FOOTER,
    )
    return pdf


def _read(part: AnnexPart) -> bytes:
    with part.file.open("rb") as handle:
        return handle.read()


def prepare_annex_parts(reply_id: int, languages: list[str] | None = None) -> int:
    """Lay out and store a shared reply's annex part in each language, ahead of downloads.

    Returns how many parts it laid out; an unshared or unsubmitted reply needs none (the
    Secretariat's annex of every reply lays them out when asked).
    """
    reply = Reply.objects.select_related("campaign__questionnaire").filter(pk=reply_id).first()
    if reply is None or not reply.shared or not reply.revision_count:
        return 0
    campaign: Campaign = reply.campaign
    figures = figures_for(campaign)
    state_reply = figures.replies.get(reply.state_id)
    if state_reply is None or state_reply.reply_id != reply.pk:
        return 0
    languages = languages or [code for code, _name in settings.LANGUAGES]
    keys = [_key(state_reply, language) for language in languages]
    have = stored_parts(keys)
    answers = answers_of(campaign, {reply.state_id}).get(reply.state_id, {})
    sections = questionnaire_sections(campaign)
    questions = [q for s in sections for q in s.questions.all()]
    done = 0
    for language, key in zip(languages, keys, strict=True):
        if key in have:
            continue
        with translation.override(language):
            labels = Labels(questions, language)
            entry = annex_state(state_ref(reply.state_id), state_reply, answers, sections, labels)
            part = pdfparts.render(annex_html(entry, campaign.title_text()), _base_url())
        store_part(key, part)
        done += 1
    return done
