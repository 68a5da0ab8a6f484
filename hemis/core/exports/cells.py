"""The one rule for a spreadsheet cell's text (OWASP "CSV injection", ASVS 5.0 V1.2.10)."""

from __future__ import annotations

from typing import Any

# A spreadsheet reads a cell that starts with one of these as a formula: = + - @, a tab, a
# carriage return or line feed, NUL, and the full-width forms that East Asian input methods
# type (Excel converts ＝ to = when it reads a file).
FORMULA_TRIGGERS = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\0",
    "\uff1d",  # ＝
    "\uff0b",  # ＋
    "\uff0d",  # －
    "\uff20",  # ＠
)
QUOTE = "'"


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would take `text` for a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def safe_cell(value: Any) -> Any:
    """`value` for a CSV cell: a formula-like text gets a leading quote; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return QUOTE + value
    return value
