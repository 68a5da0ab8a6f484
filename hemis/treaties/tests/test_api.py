"""The public treaty status API: no token needed, every state listed, sources included."""

from __future__ import annotations

from hemis.conftest import signed_in


def test_the_instruments_are_listed_with_their_titles_in_four_languages(db):
    response = signed_in(None).get("/api/v1/treaties?lang=es")
    assert response.status_code == 200
    instruments = {item["code"]: item for item in response.json()}
    assert len(instruments) == 13
    tip = instruments["UNTOC_TIP"]
    assert tip["parent"] == "UNTOC" and tip["depositary"] == "un_sg"
    assert tip["titles"]["pt"].startswith("Protocolo Adicional")
    assert instruments["UNTOC"]["title"].startswith("Convención de las Naciones Unidas")
    assert instruments["CIFTA"]["adopted_on"] == "1997-11-14"


def test_an_instruments_status_lists_every_state_with_its_record_and_source(db):
    response = signed_in(None).get("/api/v1/treaties/UNTOC/status")
    assert response.status_code == 200
    body = response.json()
    states = {row["iso3"]: row for row in body["states"]}
    assert len(states) == 35
    belize = states["BLZ"]
    assert belize["status"] == "party" and belize["consent_type"] == "accession"
    assert belize["consent_date"] == "2003-09-26" and belize["signature_date"] is None
    assert belize["sources"][0].startswith("http://treaties.un.org/")
    assert states["SUR"]["status"] == "unknown" and states["SUR"]["has_record"] is True
    assert states["SUR"]["status_label"] == "No information"
    assert body["counts"] == {
        "parties": 19,
        "signatories": 0,
        "not_parties": 0,
        "no_information": 16,
    }


def test_pairs_without_a_record_are_no_information(db):
    body = signed_in(None).get("/api/v1/treaties/UNCAC/status").json()
    assert {row["status"] for row in body["states"]} == {"unknown"}
    assert not any(row["has_record"] for row in body["states"])
    assert body["counts"]["no_information"] == 35 and body["counts"]["not_parties"] == 0


def test_an_unknown_instrument_is_a_404(db):
    assert signed_in(None).get("/api/v1/treaties/NOPE/status").status_code == 404


def test_a_states_treaties_cover_every_instrument(db):
    response = signed_in(None).get("/api/v1/member-states/jam/treaties?lang=fr")
    assert response.status_code == 200
    body = response.json()
    assert body["iso3"] == "JAM" and body["state"] == "Jamaïque"
    by_code = {row["instrument"]: row for row in body["instruments"]}
    assert len(by_code) == 13
    assert by_code["CIFTA"]["status"] == "not_party"
    assert by_code["CIFTA"]["status_label"] == "Pas partie"
    assert by_code["UN_1971"]["status"] == "unknown"


def test_an_unknown_state_is_a_404(db):
    response = signed_in(None).get("/api/v1/member-states/XYZ/treaties")
    assert response.status_code == 404


def test_the_openapi_document_describes_the_responses(db):
    schema = signed_in(None).get("/api/v1/openapi.json").json()
    assert "/api/v1/treaties/{code}/status" in schema["paths"]
    assert "/api/v1/member-states/{iso3}/treaties" in schema["paths"]
    assert "InstrumentStatusOut" in schema["components"]["schemas"]
    operation = schema["paths"]["/api/v1/treaties"]["get"]
    assert not operation.get("security")
