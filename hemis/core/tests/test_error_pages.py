"""Error pages in hemis's layout and the reader's language, with a way on; JSON under /api/."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from hemis.conftest import signed_in
from hemis.core import errors

# (language, title of the 404, of the 403, of the 400, of the 500, "Go to the home page")
TEXTS = {
    "en": (
        "Page not found",
        "The form could not be sent",
        "Bad request",
        "Something went wrong",
        "Go to the home page",
    ),
    "es": (
        "Página no encontrada",
        "No se pudo enviar el formulario",
        "Solicitud incorrecta",
        "Algo salió mal",
        "Ir a la página de inicio",
    ),
    "fr": (
        "Page introuvable",
        "Le formulaire n’a pas pu être envoyé",
        "Requête incorrecte",
        "Une erreur s’est produite",
        "Aller à la page d’accueil",
    ),
    "pt": (
        "Página não encontrada",
        "Não foi possível enviar o formulário",
        "Pedido inválido",
        "Algo deu errado",
        "Ir para a página inicial",
    ),
}
LANGUAGES = list(TEXTS)


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def in_layout(html: str, language: str) -> bool:
    return f'<html lang="{language}">' in html and 'class="site-header"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_page_is_hemis_404_in_the_language_of_the_url(language):
    response = Client().get(f"/{language}/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert in_layout(html, language)
    assert TEXTS[language][0] in html and TEXTS[language][4] in html
    assert f'href="/{language}/accounts/sign-in/?next=' in html
    assert 'aria-label="Main"' in html or "main-nav" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_without_a_language_in_the_url_the_404_speaks_the_browsers_language(language):
    response = Client(headers={"accept-language": language}).get("/no-such-page/")
    assert response.status_code == 404
    assert in_layout(response.content.decode(), language)
    assert TEXTS[language][0] in response.content.decode()


@pytest.mark.django_db
def test_another_states_object_is_hemis_404_and_offers_no_sign_in_to_a_signed_in_user(
    coordinator_a, coordinator_b
):
    response = signed_in(coordinator_b).get(f"/es/accounts/users/{coordinator_a.public_id}/")
    html = response.content.decode()
    assert response.status_code == 404
    assert in_layout(html, "es") and TEXTS["es"][0] in html
    assert "/accounts/sign-in/" not in html


@pytest.mark.django_db
def test_a_refusal_of_a_permission_answers_404_not_403(personas, state_a):
    from hemis.conftest import make_user

    fellow = make_user("fellow@test.example.org", "state_coordinator", state_a)
    response = signed_in(personas["coordinator_a"]).post(
        f"/fr/accounts/users/{fellow.public_id}/", {"role": "state_contributor", "state": "JAM"}
    )
    assert response.status_code == 404
    assert TEXTS["fr"][0] in response.content.decode()


@pytest.mark.django_db
def test_a_permission_denied_anywhere_is_answered_with_the_404_page():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/pt/anything/")
    request.user = AnonymousUser()
    response = errors.permission_denied(request)
    assert response.status_code == 404
    assert TEXTS["pt"][0] in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_without_its_csrf_token_gets_hemis_403(language):
    response = Client(enforce_csrf_checks=True).post(
        f"/{language}/accounts/sign-in/", {"username": "a@example.org", "password": "x"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert in_layout(html, language) and TEXTS[language][1] in html and TEXTS[language][4] in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_bad_request_gets_hemis_400(language):
    response = Client(headers={"host": "not-an-allowed-host.example"}).get(f"/{language}/")
    html = response.content.decode()
    assert response.status_code == 400
    assert in_layout(html, language) and TEXTS[language][2] in html and TEXTS[language][4] in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_server_error_gets_hemis_500(monkeypatch, language):
    def broken():
        raise RuntimeError("the cache is on fire")

    monkeypatch.setattr("hemis.core.selectors.state_cache_key", broken)
    response = Client(raise_request_exception=False).get(f"/{language}/")
    html = response.content.decode()
    assert response.status_code == 500
    assert in_layout(html, language) and TEXTS[language][3] in html
    assert f'href="/{language}/"' in html
    assert "the cache is on fire" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_500_page_needs_no_database_and_no_request_context(language):
    # No django_db mark: any query would fail this test.
    request = RequestFactory().get(f"/{language}/laws/")
    response = errors.server_error(request)
    assert response.status_code == 500
    assert TEXTS[language][3] in response.content.decode()
    assert translation.get_language() in (None, "en", "en-us")


@pytest.mark.django_db
def test_api_errors_stay_json():
    missing = Client().get("/api/v1/no-such-endpoint")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not Found"}
    for handler, status in [(errors.bad_request, 400), (errors.server_error, 500)]:
        response = handler(RequestFactory().get("/api/v1/laws"))
        assert (response.status_code, response["Content-Type"]) == (status, "application/json")


@pytest.mark.django_db
def test_no_api_operation_declares_a_403():
    document = Client().get("/api/v1/openapi.json").json()
    declared = [
        f"{method.upper()} {path}"
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
        if "403" in operation.get("responses", {})
    ]
    assert declared == []
