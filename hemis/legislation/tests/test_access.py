"""Who sees and changes what, for each role, on the pages and in the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hemis.legislation import services

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "admin",
    "analyst",
    "coordinator_a",
    "contributor_a",
    "coordinator_b",
    "delegation_reader",
]
# Who sees Jamaica's proposal: the Secretariat and Jamaica's coordinator.
SEES_PROPOSAL = {"admin", "analyst", "coordinator_a"}
# Who may enter (Secretariat) or propose (coordinators) a law.
ENTERS = {"admin", "analyst", "coordinator_a", "coordinator_b"}


@pytest.fixture
def published(admin, state_b):
    law = services.law_create(
        actor=admin,
        state=state_b,
        data={"title": "Ley de Ejemplo", "kind": "law", "language": "es"},
    )
    services.provision_create(actor=admin, law=law, data={"article": "Art. 1", "text": "Texto."})
    return law


def client(personas, client_for, name):
    from django.test import Client

    return Client() if name == "anonymous" else client_for(personas[name])


@pytest.mark.parametrize("name", PERSONAS)
def test_everyone_reads_published_laws_on_the_pages_and_in_the_api(
    personas, client_for, published, name
):
    c = client(personas, client_for, name)
    provision = published.provisions.get()
    assert c.get(reverse("legislation:index")).status_code == 200
    assert c.get(reverse("legislation:law", args=[published.public_id])).status_code == 200
    assert c.get(reverse("legislation:provision", args=[provision.public_id])).status_code == 200
    assert c.get(f"/api/v1/laws/{published.public_id}").status_code == 200
    assert c.get("/api/v1/laws", {"q": "texto"}).json()["count"] == 1


@pytest.mark.parametrize("name", PERSONAS)
def test_a_proposal_is_a_404_except_for_the_secretariat_and_its_states_coordinator(
    personas, client_for, jamaica_proposal, name
):
    c = client(personas, client_for, name)
    provision = jamaica_proposal.provisions.get()
    expected = 200 if name in SEES_PROPOSAL else 404
    assert (
        c.get(reverse("legislation:law", args=[jamaica_proposal.public_id])).status_code == expected
    )
    assert (
        c.get(reverse("legislation:provision", args=[provision.public_id])).status_code == expected
    )
    # The API reads with the user the page session or token gives; without either it is public.
    assert c.get(f"/api/v1/laws/{jamaica_proposal.public_id}").status_code == expected
    assert c.get("/api/v1/laws", {"q": "firearms"}).json()["count"] == 0
    # Nor does any other way to search: the page, its facets, its exports (cached for everyone).
    listed = str(provision.public_id).encode()
    for path, absent in (("index", listed), ("facets", b"Jamaica"), (("export", "csv"), listed)):
        name_, *args = (path,) if isinstance(path, str) else path
        response = c.get(reverse(f"legislation:{name_}", args=args), {"q": "firearms"})
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200
        assert absent not in body, name_


@pytest.mark.parametrize("name", PERSONAS)
def test_only_the_secretariat_and_coordinators_reach_the_entry_pages(personas, client_for, name):
    c = client(personas, client_for, name)
    response = c.get(reverse("legislation:law_create"))
    if name == "anonymous":
        assert response.status_code == 302  # to sign in
    else:
        assert response.status_code == (200 if name in ENTERS else 404)
    import_page = c.get(reverse("legislation:import"))
    assert import_page.status_code == (
        302 if name == "anonymous" else 200 if name in {"admin", "analyst"} else 404
    )


@pytest.mark.parametrize("name", PERSONAS)
def test_only_the_secretariat_edits_a_published_law(personas, client_for, published, name):
    c = client(personas, client_for, name)
    response = c.get(reverse("legislation:law_edit", args=[published.public_id]))
    if name == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if name in {"admin", "analyst"} else 404)
    provision = published.provisions.get()
    response = c.post(reverse("legislation:provision_delete", args=[provision.public_id]))
    assert response.status_code in ((302,) if name in {"anonymous", "admin", "analyst"} else (404,))
    assert published.provisions.exists() == (name not in {"admin", "analyst"})


@pytest.mark.parametrize("name", PERSONAS)
def test_only_jamaicas_coordinator_and_the_secretariat_edit_jamaicas_proposal(
    personas, client_for, jamaica_proposal, name
):
    c = client(personas, client_for, name)
    response = c.post(
        reverse("legislation:law_edit", args=[jamaica_proposal.public_id]),
        {
            "version": 1,
            "title": "Changed (Example)",
            "kind": "law",
            "status": "in_force",
            "language": "en",
        },
    )
    jamaica_proposal.refresh_from_db()
    if name in SEES_PROPOSAL:
        assert response.status_code == 302
        assert jamaica_proposal.title == "Changed (Example)"
    else:
        assert response.status_code == (302 if name == "anonymous" else 404)
        assert jamaica_proposal.title != "Changed (Example)"


@pytest.mark.parametrize("name", PERSONAS)
def test_only_the_secretariat_validates(personas, client_for, jamaica_proposal, name):
    c = client(personas, client_for, name)
    c.post(reverse("legislation:law_validate", args=[jamaica_proposal.public_id]), {"version": 1})
    jamaica_proposal.refresh_from_db()
    assert jamaica_proposal.is_published == (name in {"admin", "analyst"})


def test_a_coordinator_proposes_through_the_form_only_for_their_own_state(
    client_for, coordinator_b
):
    page = client_for(coordinator_b).get(reverse("legislation:law_create")).content.decode()
    assert 'value="MEX"' in page and 'value="JAM"' not in page


def test_a_token_gives_the_api_the_same_rights_as_the_pages(
    coordinator_a, coordinator_b, jamaica_proposal, client
):
    from hemis.accounts.services import api_token_create

    own = api_token_create(actor=coordinator_a, name="test")[1]
    other = api_token_create(actor=coordinator_b, name="test")[1]
    url = f"/api/v1/laws/{jamaica_proposal.public_id}"
    assert client.get(url).status_code == 404
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {own}").status_code == 200
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 404
