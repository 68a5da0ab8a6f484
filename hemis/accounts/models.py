"""Users, their role (and state), invitations and API tokens."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower, Trim
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemis.core.models import MemberState


class Role(models.TextChoices):
    SECRETARIAT_ADMIN = "secretariat_admin", _("Secretariat administrator")
    SECRETARIAT_ANALYST = "secretariat_analyst", _("Secretariat analyst")
    STATE_COORDINATOR = "state_coordinator", _("State coordinator")
    STATE_CONTRIBUTOR = "state_contributor", _("State contributor")
    DELEGATION_READER = "delegation_reader", _("Delegation reader")


SECRETARIAT_ROLES = frozenset({Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_ANALYST})
STATE_ROLES = frozenset({Role.STATE_COORDINATOR, Role.STATE_CONTRIBUTOR, Role.DELEGATION_READER})
TWO_FACTOR_ROLES = frozenset({Role.SECRETARIAT_ADMIN, Role.STATE_COORDINATOR})


def normalize_email(address: str | None) -> str:
    """The one spelling of an e-mail address hemis keeps and looks up: trimmed, lower case.

    Every place a person types an address (sign-in and its lock, password reset, invitations,
    commands) goes through this, so that `Someone@Example.org ` is the same account.
    """
    return (address or "").strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return normalize_email(email)

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not normalize_email(email):
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("role", Role.SECRETARIAT_ADMIN)
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=normalize_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address; state roles belong to one member state."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("member state"),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the Django admin"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=sorted(r.value for r in STATE_ROLES), state__isnull=False)
                    | models.Q(
                        role__in=sorted(r.value for r in SECRETARIAT_ROLES), state__isnull=True
                    )
                ),
                name="user_state_matches_role",
            ),
            models.CheckConstraint(
                condition=models.Q(email=Lower(Trim("email"))),
                name="user_email_normalised",
                violation_error_message=_("The e-mail address must be stored in lower case."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def public_key(self) -> str:
        return str(self.public_id)

    @property
    def is_secretariat(self) -> bool:
        return self.role in SECRETARIAT_ROLES

    @property
    def requires_two_factor(self) -> bool:
        return self.role in TWO_FACTOR_ROLES


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Invitation(models.Model):
    """An e-mailed link that lets a person create their account with a given role."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    state = models.ForeignKey(
        MemberState, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("state")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email

    @property
    def public_key(self) -> str:
        return str(self.public_id)

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _hash(token)

    @staticmethod
    def hash_token(token: str) -> str:
        return _hash(token)

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class ApiToken(models.Model):
    """A per-user bearer token for the JSON API and export URLs; only its hash is kept."""

    PREFIX = "hemis_"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def public_key(self) -> str:
        return str(self.public_id)

    @classmethod
    def new_key(cls) -> tuple[str, str]:
        key = cls.PREFIX + secrets.token_urlsafe(32)
        return key, _hash(key)

    @staticmethod
    def hash_key(key: str) -> str:
        return _hash(key)
