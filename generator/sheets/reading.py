"""Reading a workbook of any format staff use into grids: .xlsx, .xls and .ods through python-calamine, .docx
and .doc tables through wordtables. Whatever the file is, the result is grids or findings, never a traceback.

The file's bytes decide its format, not its name (a ".xls" saved by WPS may be an .xlsx; one exported by an
old system may be a web page). Refused with a reason: no workbook at all, a password, more bytes than
config.max_workbook_bytes or a zip that unpacks to far more, and formulas whose results were never saved
(openpyxl and other programs write formulas without values; calamine would read them as empty cells).
"""

from __future__ import annotations

import dataclasses
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from generator.core.codes import Emitter, emitter, one_line
from generator.core.findings import Finding
from generator.sheets.grid import Grid, Place, Range
from generator.sheets.wordtables import ConversionError, convert, docx_tables

emit = emitter("sheets.reading", codes=("sheet-unreadable", "sheet-encrypted", "sheet-too-large",
                                        "sheet-formula-uncached"))

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
UNPACK_FACTOR = 20  # an .xlsx unpacks to 5–10 times its size; far more is a zip bomb, not a report
MAX_CELLS = 2_000_000  # per sheet: 91 projects × 40 columns is 3,640
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FORMATS = ("xlsx", "xls", "ods", "docx", "doc")
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


@dataclass
class Book:
    label: str  # the workbook as staff named it on the command line
    kind: str  # one of FORMATS
    grids: list[Grid] = field(default_factory=list)


def at(by: Emitter, place: Place, code: str, message: str) -> Finding:
    """A finding at a cell of a workbook (`TABLE.xlsx:在建项目!D7`), made by the stage's emitter."""
    return dataclasses.replace(by(code, place.book, place.row, message), cell=one_line(place.cell))


def _whole(label: str, code: str, message: str) -> list[Finding]:
    return [emit(code, label, 1, message)]


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(data: bytes) -> str | None:
    """The format of a file's bytes (FORMATS), "encrypted" for a password-protected Office file, or None."""
    if data.startswith(OLE):
        if _utf16("EncryptionInfo") in data or _utf16("EncryptedPackage") in data:
            return "encrypted"  # an .xlsx or .docx with a password is stored in an OLE container
        if _utf16("WordDocument") in data:
            return "doc"
        if _utf16("Workbook") in data or _utf16("Book") in data:
            return "xls"
        return None
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "mimetype" in names:
                mime = z.read("mimetype")[:100]
                return "ods" if mime.startswith(b"application/vnd.oasis.opendocument.spreadsheet") else None
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    return None


def read_book(path: Path, label: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Book | None, list[Finding]]:
    """The grids of one workbook or Word file, or the findings that say why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, _whole(label, "sheet-too-large", f"文件有 {size:,} 字节，超过上限 {max_bytes:,} 字节"
                                                            "（config.max_workbook_bytes）。请删除图片和无关的工作表后另存。")
        data = path.read_bytes()
    except OSError as exc:
        return None, _whole(label, "sheet-unreadable", f"无法读取这个文件（{exc.strerror or type(exc).__name__}）。")
    kind = sniff(data)
    if kind == "encrypted":
        return None, _whole(label, "sheet-encrypted", "这个文件设有打开密码，无法读取。请取消密码后另存，再导入。")
    if kind is None:
        return None, _whole(label, "sheet-unreadable", _not_a_workbook(data))
    if kind in ("xlsx", "ods", "docx"):
        found = _zip_checks(label, data, kind, max_bytes)
        if found:
            return None, found
    try:
        if kind == "docx":
            grids = docx_tables(data)
        elif kind == "doc":
            grids = _doc_tables(path, data)
        else:
            grids, found = _calamine(label, data, kind)
            if found:
                return None, found
    except ConversionError as exc:
        return None, _whole(label, "sheet-unreadable", str(exc))
    except Exception as exc:  # a damaged file can fail anywhere inside a reader: say so, never a traceback
        if type(exc).__name__ == "PasswordError" or "password" in str(exc).lower():
            return None, _whole(label, "sheet-encrypted", "这个文件设有打开密码，无法读取。请取消密码后另存，再导入。")
        return None, _whole(label, "sheet-unreadable", f"文件已损坏或格式不完整，无法读取（{type(exc).__name__}）。"
                                                        "请用 Excel 或 WPS 打开后另存为 .xlsx，再导入。")
    for g in grids:
        g.book = label
    return Book(label, kind, grids), []


def _not_a_workbook(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        return ("这个文件其实是网页（HTML）或 XML，不是真正的 Excel 工作簿（有些系统导出的“.xls”就是这样）。"
                "请用 Excel 或 WPS 打开后另存为 .xlsx，再导入。")
    return ("这不是 Excel、WPS 或 Word 表格文件（支持 .xlsx、.xls、.ods、.docx、.doc）。"
            "请用 Excel 或 WPS 打开后另存为 .xlsx，再导入。")


def _zip_checks(label: str, data: bytes, kind: str, max_bytes: int) -> list[Finding]:
    """Before any reader unpacks it: the unpacked size, a password (.ods), formulas without saved values."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(max(info.file_size, 0) for info in z.infolist())
            if unpacked > max_bytes * UNPACK_FACTOR:
                return _whole(label, "sheet-too-large", f"文件解压后有 {unpacked:,} 字节，远超一张报表的大小，不予读取。")
            manifest = z.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in z.namelist() else b""
            if kind == "ods" and b"encryption-data" in manifest:
                return _whole(label, "sheet-encrypted", "这个文件设有打开密码，无法读取。请取消密码后另存，再导入。")
            if kind == "xlsx":
                return [at(emit, place, "sheet-formula-uncached",
                           "这个单元格是公式，文件里却没有它的计算结果，读不到数值。请在 Excel 或 WPS 中打开并保存后再导入，"
                           "或把公式改成数值。") for place in uncached_formulas(z, label)]
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ET.ParseError, ValueError):
        return _whole(label, "sheet-unreadable", "文件已损坏或格式不完整，无法读取。请用 Excel 或 WPS 打开后另存为 .xlsx，再导入。")
    return []


_REF = re.compile(r"^([A-Z]+)([0-9]+)$")


def _xml(z: zipfile.ZipFile, name: str) -> ET.Element:
    raw = z.read(name)
    if b"<!DOCTYPE" in raw[:4096].upper():  # Excel never writes one; entity tricks start there
        raise ValueError(f"DOCTYPE in {name}")
    return ET.fromstring(raw)


def uncached_formulas(z: zipfile.ZipFile, label: str, limit: int = 20) -> list[Place]:
    """Cells of an .xlsx holding a formula without a saved result (no <v>), at most `limit`."""
    workbook = _xml(z, "xl/workbook.xml")
    rels = _xml(z, "xl/_rels/workbook.xml.rels")
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out: list[Place] = []
    for sheet in workbook.iter(f"{_S}sheet"):
        target = targets.get(sheet.get(f"{_R}id"), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if part not in z.namelist():
            continue
        raw = z.read(part)
        if b"<f" not in raw:
            continue
        for c in _xml(z, part).iter(f"{_S}c"):
            f, v = c.find(f"{_S}f"), c.find(f"{_S}v")
            if f is not None and (v is None or v.text is None) and c.get("t") != "inlineStr":
                m = _REF.match(c.get("r", ""))
                if m:
                    col = 0
                    for ch in m.group(1):
                        col = col * 26 + ord(ch) - 64
                    out.append(Place(label, sheet.get("name", ""), int(m.group(2)), col - 1))
                    if len(out) >= limit:
                        return out
    return out


def _calamine(label: str, data: bytes, kind: str) -> tuple[list[Grid], list[Finding]]:
    from python_calamine import CalamineWorkbook

    with tempfile.TemporaryDirectory(prefix="sunshine-book-") as tmp:
        source = Path(tmp) / f"book.{kind}"  # calamine knows an encrypted .xls by its name, not its bytes
        source.write_bytes(data)
        wb = CalamineWorkbook.from_path(str(source))
        return _sheets(label, wb, kind, data)


def _sheets(label: str, wb: Any, kind: str, data: bytes) -> tuple[list[Grid], list[Finding]]:
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    spans = _ods_spans(data) if kind == "ods" else {}
    grids: list[Grid] = []
    for meta in wb.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        sheet = wb.get_sheet_by_name(meta.name)
        if sheet.total_height * sheet.total_width > MAX_CELLS:
            return [], _whole(label, "sheet-too-large", f"工作表“{meta.name}”有 {sheet.total_height:,} 行 × "
                                                         f"{sheet.total_width:,} 列，远超一张报表，不予读取。")
        rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
        merged: list[Range] = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
        grids.append(Grid(meta.name, rows, hidden=meta.visible != SheetVisibleEnum.Visible,
                          merged=merged or spans.get(meta.name, [])))
    return grids, []


def _ods_spans(data: bytes) -> dict[str, list[Range]]:
    """Merged ranges of an .ods (calamine reports them for Excel formats only)."""
    t = f"{{{_TABLE}}}"
    out: dict[str, list[Range]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = _xml(z, "content.xml")
    for table in root.iter(f"{t}table"):
        ranges: list[Range] = []
        r = 0
        for row in table.iter(f"{t}table-row"):
            repeat_rows = min(int(row.get(f"{t}number-rows-repeated", "1")), MAX_CELLS)
            c = 0
            for cell in row:
                repeat = min(int(cell.get(f"{t}number-columns-repeated", "1")), MAX_CELLS)
                down = int(cell.get(f"{t}number-rows-spanned", "1"))
                across = int(cell.get(f"{t}number-columns-spanned", "1"))
                if down > 1 or across > 1:
                    ranges.append((r, c, r + down - 1, c + across - 1))
                c += repeat
            r += repeat_rows
        out[table.get(f"{t}name", "")] = ranges
    return out


def _doc_tables(path: Path, data: bytes) -> list[Grid]:
    with tempfile.TemporaryDirectory(prefix="sunshine-doc-") as tmp:
        source = Path(tmp) / "table.doc"
        source.write_bytes(data)
        converted = convert(source, "docx", Path(tmp))
        return docx_tables(converted.read_bytes())
