# ruff: noqa: F401, F811 - `four_replies` is the fixture of test_report.py, imported for its hand counts
"""The report PDF joins each reply's annex pages, laid out once per revision and kept."""

import io
import re

import pytest
from pypdf import PdfReader

from hemis.accounts.models import User
from hemis.conftest import signed_in
from hemis.questionnaires import services
from hemis.questionnaires.models import AnnexPart, Reply
from hemis.questionnaires.report import pdf as report_pdf
from hemis.questionnaires.tests.test_report import four_replies, submit

pytestmark = pytest.mark.django_db

PDF = "/en/questionnaires/small-2026/report.pdf"


def pages_text(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def reply_of(campaign, iso3):
    return Reply.objects.get(campaign=campaign, state__iso3=iso3)


def test_the_first_download_keeps_each_shared_replys_pages_for_the_next(
    four_replies, delegation_reader, monkeypatch
):
    client = signed_in(delegation_reader)
    first = pages_text(client.get(PDF).content)
    parts = AnnexPart.objects.filter(language="en")
    assert {part.reply.state.iso3 for part in parts} == {"JAM", "CHL"}

    def no_layout(*args, **kwargs):
        raise AssertionError("an annex part laid out again")

    monkeypatch.setattr(report_pdf, "annex_html", no_layout)
    second = pages_text(client.get(PDF).content)
    assert len(second) == len(first)
    assert "Unit J" in " ".join(second)


def test_pages_are_numbered_on_the_joined_file_and_the_cover_is_not(four_replies, analyst):
    pages = pages_text(signed_in(analyst).get(PDF).content)
    total = len(pages)
    assert "Page" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in text
    # The annex's pages follow the findings: Chile's then Jamaica's, each named at its foot.
    assert "Annex · Chile" in pages[-2] and "Annex · Jamaica" in pages[-1]


def test_an_amended_reply_gets_new_pages_and_the_old_ones_go(four_replies, delegation_reader):
    client = signed_in(delegation_reader)
    client.get(PDF)
    jamaica = reply_of(four_replies, "JAM")
    coordinator = User.objects.get(email="c-jam@example.org")
    services.reply_reopen(reply=jamaica, actor=coordinator)
    jamaica.refresh_from_db()
    services.reply_save_answers(
        reply=jamaica, actor=coordinator, answers={"B4": "Unit K"}, base_version=jamaica.version
    )
    services.reply_submit(reply=jamaica, actor=coordinator)
    text = " ".join(pages_text(client.get(PDF).content))
    assert "Unit K" in text and "Unit J" not in text
    assert list(
        AnnexPart.objects.filter(reply=jamaica, language="en").values_list("revision", flat=True)
    ) == [2]


def test_the_secretariats_annex_of_every_reply_says_which_are_not_shared(four_replies, analyst):
    text = " ".join(pages_text(signed_in(analyst).get(PDF + "?annex=all").content))
    assert "Unidad M" in text
    assert "not shared with other delegations" in text
    # Its pages are kept apart from those of shared replies, which never say so.
    mexico = reply_of(four_replies, "MEX")
    assert AnnexPart.objects.filter(reply=mexico, shared=False).exists()


def test_the_background_task_lays_out_a_shared_reply_in_every_language(four_replies):
    chile, mexico = reply_of(four_replies, "CHL"), reply_of(four_replies, "MEX")
    assert report_pdf.prepare_annex_parts(chile.pk) == 4
    assert set(AnnexPart.objects.filter(reply=chile).values_list("language", flat=True)) == {
        "en",
        "es",
        "fr",
        "pt",
    }
    assert report_pdf.prepare_annex_parts(chile.pk) == 0  # already there
    assert report_pdf.prepare_annex_parts(mexico.pk) == 0  # not shared: not in the annex
    spanish = AnnexPart.objects.get(reply=chile, language="es")
    with spanish.file.open("rb") as handle:
        assert "Revisión 1" in " ".join(pages_text(handle.read()))


def test_a_submission_queues_the_annex_pages_only_with_a_task_queue(
    campaign, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        reply = submit(campaign, "JAM", {"A1": "no", "B2": 1}, shared=True)
    queued = [r for r in default_task_backend.results if r.task.name == "prepare_annex_parts_task"]
    # Submitted unshared (nothing to lay out for the annex), then shared.
    assert [result.args for result in queued] == [[reply.pk]]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        submit(campaign, "MEX", {"A1": "no", "B2": 1}, shared=True)
    assert not AnnexPart.objects.exists()  # laid out at the first download instead


def test_pages_stored_under_another_layout_are_laid_out_again(
    four_replies, delegation_reader, monkeypatch
):
    client = signed_in(delegation_reader)
    client.get(PDF)
    # A new template, style, wording or answer-writing code gives another layout version.
    monkeypatch.setattr(report_pdf, "LAYOUT", report_pdf.LAYOUT + 1)
    laid_out = []
    annex_html = report_pdf.annex_html

    def counting(entry, *args, **kwargs):
        laid_out.append(entry.state.iso3)
        return annex_html(entry, *args, **kwargs)

    monkeypatch.setattr(report_pdf, "annex_html", counting)
    assert "Unit J" in " ".join(pages_text(client.get(PDF).content))
    assert sorted(laid_out) == ["CHL", "JAM"]


def test_the_layout_version_follows_the_files_that_lay_out_an_annex(monkeypatch):
    before = report_pdf.layout_version()
    assert report_pdf.layout_version() == before
    read_bytes = report_pdf.Path.read_bytes

    def with_a_changed_style(path):
        content = read_bytes(path)
        return content + b"/* changed */" if path.name == "report.css" else content

    monkeypatch.setattr(report_pdf.Path, "read_bytes", with_a_changed_style)
    assert report_pdf.layout_version() != before
