import pytest
from django.test import Client

from hemis.accounts import services

pytestmark = pytest.mark.django_db


def test_member_states_are_public_with_iso_codes_subregion_and_participation():
    response = Client().get("/api/v1/member-states")
    assert response.status_code == 200
    states = {s["iso3"]: s for s in response.json()}
    assert len(states) == 35
    assert states["JAM"] == {
        "iso3": "JAM",
        "iso2": "JM",
        "name": "Jamaica",
        "subregion": "caribbean",
        "participating": True,
    }
    assert states["NIC"]["participating"] is False


@pytest.mark.parametrize(
    ("lang", "name"),
    [
        ("es", "San Cristóbal y Nieves"),
        ("fr", "Saint-Christophe-et-Niévès"),
        ("pt", "São Cristóvão e Névis"),
        ("en", "Saint Kitts and Nevis"),
    ],
)
def test_member_state_names_follow_the_lang_parameter(lang, name):
    states = {s["iso3"]: s for s in Client().get("/api/v1/member-states", {"lang": lang}).json()}
    assert states["KNA"]["name"] == name


def test_an_unknown_lang_falls_back_to_english():
    states = Client().get("/api/v1/member-states", {"lang": "xx"}).json()
    assert any(s["name"] == "Saint Lucia" for s in states)


def test_me_answers_401_without_a_token():
    response = Client().get("/api/v1/me")
    assert response.status_code == 401


def test_me_answers_401_with_a_clear_message_for_a_bad_token():
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer hemis_not-a-real-token")
    assert response.status_code == 401
    assert "not valid" in response.json()["detail"]


def test_me_gives_the_tokens_user_roles_and_state(coordinator_a):
    _token, key = services.api_token_create(actor=coordinator_a, name="script")
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json() == {
        "email": coordinator_a.email,
        "full_name": "",
        "roles": ["state_coordinator"],
        "state": "JAM",
    }


def test_a_deactivated_users_token_stops_working(coordinator_a):
    _token, key = services.api_token_create(actor=coordinator_a, name="script")
    coordinator_a.is_active = False
    coordinator_a.save()
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_the_openapi_document_describes_the_endpoints_and_bearer_auth():
    document = Client().get("/api/v1/openapi.json").json()
    assert {"/api/v1/member-states", "/api/v1/me"} <= set(document["paths"])
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_the_interactive_docs_are_served_without_a_cdn():
    page = Client().get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page


def test_a_malformed_request_gets_a_422_naming_the_field(contributor_a):
    _token, key = services.api_token_create(actor=contributor_a, name="script")
    response = Client().patch(
        "/api/v1/contacts/00000000-0000-0000-0000-000000000000",
        data={"version": "not a number"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "version"
