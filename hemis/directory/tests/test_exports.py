import csv
import datetime as dt
import io

import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from hemis.accounts.models import Role
from hemis.accounts.services import api_token_create
from hemis.conftest import make_user, signed_in
from hemis.core.models import MemberState
from hemis.directory import exports, services
from hemis.directory.tests.conftest import contact_data

pytestmark = pytest.mark.django_db

EXPORT = "/en/directory/export"
RESTRICTED = "RESTRICTED — for official use by member states"


def vcard_url(contact):
    return f"/en/directory/contacts/{contact.public_id}/vcard"


def content_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def pdf_pages(response, *, keep_lines: bool = False) -> list[str]:
    """The text of each page; unless `keep_lines`, with lines joined as one."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    return pages if keep_lines else [" ".join(page.split()) for page in pages]


@pytest.fixture
def mexican_authority(admin, state_b):
    return services.authority_create(
        actor=admin,
        state=state_b,
        data={
            "name": "Fiscalía General de la República",
            "name_en": "Attorney General's Office",
            "kind": "prosecutor",
            "language": "es",
            "address": "Avenida Paseo de la Reforma 211, Ciudad de México",
            "request_languages": ["es", "en"],
            "palermo_legal_basis": "yes",
        },
    )


@pytest.fixture
def directory(admin, state_a, state_b, jamaica_contact, mexico_contact, mexican_authority):
    """Jamaica's contact, Mexico's unattached contact, and a Mexican prosecutor out of date."""
    prosecutor = services.contact_create(
        actor=admin,
        state=state_b,
        data=contact_data(
            function="mla_central_authority",
            person_name="Beatriz Peña Núñez",
            title="Directora General de Asuntos Internacionales",
            authority=mexican_authority,
            emails=["beatriz.pena@fgr.mx.example.org"],
            phones=["+52 55 5346 0000"],
            languages=["es", "en"],
            language="es",
        ),
        confirmed_on=timezone.localdate() - dt.timedelta(days=400),
    )
    return {"jamaica": jamaica_contact, "mexico": mexico_contact, "prosecutor": prosecutor}


def whole_edition(client, capture_on_commit):
    """The unfiltered PDF: the first request queues it (run at once here), the next gets it."""
    with capture_on_commit(execute=True):
        first = client.get(EXPORT, {"format": "pdf"})
    assert first.status_code == 302
    assert first["Location"] == "/en/directory/edition/"
    return client.get(EXPORT, {"format": "pdf"})


def test_the_pdf_edition_has_a_cover_contents_and_a_section_per_state(
    personas, directory, django_capture_on_commit_callbacks
):
    response = whole_edition(signed_in(personas["analyst"]), django_capture_on_commit_callbacks)
    pages = pdf_pages(response)
    cover, contents, *sections = pages
    assert "Directory of National Points of Contact on Transnational Organized Crime" in cover
    assert "ORGANIZATION OF AMERICAN STATES" in cover
    assert "Secretariat for Multidimensional Security" in cover
    assert "All member states, all functions" in cover
    assert all(RESTRICTED in page for page in pages)
    assert "Jamaica" in contents and "Mexico" in contents
    assert all(f"Page {n} of {len(pages)}" in pages[n - 1] for n in range(2, len(pages) + 1))
    jamaica = next(page for page in sections if "Ana Rivera" in page)
    assert "ana.rivera@jm.example.org" in jamaica and "+1 876-922-1234" in jamaica
    mexico = "\n".join(page for page in sections if "Mexico" in page)
    assert "Fiscalía General de la República" in mexico
    assert "Attorney General's Office" in mexico
    assert "Beatriz Peña Núñez" in mexico and "OUT OF DATE" in mexico
    assert "Luis Gómez" in mexico and "Contact points not attached to an authority" in mexico
    assert response["Content-Disposition"] == (
        f'attachment; filename="hemis-directory-{timezone.localdate().isoformat()}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]


def test_the_table_of_contents_gives_the_page_on_which_each_state_starts(
    personas, directory, django_capture_on_commit_callbacks
):
    response = whole_edition(signed_in(personas["analyst"]), django_capture_on_commit_callbacks)
    pages = pdf_pages(response, keep_lines=True)
    contents = pages[1]
    for state in ("Jamaica", "Mexico"):
        line = next(line for line in contents.splitlines() if line.startswith(state))
        page = int(line.split()[-1])
        assert pages[page - 1].count(state) >= 2, (state, page)  # running header and heading


def test_a_subregion_filter_keeps_only_that_subregions_states(personas, directory):
    response = signed_in(personas["coordinator_b"]).get(
        EXPORT, {"format": "pdf", "subregion": "caribbean"}
    )
    text = "\n".join(pdf_pages(response))
    assert "Subregion: Caribbean" in text
    assert "Ana Rivera" in text
    assert "Mexico" not in text and "Luis Gómez" not in text


def test_the_pdf_follows_the_interface_language(personas, directory):
    response = signed_in(personas["analyst"]).get(
        EXPORT.replace("/en/", "/es/"), {"format": "pdf", "state": "MEX"}
    )
    text = "\n".join(pdf_pages(response))
    assert "México" in text  # the state's name in Spanish


def test_a_script_with_a_delegation_readers_token_gets_the_pdf(personas, directory):
    _token, key = api_token_create(actor=personas["delegation_reader"], name="nightly copy")
    response = signed_in(None).get(
        EXPORT, {"format": "pdf", "state": "JAM"}, HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert "Ana Rivera" in "\n".join(pdf_pages(response))


def test_an_invalid_token_gets_401(directory):
    response = signed_in(None).get(
        EXPORT, {"format": "csv"}, HTTP_AUTHORIZATION="Bearer hemis_not-a-real-token"
    )
    assert response.status_code == 401


def test_the_public_gets_404_not_a_sign_in_page(directory):
    for format_ in ("pdf", "xlsx", "csv", "nonsense"):
        assert signed_in(None).get(EXPORT, {"format": format_}).status_code == 404


def test_an_official_of_a_state_not_taking_part_gets_404(directory):
    nicaragua = MemberState.objects.get(iso3="NIC")
    reader = make_user("delegation.nic@test.example.org", Role.DELEGATION_READER, nicaragua)
    client = signed_in(reader)
    assert client.get(EXPORT, {"format": "xlsx"}).status_code == 404
    assert client.get(vcard_url(directory["jamaica"])).status_code == 404


def test_an_unknown_format_is_a_400_that_names_the_parameter(personas, directory):
    client = signed_in(personas["delegation_reader"])
    for params in ({"format": "docx"}, {}):
        response = client.get(EXPORT, params)
        assert response.status_code == 400
        assert "format parameter must be one of pdf, xlsx or csv" in response.content.decode()


def test_the_xlsx_has_a_contacts_sheet_with_a_row_per_contact_and_an_authorities_sheet(
    personas, directory
):
    response = signed_in(personas["contributor_a"]).get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Contacts", "Authorities"]
    contacts = workbook["Contacts"]
    rows = list(contacts.iter_rows(values_only=True))
    assert rows[0] == tuple(column.heading for column in exports.CONTACT_COLUMNS)
    assert contacts.freeze_panes == "A2" and contacts["A1"].font.bold
    by_person = {row[4]: row for row in rows[1:]}
    assert sorted(by_person) == ["Ana Rivera", "Beatriz Peña Núñez", "Luis Gómez"]
    beatriz = by_person["Beatriz Peña Núñez"]
    assert beatriz[:4] == (
        "MEX",
        "Mexico",
        "mla_central_authority",
        "Central authority for mutual legal assistance",
    )
    assert beatriz[7:11] == (
        "Fiscalía General de la República",
        "Prosecutor's office",
        "beatriz.pena@fgr.mx.example.org",
        "+525553460000",
    )
    assert beatriz[11] == "en; es"
    assert beatriz[14].date() == directory["prosecutor"].last_confirmed_on
    assert beatriz[15:] == ("yes", "no")
    authorities = list(workbook["Authorities"].iter_rows(values_only=True))
    assert len(authorities) == 2
    assert authorities[1][:5] == (
        "MEX",
        "Mexico",
        "Fiscalía General de la República",
        "Attorney General's Office",
        "Prosecutor's office",
    )
    assert authorities[1][-1] == 1


def test_the_csv_starts_with_a_byte_order_mark_and_has_the_xlsx_columns(personas, directory):
    response = signed_in(personas["coordinator_a"]).get(
        EXPORT, {"format": "csv", "function": "toc_contact"}
    )
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = content_of(response)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [column.heading for column in exports.CONTACT_COLUMNS]
    assert sorted(row[4] for row in rows[1:]) == ["Ana Rivera", "Luis Gómez"]
    ana = next(row for row in rows if row[4] == "Ana Rivera")
    assert ana[9:11] == ["ana.rivera@jm.example.org", "+18769221234"]
    assert ana[14] == directory["jamaica"].last_confirmed_on.isoformat()


def test_the_lists_keep_a_spreadsheet_from_running_a_name_as_a_formula(admin, state_a):
    services.contact_create(
        actor=admin,
        state=state_a,
        data=contact_data(person_name='=HYPERLINK("http://evil.example")\x1b'),
    )
    client = signed_in(admin)
    body = content_of(client.get(EXPORT, {"format": "csv"})).decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(body)))[1]
    assert row[4] == '\'=HYPERLINK("http://evil.example")\x1b'
    assert row[10] == "+18769221234"  # telephones stay as they are
    workbook = load_workbook(io.BytesIO(client.get(EXPORT, {"format": "xlsx"}).content))
    cell = workbook["Contacts"]["E2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://evil.example")', "s")


@pytest.mark.parametrize("format_", ["xlsx", "csv"])
def test_the_list_exports_queries_do_not_grow_with_their_rows(
    personas, directory, django_assert_max_num_queries, format_
):
    client = signed_in(personas["analyst"])
    with CaptureQueriesContext(connection) as few_rows:
        content_of(client.get(EXPORT, {"format": format_}))
    for i in range(10):
        services.contact_create(
            actor=personas["admin"],
            state=directory["prosecutor"].state,
            data=contact_data(
                person_name=f"Persona {i}",
                authority=directory["prosecutor"].authority,
                emails=[f"p{i}@mx.example.org"],
                phones=["+52 55 1234 5678"],
            ),
        )
    with django_assert_max_num_queries(len(few_rows)):
        content_of(client.get(EXPORT, {"format": format_}))


def test_a_contacts_vcard_parses_back_with_its_details(personas, directory):
    prosecutor = directory["prosecutor"]
    response = signed_in(personas["delegation_reader"]).get(vcard_url(prosecutor))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="beatriz-pena-nunez.vcf"'
    card = vobject.readOne(response.content.decode())
    assert card.fn.value == "Beatriz Peña Núñez"
    assert (card.n.value.given, card.n.value.family) == ("Beatriz", "Peña Núñez")
    assert card.org.value == ["Fiscalía General de la República"]
    assert card.title.value == "Directora General de Asuntos Internacionales"
    assert card.email.value == "beatriz.pena@fgr.mx.example.org"
    assert card.tel.value == "+525553460000"
    assert "Central authority for mutual legal assistance — Mexico" in card.note.value
    assert card.rev.value == prosecutor.last_confirmed_on.isoformat()


def test_the_public_cannot_download_a_vcard(directory):
    assert signed_in(None).get(vcard_url(directory["jamaica"])).status_code == 404
