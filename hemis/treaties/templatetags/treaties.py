import html
from functools import lru_cache

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from hemis.core.models import current_language
from hemis.treaties.presentation import SYMBOLS, status_labels

register = template.Library()


@register.filter
def status_badge(status: str) -> SafeString:
    """A status as its symbol for the eye and its label for screen readers (no colour alone)."""
    return _badges(current_language()).get(status) or _badge(status)


@lru_cache(maxsize=8)
def _badges(language: str) -> dict[str, SafeString]:
    with translation.override(language):
        return {status: _badge(status) for status in SYMBOLS}


def _badge(status: str) -> SafeString:
    return format_html(
        '<span class="status status-{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>',
        status,
        SYMBOLS.get(status, "?"),
        status_labels().get(status, status),
    )


@register.filter
def status_label(status: str) -> str:
    return _labels(current_language()).get(status, status)


@lru_cache(maxsize=8)
def _labels(language: str) -> dict[str, str]:
    with translation.override(language):
        return status_labels()


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key) if mapping else None


@register.simple_tag
def matrix_cells(row, base: str) -> SafeString:
    """A matrix row's cells, each a link to its record: built in one pass, since a world
    matrix has 2,509 of them and template rendering per cell is what would cost."""
    badges = _badges(current_language())
    prefix = html.escape(base)
    iso3 = html.escape(row.state.iso3)
    return mark_safe(  # noqa: S308  (every part escaped here or built by format_html)
        "".join(
            f'<td><a href="{prefix}{html.escape(instrument.code)}/{iso3}/">'
            f"{badges.get(status) or _badge(status)}</a></td>"
            for instrument, status in row.cells
        )
    )
