"""The public pages: matrix, map, instrument lists and their exports, gaps, the state panel."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from hemis.conftest import signed_in
from hemis.treaties import services
from hemis.treaties.models import Instrument, TreatyRecord

NOT_A_PARTY = "Not a party"


@pytest.mark.parametrize(
    "persona",
    [
        "anonymous",
        "admin",
        "analyst",
        "coordinator_a",
        "contributor_a",
        "coordinator_b",
        "delegation_reader",
    ],
)
def test_every_role_and_the_public_read_every_page(personas, persona):
    client = signed_in(personas[persona])
    for url in (
        reverse("treaties:index"),
        reverse("treaties:map"),
        reverse("treaties:gaps"),
        reverse("treaties:instrument", args=["UNTOC"]),
        reverse("treaties:record", args=["UNTOC", "JAM"]),
        reverse("core:state", args=["JAM"]),
    ):
        assert client.get(url).status_code == 200, url


def test_only_the_secretariat_sees_the_correct_link(admin, coordinator_a):
    url = reverse("treaties:record", args=["UNTOC", "JAM"])
    assert "Correct this record" in signed_in(admin).get(url).text
    assert "Correct this record" not in signed_in(coordinator_a).get(url).text
    assert "Correct this record" not in signed_in(None).get(url).text


def cell_statuses(html: str, state: str) -> list[str]:
    row = re.search(rf">{state}</a></th>(.*?)</tr>", html, re.S).group(1)
    return re.findall(r'class="status status-(\w+)"', row)


def test_the_matrix_shows_each_states_status_for_every_instrument(db):
    html = signed_in(None).get(reverse("treaties:index")).text
    statuses = cell_statuses(html, "Belize")
    assert len(statuses) == 13
    assert statuses[0] == "party"  # UNTOC, accession 2003
    assert statuses[3] == "not_party"  # Firearms Protocol
    assert statuses[5] == "unknown"  # the 1961 Convention: nothing in the file


def test_no_information_is_never_shown_as_not_a_party(db):
    # Suriname has status `unknown` in the file for UNTOC; the 1961 Convention has no records.
    for url in (
        reverse("treaties:record", args=["UNTOC", "SUR"]),
        reverse("treaties:record", args=["UN_1961", "SUR"]),
    ):
        html = signed_in(None).get(url).text
        assert "No information" in html
        assert NOT_A_PARTY not in html.replace("does not mean that the state is not a party", "")
    html = signed_in(None).get(reverse("treaties:index") + "?instrument=UN_1961").text
    table = html[html.index('<table class="treaty-matrix">') :]
    assert set(re.findall(r'class="status status-(\w+)"', table)) == {"unknown"}
    listing = signed_in(None).get(reverse("treaties:instrument", args=["UN_1961"]))
    assert listing.context["counts"].no_information == 35
    assert listing.context["counts"].not_parties == 0


def test_the_matrix_filters_by_subregion_and_instrument(db):
    html = (
        signed_in(None)
        .get(reverse("treaties:index") + "?subregion=caribbean&instrument=cifta")
        .text
    )
    assert ">Jamaica</a>" in html and ">Mexico</a>" not in html
    assert len(cell_statuses(html, "Jamaica")) == 1
    assert cell_statuses(html, "Jamaica") == ["not_party"]


def test_the_matrix_takes_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    client = signed_in(None)
    client.get(reverse("treaties:index"))  # warm the cached list of states
    with django_assert_max_num_queries(6):
        response = client.get(reverse("treaties:index"))
    assert response.status_code == 200


def test_the_instrument_list_takes_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    client = signed_in(None)
    url = reverse("treaties:instrument", args=["UNTOC_TIP"])
    client.get(url)
    with django_assert_max_num_queries(7):
        response = client.get(url)
    assert len(response.context["entries"]) == 35


def test_the_instrument_page_counts_parties_signatories_and_no_information(db):
    response = signed_in(None).get(reverse("treaties:instrument", args=["UNTOC_SOM"]))
    counts = response.context["counts"]
    assert (counts.parties, counts.signatories, counts.not_parties, counts.no_information) == (
        11,
        1,
        0,
        23,
    )
    assert "Bolivia" in response.text and "trb-2010-318" in response.text


def test_the_instrument_list_filters_by_status_and_sorts_by_date(db):
    url = reverse("treaties:instrument", args=["UNTOC"])
    response = signed_in(None).get(url + "?status=party_date_unknown")
    assert [e.state.iso3 for e in response.context["entries"]] == ["CUB", "DMA"]
    response = signed_in(None).get(url + "?sort=consent")
    first = response.context["entries"][0]
    assert first.state.iso3 == "CAN"  # 2002-05-13, the earliest consent in the file


def test_the_pdf_list_is_the_document_the_secretariat_distributes(db):
    response = signed_in(None).get(reverse("treaties:instrument_export", args=["UNTOC", "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Signatories and ratifications" in text
    assert "United Nations Convention against Transnational Organized" in text
    assert "Belize" in text and "Accession" in text and "2003-09-26" in text
    assert re.search(r"States with no\s+information", text)
    assert "Page 1 of" in text


def test_the_xlsx_list_has_every_state_and_its_source(db):
    response = signed_in(None).get(
        reverse("treaties:instrument_export", args=["UNTOC", "xlsx"]) + "?subregion=caribbean"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["UNTOC"].iter_rows(values_only=True))
    assert rows[0][:3] == ("State code", "State", "Status")
    by_code = {row[0]: row for row in rows[1:]}
    assert "MEX" not in by_code and "JAM" in by_code
    assert by_code["BHS"][2] == "Party" and by_code["BHS"][4] == "Ratification"
    assert by_code["SUR"][2] == "No information"


def test_the_matrix_exports_as_xlsx_and_csv(db):
    xlsx = signed_in(None).get(reverse("treaties:matrix_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 36 and len(rows[0]) == 15
    csv_response = signed_in(None).get(
        reverse("treaties:matrix_export", args=["csv"]) + "?subregion=north_america"
    )
    text = csv_response.content.decode("utf-8-sig")
    assert text.count("\n") == 4 and "Canada" in text and "No information" in text


def test_an_unknown_export_format_is_a_404(db):
    assert signed_in(None).get(reverse("treaties:matrix_export", args=["pdf"])).status_code == 404
    assert (
        signed_in(None)
        .get(reverse("treaties:instrument_export", args=["UNTOC", "docx"]))
        .status_code
        == 404
    )


def test_the_map_draws_the_chosen_instrument_next_to_a_table(db):
    response = signed_in(None).get(reverse("treaties:map") + "?instrument=UNTOC_FIR")
    spec = response.context["spec"]
    values = spec["layer"][1]["transform"][1]["from"]["data"]["values"]
    colombia = next(v for v in values if v["state"] == "Colombia")
    assert colombia["id"] == "170" and colombia["status"] == "not_party"
    assert len(values) == 35
    assert spec["layer"][0]["data"]["url"].endswith("vendor/world-atlas/countries-50m.json")
    assert "<caption>Status by state</caption>" in response.text


def test_the_gaps_view_lists_participating_states_not_yet_party(db):
    response = signed_in(None).get(reverse("treaties:gaps"))
    gaps = {gap.instrument.code: gap for gap in response.context["gaps"]}
    cifta = gaps["CIFTA"]
    assert {s.iso3 for s in cifta.not_parties} == {"CAN", "JAM", "USA"}
    untoc = gaps["UNTOC"]
    # Cuba and Nicaragua do not take part today: neither is listed.
    listed = {s.iso3 for s in untoc.signatories + untoc.not_parties + untoc.no_information}
    assert "CUB" not in listed and "NIC" not in listed
    assert "SUR" in {s.iso3 for s in untoc.no_information}
    assert untoc.parties == 18  # 19 in the file, less Cuba


def test_the_state_page_shows_its_status_for_every_instrument(db):
    response = signed_in(None).get(reverse("core:state", args=["JAM"]))
    panel = next(p for p in response.context["panels"] if p["template"].startswith("treaties"))
    assert len(panel["rows"]) == 13
    statuses = {instrument.code: status for instrument, _record, status in panel["rows"]}
    assert statuses["CIFTA"] == "not_party" and statuses["UNCAC"] == "unknown"
    assert "Treaty status" in response.text


def test_pages_speak_portuguese(db):
    response = signed_in(None).get("/pt/treaties/UNTOC/")
    assert "Convenção das Nações Unidas contra o Crime Organizado Transnacional" in response.text
    assert "Sem informação" in response.text


def test_a_correction_shows_on_the_public_pages_at_once(analyst):
    record = TreatyRecord.objects.get(instrument__code="UNTOC", state__iso3="SUR")
    services.record_save(
        actor=analyst,
        instrument=Instrument.objects.get(code="UNTOC"),
        state=record.state,
        version=record.version,
        data={
            "status": "party",
            "consent_date": "2007-05-25",
            "consent_type": "accession",
            "source": "https://treaties.un.org/",
            "source_consulted_on": "2026-11-01",
        },
    )
    html = signed_in(None).get(reverse("treaties:index")).text
    assert cell_statuses(html, "Suriname")[0] == "party"


def test_the_pdf_list_is_rendered_again_after_a_correction(analyst, monkeypatch):
    from hemis.treaties import exports

    renders = []
    original = exports.instrument_pdf

    def counted(*args, **kwargs):
        renders.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(exports, "instrument_pdf", counted)
    url = reverse("treaties:instrument_export", args=["CIFTA", "pdf"])
    first = signed_in(None).get(url).content
    assert signed_in(None).get(url).content == first
    assert len(renders) == 1
    record = TreatyRecord.objects.get(instrument__code="CIFTA", state__iso3="ARG")
    services.record_save(
        actor=analyst,
        instrument=record.instrument,
        state=record.state,
        version=record.version,
        data={**{n: getattr(record, n) for n in services.RECORD_FIELDS}, "note": "Rechecked"},
        require_consulted=False,
    )
    signed_in(None).get(url)
    assert len(renders) == 2
