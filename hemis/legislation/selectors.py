"""Reads of the database of laws, scoped to the user: search with facets, proposals, history."""

# SQL here is assembled from identifiers that are code constants (table and configuration
# names), never from input; every value is a query parameter.
# ruff: noqa: S608

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, F, FloatField, OuterRef, Q, QuerySet, Value

from hemis.accounts import policy
from hemis.core import limits, search
from hemis.core import selectors as core_selectors
from hemis.core.models import (
    AuditEvent,
    Language,
    MemberState,
    Subregion,
    ThematicArea,
    current_language,
)
from hemis.core.pagination import page_number
from hemis.core.search import fragment, to_html
from hemis.legislation.models import (
    ConventionArticle,
    CrossCuttingIssue,
    Law,
    LawKind,
    LawStatus,
    Provision,
    Publication,
)
from hemis.legislation.services import PROVISIONS_INDEX

PAGE_SIZE = 20
SORTS = ("relevance", "date")
# Facet names, as they appear in URLs and in the API.
FACETS = ("state", "subregion", "area", "article", "issue", "lang", "status", "kind", "year")


@dataclass(frozen=True)
class SearchFilters:
    """What a search asks for: the words, one value per facet, the order and the page."""

    q: str = ""
    state: str = ""
    subregion: str = ""
    area: str = ""
    article: str = ""
    issue: str = ""
    lang: str = ""
    status: str = ""
    kind: str = ""
    year: str = ""
    sort: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> SearchFilters:
        values = {name: str(query.get(name) or "").strip()[:200] for name in (*FACETS, "q")}
        values["state"] = values["state"].upper()
        year = limits.within_int(values["year"], minimum=limits.MIN_YEAR, maximum=limits.MAX_YEAR)
        values["year"] = "" if year is None else str(year)
        sort = str(query.get("sort") or "")
        page = page_number(query.get("page"))
        return cls(**values, sort=sort if sort in SORTS else "", page=page)

    @property
    def order(self) -> str:
        return self.sort or ("relevance" if self.q else "date")

    def as_query(self, **changes: Any) -> str:
        """The URL query string of these filters with `changes` (page 1 unless given)."""
        values = {**self.__dict__, "page": 1, **changes}
        pairs = [(k, v) for k, v in values.items() if v and not (k == "page" and v == 1)]
        return urlencode(pairs)

    def active(self) -> list[tuple[str, str]]:
        return [(name, getattr(self, name)) for name in FACETS if getattr(self, name)]


@dataclass
class FacetValue:
    facet: str
    value: str
    label: str
    count: int
    selected: bool
    filters: SearchFilters

    @property
    def query(self) -> str:
        """The URL query that selects (or, if selected, removes) this value; computed only for
        the pages that show links (the API does not)."""
        return self.filters.as_query(**{self.facet: "" if self.selected else self.value})


@dataclass
class Facet:
    name: str
    values: list[FacetValue]
    total: int = 0  # how many values the facet has, shown or not

    @property
    def more(self) -> int:
        """How many values are not shown."""
        return self.total - len(self.values)


@dataclass
class Hit:
    provision: Provision
    law: Law
    title_html: str
    text_html: str
    rank: float | None = None


@dataclass
class SearchResults:
    filters: SearchFilters
    total: int
    hits: list[Hit]
    facets: dict[str, Facet] = field(default_factory=dict)
    searched: bool = False  # words were given

    @property
    def page(self) -> int:
        return self.filters.page

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def start_index(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.hits else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.hits) - 1 if self.hits else 0


def _exists(through: Any, column: str, code: str) -> Exists:
    return Exists(through.objects.filter(provision_id=OuterRef("pk"), **{f"{column}__code": code}))


def matching_provisions(filters: SearchFilters) -> tuple[QuerySet[Provision], search.Query]:
    """The published provisions that match the words and facet values (unordered).

    Only the provision's own row is read: its law's values are copied onto it (decision 0026).
    """
    provisions = Provision.objects.filter(published=True)
    if filters.state:
        provisions = provisions.filter(state_code=filters.state)
    if filters.subregion:
        states = MemberState.objects.filter(subregion__code=filters.subregion).values("iso3")
        provisions = provisions.filter(state_code__in=states)
    if filters.lang:
        provisions = provisions.filter(language=filters.lang)
    if filters.status:
        provisions = provisions.filter(law_status=filters.status)
    if filters.kind:
        provisions = provisions.filter(law_kind=filters.kind)
    if filters.year:
        provisions = provisions.filter(year=int(filters.year))
    if filters.area:
        areas = Provision.thematic_areas.through
        provisions = provisions.filter(_exists(areas, "thematicarea", filters.area))
    if filters.article:
        articles = Provision.convention_articles.through
        provisions = provisions.filter(_exists(articles, "conventionarticle", filters.article))
    if filters.issue:
        issues = Provision.cross_cutting_issues.through
        provisions = provisions.filter(_exists(issues, "crosscuttingissue", filters.issue))
    query = search.parse(filters.q)
    if filters.q:
        provisions = provisions.filter(search.backend().condition(PROVISIONS_INDEX, query))
    return provisions, query


# Facets counted from the provision's own columns (the subregion's from the states' counts).
COLUMN_FACETS = ("state", "lang", "status", "kind", "year")
# Facets of tags, counted from the provision's JSON list of "facet:code" (services.TAG_FACETS).
TAG_FACETS = ("area", "article", "issue")


def _json_elements(column: str) -> str:
    """A FROM item giving one row `e(value)` per element of the JSON list in `column`."""
    if connection.vendor == "postgresql":
        return f"jsonb_array_elements_text(m.{column}) AS e(value)"
    return f"json_each(m.{column}) AS e"


def _order_sql(relevance: bool) -> str:
    """The order of the results, over the columns of the match (the same on both databases)."""
    if relevance:
        return "rank DESC, enacted_on DESC NULLS LAST, id"
    return "enacted_on DESC NULLS LAST, law_id, position, id"


def search_statement(
    provisions: QuerySet[Provision], query: search.Query, *, relevance: bool, start: int, size: int
) -> tuple[dict[str, dict[str, int]], list[tuple[int, float | None]]]:
    """Facet counts and one page of (id, rank), in one SQL statement over the matches.

    The match is computed once, in a materialised CTE, with each provision's copied values
    (no join) and, ordered by relevance, its rank; each facet is a GROUP BY over it (the
    three tag facets one, over the provision's list of tags), and the page the first rows of
    its order. The page's rows are then read by their ids.
    """
    rank = (
        search.backend().rank(PROVISIONS_INDEX, query) if relevance else Value(None, FloatField())
    )
    sql, params = (
        provisions.order_by()
        .annotate(rank=rank)
        .values(
            "id",
            "law_id",
            "position",
            "enacted_on",
            "rank",
            "tag_codes",
            state=F("state_code"),
            lang=F("language"),
            status=F("law_status"),
            kind=F("law_kind"),
            year_number=F("year"),
        )
        .query.sql_with_params()
    )
    parts = [
        f"SELECT '{name}', CAST({name} AS TEXT), COUNT(*), CAST(NULL AS DOUBLE PRECISION) "
        f"FROM m WHERE {name} IS NOT NULL GROUP BY {name}"
        for name in ("state", "lang", "status", "kind")
    ]
    parts.append(
        "SELECT 'year', CAST(year_number AS TEXT), COUNT(*), CAST(NULL AS DOUBLE PRECISION) "
        "FROM m WHERE year_number IS NOT NULL GROUP BY year_number"
    )
    parts.append(
        "SELECT 'tag', e.value, COUNT(*), CAST(NULL AS DOUBLE PRECISION) "
        f"FROM m, {_json_elements('tag_codes')} GROUP BY e.value"
    )
    order = _order_sql(relevance)
    parts.append(
        f"SELECT '', CAST(id AS TEXT), ROW_NUMBER() OVER (ORDER BY {order}), "
        f"CAST(rank AS DOUBLE PRECISION) FROM "
        f"(SELECT * FROM m ORDER BY {order} LIMIT {int(size)} OFFSET {int(start)}) page"
    )
    statement = f"WITH m AS MATERIALIZED ({sql}) " + " UNION ALL ".join(parts)
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    page: list[tuple[int, int, float | None]] = []
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for name, value, count, score in cursor.fetchall():
            if name == "tag":
                facet, _colon, code = value.partition(":")
                if facet in TAG_FACETS:
                    counts[facet][code] = int(count)
            elif name:
                counts[name][value] = int(count)
            else:
                page.append((int(count), int(value), score))
    return counts, [(pk, score) for _n, pk, score in sorted(page)]


def _subregion_counts(state_counts: dict[str, int]) -> dict[str, int]:
    """Each state is in one subregion: its counts are the sums of its states' counts."""
    subregions = {row.iso3: row.subregion for row in core_selectors.member_state_rows()}
    counts: dict[str, int] = {}
    for iso3, count in state_counts.items():
        if code := subregions.get(iso3):
            counts[code] = counts.get(code, 0) + count
    return counts


def _labels() -> dict[str, dict[str, str]]:
    """Each facet value's name in the interface language (reference data: cached an hour)."""
    language = current_language()
    key = f"hemis:legislation:labels:{core_selectors.state_cache_key()}:{language}"
    labels = cache.get(key)
    if labels is None:
        labels = _load_labels(language)
        cache.set(key, labels, timeout=60 * 60)
    return labels


def _load_labels(language: str) -> dict[str, dict[str, str]]:
    return {
        "state": {row.iso3: row.name for row in core_selectors.member_state_rows()},
        "subregion": {s.code: s.name for s in Subregion.objects.all()},
        "area": {a.code: a.name for a in ThematicArea.objects.all()},
        "article": {a.code: a.label for a in ConventionArticle.objects.all()},
        "issue": {i.code: i.name for i in CrossCuttingIssue.objects.all()},
        "lang": _language_names(language),
        "status": {k: str(v) for k, v in LawStatus.choices},
        "kind": {k: str(v) for k, v in LawKind.choices},
    }


def _language_names(language: str) -> dict[str, str]:
    return {
        code: Language(code=code).name_in(language) for code in ("en", "es", "fr", "pt", "nl", "ht")
    }


def _facets(
    filters: SearchFilters, counts: dict[str, dict[str, int]], *, size: int | None, more: str = ""
) -> dict[str, Facet]:
    """Each facet's values, largest counts first (years newest first), the first `size` of
    them (all of them for the facet named `more`, or when `size` is None) and the chosen one."""
    if size == 0:
        return {}
    labels = _labels()
    facets = {}
    for name in FACETS:
        chosen, names = getattr(filters, name), labels.get(name, {})
        values = [
            FacetValue(name, value, names.get(value, value), count, chosen == value, filters)
            for value, count in counts[name].items()
        ]
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        else:
            values.sort(key=lambda v: (-v.count, v.label))
        total = len(values)
        if size is not None and name != more and total > size:
            values = [v for i, v in enumerate(values) if i < size or v.selected]
        facets[name] = Facet(name, values, total)
    return facets


def active_filters(filters: SearchFilters) -> list[FacetValue]:
    """The facet values a search is narrowed by, named, each with the query that removes it."""
    labels = _labels()
    return [
        FacetValue(name, value, labels.get(name, {}).get(value, value), 0, True, filters)
        for name, value in filters.active()
    ]


def ordered(provisions: QuerySet[Provision], filters: SearchFilters, query) -> QuerySet:
    """The provisions in the search's order (as `search_statement` pages them)."""
    if filters.order == "relevance" and filters.q:
        rank = search.backend().rank(PROVISIONS_INDEX, query)
        return provisions.annotate(rank=rank).order_by(
            F("rank").desc(), F("enacted_on").desc(nulls_last=True), "id"
        )
    return provisions.order_by(F("enacted_on").desc(nulls_last=True), "law_id", "position", "id")


VERSION_KEY = "hemis:legislation:version"
# Published laws change a few times a day; a search repeated within this time is served from
# the cache, and any write to the laws makes every cached search stale at once (see
# `search_cache_clear`, which the services call).
RESULTS_TIMEOUT = 10 * 60
# Facet values shown at first, largest counts first; the others on request.
FACET_SIZE = 10


def search_cache_clear() -> None:
    """Forget every cached search (after a change to the laws)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _results_key(filters: SearchFilters, page_size: int) -> str:
    version = cache.get_or_set(VERSION_KEY, 1, timeout=None) or 1
    digest = hashlib.sha256(repr((filters, page_size)).encode()).hexdigest()
    return f"hemis:legislation:search:v{version}:{connection.vendor}:{digest}"


def search_rendering(name: str, filters: SearchFilters, render: Callable[[], str]) -> str:
    """What `render()` makes of the search `filters` (an API body, a fragment of a page), kept
    like the search's results: for everyone, in the interface language, until the laws change."""
    key = f"{_results_key(filters, PAGE_SIZE)}:{name}:{current_language()}"
    text = cache.get(key)
    if text is None:
        text = render()
        cache.set(key, text, timeout=RESULTS_TIMEOUT)
    return text


def provision_search(
    *,
    viewer: Any,
    filters: SearchFilters,
    page_size: int = PAGE_SIZE,
    facet_size: int | None = None,
    more: str = "",
) -> SearchResults:
    """One page of published provisions matching `filters`, with highlights and facets.

    Facets hold their first `facet_size` values (all when None, none when 0; all for the facet
    named `more`). Only published laws are searched, the same for every viewer, so that a search is
    cached for everyone (until the next change to the laws).
    """
    key = _results_key(filters, page_size)
    cached = cache.get(key)
    if cached is None:
        provisions, query = matching_provisions(filters)
        relevance = filters.order == "relevance" and bool(filters.q)
        counts, page = search_statement(
            provisions,
            query,
            relevance=relevance,
            start=(filters.page - 1) * page_size,
            size=page_size,
        )
        counts["subregion"] = _subregion_counts(counts["state"])
        found = (
            Provision.objects.select_related("law", "law__state")
            .prefetch_related("thematic_areas", "convention_articles")
            .in_bulk([pk for pk, _score in page])
        )
        rows = [found[pk] for pk, _score in page]
        cached = (counts, _hits(rows, dict(page), query, searched=bool(filters.q)))
        cache.set(key, cached, timeout=RESULTS_TIMEOUT)
    counts, hits = cached
    total = sum(counts["status"].values())
    facets = _facets(filters, counts, size=facet_size, more=more)
    return SearchResults(filters, total, hits, facets, searched=bool(filters.q))


def _hits(
    rows: list[Provision], ranks: dict[int, float | None], query, *, searched: bool
) -> list[Hit]:
    backend = search.backend()
    if searched and query:
        items = [(("text", p.pk), p.law.language, p.text) for p in rows]
        items += [(("title", p.pk), p.law.language, p.law.title) for p in rows]
        texts = backend.headlines(query, items[: len(rows)])
        texts.update(backend.headlines(query, items[len(rows) :], whole=True))
    else:
        texts = {}
    return [
        Hit(
            provision=p,
            law=p.law,
            title_html=texts.get(("title", p.pk)) or to_html(p.law.title),
            text_html=texts.get(("text", p.pk)) or to_html(fragment(p.text, max_words=60)),
            rank=ranks.get(p.pk),
        )
        for p in rows
    ]


def provision_export_rows(
    *, viewer: Any, filters: SearchFilters, limit: int
) -> Iterator[Provision]:
    """Every matching published provision, in the page's order, for the CSV and XLSX exports."""
    provisions, query = matching_provisions(replace(filters, page=1))
    rows = (
        ordered(provisions, filters, query)
        .select_related("law", "law__state")
        .prefetch_related("thematic_areas", "convention_articles", "cross_cutting_issues")
    )[:limit]
    yield from rows.iterator(chunk_size=500)


def provision_highlighted(provision: Provision, q: str) -> tuple[str, str]:
    """A provision's text and its law's title with the words of `q` highlighted, whole."""
    query = search.parse(q)
    language = provision.law.language
    if not query:
        return to_html(provision.law.title), to_html(provision.text)
    marked = search.backend().headlines(
        query,
        [("title", language, provision.law.title), ("text", language, provision.text)],
        whole=True,
    )
    return marked["title"], marked["text"]


def law_provisions(law: Law) -> list[Provision]:
    return list(
        law.provisions.prefetch_related(
            "thematic_areas", "convention_articles", "cross_cutting_issues"
        )
    )


def proposal_list(*, viewer: Any) -> QuerySet[Law]:
    """Laws awaiting validation or rejected: every state's for the Secretariat, else the
    coordinator's own state's."""
    laws = Law.objects.exclude(publication=Publication.PUBLISHED).select_related(
        "state", "proposed_by"
    )
    if policy.can_write_reference_data(viewer):
        return laws.order_by("publication", "-created_at")
    state_id = policy.user_state_id(viewer)
    if state_id and policy.can_submit_for_state(viewer, state_id):
        return laws.filter(state_id=state_id).order_by("publication", "-created_at")
    return laws.none()


def law_history(law: Law) -> QuerySet[AuditEvent]:
    """Every recorded change to the law and to its provisions, newest first."""
    keys = [str(k) for k in law.provisions.values_list("public_id", flat=True)]
    return AuditEvent.objects.filter(
        Q(object_type="legislation.law", object_id=law.public_key)
        | Q(object_type="legislation.provision", object_id__in=keys)
    ).order_by("-at", "-id")


def published_law_count(state) -> int:
    return Law.objects.filter(state=state, publication=Publication.PUBLISHED).count()
