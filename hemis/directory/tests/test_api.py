import json

import pytest
from django.test import Client

from hemis.accounts.services import api_token_create
from hemis.conftest import make_user
from hemis.core.models import AuditEvent, MemberState
from hemis.directory import api, services
from hemis.directory.models import Contact
from hemis.directory.tests.conftest import contact_data

pytestmark = pytest.mark.django_db


def with_token(user) -> Client:
    """A script's client: no session, only the user's bearer token."""
    _token, key = api_token_create(actor=user, name="script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def patch(client: Client, contact: Contact, body: dict):
    return client.patch(
        f"/api/v1/contacts/{contact.public_id}",
        json.dumps(body),
        content_type="application/json",
    )


@pytest.fixture
def nicaragua_reader(db):
    nicaragua = MemberState.objects.get(iso3="NIC")
    return make_user("delegation.nic@test.example.org", "delegation_reader", nicaragua)


@pytest.fixture
def jamaica_ministry(admin, state_a):
    return services.authority_create(
        actor=admin,
        state=state_a,
        data={"name": "Ministry of National Security", "kind": "ministry"},
    )


# Reading


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/contacts",
        "/api/v1/contacts/6f1c2c8e-7d8a-4a8e-9a55-0f4b3f0e9a11",
        "/api/v1/authorities",
    ],
)
def test_the_directory_answers_401_without_a_token(jamaica_contact, path):
    response = Client().get(path)
    assert response.status_code == 401
    assert "ana.rivera" not in response.content.decode()


def test_a_change_without_a_token_is_401_and_changes_nothing(jamaica_contact):
    response = patch(Client(), jamaica_contact, {"version": 1, "title": "Minister"})
    assert response.status_code == 401
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.title == "Director"


@pytest.mark.parametrize(
    "persona",
    ["admin", "analyst", "coordinator_a", "contributor_a", "coordinator_b", "delegation_reader"],
)
def test_every_role_of_a_participating_state_reads_every_states_contacts(
    personas, jamaica_contact, mexico_contact, persona
):
    response = with_token(personas[persona]).get("/api/v1/contacts")
    assert response.status_code == 200
    page = response.json()
    assert page["count"] == 2
    assert {c["state"] for c in page["items"]} == {"JAM", "MEX"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/contacts",
        "/api/v1/authorities",
    ],
)
def test_an_official_of_a_state_that_no_longer_takes_part_gets_404_with_a_clear_message(
    nicaragua_reader, jamaica_contact, path
):
    response = with_token(nicaragua_reader).get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": str(api.ERR_NO_DIRECTORY)}


def test_an_official_of_a_state_that_no_longer_takes_part_cannot_read_one_contact(
    nicaragua_reader, jamaica_contact
):
    response = with_token(nicaragua_reader).get(f"/api/v1/contacts/{jamaica_contact.public_id}")
    assert response.status_code == 404
    assert "ana.rivera" not in response.content.decode()


def test_the_list_filters_as_the_directory_page_does(
    delegation_reader, admin, state_a, jamaica_contact, mexico_contact
):
    services.contact_create(
        actor=admin,
        state=state_a,
        data=contact_data(function="fiu", person_name="Bo Brown", emails=["bo@jm.example.org"]),
    )
    client = with_token(delegation_reader)

    def names(**params):
        page = client.get("/api/v1/contacts", params).json()
        return sorted(c["person_name"] for c in page["items"])

    assert names(state="JAM", function="toc_contact") == ["Ana Rivera"]
    assert names(state="jam") == ["Ana Rivera", "Bo Brown"]
    assert names(q="GOMEZ") == ["Luis Gómez"]
    assert names(subregion="caribbean", function="fiu") == ["Bo Brown"]
    assert names(language="es") == ["Luis Gómez"]
    assert names(area="drugs", sort="name") == ["Ana Rivera", "Bo Brown", "Luis Gómez"]
    assert names(stale="true") == []


def test_an_unknown_sort_is_refused_with_422(delegation_reader):
    response = with_token(delegation_reader).get("/api/v1/contacts", {"sort": "salary"})
    assert response.status_code == 422


def test_the_list_comes_50_a_page_with_the_total_count(admin, state_a):
    for n in range(51):
        services.contact_create(
            actor=admin,
            state=state_a,
            data=contact_data(person_name=f"Person {n:02}", emails=[f"p{n}@jm.example.org"]),
        )
    client = with_token(admin)
    first = client.get("/api/v1/contacts", {"sort": "name"}).json()
    second = client.get("/api/v1/contacts", {"sort": "name", "page": 2}).json()
    assert first["count"] == second["count"] == 51
    assert len(first["items"]) == 50
    assert [c["person_name"] for c in second["items"]] == ["Person 50"]
    assert len(client.get("/api/v1/contacts", {"page_size": 100}).json()["items"]) == 50


def test_the_list_takes_a_fixed_number_of_queries(
    admin, state_a, jamaica_ministry, django_assert_max_num_queries
):
    for n in range(10):
        services.contact_create(
            actor=admin,
            state=state_a,
            data=contact_data(
                person_name=f"Person {n}",
                emails=[f"p{n}@jm.example.org"],
                authority=jamaica_ministry,
            ),
        )
    client = with_token(admin)
    # The token (read, last use noted), the count, the page, its areas and its languages.
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/contacts")
    assert response.json()["count"] == 10


def test_one_contact_comes_with_its_version_and_every_field(
    contributor_a, admin, state_a, jamaica_ministry
):
    contact = services.contact_create(
        actor=admin, state=state_a, data=contact_data(authority=jamaica_ministry)
    )
    response = with_token(contributor_a).get(f"/api/v1/contacts/{contact.public_id}")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "id": str(contact.public_id),
        "version": 1,
        "state": "JAM",
        "function": "toc_contact",
        "person_name": "Ana Rivera",
        "office": "",
        "title": "Director",
        "authority": {
            "id": str(jamaica_ministry.public_id),
            "name": "Ministry of National Security",
        },
        "thematic_areas": ["drugs"],
        "emails": ["ana.rivera@jm.example.org"],
        "phones": ["+18769221234"],
        "languages": ["en"],
        "availability": "",
        "language": "en",
        "last_confirmed_on": contact.last_confirmed_on.isoformat(),
        "out_of_date": False,
        "verified": False,
        "status": "active",
        "replaced_by": None,
    }


def test_an_unknown_contact_is_404(delegation_reader):
    response = with_token(delegation_reader).get(
        "/api/v1/contacts/6f1c2c8e-7d8a-4a8e-9a55-0f4b3f0e9a11"
    )
    assert response.status_code == 404


def test_a_replaced_contact_points_to_its_successor(contributor_a, jamaica_contact):
    successor = services.contact_replace(
        actor=contributor_a,
        contact=jamaica_contact,
        version=1,
        data=contact_data(person_name="Bo Brown", emails=["bo@jm.example.org"]),
    )
    body = with_token(contributor_a).get(f"/api/v1/contacts/{jamaica_contact.public_id}").json()
    assert body["status"] == "replaced"
    assert body["replaced_by"] == str(successor.public_id)


def test_the_authorities_can_be_listed_for_one_state(
    delegation_reader, admin, state_b, jamaica_ministry
):
    services.authority_create(
        actor=admin,
        state=state_b,
        data={"name": "Fiscalía General", "kind": "prosecutor", "request_languages": ["es"]},
    )
    client = with_token(delegation_reader)
    assert client.get("/api/v1/authorities").json()["count"] == 2
    page = client.get("/api/v1/authorities", {"state": "MEX"}).json()
    assert page["count"] == 1
    authority = page["items"][0]
    assert authority["state"] == "MEX"
    assert authority["name"] == "Fiscalía General"
    assert authority["kind"] == "prosecutor"
    assert authority["request_languages"] == ["es"]
    assert authority["palermo_legal_basis"] == "unknown"
    assert authority["version"] == 1
    assert set(authority) == {
        "id",
        "state",
        "name",
        "name_en",
        "kind",
        "address",
        "website",
        "request_languages",
        "procedural_notes",
        "palermo_legal_basis",
        "interpol_requests",
        "language",
        "version",
    }


# Changing


def test_a_contributor_changes_the_title_and_gets_the_next_version(contributor_a, jamaica_contact):
    response = patch(
        with_token(contributor_a), jamaica_contact, {"version": 1, "title": "Minister"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 2
    assert body["title"] == "Minister"
    assert body["emails"] == ["ana.rivera@jm.example.org"]  # fields not sent are left alone
    jamaica_contact.refresh_from_db()
    assert (jamaica_contact.title, jamaica_contact.version) == ("Minister", 2)
    event = AuditEvent.objects.get(action="contact.update")
    assert event.actor == contributor_a
    assert event.object_id == str(jamaica_contact.public_id)
    assert event.changes["title"] == ["Director", "Minister"]


def test_a_change_on_a_stale_version_is_409_with_the_saved_values_and_changes_nothing(
    contributor_a, coordinator_a, jamaica_contact
):
    first = patch(with_token(coordinator_a), jamaica_contact, {"version": 1, "title": "Minister"})
    assert first.status_code == 200
    response = patch(with_token(contributor_a), jamaica_contact, {"version": 1, "title": "Chief"})
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 2
    assert body["current"]["title"] == "Minister"
    assert "version 1" in body["detail"]
    jamaica_contact.refresh_from_db()
    assert (jamaica_contact.title, jamaica_contact.version) == ("Minister", 2)
    assert AuditEvent.objects.filter(action="contact.update").count() == 1


@pytest.mark.parametrize("persona", ["coordinator_b", "delegation_reader"])
def test_another_states_official_or_a_reader_cannot_change_a_contact(
    personas, jamaica_contact, persona
):
    response = patch(with_token(personas[persona]), jamaica_contact, {"version": 1, "title": "X"})
    assert response.status_code == 404
    jamaica_contact.refresh_from_db()
    assert (jamaica_contact.title, jamaica_contact.version) == ("Director", 1)
    assert not AuditEvent.objects.filter(action="contact.update").exists()


def test_a_bad_phone_is_422_naming_the_field_and_changes_nothing(contributor_a, jamaica_contact):
    response = patch(
        with_token(contributor_a),
        jamaica_contact,
        {"version": 1, "title": "Minister", "phones": ["12"]},
    )
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [e["field"] for e in errors] == ["phones"]
    assert "“12” is not a valid telephone number" in errors[0]["message"]
    jamaica_contact.refresh_from_db()
    assert (jamaica_contact.title, jamaica_contact.phones) == ("Director", ["+18769221234"])


def test_every_bad_field_is_named(contributor_a, jamaica_contact):
    response = patch(
        with_token(contributor_a),
        jamaica_contact,
        {"version": 1, "emails": ["not-an-address"], "languages": ["xx"]},
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"emails", "languages"}


def test_a_contact_is_attached_to_an_authority_by_its_public_id(
    contributor_a, jamaica_contact, jamaica_ministry
):
    client = with_token(contributor_a)
    body = {"version": 1, "authority": str(jamaica_ministry.public_id)}
    response = patch(client, jamaica_contact, body)
    assert response.status_code == 200
    assert response.json()["authority"]["id"] == str(jamaica_ministry.public_id)
    response = patch(client, jamaica_contact, {"version": 2, "authority": None})
    assert response.status_code == 200
    assert response.json()["authority"] is None


def test_an_authority_of_another_state_or_unknown_is_422_naming_the_field(
    coordinator_b, admin, state_b, mexico_contact, jamaica_ministry
):
    client = with_token(coordinator_b)
    response = patch(
        client, mexico_contact, {"version": 1, "authority": str(jamaica_ministry.public_id)}
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["authority"]
    response = patch(
        client,
        mexico_contact,
        {"version": 1, "authority": "6f1c2c8e-7d8a-4a8e-9a55-0f4b3f0e9a11"},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"field": "authority", "message": str(api.ERR_NO_AUTHORITY)}
    ]


def test_the_secretariat_may_change_any_states_contact(analyst, mexico_contact):
    response = patch(with_token(analyst), mexico_contact, {"version": 1, "title": "Fiscal"})
    assert response.status_code == 200
    assert response.json()["version"] == 2
    mexico_contact.refresh_from_db()
    assert mexico_contact.title == "Fiscal"


def test_a_replaced_contact_can_no_longer_be_changed(contributor_a, jamaica_contact):
    services.contact_replace(
        actor=contributor_a,
        contact=jamaica_contact,
        version=1,
        data=contact_data(person_name="Bo Brown", emails=["bo@jm.example.org"]),
    )
    response = patch(with_token(contributor_a), jamaica_contact, {"version": 2, "title": "X"})
    assert response.status_code == 409
    assert response.json() == {"detail": str(services.ERR_NOT_ACTIVE)}
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.title == "Director"


def test_a_change_without_a_version_is_refused(contributor_a, jamaica_contact):
    response = patch(with_token(contributor_a), jamaica_contact, {"title": "Minister"})
    assert response.status_code == 422
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.title == "Director"


def test_many_clients_at_once_exactly_one_change_wins_and_the_others_get_409(
    admin, analyst, coordinator_a, contributor_a, jamaica_contact
):
    clients = [with_token(user) for user in (admin, analyst, coordinator_a, contributor_a)]
    url = f"/api/v1/contacts/{jamaica_contact.public_id}"
    versions = [client.get(url).json()["version"] for client in clients]
    assert versions == [1, 1, 1, 1]
    statuses = [
        patch(client, jamaica_contact, {"version": 1, "title": f"Title {n}"}).status_code
        for n, client in enumerate(clients)
    ]
    assert sorted(statuses) == [200, 409, 409, 409]
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.version == 2
    assert jamaica_contact.title == f"Title {statuses.index(200)}"
    assert AuditEvent.objects.filter(action="contact.update").count() == 1


# Documentation


def test_the_openapi_document_lists_and_describes_the_directory_endpoints():
    document = Client().get("/api/v1/openapi.json").json()
    paths = document["paths"]
    assert {"/api/v1/contacts", "/api/v1/contacts/{contact_id}", "/api/v1/authorities"} <= set(
        paths
    )
    assert set(paths["/api/v1/contacts/{contact_id}"]) == {"get", "patch"}
    for path in ("/api/v1/contacts", "/api/v1/contacts/{contact_id}", "/api/v1/authorities"):
        for operation in paths[path].values():
            assert operation["summary"]
            assert operation["description"]
            assert operation["security"]
    contact_list = paths["/api/v1/contacts"]["get"]
    assert {"q", "state", "function", "stale", "sort", "page"} <= {
        p["name"] for p in contact_list["parameters"]
    }
    assert "409" in paths["/api/v1/contacts/{contact_id}"]["patch"]["responses"]
