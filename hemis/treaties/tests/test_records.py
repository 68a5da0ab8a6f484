"""The Secretariat corrects records through a form; every change is kept with its source."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hemis.conftest import signed_in
from hemis.core.models import AuditEvent
from hemis.core.services import VersionConflict
from hemis.treaties import services
from hemis.treaties.models import Instrument, RecordStatus, TreatyRecord

EDIT_UNTOC_JAM = "treaties:record_edit"


def edit_url(code: str = "UNTOC", iso3: str = "JAM") -> str:
    return reverse(EDIT_UNTOC_JAM, args=[code, iso3])


def form_data(version: int, **overrides) -> dict:
    data = {
        "version": version,
        "status": "party",
        "signature_date": "2001-09-26",
        "consent_type": "ratification",
        "consent_date": "2003-09-29",
        "reservations": "Declaration under article 18(13).",
        "designated_authorities": "Office of the Director of Public Prosecutions",
        "note": "",
        "source": "C.N.1015.2003.TREATIES-39",
        "source_consulted_on": "2026-11-02",
    }
    return data | overrides


@pytest.mark.parametrize("persona", ["admin", "analyst"])
def test_the_secretariat_corrects_a_record_and_it_enters_the_history_with_its_source(
    personas, persona
):
    user = personas[persona]
    record = TreatyRecord.objects.get(instrument__code="UNTOC", state__iso3="JAM")
    response = signed_in(user).post(edit_url(), form_data(record.version))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.designated_authorities == "Office of the Director of Public Prosecutions"
    assert record.source == "C.N.1015.2003.TREATIES-39"
    assert record.updated_by == user
    event = AuditEvent.objects.filter(object_id="UNTOC:JAM").first()
    assert event.action == "treaty_record.update" and event.actor == user
    assert event.changes["source"][1] == "C.N.1015.2003.TREATIES-39"
    assert event.changes["source_consulted_on"] == [None, "2026-11-02"]
    page = signed_in(user).get(reverse("treaties:record", args=["UNTOC", "JAM"]))
    assert user.email in page.text and "C.N.1015.2003.TREATIES-39" in page.text


def test_the_secretariat_enters_a_record_where_there_was_none(analyst):
    url = edit_url("UN_1988", "JAM")
    assert signed_in(analyst).get(url).status_code == 200
    response = signed_in(analyst).post(
        url, form_data(0, reservations="", designated_authorities="")
    )
    assert response.status_code == 302
    record = TreatyRecord.objects.get(instrument__code="UN_1988", state__iso3="JAM")
    assert record.version == 1 and record.status == RecordStatus.PARTY
    event = AuditEvent.objects.get(object_id="UN_1988:JAM")
    assert event.action == "treaty_record.create"
    assert event.changes["status"] == ["unknown", "party"]


@pytest.mark.parametrize(
    "persona", ["coordinator_a", "contributor_a", "coordinator_b", "delegation_reader"]
)
def test_no_one_outside_the_secretariat_may_open_or_send_the_form(personas, persona):
    client = signed_in(personas[persona])
    record = TreatyRecord.objects.get(instrument__code="UNTOC", state__iso3="JAM")
    assert client.get(edit_url()).status_code == 404
    assert client.post(edit_url(), form_data(record.version)).status_code == 404
    record.refresh_from_db()
    assert record.designated_authorities == ""


def test_an_anonymous_visitor_is_sent_to_sign_in(db):
    response = signed_in(None).get(edit_url())
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_the_service_refuses_a_state_coordinator(coordinator_a, untoc, state_a):
    with pytest.raises(PermissionDenied):
        services.record_save(
            actor=coordinator_a, instrument=untoc, state=state_a, version=1, data={}
        )


def test_a_change_without_a_source_or_the_date_consulted_is_refused(analyst):
    record = TreatyRecord.objects.get(instrument__code="UNTOC", state__iso3="JAM")
    response = signed_in(analyst).post(
        edit_url(), form_data(record.version, source="", source_consulted_on="")
    )
    assert response.status_code == 200
    assert "source" in response.context["form"].errors
    assert "source_consulted_on" in response.context["form"].errors
    record.refresh_from_db()
    assert record.version == 1


def test_a_party_without_the_date_of_its_consent_is_refused_with_the_reason(analyst):
    record = TreatyRecord.objects.get(instrument__code="UNTOC", state__iso3="JAM")
    response = signed_in(analyst).post(edit_url(), form_data(record.version, consent_date=""))
    assert response.status_code == 200
    assert str(services.ERR_PARTY_NEEDS_DATE) in response.context["form"].errors["consent_date"]


def test_no_information_with_a_consent_is_refused(analyst, untoc, state_a):
    with pytest.raises(ValidationError) as raised:
        services.record_save(
            actor=analyst,
            instrument=untoc,
            state=state_a,
            version=1,
            data={"status": "unknown", "consent_type": "ratification", "source": "x"},
            require_consulted=False,
        )
    assert str(services.ERR_NO_INFORMATION_WITH_CONSENT) in raised.value.message_dict["status"]


def test_a_future_date_and_a_bad_web_address_are_refused(analyst):
    record = TreatyRecord.objects.get(instrument__code="UNTOC", state__iso3="JAM")
    response = signed_in(analyst).post(
        edit_url(),
        form_data(record.version, consent_date="2999-01-01", source="https://exa mple"),
    )
    errors = response.context["form"].errors
    assert str(services.ERR_DATE_FUTURE) in errors["consent_date"]
    assert "source" in errors


def test_two_secretariat_users_editing_at_once_see_a_conflict_and_nothing_is_lost(admin, analyst):
    record = TreatyRecord.objects.get(instrument__code="UNTOC", state__iso3="JAM")
    read_version = record.version
    signed_in(admin).post(edit_url(), form_data(read_version, note="Checked by Ada"))
    response = signed_in(analyst).post(edit_url(), form_data(read_version, note="Mine"))
    assert response.status_code == 409
    rows = {row["label"]: row for row in response.context["conflict"]}
    assert rows["Note"]["theirs"] == "Checked by Ada" and rows["Note"]["mine"] == "Mine"
    record.refresh_from_db()
    assert record.note == "Checked by Ada"
    # Saving again, knowingly, over the version now shown.
    again = signed_in(analyst).post(edit_url(), form_data(record.version, note="Mine"))
    assert again.status_code == 302


def test_the_service_raises_a_conflict_for_a_stale_version(analyst, untoc, state_a):
    with pytest.raises(VersionConflict) as raised:
        services.record_save(
            actor=analyst, instrument=untoc, state=state_a, version=7, data={"status": "party"}
        )
    assert raised.value.current_version == 1
    assert raised.value.current["status"] == "party"


def test_saving_the_same_values_again_records_nothing(analyst, untoc):
    record = TreatyRecord.objects.get(instrument=untoc, state__iso3="JAM")
    data = {name: getattr(record, name) for name in services.RECORD_FIELDS}
    events = AuditEvent.objects.count()
    result = services.record_save(
        actor=analyst,
        instrument=untoc,
        state=record.state,
        version=record.version,
        data=data,
        require_consulted=False,
    )
    assert result.changes == {} and result.record.version == record.version
    assert AuditEvent.objects.count() == events


def test_the_history_hides_who_made_a_change_from_the_public(analyst):
    record = TreatyRecord.objects.get(instrument__code="UNTOC", state__iso3="JAM")
    signed_in(analyst).post(edit_url(), form_data(record.version))
    page = signed_in(None).get(reverse("treaties:record", args=["UNTOC", "JAM"]))
    assert page.status_code == 200
    assert analyst.email not in page.text
    assert "The Secretariat" in page.text and "C.N.1015.2003.TREATIES-39" in page.text
    assert "Reference file" in page.text  # the first entry, from the migration
    assert "No information → Party" in page.text  # statuses in words, not codes


def test_an_unknown_instrument_or_state_is_a_404(db):
    client = signed_in(None)
    assert client.get(reverse("treaties:record", args=["NOPE", "JAM"])).status_code == 404
    assert client.get(reverse("treaties:record", args=["UNTOC", "XYZ"])).status_code == 404
    assert client.get(reverse("treaties:instrument", args=["NOPE"])).status_code == 404


def test_instruments_are_not_records(db):
    assert Instrument.objects.get(code="UNTOC").public_key == "UNTOC"
