"""No query string is a server error, on any page or API read: property-based (Hypothesis).

The pages are listed from the URL configuration (those whose path parameters reference data
fills) and the API's reads from its OpenAPI document, so a new page or operation is covered
without being named here. Each gets query strings of known and unknown parameters, repeated,
with huge and negative numbers, long texts and text no database stores.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import get_resolver
from django.urls.resolvers import URLResolver
from hypothesis import given
from hypothesis import strategies as st

from hemis.api.api import api
from hemis.conftest import signed_in
from hemis.directory.tests.test_api import with_token
from hemis.testing.properties import PROPERTY, VALUES, encoded

pytestmark = pytest.mark.django_db

# Path parameters filled from the reference data that every database holds.
FILL = {"iso3": "JAM", "code": "UNTOC", "fmt": "csv", "format": "csv"}
# Renderings far slower than a page (PDF, DOCX) have their own tests of their parameters.
SLOW = (".pdf", ".docx")
PARAMETERS = [
    "q", "page", "page_size", "year", "state", "subregion", "area", "article", "issue", "lang",
    "language", "status", "kind", "sort", "more", "format", "instrument", "function", "stale",
    "role", "actor", "object_type", "object_id", "date_from", "date_to", "section", "next",
    "facet_size", "view",
]  # fmt: skip
QUERIES = st.one_of(
    # Every known parameter at once, with one value: a page reads the ones it knows.
    VALUES.map(lambda value: [(name, value) for name in PARAMETERS]),
    # A few parameters, known or not, repeated or not.
    st.lists(
        st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=8)), VALUES), max_size=6
    ),
)


def query_string(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{encoded(name)}={encoded(value)}" for name, value in pairs)


def page_paths() -> list[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), set(pattern.pattern.converters)

    paths = []
    for route, names in walk(get_resolver().url_patterns):
        if route.startswith("api/") or not names <= set(FILL) or route.endswith(SLOW):
            continue
        paths.append("/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: FILL[m.group(1)], route))
    return sorted(set(paths))


def api_reads() -> list[str]:
    document = api.get_openapi_schema()
    return sorted(
        path.replace("{code}", "UNTOC").replace("{iso3}", "JAM")
        for path, operations in document["paths"].items()
        if "get" in operations and not re.search(r"\{(?!code\}|iso3\})", path)
    )


def assert_no_server_error(client: Client, path: str, pairs) -> None:
    response = client.get(f"{path}?{query_string(pairs)}")
    assert response.status_code < 500, (path, pairs, response.status_code)


def test_the_page_list_covers_the_modules_pages():
    paths = page_paths()
    for expected in ("/en/laws/", "/en/directory/", "/en/treaties/UNTOC/JAM/", "/en/audit/"):
        assert expected in paths
    assert "/api/v1/laws" in api_reads() and "/api/v1/contacts" in api_reads()


@pytest.mark.parametrize("path", page_paths())
@PROPERTY
@given(pairs=QUERIES)
def test_no_query_string_is_a_server_error_on_a_page(admin, path, pairs):
    assert_no_server_error(signed_in(admin), path, pairs)


@pytest.mark.parametrize("path", api_reads())
@PROPERTY
@given(pairs=QUERIES)
def test_no_query_string_is_a_server_error_in_the_api_without_a_token(db, path, pairs):
    assert_no_server_error(Client(), path, pairs)


@pytest.fixture
def admin_api(admin) -> Client:
    return with_token(admin)


@pytest.mark.parametrize("path", api_reads())
@PROPERTY
@given(pairs=QUERIES)
def test_no_query_string_is_a_server_error_in_the_api_with_a_token(admin_api, path, pairs):
    assert_no_server_error(admin_api, path, pairs)


# The cases seen as server errors, kept as examples.


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/laws?year=99999999999999999999",
        "/api/v1/laws?year=-5&page=99999999999999999999",
        "/en/laws/?year=99999999999999999999",
        "/en/laws/facets/?year=99999999999999999999&page=-1",
        "/en/laws/export.csv?year=99999999999999999999",
    ],
)
def test_a_huge_year_or_page_of_a_law_search_is_no_filter_not_an_error(db, path):
    response = Client().get(path)
    assert response.status_code in (200, 422)


@pytest.mark.parametrize("path", ["/api/v1/contacts", "/api/v1/authorities"])
@pytest.mark.parametrize("page", ["3337412182213539840", "10001", "99999999999999999999999"])
def test_a_page_beyond_the_last_page_a_list_may_have_is_a_422_naming_it(admin_api, path, page):
    response = admin_api.get(path, {"page": page})
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["detail"]] == ["page"]


@pytest.mark.parametrize("path", ["/en/directory/", "/en/accounts/users/", "/en/audit/"])
def test_a_huge_page_of_a_list_page_shows_its_last_page(admin, path):
    response = signed_in(admin).get(path, {"page": "9" * 30})
    assert response.status_code == 200


@pytest.mark.parametrize("target", ["0", "home", "core:home", "accounts:login"])
def test_a_next_that_is_not_a_path_is_ignored_not_looked_up_as_a_view(admin, target):
    response = signed_in(admin).get("/en/accounts/two-factor/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/en/"
