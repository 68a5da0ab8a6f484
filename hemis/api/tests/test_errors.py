"""One mapping of errors to answers, seen through real endpoints of each module."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.test import Client
from ninja import NinjaAPI

from hemis.api.api import api
from hemis.core import api_errors
from hemis.core.services import ERR_VERSION_CONFLICT, Conflict
from hemis.directory import services as directory_services
from hemis.directory.tests.conftest import contact_data
from hemis.directory.tests.test_api import with_token
from hemis.legislation import services as legislation_services
from hemis.legislation.models import Law

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": str(api_errors.ERR_NOT_FOUND)}


def send(client: Client, method: str, path: str, body: dict | None = None):
    return getattr(client, method)(
        f"/api/v1{path}", json.dumps(body or {}), content_type="application/json"
    )


@pytest.fixture
def contact(admin, state_a):
    return directory_services.contact_create(actor=admin, state=state_a, data=contact_data())


def test_a_version_conflict_is_409_with_the_version_sent_and_the_saved_values(
    coordinator_a, contact
):
    client = with_token(coordinator_a)
    path = f"/contacts/{contact.public_id}"
    assert send(client, "patch", path, {"version": 1, "title": "Minister"}).status_code == 200
    response = send(client, "patch", path, {"version": 1, "title": "Chief"})
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == str(ERR_VERSION_CONFLICT) % {"version": 1}
    assert (body["current_version"], body["current"]["title"]) == (2, "Minister")


def test_a_version_conflict_on_an_authority_has_the_same_shape(coordinator_a, state_a):
    authority = directory_services.authority_create(
        actor=coordinator_a, state=state_a, data={"name": "Ministry", "kind": "ministry"}
    )
    response = send(
        with_token(coordinator_a), "patch", f"/authorities/{authority.public_id}", {"version": 9}
    )
    assert response.status_code == 409
    assert set(response.json()) == {"detail", "current_version", "current"}


def test_a_records_state_forbidding_the_change_is_409_with_its_message(coordinator_a, contact):
    directory_services.contact_retire(actor=coordinator_a, contact=contact, version=1)
    response = send(with_token(coordinator_a), "post", f"/contacts/{contact.public_id}/confirm")
    assert response.status_code == 409
    assert response.json() == {"detail": str(directory_services.ERR_NOT_ACTIVE)}


def test_a_services_validation_error_is_422_naming_each_field(coordinator_a):
    response = send(
        with_token(coordinator_a),
        "post",
        "/contacts",
        {"state": "JAM", "function": "toc_contact", "emails": ["not an address"]},
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["detail"]}
    assert "emails" in fields
    assert all(set(error) == {"field", "message"} for error in response.json()["detail"])


def test_an_authority_the_user_may_not_use_is_a_422_on_its_field(coordinator_a):
    response = send(
        with_token(coordinator_a),
        "post",
        "/contacts",
        {
            "state": "JAM",
            "function": "toc_contact",
            "person_name": "Ana",
            "emails": ["ana@jm.example.org"],
            "authority": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["detail"]] == ["authority"]


def test_a_request_ninja_cannot_read_is_422_in_the_same_shape(coordinator_a, contact):
    response = send(
        with_token(coordinator_a), "patch", f"/contacts/{contact.public_id}", {"title": "X"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "version"


def test_a_refusal_and_a_missing_object_answer_the_same_404(coordinator_b, contact):
    client = with_token(coordinator_b)
    refused = send(client, "patch", f"/contacts/{contact.public_id}", {"version": 1})
    missing = send(client, "patch", f"/contacts/{uuid.uuid4()}", {"version": 1})
    assert (refused.status_code, refused.json()) == (404, NOT_FOUND)
    assert (missing.status_code, missing.json()) == (404, NOT_FOUND)


def test_another_states_proposed_law_is_the_same_404_as_no_law(coordinator_a, coordinator_b):
    law = legislation_services.law_create(
        actor=coordinator_a,
        state=coordinator_a.state,
        data={"title": "Draft Act", "kind": "law", "status": "in_force", "language": "en"},
    )
    assert Law.objects.get(pk=law.pk).is_published is False
    client = with_token(coordinator_b)
    refused = client.get(f"/api/v1/laws/{law.public_id}")
    missing = client.get(f"/api/v1/laws/{uuid.uuid4()}")
    assert (refused.status_code, refused.json()) == (404, NOT_FOUND)
    assert (missing.status_code, missing.json()) == (404, NOT_FOUND)


def test_an_unknown_instrument_or_state_is_a_404_in_the_same_shape(db):
    for path in ("/api/v1/treaties/NOPE/status", "/api/v1/member-states/XXX/treaties"):
        response = Client().get(path)
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_every_operation_with_a_path_parameter_declares_its_404():
    document = api.get_openapi_schema()
    undeclared = [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        if "{" in path
        for method, operation in operations.items()
        if "404" not in {str(status) for status in operation["responses"]}
    ]
    assert undeclared == []


def test_every_409_and_422_declared_has_the_mappings_shape():
    document = api.get_openapi_schema()
    schemas = document["components"]["schemas"]
    for operations in document["paths"].values():
        for operation in operations.values():
            responses = {str(status): answer for status, answer in operation["responses"].items()}
            for status in ("409", "422"):
                if status not in responses:
                    continue
                schema = responses[status]["content"]["application/json"]["schema"]
                refs = [item["$ref"] for item in schema.get("anyOf", [schema])]
                names = {ref.rsplit("/", 1)[-1] for ref in refs}
                assert names <= {"Detail", "FieldErrors", "VersionConflictOut", "ConflictOut"}
                assert all(name in schemas for name in names)


# Where no endpoint raises it today, the mapping is seen on an API of its own.


def test_object_does_not_exist_and_permission_denied_are_404_and_conflicts_409():
    probe = NinjaAPI(urls_namespace="probe")
    api_errors.register(probe)
    raised = {
        "missing": ObjectDoesNotExist("Contact matching query does not exist."),
        "refused": PermissionDenied(),
        "conflict": Conflict("Retired."),
        "invalid": ValidationError("Wrong."),
    }
    request = Client().request().wsgi_request
    answers = {}
    for name, error in raised.items():
        handler = probe._lookup_exception_handler(error)
        assert handler is not None
        response = handler(request, error)
        answers[name] = (response.status_code, json.loads(response.content))
    assert answers == {
        "missing": (404, NOT_FOUND),
        "refused": (404, NOT_FOUND),
        "conflict": (409, {"detail": "Retired."}),
        "invalid": (422, {"detail": [{"field": None, "message": "Wrong."}]}),
    }
