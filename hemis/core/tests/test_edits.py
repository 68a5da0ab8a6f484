"""The versioned edit: the hidden version, the save through the service, the conflict panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from hemis.conftest import signed_in
from hemis.core.edits import ERR_VERSION, VERSION_MAX, VersionForm, versioned_edit
from hemis.core.services import VersionConflict
from hemis.directory import services as directory_services
from hemis.directory.models import Contact
from hemis.directory.tests.conftest import contact_data


class TitleForm(forms.Form):
    title = forms.CharField(label="Title")
    on = forms.DateField(label="On", required=False)

    def to_data(self):
        return dict(self.cleaned_data)


class Service:
    """A stand-in for a service: records what it is given, or raises what it is told to."""

    def __init__(self, raises=None):
        self.calls = []
        self.raises = raises

    def __call__(self, data, version):
        self.calls.append((data, version))
        if self.raises:
            raise self.raises
        return "saved"


def post(data):
    return RequestFactory().post("/edit/", data)


def test_a_get_shows_the_form_with_the_records_version():
    request = RequestFactory().get("/edit/")
    service = Service()
    edit = versioned_edit(request, TitleForm(None), version=4, save=service)
    assert not edit.saved and edit.status == 200 and edit.conflict is None
    assert edit.version_form.initial == {"version": 4}
    assert edit.context["version_form"] is edit.version_form
    assert service.calls == []


def test_a_post_passes_the_data_and_the_version_read_to_the_service():
    service = Service()
    request = post({"title": "Head", "on": "2025-01-31", "version": "3"})
    edit = versioned_edit(request, TitleForm(request.POST), version=5, save=service)
    assert edit.saved and edit.result == "saved"
    assert service.calls == [({"title": "Head", "on": dt.date(2025, 1, 31)}, 3)]


def test_a_conflict_shows_both_values_keeps_what_was_typed_and_offers_the_saved_version():
    conflict = VersionConflict(current_version=7, current={"title": "Chief", "on": "2024-12-01"})
    request = post({"title": "Head", "on": "2025-01-31", "version": "3"})
    form = TitleForm(request.POST)
    edit = versioned_edit(request, form, version=3, save=Service(raises=conflict))
    assert not edit.saved and edit.status == 409
    assert edit.conflict == [
        {"label": "Title", "mine": "Head", "theirs": "Chief"},
        {"label": "On", "mine": "2025-01-31", "theirs": "2024-12-01"},
    ]
    assert form.data["title"] == "Head"
    assert edit.version_form.initial == {"version": 7} and not edit.version_form.is_bound


def test_a_services_validation_error_is_shown_on_the_field():
    error = ValidationError({"title": ["Too short."]})
    request = post({"title": "H", "version": "1"})
    form = TitleForm(request.POST)
    edit = versioned_edit(request, form, version=1, save=Service(raises=error))
    assert not edit.saved and edit.status == 200
    assert form.errors["title"] == ["Too short."]


@pytest.mark.parametrize("version", ["", "-1", "abc", str(VERSION_MAX + 1), "9" * 30])
def test_a_damaged_version_is_a_form_error_and_nothing_is_saved(version):
    service = Service()
    request = post({"title": "Head", "version": version})
    form = TitleForm(request.POST)
    edit = versioned_edit(request, form, version=1, save=service)
    assert not edit.saved and service.calls == []
    assert form.non_field_errors() == [str(ERR_VERSION)]


def test_the_version_form_accepts_zero_for_a_record_not_yet_made():
    assert VersionForm({"version": "0"}).is_valid()


def test_a_huge_version_on_a_real_edit_page_is_refused_on_the_form(personas, admin, state_a):
    contact = directory_services.contact_create(actor=admin, state=state_a, data=contact_data())
    response = signed_in(personas["coordinator_a"]).post(
        f"/en/directory/contacts/{contact.public_id}/edit/",
        {
            "version": "9" * 30,
            "function": "toc_contact",
            "person_name": "Someone Else",
            "emails": "ana.rivera@jm.example.org",
            "language": "en",
        },
    )
    assert response.status_code == 200
    assert str(ERR_VERSION) in response.content.decode()
    assert Contact.objects.get(pk=contact.pk).person_name == "Ana Rivera"
