"""Every write to accounts: invitations, users, API tokens, two-factor devices."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hemis.accounts import policy
from hemis.accounts.models import (
    STATE_ROLES,
    ApiToken,
    Invitation,
    Role,
    User,
    normalize_email,
)
from hemis.core.mail import queue_email
from hemis.core.models import MemberState
from hemis.core.services import audit_record, changes_between, snapshot

ERR_INVITATION_INVALID = _("This invitation link is not valid. Ask for a new invitation.")
ERR_INVITATION_EXPIRED = _(
    "This invitation has expired. Ask the person who invited you to send a new one."
)
ERR_ALREADY_USER = _("A user with this e-mail address already exists.")
ERR_ROLE_NOT_ALLOWED = _("You may not give this role.")
ERR_STATE_REQUIRED = _("Choose the member state for this role.")
ERR_NO_STATE_FOR_SECRETARIAT = _("Secretariat roles are not tied to a member state.")
ERR_TOKEN_NAME = _("Give the token a name, so that you can recognise it later.")
ERR_BAD_CODE = _("That code is not valid. Enter the 6-digit code your app shows now.")

RECOVERY_CODE_COUNT = 10


def _check_role_and_state(role: str, state: MemberState | None) -> None:
    if role in STATE_ROLES and state is None:
        raise ValidationError({"state": ERR_STATE_REQUIRED})
    if role not in STATE_ROLES and state is not None:
        raise ValidationError({"state": ERR_NO_STATE_FOR_SECRETARIAT})


@transaction.atomic
def invitation_create(
    *, actor: User, email: str, role: str, state: MemberState | None, full_name: str = ""
) -> tuple[Invitation, str]:
    """Invite a person to hemis with a role; e-mails them a link that expires."""
    email = normalize_email(email)
    _check_role_and_state(role, state)
    if not policy.may_invite(actor, role, state):
        raise PermissionDenied(ERR_ROLE_NOT_ALLOWED)
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": ERR_ALREADY_USER})
    # A new invitation replaces any pending one for the same address.
    Invitation.objects.filter(
        email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        email=email,
        full_name=full_name,
        role=role,
        state=state,
        token_hash=token_hash,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.HEMIS_INVITATION_DAYS),
    )
    audit_record(
        actor=actor,
        action="invitation.create",
        obj=invitation,
        changes={
            "email": [None, email],
            "role": [None, role],
            "state": [None, state and state.iso3],
        },
        state=state,
    )
    language = translation.get_language() or "en"
    with translation.override(language):
        path = reverse("accounts:invitation_accept", args=[token])
    queue_email(
        template="accounts/email/invitation",
        context={
            "invitation": invitation,
            "inviter": actor,
            "url": settings.HEMIS_BASE_URL.rstrip("/") + path,
            "role": Role(role).label,
            "state": state,
            "days": settings.HEMIS_INVITATION_DAYS,
        },
        to=email,
        language=language,
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation:
    """The pending invitation behind a link, or a ValidationError saying why not."""
    invitation = (
        Invitation.objects.select_related("state")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(ERR_INVITATION_INVALID, code="invalid")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(ERR_INVITATION_EXPIRED, code="expired")
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str, full_name: str = "") -> User:
    """Create the invited person's account; the link works once."""
    invitation = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(ERR_INVITATION_INVALID, code="invalid")
    if User.objects.filter(email=normalize_email(invitation.email)).exists():
        raise ValidationError(ERR_ALREADY_USER)
    user = User(
        email=normalize_email(invitation.email),
        full_name=full_name or invitation.full_name,
        role=invitation.role,
        state=invitation.state,
        preferred_language=(translation.get_language() or "en")[:2],
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(
        actor=user,
        action="invitation.accept",
        obj=user,
        changes={"email": [None, user.email], "role": [None, user.role]},
        state=user.state,
    )
    return user


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    """Withdraw a pending invitation; its link stops working."""
    if not policy.may_invite(actor, invitation.role, invitation.state):
        raise PermissionDenied(ERR_ROLE_NOT_ALLOWED)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="invitation.revoke", obj=invitation, state=invitation.state)


USER_FIELDS = ("full_name", "role", "state", "is_active")


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    full_name: str | None = None,
    role: str | None = None,
    state: MemberState | None = None,
    is_active: bool | None = None,
) -> User:
    """Change another user's name, role, state or whether they may sign in."""
    if not policy.can_manage_user(actor, user):
        raise PermissionDenied(ERR_ROLE_NOT_ALLOWED)
    before = snapshot(user, USER_FIELDS)
    new_role = role if role is not None else user.role
    new_state = state if role is not None else user.state
    _check_role_and_state(new_role, new_state)
    if role is not None and not policy.may_invite(actor, new_role, new_state):
        raise PermissionDenied(ERR_ROLE_NOT_ALLOWED)
    user.role, user.state = new_role, new_state
    if full_name is not None:
        user.full_name = full_name
    if is_active is not None:
        user.is_active = is_active
    user.save(update_fields=list(USER_FIELDS))
    changes = changes_between(before, snapshot(user, USER_FIELDS))
    if changes:
        audit_record(actor=actor, action="user.update", obj=user, changes=changes, state=user.state)
    return user


@transaction.atomic
def profile_update(*, actor: User, full_name: str, preferred_language: str) -> User:
    """The signed-in user changes their own name and preferred language."""
    fields = ("full_name", "preferred_language")
    before = snapshot(actor, fields)
    actor.full_name, actor.preferred_language = full_name, preferred_language
    actor.save(update_fields=list(fields))
    changes = changes_between(before, snapshot(actor, fields))
    if changes:
        audit_record(actor=actor, action="profile.update", obj=actor, changes=changes)
    return actor


def password_changed(*, actor: User, reset: bool = False) -> None:
    """Record that a password was changed (never its value)."""
    audit_record(actor=actor, action="password.reset" if reset else "password.change", obj=actor)


@transaction.atomic
def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for the actor; the key is shown once and only its hash is kept."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": ERR_TOKEN_NAME})
    key, key_hash = ApiToken.new_key()
    token = ApiToken.objects.create(user=actor, name=name, key_hash=key_hash, hint=key[:10])
    audit_record(actor=actor, action="api_token.create", obj=token, changes={"name": [None, name]})
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    """Revoke a token; scripts using it get 401 from then on."""
    if token.user_id != actor.pk:
        raise PermissionDenied
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="api_token.revoke", obj=token)


def api_token_authenticate(key: str) -> User | None:
    """The active user behind a bearer key, or None."""
    if not key.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "user__state")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def totp_device_start(*, actor: User) -> TOTPDevice:
    """An unconfirmed authenticator for the actor, replacing any earlier unconfirmed one."""
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name="authenticator", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, actor: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm an authenticator with a code it shows; returns fresh recovery codes."""
    if device.user_id != actor.pk or not device.verify_token(code.strip()):
        raise ValidationError({"code": ERR_BAD_CODE})
    TOTPDevice.objects.filter(user=actor, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=actor, action="two_factor.enable", obj=actor)
    return recovery_codes_regenerate(actor=actor)


@transaction.atomic
def recovery_codes_regenerate(*, actor: User) -> list[str]:
    """Replace the actor's recovery codes with new single-use ones and return them."""
    device, _created = StaticDevice.objects.get_or_create(
        user=actor, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    audit_record(actor=actor, action="two_factor.recovery_codes", obj=actor)
    return codes


@transaction.atomic
def two_factor_reset(*, actor: User, user: User) -> None:
    """Remove a user's authenticator (lost phone); they enrol again at next sign-in."""
    if not policy.is_admin(actor):
        raise PermissionDenied
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(actor=actor, action="two_factor.reset", obj=user, state=user.state)
