"""Every limit on what a request or a file may ask of hemis, in one place.

A count, a length or a size that comes from input is checked against one of these before any
work is done on it, and a refusal names the field, line or cell. Numbers read from a query
string go through `bounded_int`, so that no value reaches a query, a loop or an OFFSET
unbounded. hemis/settings.py takes the request limits from here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

MiB = 1024 * 1024

# Requests
# The largest request body, uploads included; a larger one is refused before it is read.
MAX_REQUEST_BYTES = 30 * MiB
# A request's form fields or JSON body, files apart (Django's DATA_UPLOAD_MAX_MEMORY_SIZE).
MAX_FORM_BYTES = 5 * MiB
# Form fields in one request (DATA_UPLOAD_MAX_NUMBER_FIELDS, Django's own default): the largest
# form, the review of a 300-question reply (a comment a question), stays well under it.
MAX_FORM_FIELDS = 1_000
# Files in one request (DATA_UPLOAD_MAX_NUMBER_FILES).
MAX_FORM_FILES = 20

# Lists and searches
# The page number of any list, on the pages and in the API.
MAX_PAGE = 10_000
# Words of a search.
MAX_QUERY_CHARS = 500
# Any other value of a query string (a filter's code, a sort).
MAX_PARAMETER_CHARS = 200
# A year given as a filter.
MIN_YEAR, MAX_YEAR = 1, 9999

# Texts and lists sent to be stored
# One text field, where its model sets no shorter length.
MAX_TEXT_CHARS = 100_000
# Items of one list field (e-mail addresses, telephone numbers, codes).
MAX_LIST_ITEMS = 50

# Questionnaire answers (hemis.questionnaires.rules) and definitions
# Legal references of one answer.
MAX_REFERENCES = 20
# Answers in one save (an autosave sends one; the API may send a whole reply).
MAX_ANSWERS_PER_SAVE = 2_000
# Significant digits, and the power of ten, of a number given as an answer.
MAX_NUMBER_DIGITS = 30
# Rows and columns of a table question, checked when its questionnaire is loaded.
MAX_TABLE_ROWS = 200
MAX_TABLE_COLUMNS = 30
# A reply's version, as a form sends it back.
MAX_VERSION = 2**31 - 1

# Imported files (hemis.core.tabular)
# Columns of a table: far more than any import's own columns, so that a wrong file is refused
# by name and an enormous header costs nothing.
MAX_COLUMNS = 200
# Characters of one cell (Excel's own limit).
MAX_CELL_CHARS = 32_767
# What an XLSX workbook may unpack to, and in how many parts, read from its directory before
# any part is unpacked.
MAX_UNCOMPRESSED_BYTES = 60 * MiB
MAX_ARCHIVE_MEMBERS = 500

ERR_TOO_LONG = _("Keep this under %(limit)d characters (it has %(length)d).")
ERR_TOO_MANY_ITEMS = _("Give at most %(limit)d items (there are %(count)d).")


def _whole_number(raw: Any, biggest: int) -> int | None:
    """`raw` as an int if it is written as one (ASCII digits, a sign), its digits counted
    before they are converted; a number of more digits than `biggest` is given as ±(biggest+1)."""
    text = str(raw if raw is not None else "").strip()
    sign = -1 if text.startswith("-") else 1
    digits = text[1:] if text[:1] in ("-", "+") else text
    if not digits or not digits.isascii() or not digits.isdigit():
        return None
    if len(digits) > len(str(biggest)):
        return sign * (biggest + 1)
    return sign * int(digits)


def bounded_int(raw: Any, *, default: int, minimum: int, maximum: int) -> int:
    """`raw` (a query-string value) as an integer within [minimum, maximum].

    A value that is not a whole number gives `default`; one outside the bounds is brought to the
    nearest bound."""
    value = _whole_number(raw, max(abs(minimum), abs(maximum)))
    if value is None:
        return default
    return max(minimum, min(value, maximum))


def within_int(raw: Any, *, minimum: int, maximum: int) -> int | None:
    """`raw` as an integer if it is a whole number within [minimum, maximum], else None."""
    value = _whole_number(raw, max(abs(minimum), abs(maximum)))
    if value is None or not minimum <= value <= maximum:
        return None
    return value


def too_long(value: str, limit: int) -> str | None:
    """The message for a text longer than `limit`, or None."""
    if len(value) > limit:
        return str(ERR_TOO_LONG % {"limit": limit, "length": len(value)})
    return None


def too_many(items: Any, limit: int = MAX_LIST_ITEMS) -> str | None:
    """The message for a list longer than `limit`, or None."""
    if len(items) > limit:
        return str(ERR_TOO_MANY_ITEMS % {"limit": limit, "count": len(items)})
    return None
