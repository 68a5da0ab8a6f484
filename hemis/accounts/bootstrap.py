"""Creating accounts outside the invitation flow: the first administrator and demo users."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from hemis.accounts.actors import SystemActor
from hemis.accounts.models import Role, User, normalize_email
from hemis.core.services import audit_record


@transaction.atomic
def create_admin(*, email: str, password: str, full_name: str = "") -> User:
    """A Secretariat administrator created from the command line."""
    email = normalize_email(email)
    validate_email(email)
    if User.objects.filter(email=email).exists():
        raise ValidationError(f"A user with the e-mail address {email} already exists.")
    user = User(email=email, full_name=full_name, role=Role.SECRETARIAT_ADMIN)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    audit_record(
        actor=SystemActor("createadmin"),
        action="user.create_admin",
        obj=user,
        changes={"email": [None, email]},
    )
    return user
