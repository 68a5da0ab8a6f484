import pytest
from django.core.cache import cache

from hemis.directory import services


def contact_data(**overrides):
    data = {
        "function": "toc_contact",
        "person_name": "Ana Rivera",
        "title": "Director",
        "emails": ["ana.rivera@jm.example.org"],
        "phones": ["+1 876 922 1234"],
        "languages": ["en"],
        "thematic_areas": ["drugs"],
    }
    data.update(overrides)
    return data


@pytest.fixture
def jamaica_contact(admin, state_a):
    return services.contact_create(actor=admin, state=state_a, data=contact_data())


@pytest.fixture
def mexico_contact(admin, state_b):
    return services.contact_create(
        actor=admin,
        state=state_b,
        data=contact_data(
            person_name="Luis Gómez",
            emails=["luis.gomez@mx.example.org"],
            phones=["+52 55 1234 5678"],
            languages=["es"],
            language="es",
        ),
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts without the renderings another test cached."""
    cache.clear()
    yield
    cache.clear()
