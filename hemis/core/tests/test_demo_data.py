import io

import pytest
from django.core.management import call_command

from hemis.accounts.demo import DEMO_PASSWORD, demo_accounts
from hemis.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def test_demo_data_creates_the_documented_accounts_and_is_idempotent():
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    call_command("load_demo_data", stdout=io.StringIO())
    emails = {a[0] for a in demo_accounts()}
    assert set(User.objects.values_list("email", flat=True)) == emails
    assert len(emails) == 2 + 5 * 3
    coordinator = User.objects.get(email="coordinator.jam@example.org")
    assert coordinator.role == Role.STATE_COORDINATOR and coordinator.state.iso3 == "JAM"
    assert coordinator.totpdevice_set.filter(confirmed=True).count() == 1
    assert User.objects.get(email="delegation.chl@example.org").role == Role.DELEGATION_READER
    printed = out.getvalue()
    assert DEMO_PASSWORD in printed and "coordinator.blz@example.org" in printed
    assert coordinator.check_password(DEMO_PASSWORD)
