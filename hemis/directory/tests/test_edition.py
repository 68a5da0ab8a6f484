"""The PDF edition of the whole directory: prepared in the background, stored, reused."""

import io
import re
from functools import partial

import pytest
from django.conf import settings
from django.utils import timezone, translation
from pypdf import PdfReader

from hemis.conftest import make_user, signed_in
from hemis.core import pdfparts
from hemis.core.models import MemberState
from hemis.directory import edition, exports, selectors, services
from hemis.directory.models import Edition, EditionStatus
from hemis.directory.selectors import ContactFilters
from hemis.directory.tests.conftest import contact_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_states(admin, state_a, state_b):
    chile = MemberState.objects.get(iso3="CHL")
    for state, phone in ((state_a, "+1 876 922 1234"), (state_b, "+52 55 1234 5678")):
        services.contact_create(actor=admin, state=state, data=contact_data(phones=[phone]))
    services.contact_create(actor=admin, state=chile, data=contact_data(phones=["+56 2 2345 6789"]))


def prepare(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/en/directory/edition/")


def test_a_reader_prepares_the_edition_and_downloads_it(
    delegation_reader, three_states, django_capture_on_commit_callbacks
):
    client = signed_in(delegation_reader)
    page = client.get("/en/directory/edition/").content.decode()
    assert "Prepare the edition" in page
    assert prepare(client, django_capture_on_commit_callbacks).status_code == 302
    stored = Edition.objects.get()
    assert stored.status == EditionStatus.READY
    assert stored.pages > 2
    page = client.get("/en/directory/edition/").content.decode()
    link = f"/en/directory/edition/{stored.public_id}.pdf"
    assert link in page
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert len(pdf.pages) == stored.pages
    assert "Jamaica" in pdf.pages[1].extract_text()


def test_the_stored_edition_is_reused_until_the_directory_changes(
    analyst,
    delegation_reader,
    contributor_a,
    three_states,
    django_capture_on_commit_callbacks,
):
    prepare(signed_in(analyst), django_capture_on_commit_callbacks)
    first = Edition.objects.get()
    prepare(signed_in(delegation_reader), django_capture_on_commit_callbacks)
    assert list(Edition.objects.all()) == [first]
    contact = selectors.contact_list(viewer=analyst).get(state__iso3="JAM")
    services.contact_update(
        actor=contributor_a, contact=contact, version=1, data={"title": "Head of unit"}
    )
    assert selectors.edition_get(language="en") is None
    page = signed_in(delegation_reader).get("/en/directory/edition/").content.decode()
    assert "Prepare the edition" in page
    prepare(signed_in(delegation_reader), django_capture_on_commit_callbacks)
    # The new edition replaces the old, whose file is deleted.
    assert list(Edition.objects.values_list("status", flat=True)) == [EditionStatus.READY]
    assert Edition.objects.get().pk != first.pk


def test_the_whole_directory_as_pdf_asks_for_the_edition_and_shows_its_progress(
    analyst, three_states
):
    response = signed_in(analyst).get("/en/directory/export?format=pdf")
    assert response.status_code == 302
    assert response["Location"] == "/en/directory/edition/"
    assert Edition.objects.get().status == EditionStatus.QUEUED


def test_the_whole_directory_as_pdf_serves_the_stored_edition(
    analyst, three_states, django_capture_on_commit_callbacks
):
    client = signed_in(analyst)
    prepare(client, django_capture_on_commit_callbacks)
    stored = Edition.objects.get()
    response = client.get("/en/directory/export?format=pdf")
    assert response.status_code == 200
    assert response.content == stored.file.open("rb").read()


def test_the_page_shows_progress_and_asks_again_while_the_edition_is_prepared(analyst):
    Edition.objects.create(
        language="en",
        generation=selectors.directory_generation(),
        edition_date=timezone.localdate(),
        status=EditionStatus.RENDERING,
        parts_done=3,
        parts_total=4,
    )
    client = signed_in(analyst)
    page = client.get("/en/directory/edition/").content.decode()
    assert "75% done" in page
    assert 'hx-trigger="every 2s"' in page
    assert '<progress max="100" value="75"' in page
    fragment = client.get("/en/directory/edition/", headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="edition-status"')


def test_a_failed_edition_is_queued_again_when_asked(
    analyst, three_states, django_capture_on_commit_callbacks
):
    Edition.objects.create(
        language="en",
        generation=selectors.directory_generation(),
        edition_date=timezone.localdate(),
        status=EditionStatus.FAILED,
        error="the worker ran out of memory",
    )
    client = signed_in(analyst)
    assert "Preparing the edition failed" in client.get("/en/directory/edition/").content.decode()
    prepare(client, django_capture_on_commit_callbacks)
    assert Edition.objects.get().status == EditionStatus.READY


def test_whoever_may_not_read_the_directory_gets_neither_the_page_nor_the_file(
    client, analyst, three_states, django_capture_on_commit_callbacks
):
    prepare(signed_in(analyst), django_capture_on_commit_callbacks)
    stored = Edition.objects.get()
    file_path = f"/en/directory/edition/{stored.public_id}.pdf"
    anonymous = client.get(file_path)
    assert anonymous.status_code == 302
    assert "/accounts/" in anonymous["Location"]
    nicaragua = MemberState.objects.get(iso3="NIC")
    nicaragua.participations.all().delete()
    outsider = signed_in(make_user("reader@ni.example.org", "delegation_reader", nicaragua))
    assert outsider.get("/en/directory/edition/").status_code == 404
    assert outsider.post("/en/directory/edition/").status_code == 404
    assert outsider.get(file_path).status_code == 404


def test_an_unknown_edition_file_is_404(analyst):
    response = signed_in(analyst).get(
        "/en/directory/edition/6f1c2c8e-7d8a-4a8e-9a55-0f4b3f0e9a11.pdf"
    )
    assert response.status_code == 404


def test_an_edition_rendered_in_parts_is_numbered_and_its_contents_give_the_right_pages(
    analyst, three_states, monkeypatch
):
    monkeypatch.setattr(edition, "PARALLEL_MIN_CONTACTS", 1)
    monkeypatch.setattr(edition, "PARTS_PER_PROCESS", 2)
    filters = ContactFilters()
    with translation.override("es"):
        sections = selectors.directory_edition(viewer=analyst, filters=filters)
        built = exports.build_edition(sections, filters=filters, today=timezone.localdate())
        steps = []
        pdf, pages = edition.render(
            built, workers=2, progress=lambda done, total: steps.append((done, total))
        )
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == pages
    texts = [page.extract_text() for page in reader.pages]
    assert "Página" not in texts[0]  # the cover has no number
    for number, text in enumerate(texts[1:], start=2):
        assert f"Página {number} de {pages}" in text
        assert text.count("Página") == 1  # one number, not the part's own as well
    # The contents page names each state with the page its section starts on.
    contents = texts[1]
    for state in ("Chile", "Jamaica", "México"):
        listed = re.search(rf"{state}.*?(\d+)\s*$", contents, re.MULTILINE)
        assert listed, contents
        start = int(listed.group(1))
        assert texts[start - 1].lstrip().startswith(state) or state in texts[start - 1][:200]
    assert steps[-1][0] == steps[-1][1]
    assert steps[0][0] == 0


def test_an_edition_whose_requester_may_no_longer_read_the_directory_is_not_rendered(
    three_states,
):
    stored = Edition.objects.create(
        language="en",
        generation=selectors.directory_generation(),
        edition_date=timezone.localdate(),
        requested_by=None,
    )
    edition.prepare(stored.pk)
    stored.refresh_from_db()
    assert stored.status == EditionStatus.FAILED
    assert stored.error == edition.ERR_REQUESTER
    assert not stored.file


def test_the_front_is_rendered_again_when_its_provisional_length_was_wrong(analyst, three_states):
    filters = ContactFilters()
    sections = selectors.directory_edition(viewer=analyst, filters=filters)
    built = exports.build_edition(sections, filters=filters, today=timezone.localdate())
    parts = edition.split(built.states, 3)
    render = partial(pdfparts.render, base_url=str(settings.BASE_DIR), anchor_prefix="state-")
    rendered = [
        render(exports.edition_html(built, front=False, states=part, numbered=True))
        for part in parts
    ]
    wrong = pdfparts.Part(pdf=b"", pages=5)
    front = edition._front(built, parts, rendered, wrong, render)
    assert front.pages == 2  # the cover and one page of contents
    contents = PdfReader(io.BytesIO(front.pdf)).pages[1].extract_text()
    # Each state's section is one page long here: they start right after the front.
    assert re.search(r"Chile.*\b3\s*$", contents, re.MULTILINE), contents
    assert re.search(r"Mexico.*\b5\s*$", contents, re.MULTILINE), contents
