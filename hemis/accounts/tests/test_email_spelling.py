"""An e-mail address names one account however it is typed: case and surrounding space aside."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client

from hemis.accounts import services
from hemis.accounts.models import Role, User
from hemis.conftest import PASSWORD, signed_in

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/sign-in/"
EMAIL = "contributor.a@test.example.org"
SPELLINGS = [
    "Contributor.A@test.example.org",
    "CONTRIBUTOR.A@TEST.EXAMPLE.ORG",
    " contributor.a@test.example.org",
    "contributor.a@test.example.org  ",
    "\tContributor.A@Test.Example.org ",
]


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password})


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_locked_account_stays_locked_whatever_the_spelling_and_the_address(
    contributor_a, spelling
):
    for _ in range(5):
        sign_in(Client(REMOTE_ADDR="203.0.113.1"), EMAIL, "wrong password")
    response = sign_in(Client(REMOTE_ADDR="198.51.100.7"), spelling)
    assert response.status_code == 429
    assert "_auth_user_id" not in response.wsgi_request.session


def test_failures_in_different_spellings_count_towards_one_lock(contributor_a):
    for number, spelling in enumerate(SPELLINGS):
        sign_in(Client(REMOTE_ADDR=f"203.0.113.{number + 1}"), spelling, "wrong password")
    assert sign_in(Client(REMOTE_ADDR="198.51.100.7"), EMAIL).status_code == 429


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_an_unlocked_account_signs_in_with_any_spelling(contributor_a, spelling):
    response = sign_in(Client(), spelling)
    assert response.status_code == 302
    assert response.wsgi_request.user == contributor_a


def test_a_user_is_stored_trimmed_and_in_lower_case():
    user = User.objects.create_user(
        " Someone@Example.ORG ", PASSWORD, role=Role.SECRETARIAT_ANALYST
    )
    assert user.email == "someone@example.org"


def test_the_database_refuses_an_address_in_another_spelling(analyst):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=analyst.pk).update(email="Analyst@Test.Example.org")


def test_a_password_reset_asked_in_another_spelling_reaches_the_account(analyst):
    Client().post("/en/accounts/password/reset/", {"email": " ANALYST@test.example.org "})
    assert [message.to for message in mail.outbox] == [[analyst.email]]


def test_an_invitation_in_another_spelling_of_a_user_is_refused(admin, analyst):
    response = signed_in(admin).post(
        "/en/accounts/users/invite/",
        {"email": " Analyst@Test.Example.org", "role": Role.SECRETARIAT_ANALYST},
    )
    assert str(services.ERR_ALREADY_USER) in response.content.decode()


def test_an_accepted_invitation_keeps_the_address_in_lower_case(admin):
    _, token = services.invitation_create(
        actor=admin, email="New.Analyst@Example.org ", role=Role.SECRETARIAT_ANALYST, state=None
    )
    user = services.invitation_accept(token=token, password="a long new passphrase")
    assert user.email == "new.analyst@example.org"


def test_the_token_command_finds_the_user_in_any_spelling(contributor_a, capsys):
    call_command("token", " Contributor.A@Test.Example.org")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert services.api_token_authenticate(key) == contributor_a


def test_createadmin_keeps_the_address_in_lower_case_and_refuses_a_second_spelling(monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setenv("HEMIS_ADMIN_PASSWORD", "a long admin passphrase")
    call_command("createadmin", email=" Boss@Example.org")
    assert User.objects.filter(email="boss@example.org", role=Role.SECRETARIAT_ADMIN).exists()
    with pytest.raises(CommandError, match="already exists"):
        call_command("createadmin", email="BOSS@example.org")
