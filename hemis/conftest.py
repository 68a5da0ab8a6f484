"""Shared personas: every test speaks of the same people.

admin (Secretariat administrator), analyst, coordinator_a and contributor_a of Jamaica (state A),
coordinator_b of Mexico (state B), delegation_reader of Chile, and the anonymous visitor.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from hemis.accounts.models import Role, User
from hemis.core.models import MemberState

pytest_plugins = ["hemis.testing.browser"]

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _english_and_quiet(settings):
    from django.core.cache import cache

    cache.clear()
    settings.LANGUAGE_CODE = "en"
    settings.AXES_ENABLED = True
    # Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def state_a(db) -> MemberState:
    return MemberState.objects.get(iso3="JAM")


@pytest.fixture
def state_b(db) -> MemberState:
    return MemberState.objects.get(iso3="MEX")


def make_user(email: str, role: Role, state: MemberState | None = None, **extra) -> User:
    return User.objects.create_user(email, PASSWORD, role=role, state=state, **extra)


@pytest.fixture
def admin(db) -> User:
    return make_user("admin@test.example.org", Role.SECRETARIAT_ADMIN, full_name="Ada Admin")


@pytest.fixture
def analyst(db) -> User:
    return make_user("analyst@test.example.org", Role.SECRETARIAT_ANALYST)


@pytest.fixture
def coordinator_a(state_a) -> User:
    return make_user("coordinator.a@test.example.org", Role.STATE_COORDINATOR, state_a)


@pytest.fixture
def contributor_a(state_a) -> User:
    return make_user("contributor.a@test.example.org", Role.STATE_CONTRIBUTOR, state_a)


@pytest.fixture
def coordinator_b(state_b) -> User:
    return make_user("coordinator.b@test.example.org", Role.STATE_COORDINATOR, state_b)


@pytest.fixture
def delegation_reader(db) -> User:
    chile = MemberState.objects.get(iso3="CHL")
    return make_user("delegation.chl@test.example.org", Role.DELEGATION_READER, chile)


@pytest.fixture
def personas(admin, analyst, coordinator_a, contributor_a, coordinator_b, delegation_reader):
    return {
        "admin": admin,
        "analyst": analyst,
        "coordinator_a": coordinator_a,
        "contributor_a": contributor_a,
        "coordinator_b": coordinator_b,
        "delegation_reader": delegation_reader,
        "anonymous": None,
    }


def signed_in(user: User | None) -> Client:
    """A client signed in as `user`, two-factor completed where the role needs it."""
    client = Client()
    if user is None:
        return client
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if user.requires_two_factor:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for():
    return signed_in
