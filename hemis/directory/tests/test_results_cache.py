"""The directory page's results are cached, and never outlive a change or leak who asked."""

import pytest

from hemis.conftest import signed_in
from hemis.directory import selectors, services
from hemis.directory.tests.conftest import contact_data

pytestmark = pytest.mark.django_db


def test_a_change_shows_at_once_on_a_page_already_cached(
    delegation_reader, contributor_a, jamaica_contact
):
    reader = signed_in(delegation_reader)
    assert "<small>Director</small>" in reader.get("/en/directory/").content.decode()
    services.contact_update(
        actor=contributor_a, contact=jamaica_contact, version=1, data={"title": "Head of unit"}
    )
    page = reader.get("/en/directory/").content.decode()
    assert "<small>Head of unit</small>" in page
    assert "<small>Director</small>" not in page


def test_a_retired_contact_leaves_the_cached_results_at_once(
    delegation_reader, contributor_a, jamaica_contact
):
    reader = signed_in(delegation_reader)
    assert "Ana Rivera" in reader.get("/en/directory/?state=JAM").content.decode()
    services.contact_retire(actor=contributor_a, contact=jamaica_contact, version=1)
    assert "Ana Rivera" not in reader.get("/en/directory/?state=JAM").content.decode()


def test_every_directory_service_moves_the_generation(admin, state_a, jamaica_contact):
    before = selectors.directory_generation()
    services.contact_confirm(actor=admin, contact=jamaica_contact)
    after_confirm = selectors.directory_generation()
    services.contact_verify(actor=admin, contact=jamaica_contact)
    after_verify = selectors.directory_generation()
    services.authority_create(actor=admin, state=state_a, data={"name": "Police", "kind": "police"})
    assert before < after_confirm < after_verify < selectors.directory_generation()


def test_the_cached_results_carry_nothing_of_the_reader_who_filled_the_cache(
    coordinator_a, delegation_reader, jamaica_contact
):
    coordinator_page = signed_in(coordinator_a).get("/en/directory/").content.decode()
    assert "/en/directory/states/JAM/contacts/new/" in coordinator_page
    reader_page = signed_in(delegation_reader).get("/en/directory/").content.decode()
    assert "Ana Rivera" in reader_page
    assert "/contacts/new/" not in reader_page
    assert "coordinator.a@" not in reader_page


def test_a_cached_page_reads_only_the_generation_from_the_directory(
    delegation_reader, jamaica_contact, django_assert_max_num_queries
):
    reader = signed_in(delegation_reader)
    reader.get("/en/directory/?function=toc_contact")
    # The rest is the session, its user and their two-factor devices and state.
    with django_assert_max_num_queries(12) as captured:
        response = reader.get("/en/directory/?function=toc_contact")
    assert "Ana Rivera" in response.content.decode()
    directory = [q["sql"] for q in captured.captured_queries if '"directory_' in q["sql"]]
    assert len(directory) == 1
    assert "directory_generation" in directory[0]


def test_the_page_links_keep_the_filters(admin, state_a):
    for number in range(30):
        services.contact_create(
            actor=admin,
            state=state_a,
            data=contact_data(
                person_name=f"Officer {number}", emails=[f"o{number}@jm.example.org"]
            ),
        )
    page = signed_in(admin).get("/en/directory/?state=jam&function=toc_contact").content.decode()
    assert 'href="?state=JAM&amp;function=toc_contact&amp;page=2" rel="next"' in page


def test_a_contact_in_two_matching_thematic_areas_is_listed_once(delegation_reader, admin, state_a):
    services.contact_create(
        actor=admin,
        state=state_a,
        data=contact_data(thematic_areas=["drugs", "firearms"], languages=["en", "es"]),
    )
    page = signed_in(delegation_reader).get("/en/directory/?area=drugs&language=es")
    assert page.content.decode().count("Ana Rivera") == 1
    assert "1 contact point" in page.content.decode()
