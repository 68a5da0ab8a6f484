import pytest
from django.core.management import call_command

from hemis.accounts import services
from hemis.accounts.models import ApiToken
from hemis.conftest import signed_in
from hemis.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_user_changes_their_name_and_language_and_it_is_recorded(contributor_a):
    client = signed_in(contributor_a)
    response = client.post(
        "/en/accounts/profile/", {"full_name": "Kai Contributor", "preferred_language": "es"}
    )
    assert response.status_code == 302
    contributor_a.refresh_from_db()
    assert contributor_a.preferred_language == "es"
    event = AuditEvent.objects.get(action="profile.update")
    assert event.changes["preferred_language"] == ["en", "es"]


def test_a_user_creates_a_token_sees_it_once_and_only_its_hash_is_kept(contributor_a):
    client = signed_in(contributor_a)
    response = client.post("/en/accounts/profile/tokens/", {"name": "nightly sync"})
    key = response.context["key"]
    assert key.startswith("hemis_")
    token = ApiToken.objects.get(user=contributor_a)
    assert token.key_hash != key and key not in token.key_hash
    assert key not in client.get("/en/accounts/profile/").content.decode()
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert me.json()["email"] == contributor_a.email


def test_a_token_without_a_name_is_refused(contributor_a):
    client = signed_in(contributor_a)
    response = client.post("/en/accounts/profile/tokens/", {"name": "  "}, follow=True)
    assert "Give the token a name" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_revoked_token_no_longer_opens_the_api(contributor_a):
    token, key = services.api_token_create(actor=contributor_a, name="script")
    signed_in(contributor_a).post(f"/en/accounts/profile/tokens/{token.public_id}/revoke/")
    assert signed_in(None).get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_nobody_can_revoke_another_users_token(contributor_a, coordinator_b):
    token, _key = services.api_token_create(actor=contributor_a, name="script")
    response = signed_in(coordinator_b).post(
        f"/en/accounts/profile/tokens/{token.public_id}/revoke/"
    )
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_token_command_prints_the_token_alone_on_the_last_line(contributor_a, capsys):
    call_command("token", contributor_a.email)
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert last_line.startswith("hemis_")
    assert services.api_token_authenticate(last_line) == contributor_a


def test_the_token_command_names_an_unknown_email(capsys):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"nobody@example\.org"):
        call_command("token", "nobody@example.org")


def test_createadmin_makes_a_secretariat_admin(monkeypatch):
    from hemis.accounts.models import Role, User

    monkeypatch.setenv("HEMIS_ADMIN_PASSWORD", "a long admin passphrase")
    call_command("createadmin", email="boss@example.org")
    user = User.objects.get(email="boss@example.org")
    assert user.role == Role.SECRETARIAT_ADMIN
    assert user.check_password("a long admin passphrase")


def test_createadmin_refuses_a_weak_password(monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setenv("HEMIS_ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("createadmin", email="boss@example.org")
