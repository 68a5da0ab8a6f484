"""Shared settings and strategies of the property-based tests (Hypothesis).

The suite runs the same examples every time (derandomized, no example database), so that CI
is repeatable; `HEMIS_EXAMPLES=200 make test` explores further with new random examples.
"""

from __future__ import annotations

import os
from urllib.parse import quote

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

_explore = os.environ.get("HEMIS_EXAMPLES")

PROPERTY = settings(
    max_examples=int(_explore or 12),
    derandomize=not _explore,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def examples(count: int) -> settings:
    """PROPERTY with `count` examples (for a test whose example is slow), unless exploring."""
    return settings(PROPERTY, max_examples=int(_explore or count))


# Numbers as a query string or a form carries them: huge, negative, not quite numbers.
NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["0", "-1", "9" * 400, "1e400", "nan", "١٢", "0x10", " 5 ", "+3", "", "1.5"]),
)
# Texts: any, ones no database stores, and long ones.
TEXTS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfffy", "%00", "'; --", "<b>", "0"]),
    st.integers(min_value=200, max_value=3000).map(lambda n: "é" * n),
)
VALUES = st.one_of(NUMBERS, TEXTS)


def encoded(value: str) -> str:
    """A value as a client sends it: UTF-8, a surrogate encoded as a careless client would."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")
