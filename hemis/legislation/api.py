"""The database of laws in the JSON API: public search with facets and highlights, and a law.

Published laws need no token. Reads go through the same selectors and access helpers as the
pages, so a proposal is a 404 here for everyone but the Secretariat and its state's coordinator
(with their token).
"""

# No `from __future__ import annotations`: ninja must resolve `Query[...]` in the signatures.
import datetime as dt
import uuid

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel

from hemis.core import limits
from hemis.core.api_errors import Detail
from hemis.legislation import access, selectors
from hemis.legislation.models import Law, Provision
from hemis.legislation.selectors import FACET_SIZE, FACETS, PAGE_SIZE, SearchFilters

router = Router(tags=["legislation"])


class SearchParams(Schema):
    q: str = Field("", description='Words; "a phrase", OR, -excluded. Any of the 4 languages.')
    state: str = Field("", description="ISO 3166 alpha-3 code of a member state.")
    subregion: str = Field("", description="Subregion code, for example caribbean.")
    area: str = Field("", description="Thematic area code, for example money_laundering.")
    article: str = Field("", description="UNTOC or Protocol article code, for example untoc-6.")
    issue: str = Field("", description="Cross-cutting issue code, for example jurisdiction.")
    lang: str = Field("", description="ISO 639-1 code of the law's language.")
    status: str = Field("", description="in_force, amended or repealed.")
    kind: str = Field("", description="constitution, code, law, decree or regulation.")
    year: str = Field("", description="Year of enactment.")
    sort: str = Field("", description="relevance (default with words) or date.")
    page: int = Field(1, ge=1, le=limits.MAX_PAGE)
    facet_size: int = Field(
        FACET_SIZE,
        ge=0,
        le=500,
        description="Values given per facet, largest counts first (years: newest first); "
        "a chosen value is always given. `facet_values` says how many each facet has; ask for "
        "more (500: all) to have the rest, 0 for none.",
    )


class LawRef(BaseModel):
    id: uuid.UUID
    state: str
    title: str
    title_en: str
    kind: str
    status: str
    language: str
    enacted_on: dt.date | None
    amended_on: dt.date | None
    source_url: str
    gazette_reference: str


class Hit(BaseModel):
    id: uuid.UUID = Field(description="The provision's public identifier.")
    article: str
    text: str
    highlight: str = Field(description="HTML: the matching passage with <mark> around words.")
    title_highlight: str = Field(description="HTML: the law's title with <mark> around words.")
    thematic_areas: list[str]
    convention_articles: list[str]
    law: LawRef


# The responses are plain pydantic models built from dicts: a search returns hundreds of facet
# values, which ninja's Schema (made to read Django objects) validates several times slower.


class FacetValueOut(BaseModel):
    value: str
    label: str
    count: int


class SearchOut(BaseModel):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[Hit]
    facets: dict[str, list[FacetValueOut]]
    facet_values: dict[str, int] = Field(
        description="How many values each facet has, given or not (see facet_size)."
    )


class ProvisionOut(BaseModel):
    id: uuid.UUID
    article: str
    text: str
    thematic_areas: list[str]
    convention_articles: list[str]
    cross_cutting_issues: list[str]


class LawOut(LawRef):
    full_text_url: str
    publication: str
    provisions: list[ProvisionOut]


def _law(law: Law) -> dict:
    return {
        "id": law.public_id,
        "state": law.state.iso3,
        "title": law.title,
        "title_en": law.title_en,
        "kind": law.kind,
        "status": law.status,
        "language": law.language,
        "enacted_on": law.enacted_on,
        "amended_on": law.amended_on,
        "source_url": law.source_url,
        "gazette_reference": law.gazette_reference,
    }


def _codes(related) -> list[str]:
    return sorted(item.code for item in related.all())


def _provision(provision: Provision) -> dict:
    return {
        "id": provision.public_id,
        "article": provision.article,
        "text": provision.text,
        "thematic_areas": _codes(provision.thematic_areas),
        "convention_articles": _codes(provision.convention_articles),
        "cross_cutting_issues": _codes(provision.cross_cutting_issues),
    }


@router.get("/laws", response=SearchOut, summary="Search the published laws")
def search_laws(request, params: Query[SearchParams]):
    """Published provisions matching the words and filters, with highlights and facet counts
    (the largest `facet_size` values of each facet)."""
    filters = SearchFilters.from_query(params.dict())

    def body() -> str:
        results = selectors.provision_search(
            viewer=request.user, filters=filters, facet_size=params.facet_size
        )
        return SearchOut.model_validate(_search_out(results)).model_dump_json()

    # The same for every reader: the body itself is kept with the search's cached results.
    text = selectors.search_rendering(f"api:{params.facet_size}", filters, body)
    return HttpResponse(text, content_type="application/json; charset=utf-8")


def _search_out(results: selectors.SearchResults) -> dict:
    facets = results.facets
    return {
        "count": results.total,
        "page": results.page,
        "pages": results.num_pages,
        "page_size": PAGE_SIZE,
        "results": [
            {
                "id": hit.provision.public_id,
                "article": hit.provision.article,
                "text": hit.provision.text,
                "highlight": hit.text_html,
                "title_highlight": hit.title_html,
                "thematic_areas": _codes(hit.provision.thematic_areas),
                "convention_articles": _codes(hit.provision.convention_articles),
                "law": _law(hit.law),
            }
            for hit in results.hits
        ],
        "facets": {
            name: [
                {"value": v.value, "label": v.label, "count": v.count} for v in facets[name].values
            ]
            for name in FACETS
            if name in facets
        },
        "facet_values": {name: facets[name].total for name in FACETS if name in facets},
    }


@router.get(
    "/laws/{law_id}",
    response={200: LawOut, 404: Detail},
    summary="One law and its provisions",
    description=(
        "A published law (or, for the Secretariat and its state's coordinator, a proposal). "
        "A law the reader may not see, or an id that is no law's, is 404."
    ),
)
def get_law(request, law_id: uuid.UUID):
    law = access.get_law_for_user(request.user, law_id)
    return {
        **_law(law),
        "full_text_url": law.full_text_url,
        "publication": law.publication,
        "provisions": [_provision(p) for p in selectors.law_provisions(law)],
    }
