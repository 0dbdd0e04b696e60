"""Deterministic XLSX writing for the workbooks we hand to staff (styles, merged cells, validations, through
openpyxl): string cells that are never formulas, and zip entries and document times pinned to one moment, so
one commit and one date give the same bytes. The open-data downloads, plain tables, use xlsxstream.py."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from openpyxl.cell.cell import Cell

from generator.sheets.xlsxstream import CREATOR, lf, zip_stamp


def append_row(sheet: Any, values: list[Any]) -> None:
    """One XLSX row; every text cell is a string cell, so nothing in it is ever a formula (openpyxl types a
    string starting with = as a formula, #N/A as an error). The text stays exactly as written: a string
    cell needs no prefix. The cells are made here and appended as they are: looking the new row up by
    `sheet.max_row` scans every cell of the sheet, which made a sheet of n rows cost n² (a province's
    deadlines table)."""
    cells = []
    for value in values:
        cell = Cell(sheet)
        set_text(cell, value)
        cells.append(cell)
    sheet.append(cells)


def set_text(cell: Any, value: Any) -> None:
    """Put a value in one cell, text as a string cell (see append_row)."""
    if isinstance(value, str):
        cell.value = lf(value)
        cell.data_type = "s"
    else:
        cell.value = value


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
    stamp = zip_stamp(when)
    modified = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # only the text: the element keeps its own namespace declarations (openpyxl on lxml puts them there)
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 lambda m: m.group(1) + modified + m.group(2), content)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content)
    return out.getvalue()


# ---------------------------------------------------------------- the look of the tables we hand to staff

HEADER_FILL = "DDEBF7"
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"


def write_cell(sheet: Any, row: int, col: int, value: Any, number_format: str | None = None) -> Any:
    """Write one value (1-based row and column): text as a string cell, a date as a date cell."""
    from datetime import date

    cell = sheet.cell(row=row, column=col)
    set_text(cell, value)
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif number_format and isinstance(value, int | float):
        cell.number_format = number_format
    return cell


def title_rows(sheet: Any, lines: list[str], width: int) -> None:
    """Title lines above a table, each merged across its width."""
    from openpyxl.styles import Alignment, Font

    for i, text in enumerate(lines, start=1):
        cell = write_cell(sheet, i, 1, text)
        cell.font = Font(bold=i == 1, size=16 if i == 1 else 11)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        if width > 1:
            sheet.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)


def header_cells(sheet: Any, row: int, col: int, text: str, rows: int = 1, cols: int = 1) -> None:
    """One header, merged over `rows` × `cols` cells, bold on a pale fill, wrapped and centred."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    write_cell(sheet, row, col, text)
    for r in range(row, row + rows):
        for c in range(col, col + cols):
            cell = sheet.cell(row=r, column=c)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    if rows > 1 or cols > 1:
        sheet.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1)


def body_style(sheet: Any, first_row: int, last_row: int, width: int) -> None:
    """Thin borders and wrapped text over the data rows."""
    from openpyxl.styles import Alignment, Border, Side

    thin = Side(style="thin", color="808080")
    for r in range(first_row, last_row + 1):
        for c in range(1, width + 1):
            cell = sheet.cell(row=r, column=c)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(vertical="top", wrap_text=True)


def heights(sheet: Any, rows: dict[int, float]) -> None:
    """Row heights in points: Excel and WPS do not grow a row to its wrapped text when they open a file."""
    for row, height in rows.items():
        sheet.row_dimensions[row].height = height


def widths(sheet: Any, columns: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = w


def print_setup(sheet: Any, header_first: int, header_last: int, a3: bool = True) -> None:
    """Landscape on A3 (or A4), one page wide, the header rows repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3 if a3 else sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_first}:{header_last}"
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
