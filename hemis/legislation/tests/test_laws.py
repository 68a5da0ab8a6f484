"""Entering laws, proposing them, validating or rejecting proposals, versions and history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hemis.core.selectors import object_history
from hemis.core.services import VersionConflict
from hemis.legislation import services
from hemis.legislation.models import Law, Provision, Publication
from hemis.legislation.selectors import law_history, proposal_list

pytestmark = pytest.mark.django_db

LAW = {
    "title": "Ley de Ejemplo sobre Secuestro",
    "title_en": "Kidnapping Act (Example)",
    "kind": "law",
    "status": "in_force",
    "enacted_on": "2010-05-04",
    "language": "es",
    "source_url": "https://example.org/dof/2010",
    "gazette_reference": "Diario Oficial, 4 de mayo de 2010",
    "full_text_url": "",
}


def form_data(**changes):
    data = {**LAW, "amended_on": "", **changes}
    return {k: v for k, v in data.items() if v is not None}


# The Secretariat enters laws


def test_the_secretariat_enters_a_law_which_is_published_at_once(client_for, analyst, state_b):
    client = client_for(analyst)
    response = client.post(
        reverse("legislation:law_create"),
        form_data(state="MEX", full_text_file=SimpleUploadedFile("ley.pdf", b"%PDF-1.4 example")),
    )
    law = Law.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("legislation:provision_create", args=[law.public_id])
    assert law.publication == Publication.PUBLISHED and law.state == state_b
    assert law.enacted_on == dt.date(2010, 5, 4)
    assert law.full_text_file.name.startswith("laws/ley")
    event = object_history(law).get()
    assert event.action == "law.create" and event.actor == analyst
    assert event.changes["title"] == [None, LAW["title"]]
    download = client.get(reverse("legislation:law_file", args=[law.public_id]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 example"


def test_it_names_every_wrong_field_of_a_law(analyst):
    with pytest.raises(ValidationError) as error:
        services.law_create(
            actor=analyst,
            state=analyst.state or Law._meta.get_field("state").related_model.objects.first(),
            data={
                **LAW,
                "title": "",
                "kind": "treaty",
                "language": "xx",
                "enacted_on": "04/05/2010",
                "source_url": "not a url",
            },
        )
    assert error.value.message_dict == {
        "title": [str(services.ERR_REQUIRED)],
        "kind": [services.ERR_KIND % {"value": "treaty"}],
        "language": [services.ERR_LANGUAGE % {"value": "xx"}],
        "enacted_on": [services.ERR_DATE % {"value": "04/05/2010"}],
        "source_url": [services.ERR_URL % {"value": "not a url"}],
    }
    assert not Law.objects.exists()


def test_it_refuses_an_amendment_before_the_enactment_and_a_future_date(analyst, state_a):
    with pytest.raises(ValidationError) as error:
        services.law_create(
            actor=analyst,
            state=state_a,
            data={**LAW, "amended_on": "2001-01-01", "enacted_on": "2999-01-01"},
        )
    assert error.value.message_dict["amended_on"] == [str(services.ERR_AMENDED_BEFORE_ENACTED)]
    assert error.value.message_dict["enacted_on"] == [
        services.ERR_DATE_FUTURE % {"value": "2999-01-01"}
    ]


def test_the_form_shows_the_services_errors_next_to_the_fields(client_for, analyst):
    response = client_for(analyst).post(
        reverse("legislation:law_create"), form_data(state="MEX", source_url="ftp:/x")
    )
    assert response.status_code == 200
    assert services.ERR_URL % {"value": "ftp:/x"} in response.content.decode().replace(
        "&ldquo;", "“"
    ).replace("&rdquo;", "”")
    assert not Law.objects.exists()


def test_it_refuses_a_full_text_file_of_another_type(client_for, analyst):
    response = client_for(analyst).post(
        reverse("legislation:law_create"),
        form_data(state="MEX", full_text_file=SimpleUploadedFile("ley.exe", b"MZ")),
    )
    assert str(services.ERR_FILE_TYPE) in response.content.decode()
    assert not Law.objects.exists()


# Provisions


def test_the_secretariat_adds_and_edits_a_provision(client_for, analyst, state_b):
    law = services.law_create(actor=analyst, state=state_b, data=LAW)
    client = client_for(analyst)
    response = client.post(
        reverse("legislation:provision_create", args=[law.public_id]),
        {
            "article": "Artículo 9",
            "text": "Al que prive de la libertad a otro se le impondrá prisión.",
            "thematic_areas": ["kidnapping"],
            "convention_articles": ["untoc-5"],
            "cross_cutting_issues": ["jurisdiction"],
        },
    )
    assert response.status_code == 302
    provision = Provision.objects.get()
    assert [a.code for a in provision.convention_articles.all()] == ["untoc-5"]
    response = client.post(
        reverse("legislation:provision_edit", args=[provision.public_id]),
        {
            "version": 1,
            "article": "Artículo 9",
            "text": "Texto corregido.",
            "thematic_areas": ["kidnapping"],
        },
    )
    assert response.status_code == 302
    provision.refresh_from_db()
    assert provision.text == "Texto corregido." and provision.version == 2
    assert not provision.convention_articles.exists()
    actions = [e.action for e in law_history(law)]
    assert actions == ["provision.update", "provision.create", "law.create"]


def test_a_provision_needs_an_article_and_a_text_and_known_codes(analyst, state_b):
    law = services.law_create(actor=analyst, state=state_b, data=LAW)
    with pytest.raises(ValidationError) as error:
        services.provision_create(
            actor=analyst,
            law=law,
            data={
                "article": "",
                "text": " ",
                "convention_articles": "untoc-99",
                "thematic_areas": "piracy",
            },
        )
    assert error.value.message_dict == {
        "article": [str(services.ERR_REQUIRED)],
        "text": [str(services.ERR_REQUIRED)],
        "convention_articles": [services.ERR_ARTICLE % {"value": "untoc-99"}],
        "thematic_areas": [services.ERR_AREA % {"value": "piracy"}],
    }


def test_an_article_appears_once_in_a_law(analyst, state_b):
    law = services.law_create(actor=analyst, state=state_b, data=LAW)
    services.provision_create(actor=analyst, law=law, data={"article": "Art. 1", "text": "Uno."})
    with pytest.raises(ValidationError) as error:
        services.provision_create(
            actor=analyst, law=law, data={"article": "ART. 1", "text": "Dos."}
        )
    assert error.value.message_dict == {"article": [str(services.ERR_DUPLICATE_ARTICLE)]}


def test_removing_a_provision_stays_in_the_laws_history(client_for, analyst, state_b):
    law = services.law_create(actor=analyst, state=state_b, data=LAW)
    provision = services.provision_create(
        actor=analyst, law=law, data={"article": "Art. 1", "text": "Uno."}
    )
    response = client_for(analyst).post(
        reverse("legislation:provision_delete", args=[provision.public_id])
    )
    assert response.status_code == 302 and not Provision.objects.exists()
    event = law_history(law).first()
    assert event.action == "provision.delete"
    assert event.changes["provision"] == [provision.public_key, None]


# Versions against lost updates


def test_a_second_editor_sees_both_versions_and_nothing_is_overwritten(
    client_for, analyst, admin, state_b
):
    law = services.law_create(actor=analyst, state=state_b, data=LAW)
    services.law_update(
        actor=admin, law=law, version=1, data={"gazette_reference": "DOF 2010-05-04"}
    )
    response = client_for(analyst).post(
        reverse("legislation:law_edit", args=[law.public_id]),
        form_data(version=1, gazette_reference="Diario Oficial (corrected)"),
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "DOF 2010-05-04" in page and "Diario Oficial (corrected)" in page
    law.refresh_from_db()
    assert law.gazette_reference == "DOF 2010-05-04" and law.version == 2
    # Saving again, knowingly, over the version now shown.
    response = client_for(analyst).post(
        reverse("legislation:law_edit", args=[law.public_id]),
        form_data(version=2, gazette_reference="Diario Oficial (corrected)"),
    )
    assert response.status_code == 302
    law.refresh_from_db()
    assert law.gazette_reference == "Diario Oficial (corrected)" and law.version == 3


def test_a_provision_edited_meanwhile_raises_a_conflict(analyst, state_b):
    law = services.law_create(actor=analyst, state=state_b, data=LAW)
    provision = services.provision_create(
        actor=analyst, law=law, data={"article": "Art. 1", "text": "Uno."}
    )
    services.provision_update(
        actor=analyst, provision=provision, version=1, data={"text": "Uno bis."}
    )
    with pytest.raises(VersionConflict) as conflict:
        services.provision_update(
            actor=analyst, provision=provision, version=1, data={"text": "Otro."}
        )
    assert conflict.value.current["text"] == "Uno bis."


def test_saving_without_a_change_records_nothing(analyst, state_b):
    law = services.law_create(actor=analyst, state=state_b, data=LAW)
    services.law_update(actor=analyst, law=law, version=1, data=LAW)
    assert law_history(law).count() == 1


# Proposals from state coordinators


def test_a_coordinator_proposes_a_law_of_their_state(client_for, coordinator_a, state_a):
    response = client_for(coordinator_a).post(
        reverse("legislation:law_create"),
        form_data(state="JAM", language="en", title="Example Act"),
    )
    law = Law.objects.get()
    assert response.status_code == 302
    assert law.publication == Publication.PROPOSED and law.state == state_a
    assert law.proposed_by == coordinator_a
    assert object_history(law).get().action == "law.propose"


def test_a_coordinator_cannot_propose_a_law_of_another_state(client_for, coordinator_a, state_b):
    response = client_for(coordinator_a).post(
        reverse("legislation:law_create"), form_data(state="MEX")
    )
    assert response.status_code == 200  # MEX is not one of the form's choices
    assert not Law.objects.exists()
    with pytest.raises(PermissionDenied):
        services.law_create(actor=coordinator_a, state=state_b, data=LAW)


def test_a_contributor_cannot_propose_a_law(client_for, contributor_a, state_a):
    assert client_for(contributor_a).get(reverse("legislation:law_create")).status_code == 404
    with pytest.raises(PermissionDenied):
        services.law_create(actor=contributor_a, state=state_a, data=LAW)


def test_the_secretariat_validates_a_proposal_which_is_then_published(
    client_for, analyst, jamaica_proposal
):
    response = client_for(analyst).post(
        reverse("legislation:law_validate", args=[jamaica_proposal.public_id]), {"version": 1}
    )
    assert response.status_code == 302
    jamaica_proposal.refresh_from_db()
    assert jamaica_proposal.publication == Publication.PUBLISHED
    assert jamaica_proposal.reviewed_by == analyst
    assert object_history(jamaica_proposal).first().action == "law.validate"


def test_the_secretariat_rejects_a_proposal_with_a_note_and_the_state_corrects_it(
    client_for, analyst, coordinator_a, jamaica_proposal
):
    response = client_for(analyst).post(
        reverse("legislation:law_reject", args=[jamaica_proposal.public_id]),
        {"version": 1, "note": "Give the gazette reference."},
    )
    assert response.status_code == 302
    jamaica_proposal.refresh_from_db()
    assert jamaica_proposal.publication == Publication.REJECTED
    assert jamaica_proposal.review_note == "Give the gazette reference."
    law = services.law_update(
        actor=coordinator_a,
        law=jamaica_proposal,
        version=jamaica_proposal.version,
        data={"gazette_reference": "Jamaica Gazette, 14 November 2022"},
    )
    assert law.publication == Publication.PROPOSED
    assert object_history(law).first().changes["publication"] == ["rejected", "proposed"]


def test_a_rejection_needs_a_note(analyst, jamaica_proposal):
    with pytest.raises(ValidationError) as error:
        services.law_reject(actor=analyst, law=jamaica_proposal, version=1, note=" ")
    assert error.value.message_dict == {"note": [str(services.ERR_NOTE_REQUIRED)]}


@pytest.mark.parametrize(
    ("start", "action", "allowed"),
    [
        (Publication.PROPOSED, "validate", True),
        (Publication.PROPOSED, "reject", True),
        (Publication.PUBLISHED, "validate", False),
        (Publication.PUBLISHED, "reject", False),
        (Publication.REJECTED, "validate", False),
        (Publication.REJECTED, "reject", False),
    ],
)
def test_each_edge_of_the_publication_workflow(analyst, jamaica_proposal, start, action, allowed):
    Law.objects.filter(pk=jamaica_proposal.pk).update(publication=start)
    jamaica_proposal.refresh_from_db()
    review = {"validate": services.law_validate, "reject": services.law_reject}[action]
    kwargs = {"note": "Why."} if action == "reject" else {}
    if allowed:
        law = review(actor=analyst, law=jamaica_proposal, version=1, **kwargs)
        assert law.publication == services.TRANSITIONS[(start, action)]
    else:
        with pytest.raises(ValidationError) as error:
            review(actor=analyst, law=jamaica_proposal, version=1, **kwargs)
        assert error.value.messages == [str(services.ERR_NOT_PROPOSED)]


def test_a_coordinator_cannot_validate_their_own_proposal(
    client_for, coordinator_a, jamaica_proposal
):
    response = client_for(coordinator_a).post(
        reverse("legislation:law_validate", args=[jamaica_proposal.public_id]), {"version": 1}
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.law_validate(actor=coordinator_a, law=jamaica_proposal, version=1)


def test_a_coordinator_cannot_change_a_published_law_of_their_state(coordinator_a, admin, state_a):
    law = services.law_create(actor=admin, state=state_a, data=LAW)
    with pytest.raises(ValidationError) as error:
        services.law_update(actor=coordinator_a, law=law, version=1, data={"title": "Changed"})
    assert error.value.messages == [str(services.ERR_PUBLISHED_LOCKED)]


def test_proposals_are_listed_for_the_secretariat_and_the_states_coordinator(
    client_for, analyst, coordinator_a, coordinator_b, jamaica_proposal
):
    assert list(proposal_list(viewer=analyst)) == [jamaica_proposal]
    assert list(proposal_list(viewer=coordinator_a)) == [jamaica_proposal]
    assert list(proposal_list(viewer=coordinator_b)) == []
    page = client_for(analyst).get(reverse("legislation:proposals")).content.decode()
    assert jamaica_proposal.title in page
    page = client_for(coordinator_b).get(reverse("legislation:proposals")).content.decode()
    assert jamaica_proposal.title not in page


def test_the_law_page_shows_its_history_to_the_secretariat_only_among_readers(
    client_for, analyst, delegation_reader, jamaica_proposal
):
    services.law_validate(actor=analyst, law=jamaica_proposal, version=1)
    url = reverse("legislation:law", args=[jamaica_proposal.public_id])
    assert "law.validate" in client_for(analyst).get(url).content.decode()
    page = client_for(delegation_reader).get(url).content.decode()
    assert jamaica_proposal.title in page and "law.validate" not in page
