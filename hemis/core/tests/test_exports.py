"""The export kit: safe cells, the CSV and XLSX writers, the PDF stylesheet strings."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import re
import uuid
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from hemis.core import exports

HEMIS = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x","y")',
        "+1",
        "-1+1",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\n=1",
        "\0=1",
        "＝1+1",
        "＋1",
        "－1",
        "＠SUM(A1)",
    ],
)
def test_a_text_a_spreadsheet_would_run_gets_a_leading_quote(text):
    assert exports.safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["", "Ana", "1+1", " =1", "'=1", "a=b", -1, 3.5, decimal.Decimal("-2"), None]
)
def test_other_values_pass_unchanged(value):
    assert exports.safe_cell(value) == value


def rows_of_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


COLUMNS = (
    exports.Column(gettext_lazy("State"), 20),
    exports.Column("count", 8),
    exports.Column("on", 12, number_format="yyyy-mm-dd"),
    exports.Column("phones", verbatim=True),
)


def test_the_csv_writer_quotes_text_only_and_writes_dates_as_iso():
    content = exports.csv_bytes(
        COLUMNS,
        [["=1+1", -3, dt.date(2025, 1, 31), "+18769221234"], [None, 0, None, ""]],
    )
    assert rows_of_csv(content) == [
        ["State", "count", "on", "phones"],
        ["'=1+1", "-3", "2025-01-31", "+18769221234"],
        ["", "0", "", ""],
    ]


def test_a_streamed_csv_keeps_the_language_of_the_request():
    with translation.override("es"):
        response = exports.csv_streaming_response(
            COLUMNS, iter([["a", 1, None, ""]]), filename="x.csv"
        )
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content)
    assert rows_of_csv(content)[0][0] == "Estado"


def sheet_of(content: bytes, name: str):
    return openpyxl.load_workbook(io.BytesIO(content))[name]


def test_the_xlsx_writer_keeps_numbers_and_dates_and_marks_formula_like_text():
    content = exports.xlsx_bytes(
        exports.Sheet(
            "Data",
            COLUMNS,
            [
                ['=HYPERLINK("http://x")', 7, dt.date(2025, 1, 31), "+18769221234"],
                ["\x01@SUM(A1)", decimal.Decimal("2.5"), None, uuid.UUID(int=1)],
            ],
        )
    )
    sheet = sheet_of(content, "Data")
    header, first, second = list(sheet.iter_rows())
    assert [cell.value for cell in header] == ["State", "count", "on", "phones"]
    assert header[0].font.bold and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"
    assert sheet.column_dimensions["A"].width == 20
    assert (first[0].value, first[0].data_type, first[0].quotePrefix) == (
        '=HYPERLINK("http://x")',
        "s",
        True,
    )
    assert (first[1].value, first[1].data_type) == (7, "n")
    assert first[2].value == dt.datetime(2025, 1, 31) and first[2].number_format == "yyyy-mm-dd"
    assert (first[3].value, first[3].data_type) == ("+18769221234", "s")
    # XLSX holds no control characters: the text left is checked like any other.
    assert (second[0].value, second[0].quotePrefix) == ("@SUM(A1)", True)
    assert (second[1].value, second[1].data_type) == (2.5, "n")
    assert second[3].value == str(uuid.UUID(int=1))


def test_a_heading_is_checked_like_any_cell_and_a_sheet_name_made_acceptable():
    content = exports.xlsx_bytes(
        exports.Sheet("a/b: [c]?" * 5, [exports.Column("=1")], [], filter=False)
    )
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    (name,) = workbook.sheetnames
    assert len(name) == 31 and not re.search(r"[\[\]:*?/\\]", name)
    cell = workbook[name]["A1"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1", "s", True)


def test_an_aware_datetime_is_written_in_utc():
    moment = dt.datetime(2025, 1, 31, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    content = exports.xlsx_bytes(exports.Sheet("T", [exports.Column("at")], [[moment]]))
    assert sheet_of(content, "T")["A2"].value == dt.datetime(2025, 1, 31, 17, 30)


def test_the_stylesheet_strings_are_escaped_and_counters_kept():
    margins = exports.page_margins(title='</style>"x"', page="Page %(page)s of %(pages)s")
    assert margins["title"] == '"\\3c /style\\3e \\22 x\\22 "'
    assert margins["page"] == '"Page " counter(page) " of " counter(pages)'
    assert exports.page_margins(title="t")["page"] == "none"


# Every module writes its files through the kit.

FORBIDDEN = {
    "a CSV writer of its own": re.compile(r"\bcsv\.(writer|DictWriter)\("),
    "an openpyxl workbook of its own": re.compile(r"\bWorkbook\(|\bWriteOnlyCell\b"),
    "a formula guard of its own": re.compile(r"FORMULA_TRIGGERS\s*=|startswith\(\(\s*[\"']="),
    "a CSS string escaper of its own": re.compile(r"def css_(string|counter_content)\b"),
}


def test_no_module_writes_spreadsheet_cells_or_pdf_margins_without_the_kit():
    kit = HEMIS / "core" / "exports"
    found = []
    for path in HEMIS.rglob("*.py"):
        if kit in path.parents or "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for what, pattern in FORBIDDEN.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(HEMIS.parent)}:{line} has {what}")
    assert found == []
