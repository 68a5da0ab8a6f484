"""The layout's context is worked out only when a template reads it."""

import pytest
from django.template import engines
from django.test import RequestFactory

from hemis.core import context_processors

pytestmark = pytest.mark.django_db


def render(text: str, user) -> str:
    request = RequestFactory().get("/en/questionnaires/")
    user.is_verified = lambda: False  # as django-otp's middleware sets it, before a code
    request.user = user
    return engines["django"].from_string(text).render({}, request)


def test_a_fragment_that_reads_nothing_of_the_layout_costs_nothing(monkeypatch, contributor_a):
    calls = []
    monkeypatch.setattr(context_processors, "user_has_device", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(context_processors, "translate_url", lambda *a: calls.append(a) or "/")
    assert render("<p>Saved</p>", contributor_a) == "<p>Saved</p>"
    assert calls == []

    page = render(
        "{% for link in language_links %}{{ link.code }} {% endfor %}"
        "{% if nav_two_factor_pending %}pending{% else %}signed in{% endif %}",
        contributor_a,
    )
    assert page == "en es fr pt signed in"
    assert len(calls) == 5  # four language links and one look for an authenticator
