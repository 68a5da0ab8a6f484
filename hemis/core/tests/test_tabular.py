"""The shared reader of imported files: whatever a file claims about itself, every row is read,
and a file beyond a limit or with text no database stores is refused by line and column."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from hemis.core import limits, tabular
from hemis.core.tests.workbooks import SHEET, declaring, with_part, xlsx

LIMITS = tabular.Limits(max_bytes=5 * limits.MiB, max_rows=100, no_rows="No rows.")
HEADER = ["state", "function", "person_name"]


def read(name: str, content: bytes, limits_: tabular.Limits = LIMITS) -> tabular.Table:
    return tabular.read_table(name, content, limits_)


def refusal(name: str, content: bytes, limits_: tabular.Limits = LIMITS) -> str:
    with pytest.raises(tabular.UnreadableFile) as raised:
        read(name, content, limits_)
    return raised.value.message


# Item: rows and columns beyond what the sheet declares


def test_every_row_of_a_workbook_is_read_whatever_size_its_sheet_declares():
    rows = [HEADER, *([f"S{i}", "fiu", f"Person {i}"] for i in range(6))]
    content = declaring(xlsx(rows), "A1:C2")
    table = read("list.xlsx", content)
    assert [cells[2] for _line, cells in table.rows] == [f"Person {i}" for i in range(6)]
    assert [line for line, _cells in table.rows] == [2, 3, 4, 5, 6, 7]


def test_a_cell_beyond_the_declared_columns_is_read_too():
    content = declaring(xlsx([HEADER, ["JAM", "fiu", "Ana", "extra"]]), "A1:B2")
    table = read("list.xlsx", content)
    assert table.header == tuple(HEADER) and table.rows == ((2, ("JAM", "fiu", "Ana", "extra")),)


def test_a_sheet_declaring_a_million_columns_gives_rows_of_their_own_cells_only():
    content = declaring(xlsx([HEADER, ["JAM", "fiu", "Ana"]]), "A1:XFD1048576")
    table = read("list.xlsx", content)
    assert table.rows == ((2, ("JAM", "fiu", "Ana")),)


def test_a_row_numbered_beyond_the_last_row_a_sheet_can_have_is_refused(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_SHEET_ROWS", 50)

    def far_down(xml: bytes) -> bytes:
        return re.sub(rb'r="([A-Z]+)?3"', lambda m: b'r="' + (m.group(1) or b"") + b'51"', xml)

    content = with_part(
        xlsx([HEADER, ["JAM", "fiu", "Ana"], ["MEX", "fiu", "Luis"]]), SHEET, far_down
    )
    assert refusal("list.xlsx", content) == str(tabular.ERR_XLSX_ROW % {"count": "50"})


# Limits, checked before the work they bound


def test_a_header_of_twenty_thousand_columns_is_refused_by_its_line():
    header = ",".join(f"column{i}" for i in range(20_000))
    message = refusal("list.csv", f"{header}\nJAM\n".encode())
    assert message == "Line 1: " + str(
        tabular.ERR_TOO_MANY_COLUMNS % {"count": 20_000, "limit": limits.MAX_COLUMNS}
    )


def test_a_workbook_row_with_a_cell_in_its_last_column_is_refused_by_its_line():
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    workbook.active.cell(row=2, column=16_384, value="far")
    content = io.BytesIO()
    workbook.save(content)
    message = refusal("list.xlsx", content.getvalue())
    assert message.startswith("Line 2: This line has 16384 cells")


def test_a_workbook_that_unpacks_to_more_than_the_limit_is_refused_before_it_is_opened(
    monkeypatch,
):
    content = xlsx([HEADER, ["JAM", "fiu", "Ana"]])

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    small = tabular.Limits(
        max_bytes=5 * limits.MiB, max_rows=100, no_rows="No rows.", max_unpacked_bytes=2000
    )
    assert len(content) < 10_000
    assert refusal("list.xlsx", content, small) == str(tabular.ERR_XLSX_UNPACKED % {"megabytes": 0})


def test_a_workbook_of_too_many_parts_is_refused_before_it_is_opened(monkeypatch):
    content = xlsx([HEADER, ["JAM", "fiu", "Ana"]])  # nine parts
    monkeypatch.setattr(limits, "MAX_ARCHIVE_MEMBERS", 3)
    assert refusal("list.xlsx", content) == str(tabular.ERR_XLSX_PARTS % {"count": 3})


def test_a_cell_longer_than_a_spreadsheet_cell_can_be_is_refused_by_line_and_column():
    long = "x" * (limits.MAX_CELL_CHARS + 1)
    message = refusal("list.csv", f"state,function,person_name\nJAM,fiu,{long}\n".encode())
    assert message == "Line 2, column person_name: " + str(
        tabular.ERR_CELL_TOO_LONG
        % {"length": limits.MAX_CELL_CHARS + 1, "limit": limits.MAX_CELL_CHARS}
    )


# Text that no database stores


@pytest.mark.parametrize("cell", ["Ana\x00Rivera", "\x00"])
def test_a_nul_in_a_csv_cell_is_refused_naming_its_line_and_column(cell):
    content = f"state,function,person_name\nJAM,fiu,Ana\nMEX,fiu,{cell}\n".encode()
    assert refusal("list.csv", content) == "Line 3, column person_name: " + str(
        tabular.text.ERR_UNSTORABLE
    )


def test_a_nul_in_a_header_cell_is_named_by_its_column_letter():
    content = b"state,function,per\x00son\nJAM,fiu,Ana\n"
    assert refusal("list.csv", content) == "Line 1, column C: " + str(tabular.text.ERR_UNSTORABLE)


def test_check_header_names_each_repeated_column_once():
    table = tabular.Table(name="list.csv", header=("state", "State", "x", "x", "x"), rows=())
    _columns, problems = tabular.check_header(table, ("state", "x"), ("state",))
    assert [(p.line, p.column) for p in problems] == [(1, "state"), (1, "x")]
