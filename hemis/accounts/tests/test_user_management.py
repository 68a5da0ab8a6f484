import pytest
from django.core.exceptions import PermissionDenied

from hemis.accounts import services
from hemis.accounts.models import Role
from hemis.conftest import make_user, signed_in
from hemis.core.models import AuditEvent

pytestmark = pytest.mark.django_db

USERS = "/en/accounts/users/"


def emails_listed(response) -> set[str]:
    return {u.email for u in response.context["page"]}


def test_an_admin_sees_every_user(personas):
    response = signed_in(personas["admin"]).get(USERS)
    assert emails_listed(response) == {u.email for u in personas.values() if u}


def test_a_coordinator_sees_only_their_states_users(personas):
    response = signed_in(personas["coordinator_a"]).get(USERS)
    assert emails_listed(response) == {
        personas["coordinator_a"].email,
        personas["contributor_a"].email,
    }


@pytest.mark.parametrize("persona", ["analyst", "contributor_a", "delegation_reader"])
def test_other_roles_cannot_reach_user_management(personas, persona):
    assert signed_in(personas[persona]).get(USERS).status_code == 404


def test_the_anonymous_visitor_is_asked_to_sign_in(personas):
    response = signed_in(None).get(USERS)
    assert response["Location"].startswith("/en/accounts/sign-in/")


def test_user_list_filters_sorts_and_exports(personas):
    client = signed_in(personas["admin"])
    by_role = client.get(USERS, {"role": Role.STATE_COORDINATOR})
    assert emails_listed(by_role) == {
        personas["coordinator_a"].email,
        personas["coordinator_b"].email,
    }
    by_state = client.get(USERS, {"state": "mex"})
    assert emails_listed(by_state) == {personas["coordinator_b"].email}
    by_text = client.get(USERS, {"q": "delegation"})
    assert emails_listed(by_text) == {personas["delegation_reader"].email}
    newest = client.get(USERS, {"sort": "-joined"})
    assert next(iter(newest.context["page"])) == personas["delegation_reader"]
    response = client.get(USERS, {"format": "csv", "state": "JAM"})
    csv = response.content.decode("utf-8-sig").splitlines()
    assert csv[0] == "email,full_name,role,state,active,joined"
    assert len(csv) == 3


def test_a_coordinator_deactivates_a_contributor_of_their_state(personas):
    contributor = personas["contributor_a"]
    response = signed_in(personas["coordinator_a"]).post(
        f"/en/accounts/users/{contributor.public_id}/",
        {"full_name": "Gone", "role": Role.STATE_CONTRIBUTOR, "state": "JAM"},
    )
    assert response.status_code == 302
    contributor.refresh_from_db()
    assert not contributor.is_active
    event = AuditEvent.objects.get(action="user.update", object_id=str(contributor.public_id))
    assert event.changes["is_active"] == [True, False]
    assert event.changes["full_name"] == ["", "Gone"]
    assert event.actor == personas["coordinator_a"]


def test_a_coordinator_cannot_see_another_states_user(personas):
    target = personas["coordinator_b"]
    client = signed_in(personas["coordinator_a"])
    assert client.get(f"/en/accounts/users/{target.public_id}/").status_code == 404
    assert (
        client.post(
            f"/en/accounts/users/{target.public_id}/",
            {"role": Role.STATE_CONTRIBUTOR, "state": "JAM"},
        ).status_code
        == 404
    )
    target.refresh_from_db()
    assert target.role == Role.STATE_COORDINATOR


def test_a_coordinator_cannot_promote_anyone_to_admin(personas, state_a):
    with pytest.raises(PermissionDenied):
        services.user_update(
            actor=personas["coordinator_a"],
            user=personas["contributor_a"],
            role=Role.SECRETARIAT_ADMIN,
            state=None,
        )


def test_a_coordinator_may_see_but_not_change_a_fellow_coordinator(personas, state_a):
    fellow = make_user("fellow@test.example.org", Role.STATE_COORDINATOR, state_a)
    client = signed_in(personas["coordinator_a"])
    page = client.get(f"/en/accounts/users/{fellow.public_id}/")
    assert page.status_code == 200
    assert not page.context["editable"]
    assert (
        client.post(
            f"/en/accounts/users/{fellow.public_id}/", {"role": "state_contributor", "state": "JAM"}
        ).status_code
        == 404
    )


def test_an_admin_moves_a_user_to_a_secretariat_role_without_a_state(personas):
    target = personas["contributor_a"]
    response = signed_in(personas["admin"]).post(
        f"/en/accounts/users/{target.public_id}/",
        {"role": Role.SECRETARIAT_ANALYST, "state": "JAM", "is_active": "on"},
    )
    assert response.status_code == 200
    assert str(services.ERR_NO_STATE_FOR_SECRETARIAT) in response.content.decode()
    target.refresh_from_db()
    assert target.role == Role.STATE_CONTRIBUTOR


def test_an_admin_resets_a_lost_authenticator(personas, client_for):
    coordinator = personas["coordinator_a"]
    signed_in(coordinator)  # enrols a device
    response = client_for(personas["admin"]).post(
        f"/en/accounts/users/{coordinator.public_id}/reset-two-factor/"
    )
    assert response.status_code == 302
    assert not coordinator.totpdevice_set.exists()
    assert AuditEvent.objects.filter(action="two_factor.reset").exists()


def test_a_coordinator_cannot_reset_two_factor(personas):
    contributor = personas["contributor_a"]
    response = signed_in(personas["coordinator_a"]).post(
        f"/en/accounts/users/{contributor.public_id}/reset-two-factor/"
    )
    assert response.status_code == 404
