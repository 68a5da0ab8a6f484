"""Requests with text no database stores, or larger than hemis reads, are refused before any
view: on pages with a 400 naming the field, in the API with a 422 in the API's shape, and
nothing is written. These run on SQLite and PostgreSQL (where a NUL used to be a 500)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hemis.conftest import signed_in
from hemis.core import limits, text
from hemis.core.models import AuditEvent
from hemis.directory.models import Contact
from hemis.directory.tests.conftest import contact_data
from hemis.directory.tests.test_api import with_token

pytestmark = pytest.mark.django_db

UNSTORABLE = ["\x00", "Ana\x00Rivera", "\ud800", "x\udfffy"]


def refusal_of(field: str) -> str:
    return str(text.ERR_UNSTORABLE_FIELD % {"field": field})


@pytest.fixture
def contact(admin, state_a):
    from hemis.directory import services

    return services.contact_create(actor=admin, state=state_a, data=contact_data())


def patch(client: Client, path: str, body: dict):
    return client.patch(f"/api/v1{path}", json.dumps(body), content_type="application/json")


def writes() -> int:
    return AuditEvent.objects.count()


# Query strings and paths


@pytest.mark.parametrize(
    "path", ["/en/laws/", "/en/laws/facets/", "/en/treaties/", "/en/", "/en/laws/export.csv"]
)
def test_a_nul_in_a_pages_query_string_is_a_400_naming_the_parameter(path):
    response = Client().get(path, {"q": "drug\x00s"})
    assert response.status_code == 400
    assert refusal_of("q") in response.content.decode()


def test_a_nul_in_a_parameters_name_is_refused_too(db):
    response = Client().get("/en/laws/?%00=1")
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/api/v1/laws", "/api/v1/member-states", "/api/v1/treaties"])
def test_a_nul_in_an_api_query_string_is_a_422_naming_the_parameter(path):
    response = Client().get(path, {"q": "a\x00", "lang": "\x00"})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] in ("q", "lang") and "cannot be stored" in error["message"]


@pytest.mark.parametrize("path", ["/en/treaties/%00/", "/en/treaties/UNTOC/JAM%00/"])
def test_a_nul_in_a_pages_path_is_a_400(path):
    response = Client().get(path)
    assert response.status_code == 400
    assert refusal_of("the address") in response.content.decode()


def test_a_nul_in_an_api_path_is_a_422(db):
    response = Client().get("/api/v1/treaties/UN%00TOC/status")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] is None


# JSON bodies


@pytest.mark.parametrize("value", UNSTORABLE)
def test_a_contact_patch_with_unstorable_text_is_a_422_naming_the_field(admin, contact, value):
    client = with_token(admin)
    before = (writes(), contact.version)
    response = patch(
        client,
        f"/contacts/{contact.public_id}",
        {
            "version": contact.version,
            "title": value,
        },
    )
    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "title", "message": refusal_of("title")}]}
    contact.refresh_from_db()
    assert (writes(), contact.version) == before and contact.title == "Director"


def test_a_lone_surrogate_inside_a_list_names_its_position(admin, contact):
    body = {"version": contact.version, "emails": ["ana@jm.example.org", "\ud800"]}
    response = patch(with_token(admin), f"/contacts/{contact.public_id}", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "emails.1"


def test_a_key_that_cannot_be_stored_is_refused(admin, contact):
    body = {"version": contact.version, "ti\x00tle": "x"}
    response = patch(with_token(admin), f"/contacts/{contact.public_id}", body)
    assert response.status_code == 422 and "cannot be stored" in response.content.decode()


def test_a_new_contact_titled_with_a_lone_surrogate_is_refused_and_not_created(admin):
    body = {"state": "JAM", "function": "fiu", "title": "\ud800", "emails": ["a@jm.example.org"]}
    response = with_token(admin).post(
        "/api/v1/contacts", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "title"
    assert not Contact.objects.exists()


def test_a_json_text_longer_than_any_field_is_refused_naming_it(admin, contact):
    body = {"version": contact.version, "availability": "x" * (limits.MAX_TEXT_CHARS + 1)}
    response = patch(with_token(admin), f"/contacts/{contact.public_id}", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "availability"


# Forms


@pytest.mark.parametrize("field", ["person_name", "authority", "function", "thematic_areas"])
def test_a_nul_in_any_field_of_a_form_is_a_400_naming_it_and_nothing_is_saved(
    admin, contact, field
):
    client = signed_in(admin)
    before = (writes(), contact.version)
    data = {
        "version": contact.version,
        "function": "toc_contact",
        "person_name": "Ana Rivera",
        "emails": "ana.rivera@jm.example.org",
        "language": "en",
        field: "x\x00",
    }
    response = client.post(f"/en/directory/contacts/{contact.public_id}/edit/", data)
    assert response.status_code == 400
    assert refusal_of(field) in response.content.decode()
    contact.refresh_from_db()
    assert (writes(), contact.version) == before


# Sizes


def test_a_body_larger_than_hemis_reads_is_refused_before_it_is_read(admin):
    response = signed_in(admin).generic(
        "POST",
        "/en/directory/import/",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(limits.MAX_REQUEST_BYTES + 1),
    )
    assert response.status_code == 413


def test_a_form_of_more_fields_than_hemis_reads_is_refused(admin, contact):
    data = {f"field{i}": "1" for i in range(limits.MAX_FORM_FIELDS + 1)}
    response = signed_in(admin).post(f"/en/directory/contacts/{contact.public_id}/edit/", data)
    assert response.status_code == 413
    assert str(limits.MAX_FORM_FIELDS) in response.content.decode()


def test_an_api_body_larger_than_hemis_reads_is_a_413(admin, contact):
    body = {"version": contact.version, "title": "x" * 10, "pad": "y" * limits.MAX_FORM_BYTES}
    response = patch(with_token(admin), f"/contacts/{contact.public_id}", body)
    assert response.status_code == 413
