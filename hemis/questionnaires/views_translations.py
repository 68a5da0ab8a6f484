"""Translators' round trip: a questionnaire version's texts to XLSX and back (Secretariat only)."""

from __future__ import annotations

import hmac
from pathlib import PurePath
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from hemis.accounts import policy
from hemis.questionnaires import selectors, services, translations
from hemis.questionnaires.models import Questionnaire

# The checked workbook waits in the session (as the text of its cells) until it is imported.
SESSION_KEY = "questionnaire_translations"

ERR_EXTENSION = gettext_lazy("The file must be an .xlsx workbook exported from this page.")
ERR_EXPIRED = gettext_lazy(
    "The previewed workbook is no longer waiting to be imported, or another one was previewed "
    "since. Nothing was written; upload the workbook again."
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TranslationsUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Translated workbook"),
        help_text=gettext_lazy(
            "The .xlsx workbook downloaded from this page, with the Spanish, French and Portuguese "
            "columns filled in."
        ),
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() != ".xlsx":
            raise forms.ValidationError(ERR_EXTENSION)
        if upload.size > translations.MAX_BYTES:
            raise forms.ValidationError(
                translations.ERR_TOO_BIG % {"megabytes": translations.MAX_BYTES // (1024 * 1024)}
            )
        return upload


class TranslationsConfirmForm(forms.Form):
    fingerprint = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)


def _questionnaire(request: HttpRequest, code: str, version: int) -> Questionnaire:
    # Questionnaire definitions are the Secretariat's working material: others get a 404.
    if not policy.is_secretariat(request.user):
        raise Http404
    return get_object_or_404(Questionnaire, code=code, version=version)


@login_required
@require_GET
def translations_export_view(request: HttpRequest, code: str, version: int) -> HttpResponse:
    questionnaire = _questionnaire(request, code, version)
    response = HttpResponse(translations.export_xlsx(questionnaire), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{translations.filename(questionnaire)}"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def translations_import_view(request: HttpRequest, code: str, version: int) -> HttpResponse:
    questionnaire = _questionnaire(request, code, version)
    if request.method == "POST" and "fingerprint" in request.POST:
        return _apply(request, questionnaire)
    if request.method == "POST":
        form = TranslationsUploadForm(request.POST, request.FILES)
    else:
        form = TranslationsUploadForm()
    context: dict[str, Any] = {}
    if request.method == "POST":
        request.session.pop(SESSION_KEY, None)
        if questionnaire.is_published:
            context["problems"] = [_published(questionnaire)]
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            context["file_name"] = PurePath(upload.name).name
            try:
                rows = translations.read_rows(upload.read())
                texts = translations.check_rows(questionnaire, rows)
            except translations.TranslationFileError as error:
                context["problems"] = [str(problem) for problem in error.problems]
            else:
                stored = translations.rows_to_json(rows)
                request.session[SESSION_KEY] = {
                    "questionnaire": str(questionnaire.public_id),
                    "rows": stored,
                }
                context["preview"] = translations.preview(questionnaire, texts)
                context["fingerprint"] = translations.fingerprint(stored)
    return _page(request, questionnaire, form, context)


def _apply(request: HttpRequest, questionnaire: Questionnaire) -> HttpResponse:
    stored = request.session.pop(SESSION_KEY, None) or {}
    confirm = TranslationsConfirmForm(request.POST)
    if (
        stored.get("questionnaire") != str(questionnaire.public_id)
        or not confirm.is_valid()
        or not hmac.compare_digest(
            translations.fingerprint(stored.get("rows", "")), confirm.cleaned_data["fingerprint"]
        )
    ):
        messages.error(request, ERR_EXPIRED)
        return redirect(
            "questionnaires:translations_import", questionnaire.code, questionnaire.version
        )
    if questionnaire.is_published:
        return _page(
            request,
            questionnaire,
            TranslationsUploadForm(),
            {"problems": [_published(questionnaire)]},
        )
    try:
        # Checked again: the draft may have changed since the preview.
        texts = translations.check_rows(questionnaire, translations.rows_from_json(stored["rows"]))
    except translations.TranslationFileError as error:
        return _page(
            request,
            questionnaire,
            TranslationsUploadForm(),
            {"problems": [str(problem) for problem in error.problems]},
        )
    count = translations.preview(questionnaire, texts).total
    services.questionnaire_set_texts(questionnaire=questionnaire, actor=request.user, texts=texts)
    messages.success(
        request,
        ngettext(
            "The translations have been imported: %(count)s translation added or replaced.",
            "The translations have been imported: %(count)s translations added or replaced.",
            count,
        )
        % {"count": count},
    )
    return redirect("questionnaires:translations_import", questionnaire.code, questionnaire.version)


def _published(questionnaire: Questionnaire) -> str:
    return str(
        translations.ERR_PUBLISHED % {"code": questionnaire.code, "version": questionnaire.version}
    )


def _page(
    request: HttpRequest,
    questionnaire: Questionnaire,
    form: TranslationsUploadForm,
    context: dict[str, Any],
) -> HttpResponse:
    missing = selectors.missing_translations_with_base(questionnaire)
    by_language: dict[str, list[tuple[str, str, str]]] = {
        language: [] for language in translations.languages_of(questionnaire)[1:]
    }
    for place, field, language, base in missing:
        by_language.setdefault(language, []).append((place, field, base))
    return render(
        request,
        "questionnaires/translations_import.html",
        {
            "questionnaire": questionnaire,
            "form": form,
            "missing_total": len(missing),
            "missing_by_language": list(by_language.items()),
            "problems": [],
            "preview": None,
            **context,
        },
    )
