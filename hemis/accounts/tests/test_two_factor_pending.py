"""Before the second factor, a session reads nothing but the sign-in and two-factor pages.

A coordinator with a confirmed authenticator who has typed only the password is "pending": every
operation of the OpenAPI document answers that session exactly as it answers an anonymous caller,
and every page sends it to the two-factor step.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from hemis.accounts.models import User
from hemis.conftest import signed_in
from hemis.directory.models import Authority, Contact
from hemis.legislation.models import Law, Publication
from hemis.questionnaires.models import Campaign
from hemis.treaties.models import Instrument

pytestmark = pytest.mark.django_db

OPENAPI = "/api/v1/openapi.json"


@pytest.fixture
def demo(db):
    call_command("load_demo_data", stdout=io.StringIO())


def pending_session(email: str) -> Client:
    """Signed in with the password only: the authenticator's code not yet entered."""
    client = Client()
    client.force_login(
        User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def path_values() -> dict[str, str]:
    """Real objects of the demo data, Jamaica's where a state is named: restricted ones first."""
    proposal = Law.objects.filter(state__iso3="JAM").exclude(publication=Publication.PUBLISHED)
    return {
        "contact_id": str(Contact.objects.filter(state__iso3="JAM").first().public_id),
        "authority_id": str(Authority.objects.filter(state__iso3="JAM").first().public_id),
        "law_id": str(proposal.get().public_id),
        "iso3": "JAM",
        "campaign": Campaign.objects.first().code,
        "treaty": Instrument.objects.first().code,
    }


def api_operations(client: Client) -> list[tuple[str, str]]:
    """Every (method, path) of the OpenAPI document, its path parameters filled in."""
    values = path_values()
    document = client.get(OPENAPI).json()
    operations = []
    for template, methods in document["paths"].items():
        # `{code}` is a treaty's code under /treaties/ and a campaign's elsewhere.
        here = {**values, "code": values["treaty" if "/treaties/" in template else "campaign"]}
        path = template.format(**here)
        operations.extend((method.upper(), path) for method in methods)
    return operations


def call(client: Client, method: str, path: str):
    cache.clear()
    if method == "GET":
        return client.get(path)
    return client.generic(method, path, json.dumps({}), content_type="application/json")


@pytest.mark.parametrize("email", ["coordinator.jam@example.org", "admin@example.org"])
def test_a_pending_session_gets_from_every_api_operation_what_an_anonymous_caller_gets(demo, email):
    operations = api_operations(Client())
    assert len(operations) >= 20
    pending, anonymous = pending_session(email), Client()
    differences = []
    for method, path in operations:
        theirs, nobodys = call(pending, method, path), call(anonymous, method, path)
        if (theirs.status_code, theirs.content) != (nobodys.status_code, nobodys.content):
            differences.append(f"{method} {path}: {theirs.status_code} ≠ {nobodys.status_code}")
    assert differences == []


def test_a_pending_session_cannot_read_an_unpublished_proposal(demo):
    law_path = f"/api/v1/laws/{path_values()['law_id']}"
    verified = signed_in(User.objects.get(email="coordinator.jam@example.org"))
    assert verified.get(law_path).status_code == 200
    assert pending_session("coordinator.jam@example.org").get(law_path).status_code == 404


PAGES = [
    "/en/",
    "/en/accounts/profile/",
    "/en/accounts/users/?format=csv",
    "/en/directory/",
    "/en/directory/export?format=xlsx",
    "/en/questionnaires/poa-2026/JAM/",
    "/fr/questionnaires/",
    "/en/laws/",
    "/en/states/JAM/",
]


def test_a_pending_session_is_sent_to_the_second_factor_from_every_page(demo):
    client = pending_session("coordinator.jam@example.org")
    locations = {path: client.get(path).get("Location", "") for path in PAGES}
    assert {
        path: location
        for path, location in locations.items()
        if "/two-factor/?next=" not in location
    } == {}


def test_a_pending_session_asking_for_a_fragment_is_sent_to_the_second_factor_page(demo):
    response = pending_session("coordinator.jam@example.org").get(
        "/en/laws/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/en/accounts/two-factor/?next=")


def test_a_pending_session_reaches_the_two_factor_and_sign_out_pages(demo):
    client = pending_session("coordinator.jam@example.org")
    assert client.get("/en/accounts/two-factor/").status_code == 200
    assert client.post("/en/accounts/sign-out/").status_code == 302
