import pytest
from django.db import OperationalError
from django.test import Client

from hemis.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_the_root_sends_a_visitor_to_their_browsers_language():
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/pt/"


@pytest.mark.parametrize(
    "header", ["", "xx-YY", ";;;q=abc", "en;q=1.5,,fr;q=", "*", "é" * 300, "es-419"]
)
def test_a_malformed_accept_language_never_breaks_the_site(header):
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE=header, follow=True)
    assert response.status_code == 200


def test_the_home_page_lists_member_states_by_subregion():
    response = Client().get("/en/")
    groups = {g.subregion.code: [s.iso3 for s in g.states] for g in response.context["groups"]()}
    assert list(groups) == ["north_america", "central_america", "caribbean", "south_america"]
    assert "JAM" in groups["caribbean"] and "BLZ" in groups["central_america"]
    assert sum(len(v) for v in groups.values()) == 35
    assert 'href="/en/states/JAM/"' in response.content.decode()


def test_the_home_page_speaks_the_language_of_its_prefix():
    page = Client().get("/es/").content.decode()
    assert '<html lang="es">' in page
    assert "Trinidad y Tobago" in page
    assert 'hreflang="fr"' in page


def test_the_home_page_is_built_with_few_queries(django_assert_max_num_queries):
    Client().get("/en/")  # warm caches that are not per-request
    with django_assert_max_num_queries(5):
        Client().get("/en/")


def test_a_state_page_shows_its_subregion_and_participation():
    page = Client().get("/fr/states/NIC/").content.decode()
    assert "Nicaragua" in page
    assert "2023" in page


def test_an_unknown_state_is_404():
    assert Client().get("/en/states/XYZ/").status_code == 404


def test_healthz_reports_a_healthy_database():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_cannot_be_reached(monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.parametrize(
    "persona",
    [
        "admin",
        "analyst",
        "coordinator_a",
        "contributor_a",
        "coordinator_b",
        "delegation_reader",
        "anonymous",
    ],
)
def test_every_role_sees_the_home_and_state_pages(personas, persona):
    client = signed_in(personas[persona])
    assert client.get("/en/").status_code == 200
    assert client.get("/en/states/JAM/").status_code == 200


def test_a_coordinator_is_told_which_state_is_theirs(personas):
    own = signed_in(personas["coordinator_a"]).get("/en/states/JAM/")
    other = signed_in(personas["coordinator_a"]).get("/en/states/MEX/")
    assert own.context["is_own_state"] and not other.context["is_own_state"]


def test_navigation_shows_users_and_audit_only_to_those_allowed(personas):
    nav = {name: signed_in(user).get("/en/").context for name, user in personas.items()}
    assert nav["admin"]["nav_can_view_audit"] and nav["admin"]["nav_can_manage_users"]
    assert nav["coordinator_a"]["nav_can_manage_users"]
    assert not nav["coordinator_a"]["nav_can_view_audit"]
    for name in ("analyst", "contributor_a", "delegation_reader", "anonymous"):
        assert not nav[name]["nav_can_manage_users"], name


def test_the_home_page_serves_the_states_from_cache_until_reference_data_changes(
    django_assert_max_num_queries,
):
    from hemis.core.models import Participation

    Client().get("/en/")
    with django_assert_max_num_queries(2):
        Client().get("/en/")
    Participation.objects.filter(state__iso3="JAM").update(ends="2020-01-01")
    assert "not participating" not in _jamaica_item(Client().get("/en/"))  # still cached
    Participation.objects.get(state__iso3="JAM").save()  # a service write clears the cache
    assert "not participating" in _jamaica_item(Client().get("/en/"))


def _jamaica_item(response) -> str:
    page = response.content.decode()
    start = page.index('href="/en/states/JAM/"')
    return page[start : page.index("</li>", start)]
