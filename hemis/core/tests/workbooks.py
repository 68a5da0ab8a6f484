"""XLSX workbooks for import tests, including ones that misdescribe themselves."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"


def xlsx(rows: Iterable[Sequence[Any]]) -> bytes:
    """A workbook whose first sheet holds `rows`, as openpyxl writes it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def with_part(content: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with its part `name` (an XML file inside the zip) rewritten by `change`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            target.writestr(member, change(data) if member.filename == name else data)
    return result.getvalue()


def declaring(content: bytes, dimension: str) -> bytes:
    """The workbook with its sheet declaring the size `dimension` (for example "A1:B2")."""

    declared = f'<dimension ref="{dimension}"/>'.encode()

    def change(xml: bytes) -> bytes:
        changed, count = re.subn(rb'<dimension ref="[^"]*"\s*/>', declared, xml)
        if count:
            return changed
        # A sheet written in openpyxl's write-only mode declares none: one goes where the
        # format puts it, after the sheet's properties.
        changed, count = re.subn(rb"(</sheetPr>|<sheetPr\s*/>)", rb"\1" + declared, xml, count=1)
        assert count == 1, "no place for a dimension"
        return changed

    return with_part(content, SHEET, change)
