"""An import page: upload a CSV or XLSX file, preview what it would change, then load it.

The previewed file waits in the session (as the text of its cells) until it is loaded, and
the confirmation carries its fingerprint, so that what is written is exactly what was
previewed. Each importing module describes its page with an `ImportPage`.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hemis.core import tabular


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        help_text=gettext_lazy(
            "A .csv file (UTF-8) or an .xlsx workbook whose first line names the columns."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args: Any, importer: ModuleType, label: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.importer = importer
        self.fields["file"].label = label

    def clean_file(self) -> tabular.Table:
        upload = self.cleaned_data["file"]
        if upload.size > self.importer.MAX_BYTES:
            megabytes = self.importer.MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(tabular.ERR_TOO_BIG % {"megabytes": megabytes})
        try:
            return self.importer.read_table(upload.name, upload.read())
        except tabular.UnreadableFile as error:
            raise forms.ValidationError(error.message) from error


class ImportConfirmForm(forms.Form):
    fingerprint = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)


@dataclass(frozen=True)
class ImportPage:
    """One module's import page.

    `importer` is the module that reads and checks the file: it has `read_table(name, content)`,
    `import_table(actor=, table=, dry_run=)`, `MAX_BYTES`, `COLUMNS` and `COLUMN_HELP`."""

    importer: ModuleType
    may_import: Callable[[Any], bool]
    file_label: Any
    template: str
    url_name: str
    done_url_name: str
    done_message: Any  # with %(name)s and %(summary)s
    session_key: str

    def upload_form(self, data: Any = None, files: Any = None) -> ImportUploadForm:
        return ImportUploadForm(data, files, importer=self.importer, label=self.file_label)

    def as_view(self) -> Callable[[HttpRequest], HttpResponse]:
        @login_required
        @require_http_methods(["GET", "POST"])
        def import_view(request: HttpRequest) -> HttpResponse:
            if not self.may_import(request.user):
                raise Http404
            if request.method == "POST" and "fingerprint" in request.POST:
                return self._load(request)
            form = (
                self.upload_form(request.POST, request.FILES) if request.method == "POST" else None
            )
            report = table = None
            if form is not None and form.is_valid():
                table = form.cleaned_data["file"]
                report = self.importer.import_table(actor=request.user, table=table, dry_run=True)
                if report.ok:
                    request.session[self.session_key] = table.to_json()
                else:
                    request.session.pop(self.session_key, None)
            return self._page(request, form or self.upload_form(), report, table)

        return import_view

    def _load(self, request: HttpRequest) -> HttpResponse:
        stored = request.session.pop(self.session_key, None)
        confirm = ImportConfirmForm(request.POST)
        if (
            not stored
            or not confirm.is_valid()
            or not hmac.compare_digest(
                tabular.fingerprint(stored), confirm.cleaned_data["fingerprint"]
            )
        ):
            messages.error(
                request,
                _(
                    "The previewed file is no longer waiting to be loaded, or another file was "
                    "previewed since. Nothing was written; upload the file again."
                ),
            )
            return redirect(self.url_name)
        table = tabular.Table.from_json(stored)
        report = self.importer.import_table(actor=request.user, table=table, dry_run=False)
        if not report.ok:
            return self._page(request, self.upload_form(), report, table)
        messages.success(
            request, self.done_message % {"name": table.name, "summary": report.summary()}
        )
        return redirect(self.done_url_name)

    def _page(self, request, form, report, table) -> HttpResponse:
        fingerprint = tabular.fingerprint(table.to_json()) if report and report.ok else ""
        columns = [(name, self.importer.COLUMN_HELP[name]) for name in self.importer.COLUMNS]
        return render(
            request,
            self.template,
            {
                "form": form,
                "report": report,
                "table": table,
                "fingerprint": fingerprint,
                "columns": columns,
            },
        )
