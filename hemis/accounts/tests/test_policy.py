"""The access policy, rule by rule: for each question, exactly who is answered yes.

Every page, API endpoint and export asks these functions, so each rule is pinned here for every
kind of person, including the ones no page is built for: a deactivated account, an official of a
state that no longer takes part, hemis itself (a command), and objects that are not users at all.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from hemis.accounts import policy
from hemis.accounts.actors import SYSTEM
from hemis.accounts.models import Role, User
from hemis.conftest import make_user
from hemis.core.models import MemberState

STATE_OFFICIALS_OF_A = {"coordinator_a", "contributor_a", "reader_a"}


@pytest.fixture
def people(admin, analyst, coordinator_a, contributor_a, coordinator_b, state_a) -> dict[str, Any]:
    nicaragua = MemberState.objects.get(iso3="NIC")
    assert not nicaragua.is_participating()
    return {
        "admin": admin,
        "analyst": analyst,
        "coordinator_a": coordinator_a,
        "contributor_a": contributor_a,
        "reader_a": make_user("reader.a@test.example.org", Role.DELEGATION_READER, state_a),
        "coordinator_b": coordinator_b,
        "official_of_nicaragua": make_user(
            "contributor.nic@test.example.org", Role.STATE_CONTRIBUTOR, nicaragua
        ),
        "former_admin": make_user(
            "former.admin@test.example.org", Role.SECRETARIAT_ADMIN, is_active=False
        ),
        "former_coordinator_a": make_user(
            "former.coordinator.a@test.example.org",
            Role.STATE_COORDINATOR,
            state_a,
            is_active=False,
        ),
        "anonymous": AnonymousUser(),
        "system": SYSTEM,
    }


def who(people: dict[str, Any], rule: Callable[[Any], bool]) -> set[str]:
    """The names of the people for whom `rule` answers yes."""
    return {name for name, person in people.items() if rule(person)}


def accounts(people: dict[str, Any]) -> dict[str, User]:
    """The people who have an account: the ones user management can act on."""
    return {name: person for name, person in people.items() if isinstance(person, User)}


def test_the_secretariat_is_its_administrators_and_analysts(people):
    assert who(people, policy.is_secretariat) == {"admin", "analyst"}


def test_only_an_active_administrator_is_an_administrator(people):
    assert who(people, policy.is_admin) == {"admin"}


def test_an_official_is_any_active_signed_in_user_and_never_hemis_itself(people):
    assert who(people, policy.is_official) == {
        "admin",
        "analyst",
        "coordinator_a",
        "contributor_a",
        "reader_a",
        "coordinator_b",
        "official_of_nicaragua",
    }


def test_a_user_has_a_state_only_while_active_and_the_secretariat_has_none(people, state_a):
    states = {name: policy.user_state_id(person) for name, person in people.items()}
    assert {name for name, state_id in states.items() if state_id == state_a.pk} == (
        STATE_OFFICIALS_OF_A
    )
    assert states["admin"] is None
    assert states["former_coordinator_a"] is None
    assert states["anonymous"] is None
    assert states["system"] is None


def test_a_states_own_officials_belong_to_it_named_by_the_state_or_its_id(people, state_a):
    assert who(people, lambda user: policy.belongs_to(user, state_a)) == STATE_OFFICIALS_OF_A
    assert who(people, lambda user: policy.belongs_to(user, state_a.pk)) == STATE_OFFICIALS_OF_A


def test_nobody_belongs_to_no_state_not_even_the_secretariat_that_has_none(people):
    assert who(people, lambda user: policy.belongs_to(user, None)) == set()


def test_a_states_restricted_data_is_read_by_the_secretariat_and_its_editors(people, state_a):
    assert who(people, lambda user: policy.can_read_state_restricted(user, state_a)) == {
        "admin",
        "analyst",
        "coordinator_a",
        "contributor_a",
    }


def test_a_states_data_is_edited_by_its_coordinator_and_contributors_only(people, state_a):
    assert who(people, lambda user: policy.can_edit_state_data(user, state_a)) == {
        "coordinator_a",
        "contributor_a",
    }
    assert who(people, lambda user: policy.can_edit_state_data(user, None)) == set()


def test_only_a_states_coordinator_submits_for_it(people, state_a):
    assert who(people, lambda user: policy.can_submit_for_state(user, state_a)) == {"coordinator_a"}
    assert who(people, lambda user: policy.can_submit_for_state(user, state_a.pk)) == {
        "coordinator_a"
    }


def test_reference_data_is_written_by_the_secretariat(people):
    assert who(people, policy.can_write_reference_data) == {"admin", "analyst"}


def test_the_directory_is_read_by_the_secretariat_and_officials_of_states_taking_part(people):
    assert who(people, policy.can_read_directory) == {
        "admin",
        "analyst",
        "coordinator_a",
        "contributor_a",
        "reader_a",
        "coordinator_b",
    }


def test_a_states_directory_entries_are_edited_by_its_editors_and_the_secretariat(people, state_a):
    assert who(people, lambda user: policy.can_edit_directory(user, state_a)) == {
        "admin",
        "analyst",
        "coordinator_a",
        "contributor_a",
    }


def test_only_an_administrator_reads_the_audit_log(people):
    assert who(people, policy.can_view_audit_log) == {"admin"}


def test_administrators_and_coordinators_manage_users(people):
    assert who(people, policy.can_manage_users) == {"admin", "coordinator_a", "coordinator_b"}


def test_an_administrator_hands_out_every_role_and_a_coordinator_the_state_ones_below(people):
    roles = {name: policy.invitable_roles(person) for name, person in people.items()}
    assert roles["admin"] == list(Role)
    assert roles["coordinator_a"] == [Role.STATE_CONTRIBUTOR, Role.DELEGATION_READER]
    assert {name for name, given in roles.items() if given} == {
        "admin",
        "coordinator_a",
        "coordinator_b",
    }


def test_an_administrator_manages_everyone_but_themselves(people, admin):
    assert who(accounts(people), lambda target: policy.can_manage_user(admin, target)) == (
        set(accounts(people)) - {"admin"}
    )


def test_a_coordinator_manages_their_states_contributors_and_readers_only(people, coordinator_a):
    assert who(accounts(people), lambda target: policy.can_manage_user(coordinator_a, target)) == {
        "contributor_a",
        "reader_a",
    }


def test_nobody_else_manages_anyone(people):
    targets = accounts(people).values()
    managers = {
        name: person
        for name, person in accounts(people).items()
        if name not in ("admin", "coordinator_a", "coordinator_b")
    }
    assert {
        name
        for name, manager in managers.items()
        if any(policy.can_manage_user(manager, target) for target in targets)
    } == set()


def test_an_administrator_invites_any_role_for_any_state_or_none(people, admin, state_a):
    assert all(policy.may_invite(admin, role, state_a) for role in Role)
    assert all(policy.may_invite(admin, role, None) for role in Role)


def test_a_coordinator_invites_contributors_and_readers_of_their_own_state_only(
    coordinator_a, state_a, state_b
):
    assert policy.may_invite(coordinator_a, Role.STATE_CONTRIBUTOR, state_a)
    assert policy.may_invite(coordinator_a, Role.DELEGATION_READER, state_a)
    assert not policy.may_invite(coordinator_a, Role.STATE_CONTRIBUTOR, state_b)
    assert not policy.may_invite(coordinator_a, Role.STATE_CONTRIBUTOR, None)
    assert not policy.may_invite(coordinator_a, Role.STATE_COORDINATOR, state_a)
    assert not policy.may_invite(coordinator_a, Role.SECRETARIAT_ADMIN, None)


def test_nobody_else_invites_anyone(people, state_a):
    inviters = {
        name
        for name, person in people.items()
        if any(policy.may_invite(person, role, state_a) for role in Role)
    }
    assert inviters == {"admin", "coordinator_a"}


def test_user_management_lists_everyone_for_an_admin_the_state_for_a_coordinator(people):
    def listed(name: str) -> set[str]:
        emails = set(
            User.objects.filter(policy.visible_users_q(people[name])).values_list(
                "email", flat=True
            )
        )
        return {n for n, p in people.items() if getattr(p, "email", None) in emails}

    everyone = set(accounts(people))
    assert listed("admin") == everyone
    assert listed("coordinator_a") == STATE_OFFICIALS_OF_A | {"former_coordinator_a"}
    for name in ("analyst", "contributor_a", "reader_a", "anonymous", "system"):
        assert listed(name) == set(), name


@pytest.mark.parametrize(
    "thing",
    [
        None,
        object(),
        SimpleNamespace(role=Role.SECRETARIAT_ADMIN, state_id=None),
        SimpleNamespace(is_authenticated=True, role=Role.SECRETARIAT_ADMIN, state_id=None),
        SimpleNamespace(is_active=True, role=Role.SECRETARIAT_ADMIN, state_id=None),
        SimpleNamespace(is_authenticated=True, is_active=True),
    ],
    ids=["none", "object", "no-flags", "not-said-active", "not-said-signed-in", "no-role"],
)
def test_the_policy_grants_nothing_to_what_is_not_an_active_signed_in_user(thing, state_a):
    assert not policy.is_official(thing)
    assert not policy.is_secretariat(thing)
    assert not policy.can_write_reference_data(thing)
    assert not policy.can_read_state_restricted(thing, state_a)
    assert not policy.can_read_directory(thing)
    assert policy.user_state_id(thing) is None
    assert policy.invitable_roles(thing) == []
