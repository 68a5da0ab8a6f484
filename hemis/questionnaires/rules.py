"""What an answer may be, and when a question is shown: one set of rules for every path.

`clean_value` checks and normalizes a value for a question (API and pages alike);
`is_shown` evaluates a question's condition. The browser evaluates the same conditions from the
`data-show-if` attribute that `condition_attribute` writes (static/questionnaires/reply.js).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from hemis.core import limits, text
from hemis.questionnaires.models import Question, QuestionKind, YesNo

MAX_REFERENCES = limits.MAX_REFERENCES
MAX_COMMENT = 5000
# The keys of an answer object in the API: {"value", "not_available", "provisional", "comment"}.
RESERVED_KEYS = frozenset({"value", "not_available", "provisional", "comment"})


class InvalidAnswer(ValueError):
    """The value does not fit the question; the message says why."""


def _too_large() -> InvalidAnswer:
    return InvalidAnswer(
        _("Enter a number of at most %(digits)s digits.") % {"digits": limits.MAX_NUMBER_DIGITS}
    )


def _number(value: Any, config: Mapping[str, Any]) -> int | float:
    if isinstance(value, bool):
        raise InvalidAnswer(_("Enter a number."))
    if isinstance(value, str):
        written = value.strip().replace(" ", "").replace("\u00a0", "")
        if written.count(",") == 1 and "." not in written:
            written = written.replace(",", ".")
        # Counted before it is read: "1e999999999" is a short text but a number of a billion
        # digits, which int() would spend minutes writing out.
        if len(written) > 2 * limits.MAX_NUMBER_DIGITS:
            raise _too_large()
        try:
            number = Decimal(written)
        except InvalidOperation as error:
            raise InvalidAnswer(_("Enter a number.")) from error
        if not number.is_finite():
            raise InvalidAnswer(_("Enter a number."))
        if abs(number.adjusted()) > limits.MAX_NUMBER_DIGITS:
            raise _too_large()
        value = int(number) if number == number.to_integral_value() else float(number)
    if isinstance(value, int) and abs(value) >= 10**limits.MAX_NUMBER_DIGITS:
        raise _too_large()
    if not isinstance(value, int | float) or (
        isinstance(value, float) and not math.isfinite(value)
    ):
        raise InvalidAnswer(_("Enter a number."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if config.get("integer") and not isinstance(value, int):
        raise InvalidAnswer(_("Enter a whole number."))
    if config.get("min") is not None and value < config["min"]:
        raise InvalidAnswer(_("Enter a number of at least %(min)s.") % {"min": config["min"]})
    if config.get("max") is not None and value > config["max"]:
        raise InvalidAnswer(_("Enter a number of at most %(max)s.") % {"max": config["max"]})
    return value


def _choice(value: Any, allowed: list[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise InvalidAnswer(_("Choose one of: %(options)s.") % {"options": ", ".join(allowed)})
    return value


def _date(value: Any) -> str:
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError as error:
        raise InvalidAnswer(_("Enter a date as YYYY-MM-DD.")) from error


def _text(value: Any, max_length: int) -> str:
    if not isinstance(value, str):
        raise InvalidAnswer(_("Enter text."))
    if not text.is_storable(value):
        raise InvalidAnswer(str(text.ERR_UNSTORABLE))
    value = value.strip()
    if len(value) > max_length:
        raise InvalidAnswer(
            _("Keep it to %(max)s characters (it has %(length)s).")
            % {"max": max_length, "length": len(value)}
        )
    return value


def _cell(column: Mapping[str, Any], value: Any) -> Any:
    kind = column["kind"]
    if kind == QuestionKind.NUMBER:
        return _number(value, column)
    if kind == QuestionKind.YES_NO:
        return _choice(value, YesNo.values)
    if kind == QuestionKind.SINGLE_CHOICE:
        return _choice(value, [o["code"] for o in column.get("options", [])])
    if kind == QuestionKind.DATE:
        return _date(value)
    return _text(value, 300)


def clean_comment(value: Any) -> str:
    if value is None:
        return ""
    return _text(value, MAX_COMMENT)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def clean_value(question: Question, value: Any) -> Any:
    """The value normalized for storage; InvalidAnswer says what is wrong. Empty is None."""
    if is_empty(value):
        return None
    kind = question.kind
    config = question.config
    if kind == QuestionKind.YES_NO:
        return _choice(value, YesNo.values)
    if kind == QuestionKind.SINGLE_CHOICE:
        return _choice(value, [o["code"] for o in config.get("options", [])])
    if kind == QuestionKind.MULTIPLE_CHOICE:
        if isinstance(value, str):
            value = [value]
        allowed = [o["code"] for o in config.get("options", [])]
        if not isinstance(value, list):
            raise InvalidAnswer(_("Choose any of: %(options)s.") % {"options": ", ".join(allowed)})
        chosen = {_choice(v, allowed) for v in value}
        return [code for code in allowed if code in chosen]
    if kind == QuestionKind.NUMBER:
        return _number(value, config)
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        return _text(value, config.get("max_length", 300)) or None
    if kind == QuestionKind.DATE:
        return _date(value)
    if kind == QuestionKind.TABLE:
        return _table(question, value)
    if kind == QuestionKind.LEGAL_REFERENCE:
        return _references(value)
    if kind == QuestionKind.FILE:
        if not isinstance(value, Mapping) or not value.get("id"):
            raise InvalidAnswer(_("Upload the file on the reply's page."))
        return {"id": str(value["id"]), "name": str(value.get("name", ""))}
    raise InvalidAnswer(_("This question cannot be answered here."))


def _table(question: Question, value: Any) -> dict | None:
    if not isinstance(value, Mapping):
        raise InvalidAnswer(_("Give the table as {row: {column: value}}."))
    rows = {r["code"] for r in question.config.get("rows", [])}
    columns = {c["code"]: c for c in question.config.get("columns", [])}
    result: dict[str, dict] = {}
    for row, cells in value.items():
        if row not in rows:
            raise InvalidAnswer(_("The table has no row %(row)s.") % {"row": row})
        if not isinstance(cells, Mapping):
            raise InvalidAnswer(_("Row %(row)s: give {column: value}.") % {"row": row})
        for column, cell in cells.items():
            if column not in columns:
                raise InvalidAnswer(_("The table has no column %(column)s.") % {"column": column})
            if is_empty(cell):
                continue
            try:
                result.setdefault(row, {})[column] = _cell(columns[column], cell)
            except InvalidAnswer as error:
                raise InvalidAnswer(f"{row} / {column}: {error}") from error
    return result or None


def _references(value: Any) -> list | None:
    if isinstance(value, Mapping):
        value = [value]
    if not isinstance(value, list):
        raise InvalidAnswer(_("Give a list of {title, article, url}."))
    if len(value) > MAX_REFERENCES:
        raise InvalidAnswer(_("Give at most %(max)s references.") % {"max": MAX_REFERENCES})
    result = []
    check_url = URLValidator(schemes=["http", "https"])
    for index, reference in enumerate(value, start=1):
        if not isinstance(reference, Mapping):
            raise InvalidAnswer(_("Reference %(n)s: give {title, article, url}.") % {"n": index})
        title = str(reference.get("title") or "").strip()
        article = str(reference.get("article") or "").strip()
        url = str(reference.get("url") or "").strip()
        if not (title or article or url):
            continue
        if not all(text.is_storable(part) for part in (title, article, url)):
            raise InvalidAnswer(
                _("Reference %(n)s: %(message)s") % {"n": index, "message": text.ERR_UNSTORABLE}
            )
        if not title:
            raise InvalidAnswer(
                _("Reference %(n)s: the title of the law is needed.") % {"n": index}
            )
        if url:
            try:
                check_url(url)
            except ValidationError as error:
                raise InvalidAnswer(
                    _("Reference %(n)s: enter a full web address (https://…).") % {"n": index}
                ) from error
        result.append({"title": title[:500], "article": article[:200], "url": url[:500]})
    return result or None


def is_shown(question: Question, values: Mapping[str, Any]) -> bool:
    """Whether the question applies, given the other answers' values by question code."""
    condition = question.show_if
    if not condition:
        return True
    value = values.get(condition["question"])
    wanted = condition["values"]
    if condition["operator"] == "contains":
        return isinstance(value, list) and any(v in value for v in wanted)
    return value in wanted


def visible_values(questions: Iterable[Question], values: Mapping[str, Any]) -> dict[str, Any]:
    """The values of the questions that are shown, taken in questionnaire order.

    An answer kept by a hidden question shows nothing that depends on it, as in the browser:
    `is_shown(question, visible_values(questions, values))` follows chains of conditions.
    """
    visible: dict[str, Any] = {}
    for question in sorted(questions, key=lambda q: q.position):
        if question.code in values and is_shown(question, visible):
            visible[question.code] = values[question.code]
    return visible


def condition_attribute(question: Question) -> str:
    """The condition as the browser reads it (data-show-if)."""
    return json.dumps(question.show_if) if question.show_if else ""


def is_answered(value: Any, not_available: bool) -> bool:
    return not_available or not is_empty(value)
