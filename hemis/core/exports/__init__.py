"""What every module's files are made with: safe spreadsheet cells, CSV and XLSX, PDF margins.

- `safe_cell(value)`: a text cell a spreadsheet would run as a formula (it starts with = + - @,
  a tab, a line break or NUL, or their full-width forms) gets a leading quote; numbers, dates
  and other text pass unchanged. See docs/decisions/0028-one-writer-for-spreadsheet-cells.md.
- `Column`, `csv_response` / `csv_streaming_response`: a CSV table with a UTF-8 byte order
  mark (so that Excel reads accented names), every text cell through `safe_cell`; the
  streaming one for long tables.
- `Sheet`, `xlsx_bytes` / `xlsx_response`: an XLSX workbook written in openpyxl's write-only
  mode, with a bold header row, column widths, frozen header and filter. Numbers stay numbers
  and dates dates; a text that looks like a formula is stored as text marked with the
  spreadsheet's own quote prefix, so its value is unchanged and nothing runs.
- `css_string`, `css_counter_content`, `page_margins`: strings for a PDF stylesheet's running
  headers and footers (WeasyPrint's `@page` margin boxes), escaped for a <style> element.

A module builds its rows (lists of values, in the order of its `Column`s) from data already
read through its selectors, and hands them to these writers; it writes no cells itself.
"""

from hemis.core.exports.cells import FORMULA_TRIGGERS, is_formula_like, safe_cell
from hemis.core.exports.stylesheet import css_counter_content, css_string, page_margins
from hemis.core.exports.tables import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Column,
    Sheet,
    csv_bytes,
    csv_chunks,
    csv_response,
    csv_streaming_response,
    download,
    xlsx_bytes,
    xlsx_response,
)

__all__ = [
    "CSV_CONTENT_TYPE",
    "FORMULA_TRIGGERS",
    "XLSX_CONTENT_TYPE",
    "Column",
    "Sheet",
    "css_counter_content",
    "css_string",
    "csv_bytes",
    "csv_chunks",
    "csv_response",
    "csv_streaming_response",
    "download",
    "is_formula_like",
    "page_margins",
    "safe_cell",
    "xlsx_bytes",
    "xlsx_response",
]
