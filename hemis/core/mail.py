"""E-mail in the recipient's language, queued after the writing transaction commits."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from hemis.core.tasks import send_email


def queue_email(*, template: str, context: dict[str, Any], to: str, language: str = "en") -> None:
    """Render `template`_subject.txt / _body.txt in `language` and send them once committed."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    transaction.on_commit(
        lambda: send_email.enqueue(subject=" ".join(subject.split()), body=body, recipients=[to])
    )
