"""The import page: upload a CSV or XLSX list, preview it, then load it."""

from __future__ import annotations

import hmac

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hemis.accounts import policy
from hemis.legislation import imports

# The previewed file waits in the session (as the text of its cells) until it is loaded.
SESSION_KEY = "legislation_import"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File of laws"),
        help_text=gettext_lazy(
            "A .csv file (UTF-8) or an .xlsx workbook whose first line names the columns."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(
                imports.ERR_TOO_BIG % {"megabytes": imports.MAX_BYTES // (1024 * 1024)}
            )
        try:
            return imports.read_table(upload.name, upload.read())
        except imports.UnreadableFile as error:
            raise forms.ValidationError(error.message) from error


class ImportConfirmForm(forms.Form):
    fingerprint = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    if not policy.can_write_reference_data(request.user):
        raise Http404
    if request.method == "POST" and "fingerprint" in request.POST:
        return _load(request)
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else None
    report = table = None
    if form is not None and form.is_valid():
        table = form.cleaned_data["file"]
        report = imports.import_table(actor=request.user, table=table, dry_run=True)
        if report.ok:
            request.session[SESSION_KEY] = table.to_json()
        else:
            request.session.pop(SESSION_KEY, None)
    return _page(request, form or ImportUploadForm(), report, table)


def _load(request: HttpRequest) -> HttpResponse:
    stored = request.session.pop(SESSION_KEY, None)
    confirm = ImportConfirmForm(request.POST)
    if (
        not stored
        or not confirm.is_valid()
        or not hmac.compare_digest(imports.fingerprint(stored), confirm.cleaned_data["fingerprint"])
    ):
        messages.error(
            request,
            _(
                "The previewed file is no longer waiting to be loaded, or another file was "
                "previewed since. Nothing was written; upload the file again."
            ),
        )
        return redirect("legislation:import")
    table = imports.Table.from_json(stored)
    report = imports.import_table(actor=request.user, table=table, dry_run=False)
    if not report.ok:
        return _page(request, ImportUploadForm(), report, table)
    messages.success(
        request,
        _("The file %(name)s has been imported: %(summary)s.")
        % {"name": table.name, "summary": report.summary()},
    )
    return redirect("legislation:index")


def _page(request, form, report, table) -> HttpResponse:
    return render(
        request,
        "legislation/import.html",
        {
            "form": form,
            "report": report,
            "table": table,
            "fingerprint": imports.fingerprint(table.to_json()) if report and report.ok else "",
            "columns": [(name, imports.COLUMN_HELP[name]) for name in imports.COLUMNS],
        },
    )
