"""Every answer carries hemis's Content-Security-Policy: nothing inline, no eval, no other site."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.parametrize(
    "path", ["/en/", "/fr/laws/", "/en/accounts/sign-in/", "/api/v1/docs", "/en/no-such-page/"]
)
def test_pages_and_the_api_documentation_carry_the_strict_policy(path):
    policy = directives(Client().get(path)["Content-Security-Policy"])
    assert {name: policy.get(name) for name in STRICT} == STRICT
    assert not any("unsafe" in value for value in policy.values())


def test_the_chart_pages_load_the_expression_interpreter_before_the_charts():
    html = Client().get("/en/treaties/map/").content.decode()
    assert html.index("vendor/vega.min.js") < html.index("vendor/vega-interpreter.js")
    assert html.index("vendor/vega-interpreter.js") < html.index("hemis/charts.js")
