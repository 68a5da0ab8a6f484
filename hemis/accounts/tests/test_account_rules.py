"""The account services' own rules: whose token, invitation or device a write reaches, what a
refusal says, and that a change writes only what it changes (a stale copy never undoes what
someone else saved meanwhile)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone, translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hemis.accounts import access, services
from hemis.accounts.models import ApiToken, Invitation, Role, User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "an entirely new passphrase 2026"


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_a_user_reaches_their_own_token_by_its_id_and_no_other(contributor_a, coordinator_b):
    first, _key = services.api_token_create(actor=contributor_a, name="first")
    second, _key = services.api_token_create(actor=contributor_a, name="second")
    theirs, _key = services.api_token_create(actor=coordinator_b, name="theirs")
    assert access.get_api_token_for_user(contributor_a, second.public_id) == second
    assert access.get_api_token_for_user(contributor_a, first.public_id) == first
    for other in (theirs.public_id, uuid.uuid4()):
        with pytest.raises(Http404):
            access.get_api_token_for_user(contributor_a, other)


def test_revoking_a_token_keeps_when_it_was_last_used(contributor_a):
    token, _key = services.api_token_create(actor=contributor_a, name="script")
    used = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=used)
    services.api_token_revoke(actor=contributor_a, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.last_used_at == used


def test_accepting_without_a_name_keeps_the_name_the_inviter_gave(admin):
    _invitation, token = services.invitation_create(
        actor=admin,
        email="new.analyst@example.org",
        role=Role.SECRETARIAT_ANALYST,
        state=None,
        full_name="Ana Lyst",
    )
    user = services.invitation_accept(token=token, password=NEW_PASSWORD)
    assert user.full_name == "Ana Lyst"


def test_a_link_accepted_meanwhile_is_refused_as_not_valid(admin, monkeypatch):
    invitation, token = services.invitation_create(
        actor=admin, email="twice@example.org", role=Role.SECRETARIAT_ANALYST, state=None
    )
    # Two tabs opened the link; the other one accepted it after this one checked it.
    seen = Invitation.objects.get(pk=invitation.pk)
    services.invitation_accept(token=token, password=NEW_PASSWORD)
    monkeypatch.setattr(services, "invitation_for_token", lambda _token: seen)
    with pytest.raises(ValidationError) as caught:
        services.invitation_accept(token=token, password=NEW_PASSWORD)
    assert caught.value.code == "invalid"
    assert caught.value.messages == [str(services.ERR_INVITATION_INVALID)]
    assert User.objects.filter(email="twice@example.org").count() == 1


def test_withdrawing_an_invitation_accepted_meanwhile_keeps_the_acceptance(admin):
    invitation, token = services.invitation_create(
        actor=admin, email="quick@example.org", role=Role.SECRETARIAT_ANALYST, state=None
    )
    services.invitation_accept(token=token, password=NEW_PASSWORD)
    services.invitation_revoke(actor=admin, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.revoked_at is not None


def test_a_refused_invitation_or_user_change_says_the_role_may_not_be_given(
    admin, coordinator_a, coordinator_b, contributor_a, state_a
):
    invitation, _token = services.invitation_create(
        actor=admin, email="h@example.org", role=Role.STATE_CONTRIBUTOR, state=state_a
    )
    refusals = [
        lambda: services.invitation_revoke(actor=coordinator_b, invitation=invitation),
        lambda: services.user_update(actor=coordinator_b, user=contributor_a, full_name="X"),
        lambda: services.user_update(
            actor=coordinator_a, user=contributor_a, role=Role.STATE_COORDINATOR, state=state_a
        ),
    ]
    for refusal in refusals:
        with pytest.raises(PermissionDenied) as caught:
            refusal()
        assert str(caught.value) == str(services.ERR_ROLE_NOT_ALLOWED)


def test_changing_only_a_users_name_or_access_keeps_their_role_and_state(
    coordinator_a, contributor_a, state_a
):
    services.user_update(actor=coordinator_a, user=contributor_a, full_name="Renamed")
    services.user_update(actor=coordinator_a, user=contributor_a, is_active=False)
    contributor_a.refresh_from_db()
    assert (contributor_a.full_name, contributor_a.is_active) == ("Renamed", False)
    assert (contributor_a.role, contributor_a.state) == (Role.STATE_CONTRIBUTOR, state_a)


def test_changing_a_users_role_keeps_a_password_they_changed_meanwhile(admin, analyst):
    seen = User.objects.get(pk=analyst.pk)
    analyst.set_password(NEW_PASSWORD)
    analyst.save(update_fields=["password"])
    services.user_update(actor=admin, user=seen, role=Role.SECRETARIAT_ADMIN, state=None)
    analyst.refresh_from_db()
    assert analyst.role == Role.SECRETARIAT_ADMIN
    assert analyst.check_password(NEW_PASSWORD)


def test_confirming_an_authenticator_replaces_the_users_older_one_and_no_one_elses(
    coordinator_a, coordinator_b
):
    older = TOTPDevice.objects.create(user=coordinator_a, name="old phone", confirmed=True)
    theirs = TOTPDevice.objects.create(user=coordinator_b, name="their phone", confirmed=True)
    device = services.totp_device_start(actor=coordinator_a)
    services.totp_device_confirm(actor=coordinator_a, device=device, code=current_code(device))
    assert list(TOTPDevice.objects.filter(user=coordinator_a)) == [device]
    assert TOTPDevice.objects.get(user=coordinator_a).confirmed
    assert TOTPDevice.objects.filter(pk=theirs.pk).exists()
    assert not TOTPDevice.objects.filter(pk=older.pk).exists()


def test_a_wrong_authenticator_code_is_an_error_on_the_code_field(coordinator_a):
    device = services.totp_device_start(actor=coordinator_a)
    with pytest.raises(ValidationError) as caught:
        services.totp_device_confirm(actor=coordinator_a, device=device, code="000000")
    assert caught.value.message_dict == {"code": [str(services.ERR_BAD_CODE)]}


def test_resetting_two_factor_removes_the_users_recovery_codes_and_no_one_elses(
    admin, coordinator_a, coordinator_b
):
    for user in (coordinator_a, coordinator_b):
        services.recovery_codes_regenerate(actor=user)
    services.two_factor_reset(actor=admin, user=coordinator_a)
    assert not StaticDevice.objects.filter(user=coordinator_a).exists()
    assert StaticDevice.objects.filter(user=coordinator_b).exists()


def test_a_new_invitation_withdraws_only_the_pending_one_for_that_address(admin):
    first, _token = services.invitation_create(
        actor=admin, email="a@example.org", role=Role.SECRETARIAT_ANALYST, state=None
    )
    other, _token = services.invitation_create(
        actor=admin, email="b@example.org", role=Role.SECRETARIAT_ANALYST, state=None
    )
    withdrawn = timezone.now() - dt.timedelta(days=3)
    older = Invitation.objects.create(
        email="a@example.org",
        role=Role.SECRETARIAT_ANALYST,
        token_hash="0" * 64,
        invited_by=admin,
        expires_at=timezone.now(),
        revoked_at=withdrawn,
    )
    # An accepted invitation whose user has since changed address stays accepted.
    accepted, token = services.invitation_create(
        actor=admin, email="c@example.org", role=Role.SECRETARIAT_ANALYST, state=None
    )
    services.invitation_accept(token=token, password=NEW_PASSWORD)
    User.objects.filter(email="c@example.org").update(email="c.moved@example.org")
    Invitation.objects.filter(pk=accepted.pk).update(email="a@example.org")

    second, _token = services.invitation_create(
        actor=admin, email="A@example.org", role=Role.SECRETARIAT_ANALYST, state=None
    )
    for invitation in (first, other, older, accepted, second):
        invitation.refresh_from_db()
    assert first.revoked_at is not None
    assert other.revoked_at is None
    assert older.revoked_at == withdrawn
    assert accepted.revoked_at is None
    assert second.revoked_at is None
    assert second.invited_by == admin


def test_an_invitation_keeps_no_name_when_none_is_given_and_names_who_invited(admin):
    invitation, _token = services.invitation_create(
        actor=admin, email="d@example.org", role=Role.SECRETARIAT_ANALYST, state=None
    )
    assert invitation.full_name == ""
    assert Invitation.objects.get(pk=invitation.pk).invited_by == admin


def test_inviting_an_existing_user_is_an_error_on_the_email_field(admin, analyst):
    with pytest.raises(ValidationError) as caught:
        services.invitation_create(
            actor=admin, email=analyst.email, role=Role.SECRETARIAT_ANALYST, state=None
        )
    assert caught.value.message_dict == {"email": [str(services.ERR_ALREADY_USER)]}


def test_a_refused_invitation_says_the_role_may_not_be_given(coordinator_a, state_a):
    with pytest.raises(PermissionDenied) as caught:
        services.invitation_create(
            actor=coordinator_a, email="e@example.org", role=Role.SECRETARIAT_ADMIN, state=None
        )
    assert str(caught.value) == str(services.ERR_ROLE_NOT_ALLOWED)


def test_an_invitation_sent_outside_any_page_language_is_in_english(
    admin, django_capture_on_commit_callbacks
):
    with translation.override(None), django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=admin, email="f@example.org", role=Role.SECRETARIAT_ANALYST, state=None
        )
    assert "/en/accounts/invitation/" in mail.outbox[0].body


def test_an_address_that_got_an_account_meanwhile_cannot_accept_its_invitation(admin):
    _invitation, token = services.invitation_create(
        actor=admin, email="g@example.org", role=Role.SECRETARIAT_ANALYST, state=None
    )
    User.objects.create_user("g@example.org", NEW_PASSWORD, role=Role.SECRETARIAT_ANALYST)
    with pytest.raises(ValidationError) as caught:
        services.invitation_accept(token=token, password=NEW_PASSWORD)
    assert caught.value.messages == [str(services.ERR_ALREADY_USER)]


def test_a_password_like_the_invited_address_is_refused(admin):
    _invitation, token = services.invitation_create(
        actor=admin, email="maria.gonzalez@example.org", role=Role.SECRETARIAT_ANALYST, state=None
    )
    with pytest.raises(ValidationError):
        services.invitation_accept(token=token, password="maria.gonzalez")
    assert not User.objects.filter(email="maria.gonzalez@example.org").exists()


@pytest.mark.parametrize(("page_language", "stored"), [("es", "es"), ("pt-br", "pt"), (None, "en")])
def test_a_new_account_speaks_the_language_of_the_page_it_was_accepted_on(
    admin, page_language, stored
):
    _invitation, token = services.invitation_create(
        actor=admin, email="h@example.org", role=Role.SECRETARIAT_ANALYST, state=None
    )
    with translation.override(page_language):
        user = services.invitation_accept(token=token, password=NEW_PASSWORD)
    assert user.preferred_language == stored


def test_a_manager_reaches_only_the_invitations_they_may_give_and_an_unknown_one_is_a_404(
    admin, coordinator_a, coordinator_b, state_a
):
    invitation, _token = services.invitation_create(
        actor=admin, email="i@example.org", role=Role.STATE_CONTRIBUTOR, state=state_a
    )
    assert access.get_invitation_for_manager(coordinator_a, invitation.public_id) == invitation
    for manager, public_id in ((coordinator_b, invitation.public_id), (admin, uuid.uuid4())):
        with pytest.raises(Http404):
            access.get_invitation_for_manager(manager, public_id)
