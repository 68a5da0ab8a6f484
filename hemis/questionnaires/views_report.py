"""The live preliminary report page and its exports (PDF, DOCX, XLSX)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hemis.accounts import policy
from hemis.questionnaires import access
from hemis.questionnaires.report import data as data_module
from hemis.questionnaires.report import docx, pdf, text, xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def report_view(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = access.get_campaign_for_user(request.user, campaign_code)
    section_code = request.GET.get("section", "").strip() or None
    data = data_module.build(campaign, request.user, section=section_code, page=True)
    section_error = ""
    if section_code and section_code != "all" and not data.sections:
        section_error = str(data_module.ERR_SECTION)
        section_code = None
        data = data_module.build(campaign, request.user, page=True)
    if data.paged:
        section_code = data.sections[0].section.code
    since, since_error = data_module.parse_since(request.GET.get("since"))
    changes = data_module.changes(data, since, request.user) if since else None
    return render(
        request,
        "questionnaires/report.html",
        {
            "campaign": campaign,
            "data": data,
            "section_code": section_code,
            "section_error": section_error,
            "since": since,
            "since_raw": request.GET.get("since", ""),
            "since_error": since_error,
            "changes": changes,
            "is_secretariat": policy.is_secretariat(request.user),
        },
        status=400 if since_error else 200,
    )


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _annex_all(request: HttpRequest) -> bool:
    """The Secretariat may ask for every reply in the annex; the default is shared replies."""
    return request.GET.get("annex") == "all" and policy.is_secretariat(request.user)


@login_required
def report_pdf_view(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = access.get_campaign_for_user(request.user, campaign_code)
    data = data_module.build(campaign, request.user)
    content = pdf.render(data, annex_all=_annex_all(request))
    return _attachment(content, "application/pdf", text.filename(campaign, "pdf"))


@login_required
def report_docx_view(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = access.get_campaign_for_user(request.user, campaign_code)
    data = data_module.build(campaign, request.user)
    content = docx.render_docx(data, annex_all=_annex_all(request))
    return _attachment(content, DOCX_TYPE, text.filename(campaign, "docx"))


@login_required
def report_xlsx_view(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = access.get_campaign_for_user(request.user, campaign_code)
    data = data_module.build(campaign, request.user)
    content = xlsx.render_xlsx(data, today=timezone.localdate())
    return _attachment(content, XLSX_TYPE, text.filename(campaign, "xlsx"))
