import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hemis.core.models import AuditEvent, MemberState
from hemis.core.services import VersionConflict
from hemis.directory import selectors, services
from hemis.directory.models import Contact, EntryStatus
from hemis.directory.tests.conftest import contact_data

pytestmark = pytest.mark.django_db


def test_a_contributor_adds_a_contact_of_their_state_with_phones_in_e164(contributor_a, state_a):
    contact = services.contact_create(
        actor=contributor_a, state=state_a, data=contact_data(phones=["(876) 922-1234"])
    )
    assert contact.phones == ["+18769221234"]
    assert contact.version == 1
    assert [a.code for a in contact.thematic_areas.all()] == ["drugs"]
    event = AuditEvent.objects.get(action="contact.create")
    assert event.state == state_a and event.actor == contributor_a
    assert event.changes["person_name"] == [None, "Ana Rivera"]


def test_a_contributor_cannot_add_a_contact_for_another_state(contributor_a, state_b):
    with pytest.raises(PermissionDenied):
        services.contact_create(actor=contributor_a, state=state_b, data=contact_data())
    assert not Contact.objects.exists()


@pytest.mark.parametrize("persona", ["delegation_reader", "coordinator_b"])
def test_readers_and_other_states_cannot_edit(personas, jamaica_contact, persona):
    with pytest.raises(PermissionDenied):
        services.contact_update(
            actor=personas[persona], contact=jamaica_contact, version=1, data={"title": "X"}
        )


def test_bad_values_are_refused_naming_each_field(contributor_a, state_a):
    with pytest.raises(ValidationError) as caught:
        services.contact_create(
            actor=contributor_a,
            state=state_a,
            data=contact_data(
                emails=["not-an-email"], phones=["12"], languages=["xx"], thematic_areas=["nope"]
            ),
        )
    errors = caught.value.message_dict
    assert set(errors) == {"emails", "phones", "languages", "thematic_areas"}
    assert "not-an-email" in errors["emails"][0]
    assert "“12”" in errors["phones"][0]
    assert not Contact.objects.exists()


def test_a_contact_needs_a_name_or_office_and_a_way_to_reach_it(contributor_a, state_a):
    with pytest.raises(ValidationError) as caught:
        services.contact_create(
            actor=contributor_a,
            state=state_a,
            data={"function": "fiu", "person_name": "", "emails": [], "phones": []},
        )
    assert set(caught.value.message_dict) == {"person_name", "emails"}


def test_an_update_records_old_and_new_values_and_bumps_the_version(contributor_a, jamaica_contact):
    updated = services.contact_update(
        actor=contributor_a, contact=jamaica_contact, version=1, data={"title": "Deputy Director"}
    )
    assert updated.version == 2
    event = AuditEvent.objects.get(action="contact.update")
    assert event.changes == {"title": ["Director", "Deputy Director"]}


def test_a_stale_version_raises_a_conflict_and_changes_nothing(contributor_a, jamaica_contact):
    services.contact_update(
        actor=contributor_a, contact=jamaica_contact, version=1, data={"title": "First"}
    )
    with pytest.raises(VersionConflict) as caught:
        services.contact_update(
            actor=contributor_a, contact=jamaica_contact, version=1, data={"title": "Second"}
        )
    assert caught.value.current_version == 2
    assert caught.value.current["title"] == "First"
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.title == "First"


def test_replacing_a_contact_keeps_the_old_one_in_the_history(coordinator_a, jamaica_contact):
    successor = services.contact_replace(
        actor=coordinator_a,
        contact=jamaica_contact,
        version=1,
        data=contact_data(person_name="Marcia Campbell", emails=["m.campbell@jm.example.org"]),
    )
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.status == EntryStatus.REPLACED
    assert jamaica_contact.replaced_by == successor
    assert successor.function == "toc_contact"
    assert selectors.contact_history(successor) == [jamaica_contact]
    with pytest.raises(ValidationError):
        services.contact_update(
            actor=coordinator_a, contact=jamaica_contact, version=2, data={"title": "x"}
        )


def test_retiring_takes_a_contact_out_of_the_directory(coordinator_a, jamaica_contact):
    services.contact_retire(actor=coordinator_a, contact=jamaica_contact, version=1)
    assert not selectors.contact_list(viewer=coordinator_a).exists()
    assert Contact.objects.filter(pk=jamaica_contact.pk, status=EntryStatus.RETIRED).exists()


def test_confirming_resets_the_out_of_date_clock(coordinator_a, jamaica_contact):
    Contact.objects.filter(pk=jamaica_contact.pk).update(
        last_confirmed_on=timezone.localdate() - dt.timedelta(days=400)
    )
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.is_out_of_date()
    services.contact_confirm(actor=coordinator_a, contact=jamaica_contact)
    jamaica_contact.refresh_from_db()
    assert not jamaica_contact.is_out_of_date()
    assert AuditEvent.objects.filter(action="contact.confirm").exists()


def test_the_out_of_date_age_is_configurable(settings, jamaica_contact):
    Contact.objects.filter(pk=jamaica_contact.pk).update(
        last_confirmed_on=timezone.localdate() - dt.timedelta(days=100)
    )
    jamaica_contact.refresh_from_db()
    assert not jamaica_contact.is_out_of_date()
    settings.HEMIS_DIRECTORY_STALE_DAYS = 90
    assert jamaica_contact.is_out_of_date()


def test_only_the_secretariat_marks_entries_verified(analyst, coordinator_a, jamaica_contact):
    with pytest.raises(PermissionDenied):
        services.contact_verify(actor=coordinator_a, contact=jamaica_contact)
    services.contact_verify(actor=analyst, contact=jamaica_contact)
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.verified_by == analyst


def test_an_authority_must_belong_to_the_contacts_state(admin, state_a, state_b):
    mexican = services.authority_create(
        actor=admin, state=state_b, data={"name": "Fiscalía General", "kind": "prosecutor"}
    )
    with pytest.raises(ValidationError) as caught:
        services.contact_create(actor=admin, state=state_a, data=contact_data(authority=mexican))
    assert "authority" in caught.value.message_dict


def test_renaming_an_authority_makes_its_contacts_findable_by_the_new_name(
    admin, contributor_a, state_a
):
    authority = services.authority_create(
        actor=admin, state=state_a, data={"name": "Ministry of Justice", "kind": "ministry"}
    )
    services.contact_create(actor=admin, state=state_a, data=contact_data(authority=authority))
    services.authority_update(
        actor=admin, authority=authority, version=1, data={"name": "Ministério da Justiça"}
    )
    found = selectors.contact_list(
        viewer=contributor_a, filters=selectors.ContactFilters(q="ministerio justica")
    )
    assert found.count() == 1


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("admin", True),
        ("analyst", True),
        ("coordinator_a", True),
        ("contributor_a", True),
        ("coordinator_b", True),
        ("delegation_reader", True),
        ("anonymous", False),
    ],
)
def test_who_reads_the_directory(personas, jamaica_contact, mexico_contact, persona, sees):
    contacts = selectors.contact_list(viewer=personas[persona])
    assert (contacts.count() == 2) is sees


def test_officials_of_a_state_that_no_longer_takes_part_do_not_read_it(jamaica_contact):
    from hemis.conftest import make_user

    nicaragua = MemberState.objects.get(iso3="NIC")
    reader = make_user("nic@example.org", "delegation_reader", nicaragua)
    assert not selectors.contact_list(viewer=reader).exists()


def test_search_ignores_accents_and_case_and_matches_every_word(
    contributor_a, jamaica_contact, mexico_contact
):
    def search(**kwargs):
        return list(
            selectors.contact_list(viewer=contributor_a, filters=selectors.ContactFilters(**kwargs))
        )

    assert search(q="LUIS gomez") == [mexico_contact]
    assert search(q="luis rivera") == []
    assert search(q="jm.example.org") == [jamaica_contact]
    assert search(state="MEX") == [mexico_contact]
    assert search(subregion="caribbean") == [jamaica_contact]
    assert search(language="es") == [mexico_contact]
    assert search(area="drugs", sort="name") == [jamaica_contact, mexico_contact]


def test_the_coverage_matrix_shows_designated_out_of_date_and_missing(
    jamaica_contact, mexico_contact
):
    Contact.objects.filter(pk=mexico_contact.pk).update(
        last_confirmed_on=timezone.localdate() - dt.timedelta(days=500)
    )
    rows = {row.state.iso3: dict(row.cells) for row in selectors.coverage_matrix()}
    assert rows["JAM"]["toc_contact"] == selectors.DESIGNATED
    assert rows["MEX"]["toc_contact"] == selectors.OUT_OF_DATE
    assert rows["CHL"]["toc_contact"] == selectors.MISSING
    assert "NIC" not in rows and "CUB" not in rows
    caribbean = selectors.coverage_matrix(subregion="caribbean")
    assert {row.state.subregion.code for row in caribbean} == {"caribbean"}


def test_text_longer_than_its_field_is_refused_with_the_limit(contributor_a, state_a):
    with pytest.raises(ValidationError) as caught:
        services.contact_create(
            actor=contributor_a, state=state_a, data=contact_data(title="x" * 301)
        )
    assert "300" in caught.value.message_dict["title"][0]
