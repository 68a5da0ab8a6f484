from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hemis.core.models import ThematicArea
from hemis.directory.models import Authority, AuthorityKind, Function, TriState

LIST_HELP = _("One per line.")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").replace(";", "\n").splitlines() if line.strip()]


def _codes(value: str) -> list[str]:
    return [c.strip().lower() for c in (value or "").replace(";", ",").split(",") if c.strip()]


class ContactForm(forms.Form):
    """Collects a contact's fields; the service validates them (with messages per field)."""

    function = forms.ChoiceField(label=_("Function"), choices=Function.choices)
    person_name = forms.CharField(label=_("Name of the person"), required=False, max_length=200)
    office = forms.CharField(
        label=_("Office"),
        required=False,
        max_length=300,
        help_text=_("For a contact that is an office rather than a person."),
    )
    title = forms.CharField(label=_("Title or position"), required=False, max_length=300)
    authority = forms.ChoiceField(label=_("Authority"), required=False)
    thematic_areas = forms.MultipleChoiceField(
        label=_("Thematic areas"), required=False, widget=forms.CheckboxSelectMultiple
    )
    emails = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=LIST_HELP,
    )
    phones = forms.CharField(
        label=_("Telephone numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, with the country code, for example +1 876 555 0100."),
    )
    languages = forms.CharField(
        label=_("Languages spoken"),
        required=False,
        help_text=_("ISO 639-1 codes separated by commas, for example en, es."),
    )
    availability = forms.CharField(
        label=_("Availability"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example office hours, time zone, 24/7 line."),
    )
    language = forms.CharField(
        label=_("Language of this entry"),
        max_length=3,
        initial="en",
        help_text=_("The ISO 639-1 code of the language in which you write this entry."),
    )

    def __init__(self, *args, authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.authorities = {str(a.public_id): a for a in authorities}
        self.fields["authority"].choices = [("", "—")] + [
            (key, a.name) for key, a in self.authorities.items()
        ]
        self.fields["thematic_areas"].choices = [
            (a.code, a.name) for a in ThematicArea.objects.all()
        ]

    def to_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["authority"] = self.authorities.get(data.get("authority") or "")
        data["emails"] = _lines(data.get("emails", ""))
        data["phones"] = _lines(data.get("phones", ""))
        data["languages"] = _codes(data.get("languages", ""))
        data["language"] = (data.get("language") or "en").strip().lower()
        return data

    @staticmethod
    def initial_from(snapshot: dict) -> dict:
        return {
            **snapshot,
            "emails": "\n".join(snapshot.get("emails", [])),
            "phones": "\n".join(snapshot.get("phones", [])),
            "languages": ", ".join(snapshot.get("languages", [])),
        }


class AuthorityForm(forms.Form):
    name = forms.CharField(label=_("Name (in its own language)"), max_length=300)
    name_en = forms.CharField(label=_("Name in English"), required=False, max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=AuthorityKind.choices)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    website = forms.CharField(label=_("Website"), required=False, max_length=200)
    request_languages = forms.CharField(
        label=_("Languages in which it accepts requests"),
        required=False,
        help_text=_("ISO 639-1 codes separated by commas, for example en, es."),
    )
    procedural_notes = forms.CharField(
        label=_("Procedural notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How requests must be sent, formats, channels, time limits."),
    )
    palermo_legal_basis = forms.ChoiceField(
        label=_("Accepts the Palermo Convention as legal basis"), choices=TriState.choices
    )
    interpol_requests = forms.ChoiceField(
        label=_("Accepts requests through INTERPOL"), choices=TriState.choices
    )
    language = forms.CharField(label=_("Language of this entry"), max_length=3, initial="en")

    def to_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["request_languages"] = _codes(data.get("request_languages", ""))
        data["language"] = (data.get("language") or "en").strip().lower()
        return data

    @staticmethod
    def initial_from(authority: Authority, snapshot: dict) -> dict:
        return {**snapshot, "request_languages": ", ".join(snapshot["request_languages"])}
