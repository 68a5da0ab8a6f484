"""The input checks hold by construction: every module reads files, pages and requests through
core's one reader, paginator and request check, so no module can bring the defects back."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

HEMIS = Path(__file__).resolve().parents[2]


def sources(*, but: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(path, text) of every module of hemis but its tests and the files named."""
    found = []
    for path in sorted(HEMIS.rglob("*.py")):
        name = path.relative_to(HEMIS.parent).as_posix()
        if "/tests/" in name or "/migrations/" in name or name in but:
            continue
        found.append((name, path.read_text(encoding="utf-8")))
    return found


def test_only_the_shared_reader_opens_an_uploaded_workbook():
    opening = [
        name for name, text in sources(but=("hemis/core/tabular.py",)) if "load_workbook(" in text
    ]
    assert opening == []


def test_every_api_list_pages_with_the_bounded_pagination():
    direct = [
        name
        for name, text in sources(but=("hemis/core/pagination.py",))
        if re.search(r"from ninja\.pagination import [^\n]*PageNumberPagination", text)
    ]
    assert direct == []


def test_no_page_number_reaches_a_paginator_unbounded():
    unbounded = [
        name
        for name, text in sources()
        if re.search(r"\.get_page\(\s*request\.", text)
        or re.search(r"int\(request\.(GET|POST)", text)
    ]
    assert unbounded == []


def test_the_request_check_runs_before_anything_reads_the_request():
    middleware = settings.MIDDLEWARE
    check = middleware.index("hemis.core.request_input.RequestInputMiddleware")
    for reader in (
        "django.middleware.csrf.CsrfViewMiddleware",  # reads the form
        "django.contrib.auth.middleware.AuthenticationMiddleware",  # reads the session's user
    ):
        assert check < middleware.index(reader)
