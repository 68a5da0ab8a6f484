from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from hemis.treaties.presentation import SYMBOLS, status_labels

register = template.Library()


@register.filter
def status_badge(status: str) -> SafeString:
    """A status as its symbol for the eye and its label for screen readers (no colour alone)."""
    return format_html(
        '<span class="status status-{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>',
        status,
        SYMBOLS.get(status, "?"),
        status_labels().get(status, status),
    )


@register.filter
def status_label(status: str) -> str:
    return status_labels().get(status, status)


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key) if mapping else None


@register.simple_tag
def matrix_cells(row, base: str) -> SafeString:
    """A matrix row's cells, each a link to its record: built in one pass, since a world
    matrix has 2,509 of them and template rendering per cell is what would cost."""
    badges = {status: status_badge(status) for status in SYMBOLS}
    iso3 = escape(row.state.iso3)
    base = escape(base)
    return mark_safe(  # noqa: S308  (every part escaped above or built by format_html)
        "".join(
            f'<td><a href="{base}{escape(instrument.code)}/{iso3}/">'
            f"{badges.get(status) or status_badge(status)}</a></td>"
            for instrument, status in row.cells
        )
    )
