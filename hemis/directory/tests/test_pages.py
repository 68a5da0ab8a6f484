import pytest

from hemis.conftest import signed_in
from hemis.directory import services
from hemis.directory.models import Contact, EntryStatus

pytestmark = pytest.mark.django_db

INDEX = "/en/directory/"


def page_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response


@pytest.mark.parametrize(
    "persona",
    ["admin", "analyst", "coordinator_a", "contributor_a", "coordinator_b", "delegation_reader"],
)
def test_every_official_searches_the_directory_of_every_state(
    personas, jamaica_contact, mexico_contact, persona
):
    response = page_of(signed_in(personas[persona]), INDEX, q="gomez")
    assert list(response.context["page"]) == [mexico_contact]
    assert "luis.gomez@mx.example.org" in response.content.decode()


def test_the_public_sees_which_functions_are_designated_but_no_contact_details(
    jamaica_contact,
):
    response = page_of(signed_in(None), INDEX)
    page = response.content.decode()
    assert "Directory coverage" in page
    assert "ana.rivera@jm.example.org" not in page and "Ana Rivera" not in page
    jamaica = next(r for r in response.context["rows"] if r.state.iso3 == "JAM")
    assert dict(jamaica.cells)["toc_contact"] == "designated"


def test_the_public_cannot_open_a_contact(jamaica_contact):
    response = signed_in(None).get(f"/en/directory/contacts/{jamaica_contact.public_id}/")
    assert response.status_code == 302


def test_the_directory_page_filters_sorts_and_paginates(personas, jamaica_contact, mexico_contact):
    client = signed_in(personas["analyst"])
    assert list(page_of(client, INDEX, state="JAM").context["page"]) == [jamaica_contact]
    assert list(page_of(client, INDEX, subregion="north_america").context["page"]) == [
        mexico_contact
    ]
    assert list(page_of(client, INDEX, function="fiu").context["page"]) == []
    by_name = list(page_of(client, INDEX, sort="name").context["page"])
    assert by_name == [jamaica_contact, mexico_contact]
    assert page_of(client, INDEX, page="99").context["page"].number == 1


def test_the_directory_pages_queries_do_not_grow_with_its_rows(
    personas, jamaica_contact, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hemis.directory.tests.conftest import contact_data

    client = signed_in(personas["analyst"])
    client.get(INDEX)
    with CaptureQueriesContext(connection) as one_row:
        client.get(INDEX, {"q": "example"})
    for i in range(10):
        services.contact_create(
            actor=personas["admin"],
            state=jamaica_contact.state,
            data=contact_data(person_name=f"Person {i}", emails=[f"p{i}@jm.example.org"]),
        )
    with django_assert_max_num_queries(len(one_row)):
        client.get(INDEX, {"q": "example"})


def test_a_coordinator_adds_a_contact_through_the_form(personas):
    client = signed_in(personas["coordinator_a"])
    response = client.post(
        "/en/directory/states/JAM/contacts/new/",
        {
            "function": "cifta",
            "person_name": "Rohan Clarke",
            "emails": "r.clarke@jm.example.org",
            "phones": "876 922 1234",
            "languages": "en",
            "language": "en",
            "thematic_areas": ["firearms"],
        },
    )
    contact = Contact.objects.get(person_name="Rohan Clarke")
    assert response["Location"] == f"/en/directory/contacts/{contact.public_id}/"
    assert contact.phones == ["+18769221234"]


def test_a_bad_phone_in_the_form_is_shown_next_to_its_field_and_nothing_is_saved(personas):
    client = signed_in(personas["coordinator_a"])
    response = client.post(
        "/en/directory/states/JAM/contacts/new/",
        {"function": "cifta", "person_name": "R", "phones": "12345", "language": "en"},
    )
    assert response.status_code == 200
    assert "“12345” is not a valid telephone number" in response.content.decode()
    assert response.context["form"].errors["phones"]
    assert not Contact.objects.exists()


def test_a_coordinator_cannot_open_the_form_for_another_state(personas):
    client = signed_in(personas["coordinator_a"])
    assert client.get("/en/directory/states/MEX/contacts/new/").status_code == 404


@pytest.mark.parametrize("persona", ["coordinator_b", "delegation_reader"])
def test_others_cannot_edit_a_states_contact(personas, jamaica_contact, persona):
    client = signed_in(personas[persona])
    url = f"/en/directory/contacts/{jamaica_contact.public_id}/edit/"
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"function": "toc_contact", "title": "X", "version": 1}).status_code == 404
    )
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.title == "Director"


def edit_form(contact, **changes):
    data = {
        "version": contact.version,
        "function": contact.function,
        "person_name": contact.person_name,
        "title": contact.title,
        "emails": "\n".join(contact.emails),
        "phones": "\n".join(contact.phones),
        "languages": "en",
        "language": "en",
        "thematic_areas": ["drugs"],
    }
    data.update(changes)
    return data


def test_two_people_editing_at_once_the_second_sees_both_versions(personas, jamaica_contact):
    url = f"/en/directory/contacts/{jamaica_contact.public_id}/edit/"
    first = signed_in(personas["coordinator_a"])
    second = signed_in(personas["analyst"])
    form_for_second = edit_form(jamaica_contact, title="Chief of Unit")
    assert first.post(url, edit_form(jamaica_contact, title="Deputy Director")).status_code == 302
    response = second.post(url, form_for_second)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this entry" in page
    assert "Deputy Director" in page and "Chief of Unit" in page
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.title == "Deputy Director"
    # Saving again, knowingly, from the conflict page applies the second person's version.
    resubmit = {**form_for_second, "version": response.context["version_form"].initial["version"]}
    assert second.post(url, resubmit).status_code == 302
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.title == "Chief of Unit"


def test_replacing_through_the_page_links_old_and_new(personas, jamaica_contact):
    client = signed_in(personas["coordinator_a"])
    response = client.post(
        f"/en/directory/contacts/{jamaica_contact.public_id}/replace/",
        {
            "version": 1,
            "person_name": "Marcia Campbell",
            "emails": "m.campbell@jm.example.org",
            "language": "en",
        },
    )
    successor = Contact.objects.get(person_name="Marcia Campbell")
    assert response["Location"] == f"/en/directory/contacts/{successor.public_id}/"
    page = client.get(response["Location"]).content.decode()
    assert "Ana Rivera" in page  # the predecessor, in the history
    assert successor.function == "toc_contact"


def test_confirm_retire_and_verify_through_the_page(personas, jamaica_contact):
    coordinator = signed_in(personas["coordinator_a"])
    base = f"/en/directory/contacts/{jamaica_contact.public_id}/"
    assert coordinator.post(base + "confirm/").status_code == 302
    assert coordinator.post(base + "verify/").status_code == 404
    assert signed_in(personas["analyst"]).post(base + "verify/").status_code == 302
    assert coordinator.post(base + "retire/", {"version": 1}).status_code == 302
    jamaica_contact.refresh_from_db()
    assert jamaica_contact.status == EntryStatus.RETIRED
    assert jamaica_contact.verified_at is not None


def test_a_contact_page_shows_its_history(personas, jamaica_contact):
    services.contact_update(
        actor=personas["analyst"], contact=jamaica_contact, version=1, data={"title": "Head"}
    )
    page = signed_in(personas["delegation_reader"]).get(
        f"/en/directory/contacts/{jamaica_contact.public_id}/"
    )
    assert "contact.update" in page.content.decode()
    assert not page.context["can_edit"]


def test_an_authority_is_created_and_edited_with_conflict_detection(personas):
    client = signed_in(personas["contributor_a"])
    response = client.post(
        "/en/directory/states/JAM/authorities/new/",
        {
            "name": "Ministry of National Security",
            "kind": "ministry",
            "palermo_legal_basis": "yes",
            "interpol_requests": "unknown",
            "request_languages": "en, es",
            "language": "en",
            "website": "https://mns.example.org",
        },
    )
    assert response.status_code == 302
    authority_url = response["Location"]
    edit_url = authority_url + "edit/"
    payload = {
        "name": "Ministry of National Security and Justice",
        "kind": "ministry",
        "palermo_legal_basis": "yes",
        "interpol_requests": "no",
        "language": "en",
        "version": 1,
    }
    assert client.post(edit_url, payload).status_code == 302
    assert client.post(edit_url, {**payload, "name": "Other"}).status_code == 409


def test_the_coverage_dashboard_lists_what_each_state_still_has_to_do(personas, jamaica_contact):
    response = page_of(
        signed_in(personas["admin"]), "/en/directory/coverage/", subregion="caribbean"
    )
    page = response.content.decode()
    assert "What each state still has to do" in page
    assert "Designate: Extradition authority" in page
    assert {row.state.subregion.code for row in response.context["rows"]} == {"caribbean"}


def test_a_states_page_shows_its_designated_functions_to_everyone(jamaica_contact):
    page = signed_in(None).get("/en/states/JAM/").content.decode()
    assert "National points of contact" in page
    assert "Designated" in page and "Missing" in page
    assert "ana.rivera@jm.example.org" not in page
    assert "/en/directory/?state=JAM" not in page


def test_a_states_page_links_officials_to_its_contacts(personas, jamaica_contact):
    page = signed_in(personas["coordinator_a"]).get("/en/states/JAM/").content.decode()
    assert "/en/directory/?state=JAM" in page
    assert "/en/directory/states/JAM/contacts/new/" in page
