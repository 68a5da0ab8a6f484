"""Pages of a list, on the pages and in the API, with the page number bounded.

A page number comes from the query string; unbounded, a huge one becomes an OFFSET no database
takes. Every list pages through here: `page_of` on the pages (a page that is not a number is the
first, one past the end the last), `PageNumberPagination` in the API (a page past
`limits.MAX_PAGE` is a 422 naming `page`, one past the end an empty list).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from ninja import Field, Schema
from ninja import pagination as ninja_pagination

from hemis.core import limits


def page_number(raw: Any) -> int:
    """A ?page= value as a page number within 1..MAX_PAGE (1 if it is not a number)."""
    return limits.bounded_int(raw, default=1, minimum=1, maximum=limits.MAX_PAGE)


def page_of(request: HttpRequest, items: Any, per_page: int) -> Page:
    """The page of `items` that the request's ?page= asks for."""
    return Paginator(items, per_page).get_page(page_number(request.GET.get("page")))


class PageNumberPagination(ninja_pagination.PageNumberPagination):
    """ninja's page-number pagination, its page number and size bounded."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=limits.MAX_PAGE, description="The page, from 1.")
        page_size: int | None = Field(
            None, ge=1, le=limits.MAX_PAGE, description="Items a page (at most the default)."
        )
