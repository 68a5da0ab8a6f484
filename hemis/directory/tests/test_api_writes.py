"""The API's other writes: add, replace, retire, confirm a contact; read and edit an authority."""

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client

from hemis.core.models import AuditEvent
from hemis.directory import services
from hemis.directory.models import Authority, Contact, EntryStatus
from hemis.directory.tests.conftest import contact_data
from hemis.directory.tests.test_api import with_token

pytestmark = pytest.mark.django_db

EDITORS_OF_JAMAICA = ["admin", "analyst", "coordinator_a", "contributor_a"]
NOT_EDITORS_OF_JAMAICA = ["coordinator_b", "delegation_reader"]


def post(client: Client, path: str, body: dict | None = None):
    return client.post(f"/api/v1{path}", json.dumps(body or {}), content_type="application/json")


def patch(client: Client, path: str, body: dict):
    return client.patch(f"/api/v1{path}", json.dumps(body), content_type="application/json")


def new_contact(**overrides) -> dict:
    body = {
        "state": "JAM",
        "function": "extradition",
        "person_name": "Marcia Brown",
        "emails": ["marcia.brown@jm.example.org"],
        "phones": ["876 922 0000"],
        "languages": ["en"],
        "thematic_areas": ["drugs"],
    }
    body.update(overrides)
    return body


@pytest.fixture
def ministry(admin, state_a) -> Authority:
    return services.authority_create(
        actor=admin,
        state=state_a,
        data={"name": "Ministry of National Security", "kind": "ministry"},
    )


# Adding a contact point


@pytest.mark.parametrize("persona", EDITORS_OF_JAMAICA)
def test_an_editor_of_the_state_adds_a_contact_point(personas, persona, ministry):
    body = new_contact(authority=str(ministry.public_id))
    response = post(with_token(personas[persona]), "/contacts", body)
    assert response.status_code == 201
    created = response.json()
    assert created["state"] == "JAM"
    assert created["version"] == 1
    assert created["phones"] == ["+18769220000"]
    assert created["authority"]["name"] == "Ministry of National Security"
    contact = Contact.objects.get(public_id=created["id"])
    assert contact.person_name == "Marcia Brown"
    event = AuditEvent.objects.get(action="contact.create", object_id=created["id"])
    assert event.actor == personas[persona]


@pytest.mark.parametrize("persona", NOT_EDITORS_OF_JAMAICA)
def test_another_states_official_or_a_reader_cannot_add_a_contact_point(personas, persona):
    response = post(with_token(personas[persona]), "/contacts", new_contact())
    assert response.status_code == 404
    assert not Contact.objects.exists()


def test_an_unknown_state_is_404(admin):
    response = post(with_token(admin), "/contacts", new_contact(state="XXX"))
    assert response.status_code == 404


def test_a_new_contact_point_with_bad_fields_is_422_naming_each_and_nothing_is_saved(
    contributor_a,
):
    body = new_contact(function="spy", emails=["nope"], phones=[], person_name="")
    response = post(with_token(contributor_a), "/contacts", body)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"function", "emails"}
    assert not Contact.objects.exists()


def test_a_new_contact_point_without_name_or_means_of_contact_is_422(contributor_a):
    body = new_contact(person_name="", emails=[], phones=[])
    response = post(with_token(contributor_a), "/contacts", body)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"person_name", "emails"}


def test_an_authority_of_another_state_is_422_naming_the_authority(contributor_a, admin, state_b):
    mexican = services.authority_create(
        actor=admin, state=state_b, data={"name": "Fiscalía General", "kind": "prosecutor"}
    )
    body = new_contact(authority=str(mexican.public_id))
    response = post(with_token(contributor_a), "/contacts", body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["authority"]


# Replacing


@pytest.mark.parametrize("persona", EDITORS_OF_JAMAICA)
def test_an_editor_replaces_a_contact_point_and_the_old_one_points_to_the_new(
    personas, persona, jamaica_contact
):
    body = {
        "version": 1,
        "person_name": "Paul Clarke",
        "emails": ["paul.clarke@jm.example.org"],
    }
    path = f"/contacts/{jamaica_contact.public_id}/replace"
    response = post(with_token(personas[persona]), path, body)
    assert response.status_code == 201
    successor = response.json()
    assert successor["person_name"] == "Paul Clarke"
    assert successor["function"] == "toc_contact"  # the function is the old one's
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.status == EntryStatus.REPLACED
    assert str(jamaica_contact.replaced_by.public_id) == successor["id"]
    assert AuditEvent.objects.filter(action="contact.replace").count() == 1


@pytest.mark.parametrize("persona", NOT_EDITORS_OF_JAMAICA)
def test_another_states_official_or_a_reader_cannot_replace_a_contact_point(
    personas, persona, jamaica_contact
):
    path = f"/contacts/{jamaica_contact.public_id}/replace"
    body = {"version": 1, "person_name": "X Y", "emails": ["x.y@jm.example.org"]}
    response = post(with_token(personas[persona]), path, body)
    assert response.status_code == 404
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.status == EntryStatus.ACTIVE


def test_replacing_a_stale_version_is_409_and_creates_nobody(contributor_a, jamaica_contact):
    services.contact_update(
        actor=contributor_a, contact=jamaica_contact, version=1, data={"title": "Chief"}
    )
    path = f"/contacts/{jamaica_contact.public_id}/replace"
    body = {"version": 1, "person_name": "Paul Clarke", "emails": ["p.c@jm.example.org"]}
    response = post(with_token(contributor_a), path, body)
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert Contact.objects.count() == 1


def test_a_replacement_with_a_bad_email_is_422_and_the_old_one_stays(
    contributor_a, jamaica_contact
):
    path = f"/contacts/{jamaica_contact.public_id}/replace"
    response = post(
        with_token(contributor_a), path, {"version": 1, "person_name": "P C", "emails": ["@"]}
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["emails"]
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.status == EntryStatus.ACTIVE
    assert Contact.objects.count() == 1


# Retiring


@pytest.mark.parametrize("persona", EDITORS_OF_JAMAICA)
def test_an_editor_retires_a_contact_point(personas, persona, jamaica_contact):
    path = f"/contacts/{jamaica_contact.public_id}/retire"
    response = post(with_token(personas[persona]), path, {"version": 1})
    assert response.status_code == 200
    assert response.json()["status"] == "retired"
    assert response.json()["version"] == 2
    listed = with_token(personas[persona]).get("/api/v1/contacts").json()
    assert listed["count"] == 0


@pytest.mark.parametrize("persona", NOT_EDITORS_OF_JAMAICA)
def test_another_states_official_or_a_reader_cannot_retire_a_contact_point(
    personas, persona, jamaica_contact
):
    path = f"/contacts/{jamaica_contact.public_id}/retire"
    response = post(with_token(personas[persona]), path, {"version": 1})
    assert response.status_code == 404
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.status == EntryStatus.ACTIVE


def test_retiring_a_stale_version_is_409(contributor_a, jamaica_contact):
    services.contact_update(
        actor=contributor_a, contact=jamaica_contact, version=1, data={"title": "Chief"}
    )
    path = f"/contacts/{jamaica_contact.public_id}/retire"
    response = post(with_token(contributor_a), path, {"version": 1})
    assert response.status_code == 409
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.status == EntryStatus.ACTIVE


def test_retiring_without_a_version_is_422(contributor_a, jamaica_contact):
    path = f"/contacts/{jamaica_contact.public_id}/retire"
    response = post(with_token(contributor_a), path, {})
    assert response.status_code == 422
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.status == EntryStatus.ACTIVE


def test_a_retired_contact_point_cannot_be_retired_again(contributor_a, jamaica_contact):
    path = f"/contacts/{jamaica_contact.public_id}/retire"
    assert post(with_token(contributor_a), path, {"version": 1}).status_code == 200
    response = post(with_token(contributor_a), path, {"version": 2})
    assert response.status_code == 409
    assert response.json()["detail"] == str(services.ERR_NOT_ACTIVE)


# Confirming


@pytest.mark.parametrize("persona", EDITORS_OF_JAMAICA)
def test_an_editor_confirms_a_contact_point_today(personas, persona, jamaica_contact):
    with time_machine.travel(dt.datetime(2031, 5, 6, 12, tzinfo=dt.UTC)):
        path = f"/contacts/{jamaica_contact.public_id}/confirm"
        response = post(with_token(personas[persona]), path)
    assert response.status_code == 200
    assert response.json()["last_confirmed_on"] == "2031-05-06"
    assert response.json()["version"] == 1  # confirming changes no value
    assert AuditEvent.objects.filter(action="contact.confirm").count() == 1


@pytest.mark.parametrize("persona", NOT_EDITORS_OF_JAMAICA)
def test_another_states_official_or_a_reader_cannot_confirm_a_contact_point(
    personas, persona, jamaica_contact
):
    before = jamaica_contact.last_confirmed_on
    with time_machine.travel(dt.datetime(2031, 5, 6, 12, tzinfo=dt.UTC)):
        response = post(
            with_token(personas[persona]), f"/contacts/{jamaica_contact.public_id}/confirm"
        )
    assert response.status_code == 404
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.last_confirmed_on == before


def test_a_retired_contact_point_cannot_be_confirmed(contributor_a, jamaica_contact):
    services.contact_retire(actor=contributor_a, contact=jamaica_contact, version=1)
    response = post(with_token(contributor_a), f"/contacts/{jamaica_contact.public_id}/confirm")
    assert response.status_code == 409


def test_confirming_an_unknown_contact_point_is_404(contributor_a):
    response = post(
        with_token(contributor_a), "/contacts/6f1c2c8e-7d8a-4a8e-9a55-0f4b3f0e9a11/confirm"
    )
    assert response.status_code == 404


# Authorities


@pytest.mark.parametrize(
    "persona",
    ["admin", "analyst", "coordinator_a", "contributor_a", "coordinator_b", "delegation_reader"],
)
def test_every_reader_gets_an_authority_with_its_version(personas, persona, ministry):
    response = with_token(personas[persona]).get(f"/api/v1/authorities/{ministry.public_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Ministry of National Security"
    assert body["state"] == "JAM"
    assert body["version"] == 1


def test_an_unknown_authority_is_404(delegation_reader):
    response = with_token(delegation_reader).get(
        "/api/v1/authorities/6f1c2c8e-7d8a-4a8e-9a55-0f4b3f0e9a11"
    )
    assert response.status_code == 404


def test_an_authority_without_a_token_is_401(ministry):
    assert Client().get(f"/api/v1/authorities/{ministry.public_id}").status_code == 401


@pytest.mark.parametrize("persona", EDITORS_OF_JAMAICA)
def test_an_editor_changes_an_authority_and_its_contacts_are_found_by_the_new_name(
    personas, persona, ministry, contributor_a, state_a
):
    services.contact_create(
        actor=contributor_a, state=state_a, data=contact_data(authority=ministry)
    )
    body = {"version": 1, "name": "Ministry of Justice", "request_languages": ["en", "es"]}
    response = patch(with_token(personas[persona]), f"/authorities/{ministry.public_id}", body)
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["request_languages"] == ["en", "es"]
    found = with_token(personas[persona]).get("/api/v1/contacts?q=justice").json()
    assert found["count"] == 1
    assert AuditEvent.objects.filter(action="authority.update").count() == 1


@pytest.mark.parametrize("persona", NOT_EDITORS_OF_JAMAICA)
def test_another_states_official_or_a_reader_cannot_change_an_authority(
    personas, persona, ministry
):
    body = {"version": 1, "name": "Taken over"}
    response = patch(with_token(personas[persona]), f"/authorities/{ministry.public_id}", body)
    assert response.status_code == 404
    ministry.refresh_from_db()
    assert ministry.name == "Ministry of National Security"


def test_an_authority_changed_since_is_409_with_the_saved_values(coordinator_a, ministry):
    path = f"/authorities/{ministry.public_id}"
    first = patch(with_token(coordinator_a), path, {"version": 1, "address": "Kingston"})
    assert first.status_code == 200
    response = patch(with_token(coordinator_a), path, {"version": 1, "name": "Other"})
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 2
    assert body["current"]["address"] == "Kingston"
    ministry.refresh_from_db()
    assert ministry.name == "Ministry of National Security"


def test_bad_authority_fields_are_422_naming_each(coordinator_a, ministry):
    body = {"version": 1, "name": "", "kind": "embassy", "website": "not a url"}
    response = patch(with_token(coordinator_a), f"/authorities/{ministry.public_id}", body)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"name", "kind", "website"}
    ministry.refresh_from_db()
    assert (ministry.name, ministry.version) == ("Ministry of National Security", 1)


@pytest.mark.parametrize("field", ["phones", "emails", "languages", "thematic_areas"])
def test_a_list_longer_than_a_field_takes_is_refused_naming_it_before_any_item_is_checked(
    admin, field
):
    client = with_token(admin)
    before = AuditEvent.objects.count()
    items = [f"876 922 {i:04d}" for i in range(51)]
    response = post(client, "/contacts", new_contact(**{field: items}))
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"field": field, "message": "Give at most 50 items (there are 51)."}
    ]
    assert AuditEvent.objects.count() == before and not Contact.objects.exists()
