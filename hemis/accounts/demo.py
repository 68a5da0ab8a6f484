"""Demo accounts: one password for all; two-factor pre-enrolled with one printed secret."""

from __future__ import annotations

import base64

from django_otp.plugins.otp_totp.models import TOTPDevice

from hemis.accounts.models import Role, User
from hemis.core.models import MemberState

DEMO_PASSWORD = "hemis-demo-2026"
# 20 fixed bytes, so that a person can add the demo accounts to an authenticator app once.
DEMO_TOTP_KEY = bytes(range(101, 121))
DEMO_STATES = ("JAM", "MEX", "BLZ", "TTO", "CHL")
STATE_ROLE_PREFIX = {
    Role.STATE_COORDINATOR: "coordinator",
    Role.STATE_CONTRIBUTOR: "contributor",
    Role.DELEGATION_READER: "delegation",
}


def demo_accounts() -> list[tuple[str, str, Role, str | None]]:
    """(e-mail, full name, role, state ISO3) of every demo account."""
    accounts: list[tuple[str, str, Role, str | None]] = [
        ("admin@example.org", "Ana Administradora", Role.SECRETARIAT_ADMIN, None),
        ("analyst@example.org", "Alex Analyst", Role.SECRETARIAT_ANALYST, None),
    ]
    for iso3 in DEMO_STATES:
        for role, prefix in STATE_ROLE_PREFIX.items():
            accounts.append(
                (f"{prefix}.{iso3.lower()}@example.org", f"{prefix.title()} {iso3}", role, iso3)
            )
    return accounts


def demo_totp_secret() -> str:
    return base64.b32encode(DEMO_TOTP_KEY).decode()


def load(*, stdout) -> None:
    states = {s.iso3: s for s in MemberState.objects.filter(iso3__in=DEMO_STATES)}
    for email, name, role, iso3 in demo_accounts():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, full_name=name, role=role, state=states.get(iso3 or ""))
            user.set_password(DEMO_PASSWORD)
            user.save()
        if user.requires_two_factor and not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(
                user=user, name="demo authenticator", key=DEMO_TOTP_KEY.hex(), confirmed=True
            )
    stdout.write("")
    stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD})")
    stdout.write("  admin@example.org               secretariat admin (two-factor)")
    stdout.write("  analyst@example.org             secretariat analyst")
    for iso3 in DEMO_STATES:
        code = iso3.lower()
        stdout.write(f"  coordinator.{code}@example.org  state coordinator of {iso3} (two-factor)")
        stdout.write(f"  contributor.{code}@example.org  state contributor of {iso3}")
        stdout.write(f"  delegation.{code}@example.org   delegation reader of {iso3}")
    stdout.write(
        f"Two-factor secret for the demo admin and coordinators: {demo_totp_secret()}"
        " (add it to an authenticator app as a time-based key)"
    )
    stdout.write("")
