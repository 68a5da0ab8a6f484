"""How answers read on pages: a value in words, in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from hemis.questionnaires.models import Question, QuestionKind
from hemis.questionnaires.rules import condition_attribute

register = template.Library()


def value_text(question: Question, value: Any) -> str:
    """A value as plain text (tables and references on one line)."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    kind = question.kind
    if kind in (QuestionKind.YES_NO, QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        labels = dict(question.options())
        chosen = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(code, code) for code in chosen)
    if kind == QuestionKind.NUMBER:
        unit = question.config.get("unit")
        unit_text = ""
        if unit:
            from hemis.questionnaires.models import translated

            unit_text = " " + translated(unit, question.base_language)
        return f"{value:,}".replace(",", "\u202f") + unit_text
    if kind == QuestionKind.TABLE:
        rows = {r["code"]: r for r in question.config.get("rows", [])}
        columns = {c["code"]: c for c in question.config.get("columns", [])}
        from hemis.questionnaires.models import translated

        parts = []
        for row, cells in value.items():
            label = translated(rows.get(row, {}).get("label"), question.base_language) or row
            cell_text = ", ".join(
                f"{translated(columns.get(c, {}).get('label'), question.base_language) or c}: {v}"
                for c, v in cells.items()
            )
            parts.append(f"{label} ({cell_text})")
        return "; ".join(parts)
    if kind == QuestionKind.LEGAL_REFERENCE:
        return "; ".join(
            ", ".join(p for p in (r.get("title"), r.get("article"), r.get("url")) if p)
            for r in value
        )
    if kind == QuestionKind.FILE:
        return value.get("name", "")
    return str(value)


@register.simple_tag
def answer_text(question: Question, answer: dict | None) -> SafeString:
    """An answer for reading: the value, or "Information not available", or "No answer"."""
    answer = answer or {}
    if answer.get("not_available"):
        return format_html('<span class="muted">{}</span>', _("Information not available"))
    text = value_text(question, answer.get("value"))
    if not text:
        return format_html('<span class="muted">{}</span>', _("No answer"))
    flags = []
    if answer.get("provisional"):
        flags.append(_("provisional figure"))
    if flags:
        return format_html('{} <span class="tag">{}</span>', text, ", ".join(flags))
    return format_html("{}", text)


@register.filter
def show_if_json(question: Question) -> str:
    return condition_attribute(question)


@register.filter
def in_list(value: str, values: Any) -> bool:
    return isinstance(values, list) and value in values


@register.filter
def cell(table: Any, key: str) -> Any:
    """table|cell:"row:column" → the cell's value."""
    if not isinstance(table, dict):
        return ""
    row, column = key.split(":", 1)
    return (table.get(row) or {}).get(column, "")


@register.filter
def item(sequence: Any, index: int) -> Any:
    try:
        return sequence[index]
    except (IndexError, KeyError, TypeError):
        return {}


@register.simple_tag
def labelled(texts: dict | None, base_language: str) -> str:
    from hemis.questionnaires.models import translated

    return translated(texts, base_language)


@register.simple_tag
def option_list(options: list) -> SafeString:
    return format_html_join(", ", "{}", ((label,) for _code, label in options))
