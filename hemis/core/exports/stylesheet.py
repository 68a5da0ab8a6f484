"""Strings for a PDF stylesheet: running headers and footers in WeasyPrint's page margins."""

from __future__ import annotations

import re

from django.utils.safestring import SafeString, mark_safe

_COUNTER = re.compile(r"%\((page|pages)\)s")


def css_string(text: str) -> SafeString:
    """`text` as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '\\"<>&' or ord(char) < 32 else char for char in str(text)
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308  (every special character escaped above)


def css_counter_content(text: str) -> SafeString:
    """A translated "Page %(page)s of %(pages)s" as CSS `content` with page counters."""
    parts = []
    for index, piece in enumerate(_COUNTER.split(str(text))):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return mark_safe(" ".join(parts))  # noqa: S308  (strings escaped by css_string)


def page_margins(*, page: str | None = None, **texts: str) -> dict[str, SafeString]:
    """The `content` of a document's margin boxes, by name, for its template's `@page` rules.

    Each text becomes a CSS string; `page` is the page-number label ("Page %(page)s of
    %(pages)s") with counters, or `none` when it is None (the pages are numbered later).
    """
    margins = {name: css_string(text) for name, text in texts.items()}
    margins["page"] = css_counter_content(page) if page is not None else mark_safe("none")
    return margins
