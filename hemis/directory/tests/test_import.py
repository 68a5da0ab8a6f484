import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from hemis.conftest import signed_in
from hemis.core.models import AuditEvent
from hemis.core.tests.workbooks import declaring, xlsx
from hemis.directory import imports, services
from hemis.directory.models import Authority, Contact

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
PAGE = "/en/directory/import/"


def import_fixture(actor, name, *, dry_run=False):
    content = (DATA / name).read_bytes()
    return imports.import_file(actor=actor, name=name, content=content, dry_run=dry_run)


def import_text(actor, text, *, dry_run=False):
    content = text.encode("utf-8")
    return imports.import_file(actor=actor, name="list.csv", content=content, dry_run=dry_run)


def run_command(*args):
    out = io.StringIO()
    call_command("import_contacts", *args, stdout=out)
    return out.getvalue()


def counts(report):
    return report.created, report.updated, report.unchanged


def where(report):
    return [(problem.line, problem.column) for problem in report.errors]


def directory_writes():
    return AuditEvent.objects.filter(object_type__startswith="directory.")


def assert_nothing_written():
    assert not Contact.objects.exists()
    assert not Authority.objects.exists()
    assert not directory_writes().exists()


# Importing a good file


def test_a_good_csv_creates_its_contacts_with_e164_phones_and_audits_every_write(admin):
    report = import_fixture(admin, "contacts.csv")
    assert report.ok and report.written
    assert counts(report) == (3, 0, 0)
    ana = Contact.objects.get(person_name="Ana Rivera")
    assert ana.state.iso3 == "JAM" and ana.phones == ["+18769221234"]
    assert ana.authority.name == "Ministry of National Security"
    assert ana.authority.kind == "ministry"
    assert sorted(a.code for a in ana.thematic_areas.all()) == ["drugs", "firearms"]
    assert ana.last_confirmed_on == dt.date(2025, 1, 15)
    luis = Contact.objects.get(person_name="Luis Gómez")
    assert luis.emails == ["luis.gomez@mx.example.org", "asuntos.internacionales@mx.example.org"]
    assert luis.phones == ["+525512345678"] and luis.language == "es"
    assert sorted(lang.code for lang in luis.languages.all()) == ["en", "es"]
    assert luis.last_confirmed_on == timezone.localdate()
    csirt = Contact.objects.get(office="CSIRT de Gobierno")
    assert csirt.phones == ["+56221234567"] and csirt.emails == [] and csirt.authority is None
    actions = sorted(directory_writes().filter(actor=admin).values_list("action", flat=True))
    assert actions == ["authority.create"] * 2 + ["contact.create"] * 3


def test_a_good_xlsx_is_imported_like_the_csv(admin):
    report = import_fixture(admin, "contacts.xlsx")
    assert report.written and counts(report) == (3, 0, 0)
    ana = Contact.objects.get(person_name="Ana Rivera")
    # The workbook holds this number as a number and the date as a date.
    assert ana.phones == ["+18769221234"]
    assert ana.last_confirmed_on == dt.date(2025, 1, 15)
    assert directory_writes().filter(action="contact.create").count() == 3
    assert counts(import_fixture(admin, "contacts.csv", dry_run=True)) == (0, 0, 3)


def test_an_analyst_may_import_too(analyst):
    assert counts(import_fixture(analyst, "contacts.csv")) == (3, 0, 0)
    assert directory_writes().filter(actor=analyst).count() == 5


@pytest.mark.parametrize("persona", ["coordinator_a", "contributor_a", "delegation_reader"])
def test_only_the_secretariat_may_import(personas, persona):
    with pytest.raises(PermissionDenied):
        import_fixture(personas[persona], "contacts.csv")
    assert_nothing_written()


# Errors


def test_it_rejects_a_file_with_a_bad_phone_on_line_4_and_writes_nothing(admin):
    report = import_fixture(admin, "contacts_bad_phone.csv")
    assert not report.ok and not report.written
    assert where(report) == [(4, "phones")]
    assert str(report.errors[0]).startswith(
        "Line 4, column phones: “12” is not a valid telephone number."
    )
    assert counts(report) == (0, 0, 0)
    assert_nothing_written()


def test_it_reports_every_error_of_the_file_not_only_the_first(admin):
    report = import_fixture(admin, "contacts_many_errors.csv")
    assert where(report) == [
        (2, "state"),
        (3, "function"),
        (4, "emails"),
        (5, "last_confirmed"),
        (6, "state"),
        (7, "person_name"),
        (7, "emails"),
    ]
    messages = [str(problem) for problem in report.errors]
    assert "“XYZ” is not the ISO 3166 alpha-3 code of a member state" in messages[0]
    assert "“spy” is not a function of the directory" in messages[1]
    assert "“not-an-email” is not a valid e-mail address" in messages[2]
    assert "“15/01/2025” is not a date written as YYYY-MM-DD" in messages[3]
    assert "Cuba does not take part in the work of the OAS today" in messages[4]
    assert_nothing_written()


def test_an_unknown_column_is_named_and_no_row_is_read(admin):
    report = import_fixture(admin, "contacts_unknown_column.csv")
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith("Line 1: Unknown columns: emial, phone. The columns")
    assert_nothing_written()


def test_missing_required_columns_are_named(admin):
    report = import_text(admin, "State,Emails\nJAM,ana.rivera@jm.example.org\n")
    assert [str(problem) for problem in report.errors] == [
        "Line 1: Missing required columns: function.",
        "Line 1: The file needs a person_name column, an office column, or both.",
    ]


def test_the_same_contact_twice_in_a_file_is_an_error(admin):
    report = import_text(
        admin,
        "state,function,person_name,emails\n"
        "JAM,fiu,Ana Rivera,ana.rivera@jm.example.org\n"
        "JAM,fiu,Ana R.,ANA.RIVERA@jm.example.org\n",
    )
    assert where(report) == [(3, "emails")]
    assert "same contact point as line 2" in report.errors[0].message


def test_a_cell_beyond_the_named_columns_is_an_error(admin):
    report = import_text(
        admin, "state,function,person_name,emails\nJAM,fiu,Ana,ana@jm.example.org,surplus\n"
    )
    assert where(report) == [(2, None)]
    assert str(report.errors[0]) == (
        "Line 2: Cell 5 has a value but no column name in the header line."
    )


def test_line_numbers_count_blank_lines_and_a_byte_order_mark_is_ignored(admin):
    report = import_text(
        admin,
        "\ufeffState,Function,Person_Name,Emails\n"
        "JAM,fiu,Ana Rivera,ana.rivera@jm.example.org\n"
        "\n"
        "JAM,cifta,Rohan Clarke,not-an-email\n",
    )
    assert where(report) == [(4, "emails")]


def test_an_xlsx_error_names_the_row_of_the_sheet(admin):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["state", "function", "person_name", "phones"])
    sheet.append(["JAM", "fiu", "Ana Rivera", "+1 876 922 1234"])
    sheet.append([])
    sheet.append(["MEX", "fiu", "Luis Gómez", 12])
    content = io.BytesIO()
    workbook.save(content)
    report = imports.import_file(actor=admin, name="list.xlsx", content=content.getvalue())
    assert [str(problem)[:35] for problem in report.errors] == [
        "Line 4, column phones: “12” is not "
    ]


def contact_rows(count):
    header = ["state", "function", "person_name", "emails"]
    return [header, *(["JAM", "fiu", f"Person {i}", f"p{i}@jm.example.org"] for i in range(count))]


def test_a_workbook_declaring_one_row_is_previewed_and_loaded_with_all_six(personas):
    client = signed_in(personas["admin"])
    content = declaring(xlsx(contact_rows(6)), "A1:D2")
    page = upload(client, "list.xlsx", content).content.decode()
    assert "Loading this file would create 6, update 0 and leave 0 unchanged." in page
    assert_nothing_written()


def test_the_command_loads_every_row_of_a_workbook_declaring_fewer(admin, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(declaring(xlsx(contact_rows(2)), "A1:D2"))
    assert "2 created, 0 updated, 0 unchanged" in run_command(str(path))
    assert sorted(Contact.objects.values_list("person_name", flat=True)) == [
        "Person 0",
        "Person 1",
    ]


@pytest.mark.parametrize("value", ["Ana\x00Rivera", "\x00"])
def test_a_nul_in_a_cell_is_refused_by_line_and_column_and_nothing_is_written(admin, value):
    report = import_text(
        admin,
        "state,function,person_name,emails\n"
        "JAM,fiu,Rohan Clarke,rohan@jm.example.org\n"
        f"JAM,cifta,Ana,ana@jm.example.org\nJAM,fiu,{value},x@jm.example.org\n",
    )
    assert where(report) == [(None, None)]
    assert str(report.errors[0]).startswith("Line 4, column person_name: This text contains")
    assert_nothing_written()


def test_the_import_page_refuses_a_nul_in_a_cell_naming_it(personas):
    content = b"state,function,person_name,emails\nJAM,fiu,Ana\x00,ana@jm.example.org\n"
    page = upload(signed_in(personas["admin"]), "list.csv", content).content.decode()
    assert "Line 2, column person_name: This text contains a character that cannot be" in page
    assert_nothing_written()


def test_a_date_in_the_future_and_an_unknown_authority_kind_are_errors(admin):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    report = import_text(
        admin,
        "state,function,person_name,emails,authority,authority_kind,last_confirmed\n"
        f"JAM,fiu,Ana Rivera,ana.rivera@jm.example.org,FIU Jamaica,bank,{tomorrow}\n",
    )
    assert where(report) == [(2, "authority_kind"), (2, "last_confirmed")]
    assert "“bank” is not a kind of authority" in report.errors[0].message
    assert "is in the future" in report.errors[1].message


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("not_utf8.csv", None, "The file is not UTF-8 text."),
        ("empty.csv", None, "The file is empty."),
        ("header_only.csv", b"state,function,person_name\n", "no contacts below it"),
        ("contacts.xlsx", b"not a workbook", "could not be read as an XLSX workbook"),
        ("contacts.xls", b"\xd0\xcf\x11\xe0", "The file must be a .csv or an .xlsx file"),
    ],
)
def test_an_unreadable_file_gets_a_clear_message(admin, name, content, message):
    content = (DATA / name).read_bytes() if content is None else content
    report = imports.import_file(actor=admin, name=name, content=content)
    assert [problem.line for problem in report.errors] == [None]
    assert message in str(report.errors[0])


def test_a_file_with_too_many_rows_is_refused_before_any_row_is_checked(admin):
    rows = [f"JAM,fiu,Person {i},p{i}@jm.example.org" for i in range(imports.MAX_ROWS + 1)]
    report = import_text(admin, "\n".join(["state,function,person_name,emails", *rows]))
    assert str(report.errors[0]) == "The file has more than 2000 rows; split it into smaller files."


def test_a_failure_while_loading_rolls_back_every_row(admin, monkeypatch):
    create = services.contact_create
    calls = []

    def fail_on_the_third(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise ValidationError({"emails": ["Refused."]})
        return create(**kwargs)

    monkeypatch.setattr(services, "contact_create", fail_on_the_third)
    report = import_fixture(admin, "contacts.csv")
    assert where(report) == [(4, "emails")] and not report.written
    assert_nothing_written()


# Re-importing


def test_the_command_dry_run_reports_but_writes_nothing(admin):
    out = run_command(str(DATA / "contacts.csv"), "--dry-run")
    assert "Dry run, nothing was written" in out
    assert "3 created, 0 updated, 0 unchanged" in out
    assert "New authority: Ministry of National Security (JAM)" in out
    assert_nothing_written()


def test_the_command_imports_and_prints_the_summary(admin):
    out = run_command(str(DATA / "contacts.csv"))
    assert "3 created, 0 updated, 0 unchanged" in out
    assert Contact.objects.count() == 3


def test_importing_the_same_file_again_changes_nothing_and_says_so(admin):
    run_command(str(DATA / "contacts.csv"))
    contacts = list(Contact.objects.values_list("pk", "version", "updated_at").order_by("pk"))
    events = directory_writes().count()
    out = run_command(str(DATA / "contacts.csv"))
    assert "0 created, 0 updated, 3 unchanged" in out
    assert list(Contact.objects.values_list("pk", "version", "updated_at").order_by("pk")) == (
        contacts
    )
    assert directory_writes().count() == events
    assert Authority.objects.count() == 2


def test_an_edited_row_updates_its_contact_through_the_service(admin, analyst):
    run_command(str(DATA / "contacts.csv"))
    out = run_command(str(DATA / "contacts_edited.csv"), "--actor", analyst.email)
    assert "0 created, 1 updated, 2 unchanged" in out
    ana = Contact.objects.get(person_name="Ana Rivera")
    assert ana.title == "Permanent Secretary" and ana.phones == ["+18769225678"]
    assert ana.version == 2
    event = directory_writes().get(action="contact.update")
    assert event.actor == analyst
    assert event.changes["title"] == ["Director", "Permanent Secretary"]
    assert event.changes["phones"] == [["+18769221234"], ["+18769225678"]]
    assert Contact.objects.count() == 3


def test_a_row_without_email_matches_by_name_and_leaves_absent_columns_alone(admin):
    import_fixture(admin, "contacts.csv")
    report = import_text(
        admin,
        "state,function,office,phones,availability\n"
        "CHL,cybercrime,CSIRT de Gobierno,+56 2 2123 4567,Office hours only\n",
    )
    assert counts(report) == (0, 1, 0)
    assert report.rows[0].changed == ["availability"]
    csirt = Contact.objects.get(office="CSIRT de Gobierno")
    assert csirt.availability == "Office hours only"
    assert [a.code for a in csirt.thematic_areas.all()] == ["cybercrime"]


def test_a_csv_saved_with_semicolons_is_read_too(admin):
    report = import_text(
        admin,
        "state;function;person_name;emails\nJAM;fiu;Ana Rivera;ana.rivera@jm.example.org\n",
        dry_run=True,
    )
    assert report.ok and counts(report) == (1, 0, 0)


# The command


def test_the_command_fails_listing_every_error(admin):
    with pytest.raises(CommandError) as caught:
        run_command(str(DATA / "contacts_many_errors.csv"))
    message = str(caught.value)
    assert "contacts_many_errors.csv was not imported; nothing was written." in message
    assert "Line 4, column emails:" in message and "Line 7, column person_name:" in message
    assert_nothing_written()


def test_the_command_records_writes_under_a_secretariat_user_only(admin, coordinator_a):
    with pytest.raises(CommandError, match="is not an active Secretariat user"):
        run_command(str(DATA / "contacts.csv"), "--actor", coordinator_a.email)
    assert_nothing_written()


def test_the_command_needs_a_secretariat_administrator(db):
    with pytest.raises(CommandError, match="no active Secretariat administrator"):
        run_command(str(DATA / "contacts.csv"))


def test_the_command_says_when_it_cannot_read_the_file(admin):
    with pytest.raises(CommandError, match="Cannot read"):
        run_command(str(DATA / "missing.csv"))


# The upload page


def upload(client, name, content=None):
    content = (DATA / name).read_bytes() if content is None else content
    return client.post(PAGE, {"file": SimpleUploadedFile(name, content)})


def test_the_upload_page_previews_without_writing_and_loads_on_confirmation(personas):
    client = signed_in(personas["admin"])
    page = client.get(PAGE).content.decode()
    assert '<label for="id_file">Contact list' in page
    preview = upload(client, "contacts.csv")
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Loading this file would create 3, update 0 and leave 0 unchanged." in page
    assert "Ministry of National Security (JAM)" in page
    assert "Load these 3 rows" in page
    assert_nothing_written()
    loaded = client.post(PAGE, {"fingerprint": preview.context["fingerprint"]})
    assert loaded.status_code == 302 and loaded["Location"] == "/en/directory/"
    assert Contact.objects.count() == 3
    assert directory_writes().filter(actor=personas["admin"]).count() == 5
    assert "3 created, 0 updated, 0 unchanged" in client.get(loaded["Location"]).content.decode()
    # The file is no longer waiting: loading twice is refused.
    again = client.post(PAGE, {"fingerprint": preview.context["fingerprint"]}, follow=True)
    assert "Nothing was written; upload the file again." in again.content.decode()
    assert Contact.objects.count() == 3


def test_the_preview_shows_what_a_row_would_change(personas):
    import_fixture(personas["admin"], "contacts.csv")
    client = signed_in(personas["analyst"])
    page = upload(client, "contacts_edited.csv").content.decode()
    assert "create 0, update 1 and leave 2 unchanged" in page
    assert "Updated: title, phones" in page
    assert Contact.objects.get(person_name="Ana Rivera").version == 1


@pytest.mark.parametrize("fingerprint", ["0" * 64, "é" * 64, ""])
def test_a_confirmation_that_does_not_match_the_preview_loads_nothing(personas, fingerprint):
    client = signed_in(personas["admin"])
    upload(client, "contacts.csv")
    response = client.post(PAGE, {"fingerprint": fingerprint}, follow=True)
    assert response.status_code == 200
    assert "Nothing was written; upload the file again." in response.content.decode()
    assert_nothing_written()


def test_a_file_with_errors_is_listed_on_the_page_without_a_load_button(personas):
    response = upload(signed_in(personas["admin"]), "contacts_bad_phone.csv")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary" role="alert"' in page
    assert "contacts_bad_phone.csv cannot be imported: 1 error" in page
    assert "Line 4, column phones: “12” is not a valid telephone number" in page
    assert "Load th" not in page
    assert_nothing_written()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not_utf8.csv", "The file is not UTF-8 text."),
        ("empty.csv", "The submitted file is empty."),
        ("contacts_unknown_column.csv", "Line 1: Unknown columns: emial, phone."),
    ],
)
def test_a_bad_file_on_the_page_gets_a_clear_message_never_an_error_page(personas, name, message):
    response = upload(signed_in(personas["admin"]), name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert_nothing_written()


@pytest.mark.parametrize(
    "persona", ["coordinator_a", "contributor_a", "coordinator_b", "delegation_reader"]
)
def test_state_officials_cannot_reach_the_import_page(personas, persona):
    client = signed_in(personas[persona])
    assert client.get(PAGE).status_code == 404
    assert upload(client, "contacts.csv").status_code == 404
    assert client.post(PAGE, {"fingerprint": "0" * 64}).status_code == 404
    assert_nothing_written()


def test_the_anonymous_visitor_is_sent_to_sign_in(db):
    response = signed_in(None).get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/sign-in/")
    assert upload(signed_in(None), "contacts.csv").status_code == 302
    assert_nothing_written()


# In a browser


@pytest.mark.browser
def test_an_analyst_previews_and_loads_a_list_in_the_browser(page, analyst):
    from playwright.sync_api import expect

    from hemis.conftest import PASSWORD
    from hemis.testing.browser import assert_accessible

    page.goto(PAGE)
    page.get_by_label("E-mail address").fill(analyst.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Import a contact list")).to_be_visible()
    assert_accessible(page)

    file_input = page.get_by_label("Contact list (required)", exact=True)
    file_input.set_input_files(str(DATA / "contacts_bad_phone.csv"))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert")).to_contain_text("Line 4, column phones:")
    assert_accessible(page)

    file_input.set_input_files(str(DATA / "contacts.csv"))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("status")).to_contain_text("would create 3, update 0")
    assert_accessible(page)
    assert not Contact.objects.exists()

    page.get_by_role("button", name="Load these 3 rows").click()
    expect(page.get_by_role("status").first).to_contain_text("3 created, 0 updated, 0 unchanged")
    assert Contact.objects.count() == 3
