import datetime as dt

import pytest

from hemis.accounts import services
from hemis.conftest import signed_in
from hemis.core.models import AuditEvent

pytestmark = pytest.mark.django_db

AUDIT = "/en/audit/"


def test_every_write_records_who_what_and_the_old_and_new_values(admin, contributor_a):
    services.user_update(actor=admin, user=contributor_a, full_name="Renamed")
    event = AuditEvent.objects.get(action="user.update")
    assert event.actor == admin and event.actor_email == admin.email
    assert event.object_type == "accounts.user"
    assert event.object_id == str(contributor_a.public_id)
    assert event.state == contributor_a.state
    assert event.changes == {"full_name": ["", "Renamed"]}


def test_a_write_that_changes_nothing_records_nothing(admin, contributor_a):
    services.user_update(actor=admin, user=contributor_a, full_name="")
    assert not AuditEvent.objects.filter(action="user.update").exists()


def test_the_admin_filters_the_log_by_user_state_object_and_date(personas):
    admin, coordinator_a = personas["admin"], personas["coordinator_a"]
    services.user_update(actor=admin, user=personas["coordinator_b"], full_name="B")
    services.user_update(actor=coordinator_a, user=personas["contributor_a"], full_name="A")
    client = signed_in(admin)

    def actions(**params):
        return [(e.actor_email, e.state.iso3) for e in client.get(AUDIT, params).context["page"]]

    # Reference data loaded by migrations (treaty status) is recorded too, with no actor.
    assert actions(state="JAM", object_type="accounts.user") == [(coordinator_a.email, "JAM")]
    assert actions(actor="admin@") == [(admin.email, "MEX")]
    assert len(actions(object_type="accounts.user")) == 2
    target = str(personas["coordinator_b"].public_id)
    assert actions(object_id=target) == [(admin.email, "MEX")]
    assert actions(date_from="2000-01-01", date_to="2000-12-31") == []
    today = dt.date.today().isoformat()
    assert len(actions(date_from=today, object_type="accounts.user")) == 2
    assert len(actions(date_from="not a date", object_type="accounts.user")) == 2


@pytest.mark.parametrize(
    "persona", ["analyst", "coordinator_a", "contributor_a", "coordinator_b", "delegation_reader"]
)
def test_only_admins_see_the_audit_log(personas, persona):
    assert signed_in(personas[persona]).get(AUDIT).status_code == 404


def test_the_anonymous_visitor_is_asked_to_sign_in_for_the_audit_log():
    assert signed_in(None).get(AUDIT)["Location"].startswith("/en/accounts/sign-in/")
