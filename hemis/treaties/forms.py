from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hemis.treaties.models import ConsentType, RecordStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RecordForm(forms.Form):
    """A state's record for an instrument; the service checks the fields together."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=RecordStatus.choices,
        help_text=_("“No information” means that no source was read; it is not “Not a party”."),
    )
    signature_date = forms.DateField(
        label=_("Date of signature"), required=False, widget=DateInput()
    )
    consent_type = forms.ChoiceField(
        label=_("Consent to be bound"),
        required=False,
        choices=[("", "—"), *ConsentType.choices],
    )
    consent_date = forms.DateField(
        label=_("Date of consent to be bound"),
        required=False,
        widget=DateInput(),
        help_text=_("The date the instrument of ratification, accession, … was deposited."),
    )
    reservations = forms.CharField(
        label=_("Reservations and declarations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    designated_authorities = forms.CharField(
        label=_("Authorities designated"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The authorities the state designates in its declarations or notifications."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    source = forms.CharField(
        label=_("Source"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A web address or a document symbol; separate several with “ | ”."),
    )
    source_consulted_on = forms.DateField(
        label=_("Date the source was consulted"), widget=DateInput()
    )

    def to_data(self) -> dict:
        return dict(self.cleaned_data)

    @staticmethod
    def initial_from(snapshot: dict) -> dict:
        return dict(snapshot)
