"""Deterministic XLSX writing shared by every workbook we publish: string cells that are never formulas, and
zip entries and document times pinned to one moment, so one commit and one date give the same bytes."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import Any

CREATOR = "阳光督查"


def append_row(sheet: Any, values: list[Any]) -> None:
    """One XLSX row; every text cell is a string cell, so nothing in it is ever a formula (openpyxl types a
    string starting with = as a formula, #N/A as an error). The text stays exactly as written: a string
    cell needs no prefix."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def set_text(cell: Any, value: Any) -> None:
    """Put a value in one cell, text as a string cell (see append_row)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def workbook_bytes(wb: Any, when: datetime) -> bytes:
    """The saved workbook, stamped with `when` (naive or UTC) as its creation and modification time."""
    naive = when.replace(tzinfo=None)
    wb.properties.creator = CREATOR
    wb.properties.created = naive
    wb.properties.modified = naive
    wb.properties.lastModifiedBy = CREATOR
    raw = io.BytesIO()
    wb.save(raw)
    return fixed_zip(raw.getvalue(), naive)


def fixed_zip(data: bytes, when: datetime) -> bytes:
    """The same workbook with every zip entry and the document's modified time set to `when`: openpyxl
    stamps both with the clock when it saves."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    modified = f"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{when.strftime('%Y-%m-%dT%H:%M:%SZ')}</dcterms:modified>"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", modified.encode(), content)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content)
    return out.getvalue()
