from __future__ import annotations

import pytest

from hemis.treaties.models import Instrument


@pytest.fixture
def untoc(db) -> Instrument:
    return Instrument.objects.get(code="UNTOC")


@pytest.fixture
def cifta(db) -> Instrument:
    return Instrument.objects.get(code="CIFTA")
