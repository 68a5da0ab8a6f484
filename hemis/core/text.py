"""Text that no database can store, found wherever it comes in.

PostgreSQL refuses a NUL character in any text, and neither database can encode half of a
UTF-16 surrogate pair (JSON's "\\ud800" decodes to one). Such text is refused where it enters:
the request's query string, path and form fields and the API's JSON bodies
(hemis.core.middleware), the cells of an imported file (hemis.core.tabular), and values that
a view decodes itself (`validate_storable`), each refusal naming the field, line or cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

ERR_UNSTORABLE = _(
    "This text contains a character that cannot be stored (a NUL character or half of a "
    "surrogate pair); remove it and try again."
)
ERR_UNSTORABLE_FIELD = _(
    "“%(field)s” contains a character that cannot be stored (a NUL character or half of a "
    "surrogate pair); remove it and try again."
)


def is_storable(text: str) -> bool:
    """False if the text holds a NUL character or a lone surrogate."""
    return UNSTORABLE.search(text) is None


def unstorable_paths(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The paths (keys and list positions) of the texts in `value` that cannot be stored.

    A key that cannot be stored is reported at its own path too."""
    if isinstance(value, str):
        if not is_storable(value):
            yield path
    elif isinstance(value, Mapping):
        for key, item in value.items():
            name = str(key)
            if not is_storable(name):
                yield (*path, name)
                continue
            yield from unstorable_paths(item, (*path, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from unstorable_paths(item, (*path, str(index)))


def printable_name(name: str) -> str:
    """A field name as a message can show it, the unstorable characters replaced."""
    return UNSTORABLE.sub("\N{REPLACEMENT CHARACTER}", name)[:100]


def validate_storable(value: Any) -> None:
    """A validator for form fields and services: a ValidationError if any text in `value`
    (a string, or the strings of decoded JSON) cannot be stored."""
    if next(unstorable_paths(value), None) is not None:
        raise ValidationError(ERR_UNSTORABLE, code="unstorable")
