from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from hemis.accounts import services
from hemis.accounts.models import Invitation, Role, User
from hemis.conftest import signed_in
from hemis.core.models import AuditEvent

pytestmark = pytest.mark.django_db

INVITE = "/en/accounts/users/invite/"


def invite(client, **data):
    return client.post(INVITE, data)


def link_in(message) -> str:
    line = next(line for line in message.body.splitlines() if "/accounts/invitation/" in line)
    return line.split("127.0.0.1:8000", 1)[1].strip()


def test_an_admin_invites_an_analyst_who_accepts_and_signs_in(
    admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            signed_in(admin),
            email="New.Analyst@example.org",
            role=Role.SECRETARIAT_ANALYST,
            state="",
        )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["new.analyst@example.org"]
    path = link_in(mail.outbox[0])
    client = Client()
    assert "Accept your invitation" in client.get(path).content.decode()
    password = "long enough passphrase 7"
    done = client.post(
        path, {"full_name": "Nadia Analyst", "password1": password, "password2": password}
    )
    assert done.status_code == 302
    user = User.objects.get(email="new.analyst@example.org")
    assert (user.role, user.state, user.full_name) == (
        Role.SECRETARIAT_ANALYST,
        None,
        "Nadia Analyst",
    )
    assert user.check_password(password)
    # The link works once.
    assert client.get(path).status_code == 410


def test_the_invitation_email_is_in_the_language_the_inviter_uses(
    admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(admin).post(
            "/es/accounts/users/invite/",
            {"email": "x@example.org", "role": Role.SECRETARIAT_ANALYST, "state": ""},
        )
    assert "/es/accounts/invitation/" in mail.outbox[0].body


def test_no_email_leaves_if_the_invitation_is_not_saved(admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(signed_in(admin), email="x@example.org", role=Role.STATE_COORDINATOR, state="")
    assert mail.outbox == []


def test_a_coordinator_invites_a_contributor_of_their_own_state(coordinator_a, state_a):
    response = invite(
        signed_in(coordinator_a),
        email="helper@example.org",
        role=Role.STATE_CONTRIBUTOR,
        state=state_a.iso3,
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="helper@example.org")
    assert invitation.state == state_a
    assert AuditEvent.objects.filter(action="invitation.create", state=state_a).exists()


def test_a_coordinator_cannot_invite_into_another_state(coordinator_a, state_b):
    response = invite(
        signed_in(coordinator_a),
        email="spy@example.org",
        role=Role.STATE_CONTRIBUTOR,
        state=state_b.iso3,
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=coordinator_a, email="spy@example.org", role=Role.STATE_CONTRIBUTOR, state=state_b
        )


def test_a_coordinator_cannot_hand_out_the_admin_role(coordinator_a, state_a):
    response = invite(
        signed_in(coordinator_a),
        email="boss@example.org",
        role=Role.SECRETARIAT_ADMIN,
        state=state_a.iso3,
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("persona", ["analyst", "contributor_a", "delegation_reader", "anonymous"])
def test_others_cannot_reach_the_invitation_page(personas, persona):
    response = signed_in(personas[persona]).get(INVITE)
    assert response.status_code in (302, 404)
    assert invite(
        signed_in(personas[persona]), email="x@example.org", role="state_contributor"
    ).status_code in (302, 404)
    assert not Invitation.objects.exists()


def test_a_state_role_needs_a_state(admin):
    response = invite(
        signed_in(admin), email="x@example.org", role=Role.STATE_COORDINATOR, state=""
    )
    assert str(services.ERR_STATE_REQUIRED) in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_existing_user_cannot_be_invited_again(admin, analyst):
    response = invite(
        signed_in(admin), email=analyst.email.upper(), role=Role.SECRETARIAT_ANALYST, state=""
    )
    assert str(services.ERR_ALREADY_USER) in response.content.decode()


def test_an_expired_invitation_says_so(admin):
    _invitation, token = services.invitation_create(
        actor=admin, email="late@example.org", role=Role.SECRETARIAT_ANALYST, state=None
    )
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = Client().get(f"/en/accounts/invitation/{token}/")
    assert response.status_code == 410
    assert str(services.ERR_INVITATION_EXPIRED) in response.content.decode()


def test_a_made_up_invitation_link_says_it_is_not_valid():
    response = Client().get("/en/accounts/invitation/not-a-real-token/")
    assert response.status_code == 410
    assert str(services.ERR_INVITATION_INVALID) in response.content.decode()


def test_a_weak_password_is_refused_and_no_account_is_made(admin):
    _invitation, token = services.invitation_create(
        actor=admin, email="weak@example.org", role=Role.SECRETARIAT_ANALYST, state=None
    )
    response = Client().post(
        f"/en/accounts/invitation/{token}/",
        {"full_name": "W", "password1": "password", "password2": "password"},
    )
    assert response.status_code == 200
    assert "too common" in response.content.decode() or "too short" in response.content.decode()
    assert not User.objects.filter(email="weak@example.org").exists()


def test_a_new_coordinator_is_sent_to_two_factor_setup(admin, state_a):
    _invitation, token = services.invitation_create(
        actor=admin, email="c@example.org", role=Role.STATE_COORDINATOR, state=state_a
    )
    password = "long enough passphrase 7"
    response = Client().post(
        f"/en/accounts/invitation/{token}/",
        {"full_name": "C", "password1": password, "password2": password},
    )
    assert response["Location"] == "/en/accounts/two-factor/setup/"


def test_a_withdrawn_invitation_no_longer_works(coordinator_a, state_a):
    invitation, token = services.invitation_create(
        actor=coordinator_a, email="h@example.org", role=Role.STATE_CONTRIBUTOR, state=state_a
    )
    client = signed_in(coordinator_a)
    client.post(f"/en/accounts/users/invitations/{invitation.public_id}/withdraw/")
    assert Client().get(f"/en/accounts/invitation/{token}/").status_code == 410


def test_a_coordinator_cannot_withdraw_another_states_invitation(admin, coordinator_b, state_a):
    invitation, _token = services.invitation_create(
        actor=admin, email="h@example.org", role=Role.STATE_CONTRIBUTOR, state=state_a
    )
    response = signed_in(coordinator_b).post(
        f"/en/accounts/users/invitations/{invitation.public_id}/withdraw/"
    )
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
