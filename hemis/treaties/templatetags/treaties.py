from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

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
