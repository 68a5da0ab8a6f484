"""Search in four languages: the same corpus and the same expectations on SQLite and PostgreSQL.

CI runs this file on both databases; every expectation below must hold on each.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from hemis.core import search
from hemis.core.search.text import Term, lexemes, parse
from hemis.legislation.selectors import SearchFilters, provision_search

pytestmark = pytest.mark.django_db

EXPECTED = [
    # Spanish: stemming, case and the stop word "de".
    ("lavado de activos", {"es-lavado"}),
    ("Lavado de Activo", {"es-lavado"}),
    ("LAVADO DE ACTIVOS", {"es-lavado"}),
    # Spanish: accents in the query or in the text do not matter.
    ("tráfico ilícito", {"es-trafico", "es-armas"}),
    ("trafico ilicito", {"es-trafico", "es-armas"}),
    # English stemming: trafficking finds trafficked.
    ("trafficking", {"en-trafficked"}),
    ("trafficked", {"en-trafficked"}),
    # The English title of a law in another language is searched with English stemming.
    ("migration", {"es-trafico"}),
    # French and Portuguese.
    ("blanchiment", {"fr-blanchiment"}),
    ("victime", {"fr-traite"}),
    ("lavagem de dinheiro", {"pt-lavagem"}),
    ("infração penal", {"pt-lavagem"}),
    ("INFRACAO", {"pt-lavagem"}),
    # The syntax: a phrase, alternatives, an excluded word.
    ('"money laundering"', {"en-laundering"}),
    ('"laundering money"', set()),
    ("laundering OR blanchiment", {"en-laundering", "fr-blanchiment"}),
    ("tráfico -armas", {"es-trafico", "pt-trafico"}),
    # Nothing searchable (stop words only), or nothing found.
    ("de la", set()),
    ("xylophone", set()),
]


def found(corpus, **filters) -> set[str]:
    keys = {v: k for k, v in corpus.items()}
    results = provision_search(viewer=None, filters=SearchFilters(**filters))
    assert results.total == len(results.hits)
    return {keys[str(hit.provision.public_id)] for hit in results.hits}


@pytest.mark.parametrize(("q", "expected"), EXPECTED)
def test_each_query_finds_the_same_provisions_on_every_database(corpus, q, expected):
    assert found(corpus, q=q) == expected


def marked(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


@pytest.mark.parametrize(
    ("q", "key", "title_words", "text_words"),
    [
        ("trafficking", "en-trafficked", ["Trafficking"], ["trafficked"]),
        ("trafico ilicito", "es-trafico", [], ["tráfico", "ilícito"]),
        ("tráfico ilícito", "es-armas", [], ["trafico", "ilicito"]),
        ("lavado de activos", "es-lavado", ["Lavado", "Activo"], []),
        ("blanchiment", "fr-blanchiment", ["blanchiment"], ["blanchiment"]),
    ],
)
def test_it_highlights_the_matching_words_in_the_title_and_the_extract(
    corpus, q, key, title_words, text_words
):
    results = provision_search(viewer=None, filters=SearchFilters(q=q))
    hit = next(h for h in results.hits if str(h.provision.public_id) == corpus[key])
    assert marked(hit.title_html) == title_words
    assert marked(hit.text_html) == text_words


def test_highlights_escape_the_text_of_the_law(admin):
    from hemis.legislation.tests.conftest import CORPUS, make_law

    CORPUS["html"] = (
        "JAM",
        "en",
        "Example <b>Act</b>",
        "",
        "law",
        "in_force",
        "2001-01-01",
        "Section 1",
        "Laundering <script>alert(1)</script> money.",
        "",
        "",
        "",
    )
    try:
        make_law(admin, "html")
    finally:
        del CORPUS["html"]
    hit = provision_search(viewer=None, filters=SearchFilters(q="laundering")).hits[0]
    # PostgreSQL's ts_headline drops what it reads as tags; SQLite's passage escapes them.
    assert "<script>" not in hit.text_html
    assert hit.text_html.startswith("<mark>Laundering</mark>")
    assert "&lt;b&gt;" in hit.title_html


def test_facets_count_the_matching_provisions_by_every_dimension(corpus):
    results = provision_search(viewer=None, filters=SearchFilters(q="tráfico"))
    counts = {name: {v.value: v.count for v in f.values} for name, f in results.facets.items()}
    assert counts["state"] == {"ARG": 2, "BRA": 1}
    assert counts["subregion"] == {"south_america": 3}
    assert counts["lang"] == {"es": 2, "pt": 1}
    assert counts["status"] == {"in_force": 2, "amended": 1}
    assert counts["kind"] == {"law": 1, "decree": 1, "code": 1}
    assert counts["year"] == {"2004": 1, "2015": 1, "1940": 1}
    assert counts["area"] == {
        "smuggling_of_migrants": 1,
        "firearms": 1,
        "trafficking_in_persons": 1,
    }
    assert counts["article"] == {"som-6": 1, "firearms-5": 1, "tip-5": 1}
    assert counts["issue"] == {"international_cooperation": 1}
    labels = {v.value: v.label for v in results.facets["state"].values}
    assert labels["ARG"] == "Argentina"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"state": "JAM"}, {"en-trafficked", "en-laundering"}),
        ({"subregion": "caribbean"}, {"en-trafficked", "en-laundering", "fr-blanchiment"}),
        (
            {"area": "money_laundering"},
            {"es-lavado", "en-laundering", "fr-blanchiment", "pt-lavagem"},
        ),
        ({"article": "untoc-6"}, {"es-lavado", "fr-blanchiment", "pt-lavagem"}),
        ({"issue": "victim_protection"}, {"en-trafficked", "fr-traite"}),
        ({"lang": "fr"}, {"fr-blanchiment", "fr-traite"}),
        ({"status": "repealed"}, {"fr-blanchiment"}),
        ({"kind": "code"}, {"fr-traite", "pt-trafico"}),
        ({"year": "2007"}, {"en-trafficked", "en-laundering"}),
        ({"q": "laundering OR lavado OR blanchiment OR lavagem", "lang": "es"}, {"es-lavado"}),
    ],
)
def test_each_facet_value_narrows_the_results(corpus, filters, expected):
    assert found(corpus, **filters) == expected


def test_results_sort_by_date_newest_first_or_by_relevance(corpus):
    by_date = provision_search(viewer=None, filters=SearchFilters(sort="date")).hits
    years = [h.law.enacted_on.year for h in by_date]
    assert years == sorted(years, reverse=True)
    ranked = provision_search(viewer=None, filters=SearchFilters(q="blanchiment OR capitaux"))
    assert [h.rank for h in ranked.hits] == sorted((h.rank for h in ranked.hits), reverse=True)


def test_results_are_paginated(corpus, monkeypatch):
    first = provision_search(viewer=None, filters=SearchFilters(sort="date"), page_size=4)
    third = provision_search(viewer=None, filters=SearchFilters(sort="date", page=3), page_size=4)
    assert len(first.hits) == 4 and len(third.hits) == 1
    assert first.total == third.total == 9


def test_proposals_are_searchable_only_once_validated(admin, corpus, jamaica_proposal):
    from hemis.legislation import services

    assert found(corpus, q="traffic firearms") == set()
    services.law_validate(actor=admin, law=jamaica_proposal, version=jamaica_proposal.version)
    hits = provision_search(viewer=None, filters=SearchFilters(q="traffic firearms")).hits
    assert [h.law for h in hits] == [jamaica_proposal]


def test_a_change_to_a_law_is_searchable_at_once(admin, corpus):
    from hemis.legislation import services
    from hemis.legislation.models import Law

    law = Law.objects.get(title__startswith="Proceeds of Crime")
    services.law_update(
        actor=admin, law=law, version=law.version, data={"title": "Asset Recovery Act"}
    )
    assert found(corpus, q="asset recovery") == {"en-laundering"}
    assert found(corpus, q="proceeds") == set()


def test_each_provision_keeps_a_copy_of_its_laws_values_and_its_tags(admin, corpus):
    from hemis.legislation import services
    from hemis.legislation.models import Law, Provision

    provision = Provision.objects.get(public_id=corpus["es-lavado"])
    assert (provision.published, provision.state_code, provision.language) == (True, "MEX", "es")
    assert (provision.law_status, provision.law_kind, provision.year) == ("in_force", "law", 2012)
    assert provision.tag_codes == [
        "area:money_laundering",
        "article:untoc-6",
        "issue:liability_legal_persons",
    ]
    law = Law.objects.get(pk=provision.law_id)
    services.law_update(
        actor=admin, law=law, version=law.version, data={"status": "repealed", "kind": "code"}
    )
    services.provision_update(
        actor=admin,
        provision=provision,
        version=provision.version,
        data={"thematic_areas": "drugs;money_laundering", "cross_cutting_issues": ""},
    )
    provision.refresh_from_db()
    assert (provision.law_status, provision.law_kind) == ("repealed", "code")
    assert provision.tag_codes == ["area:drugs", "area:money_laundering", "article:untoc-6"]
    assert found(corpus, status="repealed", area="drugs") == {"es-lavado"}


def test_a_proposals_provisions_are_counted_once_it_is_validated(admin, jamaica_proposal):
    from hemis.legislation import services
    from hemis.legislation.models import Provision

    assert not Provision.objects.filter(law=jamaica_proposal, published=True).exists()
    assert provision_search(viewer=None, filters=SearchFilters(state="JAM")).total == 0
    services.law_validate(actor=admin, law=jamaica_proposal, version=jamaica_proposal.version)
    assert Provision.objects.filter(law=jamaica_proposal).first().published
    results = provision_search(viewer=None, filters=SearchFilters(state="JAM"))
    assert results.total >= 1
    assert {v.value: v.count for v in results.facets["state"].values} == {"JAM": results.total}


def test_a_removed_provision_is_no_longer_found(admin, corpus):
    from hemis.legislation import services
    from hemis.legislation.models import Provision

    services.provision_delete(
        actor=admin, provision=Provision.objects.get(public_id=corpus["fr-traite"])
    )
    assert found(corpus, q="victime") == set()


def test_the_search_page_shows_highlights_and_facets_in_few_queries(
    client, corpus, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("legislation:index"), {"q": "lavado de activos"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<mark>Lavado</mark>" in page
    assert "1 provision found" in page
    # The facets come after the results, from their own address (htmx, or a plain link).
    facets_url = reverse("legislation:facets") + "?q=lavado+de+activos"
    assert f'hx-get="{facets_url}"' in page and f'href="{facets_url}"' in page
    with django_assert_max_num_queries(3):  # the search itself is cached by the page
        fragment = client.get(facets_url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert "?q=lavado+de+activos&amp;state=MEX" in fragment
    whole = client.get(facets_url).content.decode()
    assert "<html" in whole and "?q=lavado+de+activos&amp;state=MEX" in whole


def test_the_page_names_the_chosen_facet_values_with_a_link_removing_each(client, corpus):
    page = client.get(reverse("legislation:index"), {"q": "tráfico", "state": "ARG"})
    assert "Member state: Argentina" in page.content.decode()
    assert "?q=tr%C3%A1fico" in page.content.decode()


def test_facets_show_their_largest_values_and_the_rest_on_request(client, corpus, monkeypatch):
    from hemis.legislation import selectors

    monkeypatch.setattr(selectors, "FACET_SIZE", 2)
    results = provision_search(viewer=None, filters=SearchFilters(), facet_size=2)
    states = results.facets["state"]
    assert [v.value for v in states.values] == ["ARG", "BRA"]  # 2 each, then by name
    assert states.total == 6 and states.more == 4
    chosen = provision_search(viewer=None, filters=SearchFilters(state="MEX"), facet_size=2)
    assert [v.value for v in chosen.facets["state"].values] == ["MEX"]
    everything = provision_search(viewer=None, filters=SearchFilters(), facet_size=2, more="state")
    assert len(everything.facets["state"].values) == 6
    assert len(everything.facets["lang"].values) == 2

    url = reverse("legislation:facets")
    page = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "4 more values" in page and f'hx-get="{url}?&amp;more=state"' in page
    page = client.get(url, {"more": "state"}, headers={"HX-Request": "true"}).content.decode()
    assert "state=HTI" in page and "more=state" not in page


def test_the_search_page_costs_the_same_queries_for_more_results(
    client, corpus, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("legislation:index"))
    assert response.status_code == 200


# The query syntax, parsed once for both databases


def test_the_parser_reads_words_phrases_alternatives_and_exclusions():
    query = parse('lavado "de activos" -terrorismo OR blanqueo')
    assert query.groups == (
        (Term(("lavado",)), Term(("de", "activos")), Term(("terrorismo",), negated=True)),
        (Term(("blanqueo",)),),
    )


def test_a_group_with_only_excluded_words_is_dropped():
    assert not parse("-terrorismo")
    assert parse("-terrorismo OR lavado").groups == ((Term(("lavado",)),),)


def test_stemming_and_folding_follow_each_language():
    assert lexemes("spanish", "Lavado de Activos ILÍCITOS") == ["lav", "activ", "ilicit"]
    assert lexemes("english", "Trafficking, trafficked") == ["traffick", "traffick"]
    assert lexemes("simple", "Œuvre") == ["oeuvre"]


def test_the_backend_matches_the_database_in_use():
    from django.db import connection

    assert search.backend().vendor == connection.vendor


def test_a_repeated_search_is_served_from_the_cache_until_the_laws_change(
    admin, corpus, django_assert_num_queries
):
    from hemis.legislation import services
    from hemis.legislation.models import Provision

    filters = SearchFilters(q="blanchiment")
    provision_search(viewer=None, filters=filters)
    with django_assert_num_queries(0):
        again = provision_search(viewer=None, filters=filters)
    assert again.total == 1
    provision = Provision.objects.get(public_id=corpus["fr-blanchiment"])
    services.provision_update(actor=admin, provision=provision, version=1, data={"text": "Autre."})
    assert provision_search(viewer=None, filters=SearchFilters(q="capitaux")).total == 1
    assert "capitaux" not in provision_search(viewer=None, filters=filters).hits[0].text_html
