"""Search results as CSV and XLSX, the public API, the state page panel and the demo data."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from hemis.core.models import ThematicArea
from hemis.legislation.models import (
    ConventionArticle,
    CrossCuttingIssue,
    Law,
    Provision,
    Publication,
)

pytestmark = pytest.mark.django_db


def test_the_results_download_as_csv_with_the_same_filters(client, corpus):
    response = client.get(reverse("legislation:export", args=["csv"]), {"q": "tráfico ilícito"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["State", "Law", "Title in English"]
    assert sorted(row[8] for row in rows[1:]) == ["Artículo 116", "Artículo 3"]
    assert {row[0] for row in rows[1:]} == {"Argentina"}


def test_the_results_download_as_xlsx(client, corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(
            reverse("legislation:export", args=["xlsx"]), {"area": "money_laundering"}
        )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][9] == "Text of the extract"
    assert len(rows) == 5
    assert {r[7] for r in rows[1:]} == {"es", "en", "fr", "pt"}


def test_an_unknown_export_format_is_a_404(client):
    assert client.get(reverse("legislation:export", args=["pdf"])).status_code == 404


def test_the_api_searches_with_facets_and_highlights_without_a_token(client, corpus):
    body = client.get("/api/v1/laws", {"q": "trafico ilicito", "state": "ARG"}).json()
    assert body["count"] == 2 and body["pages"] == 1
    hit = next(r for r in body["results"] if r["article"] == "Artículo 116")
    assert "<mark>tráfico</mark> <mark>ilícito</mark>" in hit["highlight"]
    assert hit["law"]["state"] == "ARG" and hit["law"]["language"] == "es"
    assert hit["convention_articles"] == ["som-6"]
    assert {f["value"]: f["count"] for f in body["facets"]["kind"]} == {"law": 1, "decree": 1}
    assert body["facets"]["state"] == [{"value": "ARG", "label": "Argentina", "count": 2}]


def test_the_api_gives_the_largest_facet_values_and_the_rest_on_request(client, corpus):
    body = client.get("/api/v1/laws", {"facet_size": 2}).json()
    assert [f["value"] for f in body["facets"]["state"]] == ["ARG", "BRA"]
    assert body["facet_values"]["state"] == 6
    assert len(client.get("/api/v1/laws").json()["facets"]["state"]) == 6  # 10 by default
    assert client.get("/api/v1/laws", {"facet_size": 0}).json()["facets"] == {}
    assert client.get("/api/v1/laws", {"facet_size": 501}).status_code == 422


def test_a_repeated_search_is_answered_without_a_query_until_the_laws_change(
    client, corpus, admin, django_assert_num_queries
):
    from hemis.legislation import services

    for path in ("/api/v1/laws", reverse("legislation:index"), reverse("legislation:facets")):
        client.get(path, {"q": "blanchiment"})
        with django_assert_num_queries(0):
            assert client.get(path, {"q": "blanchiment"}).status_code == 200
    provision = Provision.objects.get(public_id=corpus["fr-blanchiment"])
    services.provision_update(actor=admin, provision=provision, version=1, data={"text": "Autre."})
    body = client.get("/api/v1/laws", {"q": "blanchiment"}).json()
    assert "Autre" in body["results"][0]["text"]
    assert (
        "Autre" in client.get(reverse("legislation:index"), {"q": "blanchiment"}).content.decode()
    )


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"area": "money_laundering"}, 4),
        ({"article": "untoc-6"}, 3),
        ({"lang": "pt"}, 2),
        ({"state": "jam"}, 2),
    ],
)
def test_the_api_filters_by_area_article_language_and_state(client, corpus, params, count):
    assert client.get("/api/v1/laws", params).json()["count"] == count


def test_the_api_gives_a_law_with_its_provisions(client, corpus):
    law = Law.objects.get(title__startswith="Trafficking")
    body = client.get(f"/api/v1/laws/{law.public_id}").json()
    assert body["title"] == law.title and body["publication"] == "published"
    assert body["provisions"][0]["cross_cutting_issues"] == ["victim_protection"]
    assert client.get("/api/v1/laws/00000000-0000-0000-0000-000000000000").status_code == 404


def test_the_api_is_documented(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/laws" in paths and "/api/v1/laws/{law_id}" in paths


def test_the_state_page_counts_the_states_published_laws(client, corpus, jamaica_proposal):
    page = client.get(reverse("core:state", args=["JAM"])).content.decode()
    assert "2 published laws in the database of domestic laws." in page
    assert reverse("legislation:index") + "?state=JAM" in page


def test_the_demo_covers_every_facet_value_and_loads_once(db):
    from hemis.accounts import demo as accounts_demo
    from hemis.legislation import demo

    accounts_demo.load(stdout=io.StringIO())
    out = io.StringIO()
    demo.load(stdout=out)
    assert "1 proposal of Jamaica" in out.getvalue()
    published = Law.objects.filter(publication=Publication.PUBLISHED)
    counts = Law.objects.count(), Provision.objects.count()
    demo.load(stdout=out)
    assert (Law.objects.count(), Provision.objects.count()) == counts
    assert all(
        "Example" in law.title
        or "Ejemplo" in law.title
        or "exemple" in law.title.lower()
        or "Exemplo" in law.title
        for law in Law.objects.all()
    )
    provisions = Provision.objects.filter(law__publication=Publication.PUBLISHED)
    assert set(provisions.values_list("thematic_areas__code", flat=True)) >= set(
        ThematicArea.objects.values_list("code", flat=True)
    )
    assert set(provisions.values_list("convention_articles__code", flat=True)) >= set(
        ConventionArticle.objects.values_list("code", flat=True)
    )
    assert set(provisions.values_list("cross_cutting_issues__code", flat=True)) >= set(
        CrossCuttingIssue.objects.values_list("code", flat=True)
    )
    assert set(published.values_list("kind", flat=True)) == {
        "constitution",
        "code",
        "law",
        "decree",
        "regulation",
    }
    assert set(published.values_list("status", flat=True)) == {"in_force", "amended", "repealed"}
    assert set(published.values_list("language", flat=True)) == {"en", "es", "fr", "pt"}
    assert set(published.values_list("state__subregion__code", flat=True)) == {
        "north_america",
        "central_america",
        "caribbean",
        "south_america",
    }
    proposal = Law.objects.get(publication=Publication.PROPOSED)
    assert proposal.state.iso3 == "JAM" and proposal.proposed_by.role == "state_coordinator"
