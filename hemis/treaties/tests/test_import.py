"""Importing treaty status files: the real file, a file with errors, re-imports."""

from __future__ import annotations

import csv
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from hemis.core.models import AuditEvent
from hemis.treaties import imports, services
from hemis.treaties.models import Instrument, RecordStatus, TreatyRecord

DATA = Path(__file__).parent / "data"


def file_rows() -> list[dict[str, str]]:
    with imports.REFERENCE_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_migration_loads_the_real_file_with_the_counts_per_status_of_the_file(db):
    rows = file_rows()
    expected = Counter((row["instrument"], row["record_status"]) for row in rows)
    loaded = Counter(TreatyRecord.objects.values_list("instrument__code", "status"))
    assert loaded == expected
    assert TreatyRecord.objects.count() == len(rows) == 175


def test_the_migration_loads_the_thirteen_instruments_with_their_protocols(db):
    assert Instrument.objects.count() == 13
    protocols = set(Instrument.objects.filter(parent__code="UNTOC").values_list("code", flat=True))
    assert protocols == {"UNTOC_TIP", "UNTOC_SOM", "UNTOC_FIR"}
    cets = Instrument.objects.get(code="CETS_185")
    assert cets.depositary == "coe" and cets.title_fr == "Convention sur la cybercriminalité"
    assert not TreatyRecord.objects.filter(instrument__code="UN_1988").exists()


def test_a_record_keeps_the_files_dates_type_and_source(db):
    record = TreatyRecord.objects.get(instrument__code="UNTOC", state__iso3="BLZ")
    assert record.status == RecordStatus.PARTY
    assert record.signature_date is None
    assert record.consent_date.isoformat() == "2003-09-26"
    assert record.consent_type == "accession"
    assert record.source.startswith("http://treaties.un.org/")


def test_re_importing_the_real_file_changes_nothing_and_says_so(admin):
    events = AuditEvent.objects.count()
    report = imports.import_status(actor=admin, content=imports.REFERENCE_FILE.read_bytes())
    assert report.ok
    assert (report.created, report.updated, report.unchanged) == (0, 0, 175)
    assert report.changes == []
    assert AuditEvent.objects.count() == events


def test_a_new_file_creates_records_with_their_optional_columns(admin):
    report = imports.import_status(actor=admin, content=(DATA / "good.csv").read_bytes())
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    mexico = TreatyRecord.objects.get(instrument__code="UNCAC", state__iso3="MEX")
    assert mexico.source == "C.N.545.2004.TREATIES-7"
    assert mexico.designated_authorities.startswith("Procuraduría")
    assert mexico.source_consulted_on.isoformat() == "2026-01-15"
    event = AuditEvent.objects.filter(object_id="UNCAC:MEX").get()
    assert event.action == "treaty_record.create" and event.actor == admin


def test_a_re_import_with_a_changed_row_reports_only_that_change(admin):
    content = (DATA / "good.csv").read_text()
    imports.import_status(actor=admin, content=content)
    edited = content.replace(
        "UNCAC,CHL,signatory,2003-12-11,,,", "UNCAC,CHL,party,2003-12-11,2007-09-13,ratification,"
    )
    report = imports.import_status(actor=admin, content=edited)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    [change] = report.changes
    assert (change.instrument, change.iso3, change.line) == ("UNCAC", "CHL", 4)
    assert change.changes["status"] == ["signatory", "party"]
    assert "record_status: signatory → party" in str(change)


def test_a_file_with_errors_names_each_line_and_column_and_writes_nothing(admin):
    before = TreatyRecord.objects.count()
    report = imports.import_status(actor=admin, content=(DATA / "bad.csv").read_bytes())
    problems = {(p.line, p.column) for p in report.errors}
    assert (3, "iso3") in problems  # XYZ
    assert (4, "consent_date") in problems  # month 13
    assert (5, "instrument") in problems  # NOPE
    assert (6, "consent_date") in problems  # a party without its date
    assert (7, "record_status") in problems  # maybe
    assert (8, "iso3") in problems  # JAM twice
    assert (9, "consent_date") in problems  # consent before signature
    assert (10, "consent_type") in problems  # conquest
    assert not any(p.line == 2 for p in report.errors)
    assert TreatyRecord.objects.count() == before
    assert not TreatyRecord.objects.filter(instrument__code="UNCAC").exists()
    messages = [str(p) for p in report.errors]
    assert "Line 4, column consent_date: “2004-13-20” is not a date written as YYYY-MM-DD." in (
        messages
    )
    assert any(str(services.ERR_PARTY_NEEDS_DATE) in m for m in messages)
    assert any("Line 8, column iso3" in m and "line 2" in m for m in messages)


def test_a_file_with_an_unknown_column_is_refused_at_its_header(admin):
    content = "instrument,iso3,record_status,colour\nUNCAC,JAM,unknown,red\n"
    report = imports.import_status(actor=admin, content=content)
    [problem] = report.errors
    assert problem.line == 1 and "colour" in problem.message


def test_a_file_without_a_required_column_is_refused(admin):
    report = imports.import_status(actor=admin, content="instrument,iso3\nUNCAC,JAM\n")
    assert "record_status" in report.errors[0].message


def test_an_empty_file_and_a_non_utf8_file_are_refused(admin):
    assert str(imports.ERR_EMPTY) in str(imports.import_status(actor=admin, content=b"").errors[0])
    latin = "instrument,iso3,record_status,note\nUNCAC,JAM,unknown,Convención\n".encode("latin-1")
    assert (
        str(imports.ERR_ENCODING)
        == imports.import_status(actor=admin, content=latin).errors[0].message
    )


def test_only_the_secretariat_may_import(coordinator_a):
    with pytest.raises(PermissionDenied):
        imports.import_status(actor=coordinator_a, content=(DATA / "good.csv").read_bytes())
    assert not TreatyRecord.objects.filter(instrument__code="UNCAC").exists()


def test_the_command_imports_a_file_and_reports_its_changes(admin):
    out = StringIO()
    call_command("import_treaty_status", str(DATA / "good.csv"), stdout=out)
    assert "4 new records, 0 changed, 0 unchanged" in out.getvalue()
    assert "Line 3: UNCAC MEX (new)" in out.getvalue()
    out = StringIO()
    call_command("import_treaty_status", str(DATA / "good.csv"), stdout=out)
    assert "0 new records, 0 changed, 4 unchanged" in out.getvalue()


def test_the_command_dry_run_writes_nothing(admin):
    out = StringIO()
    call_command("import_treaty_status", str(DATA / "good.csv"), "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue() and "4 new records" in out.getvalue()
    assert not TreatyRecord.objects.filter(instrument__code="UNCAC").exists()


def test_the_command_refuses_a_bad_file_with_its_errors(admin):
    with pytest.raises(CommandError) as raised:
        call_command("import_treaty_status", str(DATA / "bad.csv"))
    message = str(raised.value)
    assert "nothing was written" in message
    assert "Line 3, column iso3: “XYZ” is not the ISO 3166 alpha-3 code of a member state." in (
        message
    )


def test_the_command_needs_a_secretariat_actor(db, coordinator_a):
    with pytest.raises(CommandError, match="no active Secretariat administrator"):
        call_command("import_treaty_status", str(DATA / "good.csv"))
    with pytest.raises(CommandError, match="not an active Secretariat user"):
        call_command("import_treaty_status", str(DATA / "good.csv"), "--actor", coordinator_a.email)


def test_the_demo_adds_marked_designated_authorities_and_runs_twice_without_change(db):
    from hemis.treaties import demo

    demo.load()
    jamaica = TreatyRecord.objects.get(instrument__code="UNTOC", state__iso3="JAM")
    assert jamaica.designated_authorities.startswith("DEMO")
    assert jamaica.status == "party" and jamaica.consent_date.isoformat() == "2003-09-29"
    events = AuditEvent.objects.count()
    demo.load()
    assert AuditEvent.objects.count() == events
