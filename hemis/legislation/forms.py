from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hemis.core.edits import VersionForm
from hemis.core.models import Language, ThematicArea
from hemis.legislation.models import ConventionArticle, CrossCuttingIssue, LawKind, LawStatus

LANGUAGE_CODES = ("en", "es", "fr", "pt", "nl", "ht")


class DateInput(forms.DateInput):
    input_type = "date"


class LawForm(forms.Form):
    """Collects a law's fields; the service validates them (with messages per field)."""

    title = forms.CharField(label=_("Title in the original language"), max_length=500)
    title_en = forms.CharField(
        label=_("Title in English"),
        required=False,
        max_length=500,
        help_text=_("If the original is in another language."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=LawKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=LawStatus.choices)
    enacted_on = forms.DateField(label=_("Enacted on"), required=False, widget=DateInput)
    amended_on = forms.DateField(label=_("Last amended on"), required=False, widget=DateInput)
    language = forms.ChoiceField(label=_("Language of the text"))
    source_url = forms.CharField(
        label=_("Official source (web address)"), required=False, max_length=500
    )
    gazette_reference = forms.CharField(
        label=_("Official gazette reference"),
        required=False,
        max_length=300,
        help_text=_("For example: Diario Oficial, 17 October 2012, No. 12."),
    )
    full_text_url = forms.CharField(
        label=_("Full text (web address)"), required=False, max_length=500
    )
    full_text_file = forms.FileField(
        label=_("Full text (file)"),
        required=False,
        help_text=_("PDF, Word, OpenDocument, HTML or text, up to 20 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, Language(code=code).name) for code in LANGUAGE_CODES
        ]

    def to_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("full_text_file", None)
        return data


class ProvisionForm(forms.Form):
    article = forms.CharField(
        label=_("Article reference"),
        max_length=100,
        help_text=_("As the law numbers it, for example Article 5 or Section 12(2)."),
    )
    text = forms.CharField(label=_("Text of the extract"), widget=forms.Textarea(attrs={"rows": 8}))
    thematic_areas = forms.MultipleChoiceField(
        label=_("Thematic areas"), required=False, widget=forms.CheckboxSelectMultiple
    )
    convention_articles = forms.MultipleChoiceField(
        label=_("UNTOC and Protocol articles it implements"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cross_cutting_issues = forms.MultipleChoiceField(
        label=_("Cross-cutting issues"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematic_areas"].choices = [
            (a.code, a.name) for a in ThematicArea.objects.all()
        ]
        self.fields["convention_articles"].choices = [
            (a.code, a.label) for a in ConventionArticle.objects.all()
        ]
        self.fields["cross_cutting_issues"].choices = [
            (i.code, i.name) for i in CrossCuttingIssue.objects.all()
        ]

    def to_data(self) -> dict:
        return dict(self.cleaned_data)


class RejectForm(VersionForm):
    note = forms.CharField(
        label=_("Why is the proposal rejected?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("A .csv (UTF-8) or .xlsx file with the documented columns.")
    )
