"""Text that no database can store, found wherever it comes in.

PostgreSQL refuses a NUL character in any text, and neither database can encode half of a
UTF-16 surrogate pair (JSON's "\\ud800" decodes to one). Such text is refused where it enters:
the request's path, query string, form fields and JSON body (hemis.core.request_input, before
any form or schema reads them), the cells of an imported file (hemis.core.tabular), and the
values a module decodes itself (hemis.questionnaires.rules), each refusal naming the field, line
or cell.
"""

from __future__ import annotations

import re

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


def printable_name(name: str) -> str:
    """A field name as a message can show it, the unstorable characters replaced."""
    return UNSTORABLE.sub("\N{REPLACEMENT CHARACTER}", name)[:100]
