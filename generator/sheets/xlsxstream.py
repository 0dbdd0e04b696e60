"""A streaming XLSX writer for the open-data downloads: plain tables of text and numbers, written straight into
the zip as SpreadsheetML, without a cell object per value (openpyxl spends about 8 µs a cell, a fifth of a
large build). The staff workbooks need styles, merged cells and validations and keep openpyxl (workbook.py).

What it writes is the least a spreadsheet application needs: the package parts, one minimal style, each sheet's
rows, and the shared strings (what Excel and WPS write: a unit's name repeated on 40,000 rows is stored once).
A text cell is always a string cell, so nothing is ever a formula; the text stays as written. The zip's
entries come in a fixed order, every one stamped with the build time, so one input gives the same bytes.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

CREATOR = "阳光督查"
MAX_TEXT = 32767  # characters a cell holds in Excel; openpyxl cut longer text here as well
MAX_COLUMNS = 16384  # XFD
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

Sheet = tuple[str, Sequence[Sequence[Any]]]  # a sheet's name and its rows from row 1; None is an empty cell

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_FLUSH_ROWS = 1000  # rows joined and compressed at a time: a province's deadlines never sit whole in memory

# Characters XML 1.0 cannot hold, and an underscore that starts what reads as an escape (`_x0041_`): both are
# written as OOXML's own escape `_xHHHH_` (ECMA-376 Part 1, 22.9.2.19 ST_Xstring), as Excel writes them; a
# reader turns the escape back into the character (python-calamine does; LibreOffice too, then drops a control
# character). Unescaped, "_x0041_" in a name would read as "A". The loader refuses control characters in the
# data (yamlstrict, text-control-char), so that part only keeps a stray one from breaking the file.
_EDGE_SPACE = (" ", "\t", "\n")  # what an XML reader may trim at either end unless told to preserve it
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def _column_letters(count: int) -> list[str]:
    letters = []
    for n in range(1, count + 1):
        name = ""
        while n:
            n, rest = divmod(n - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


_LETTERS = _column_letters(702)  # A … ZZ; wider sheets compute theirs


def lf(text: str) -> str:
    """Line breaks as LF: XML reads a raw CR as LF (or not, depending on the parser), so write LF, the same
    bytes everywhere."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def zip_stamp(when: datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry's date_time for `when` (zip times start in 1980)."""
    return (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)


def _text_xml(value: str) -> str:
    """A string's `<t>` element: line breaks as LF, cut at Excel's limit, escaped for XML and for OOXML."""
    text = escape(lf(value)[:MAX_TEXT])
    if "_" in text or not text.isprintable():
        text = _UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    if text[:1] in _EDGE_SPACE or text[-1:] in _EDGE_SPACE:
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"


def _check_names(names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if not name or len(name) > 31 or SHEET_NAME_FORBIDDEN.search(name) or name[0] == "'" or name[-1] == "'":
            raise ValueError(f"not a sheet name Excel accepts: {name!r}")
        if name.casefold() in seen:
            raise ValueError(f"two sheets named {name!r}")
        seen.add(name.casefold())


class _Strings:
    """The shared strings table: each distinct text once, numbered in order of first use."""

    def __init__(self) -> None:
        self.index: dict[str, str] = {}  # text -> its number, as a cell writes it

    def number(self, text: str) -> str:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = str(len(self.index))
        return found

    def xml(self) -> str:
        items = "".join(f"<si>{_text_xml(text)}</si>" for text in self.index)
        return f'{_HEAD}<sst xmlns="{_MAIN}" uniqueCount="{len(self.index)}">{items}</sst>'


def _write_sheet(out: IO[bytes], rows: Sequence[Sequence[Any]], strings: _Strings) -> None:
    """A worksheet's XML into an open zip entry, a thousand rows at a time."""
    width = max((len(row) for row in rows), default=0)
    if width > MAX_COLUMNS:
        raise ValueError(f"{width} columns: a sheet holds at most {MAX_COLUMNS}")
    letters = _LETTERS if width <= len(_LETTERS) else _column_letters(width)
    extent = f"A1:{letters[width - 1]}{len(rows)}" if rows and width else "A1"
    out.write(f'{_HEAD}<worksheet xmlns="{_MAIN}"><dimension ref="{extent}"/><sheetData>'.encode())
    index = strings.index
    parts: list[str] = []
    for r, row in enumerate(rows, start=1):
        parts.append(f'<row r="{r}">')
        # the common types inline (a million cells in a large build); the rest through _cell
        for col, value in zip(letters, row, strict=False):
            kind = type(value)
            if kind is str:
                if value:  # "" is an empty cell, as openpyxl wrote it
                    number = index.get(value)
                    if number is None:
                        number = strings.number(value)
                    parts.append(f'<c r="{col}{r}" t="s"><v>{number}</v></c>')
            elif value is None:
                continue
            elif kind is int:
                parts.append(f'<c r="{col}{r}"><v>{value}</v></c>')
            else:
                parts.append(_cell(value, f"{col}{r}", strings))
        parts.append("</row>")
        if r % _FLUSH_ROWS == 0:
            out.write("".join(parts).encode())
            parts = []
    parts.append("</sheetData></worksheet>")
    out.write("".join(parts).encode())


def _cell(value: Any, ref: str, strings: _Strings) -> str:
    """One cell's XML, "" for an empty one. Subclasses (an enum, a markup string) count as their base type;
    any other type is a mistake upstream, not something to guess a cell for."""
    if isinstance(value, str):
        text = str.__str__(value)
        return f'<c r="{ref}" t="s"><v>{strings.number(text)}</v></c>' if text else ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{int(value)}</v></c>'
    if isinstance(value, float):
        # NaN and the infinities have no cell (openpyxl wrote "nan", which Excel refuses): left empty
        return f'<c r="{ref}"><v>{float(value)!r}</v></c>' if math.isfinite(value) else ""
    raise TypeError(f"no XLSX cell for a {type(value).__name__} at {ref}: {value!r}")


def xlsx_bytes(sheets: Sequence[Sheet], when: datetime) -> bytes:
    """A workbook of these sheets, stamped with `when` (naive or UTC) as its creation and modification time:
    text as string cells, int and float as numbers, bool as TRUE/FALSE, None and "" as empty cells."""
    names = [name for name, _ in sheets]
    _check_names(names)
    naive = when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when
    stamp = zip_stamp(naive)
    moment = naive.strftime("%Y-%m-%dT%H:%M:%SZ")
    n = len(sheets)
    parts = {
        "[Content_Types].xml": (
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
                      for i in range(1, n + 1))
            + f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'),
        "_rels/.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"),
        "docProps/core.xml": (
            f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:creator>{CREATOR}</dc:creator><cp:lastModifiedBy>{CREATOR}</cp:lastModifiedBy>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{moment}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{moment}</dcterms:modified></cp:coreProperties>'),
        "docProps/app.xml": (
            f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Application>{CREATOR}</Application></Properties>"),
        "xl/workbook.xml": (
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews><sheets>'
            + "".join(f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
                      for i, name in enumerate(names, start=1))
            + "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{n + 2}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"),
        "xl/styles.xml": (
            f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
    }
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
        def entry(name: str) -> zipfile.ZipInfo:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, whatever machine builds: the mode below is a unix mode
            info.external_attr = 0o644 << 16
            return info

        for name, xml in parts.items():
            zf.writestr(entry(name), xml.encode())
        strings = _Strings()
        for i, (_, rows) in enumerate(sheets, start=1):
            with zf.open(entry(f"xl/worksheets/sheet{i}.xml"), "w") as out:
                _write_sheet(out, rows, strings)
        zf.writestr(entry("xl/sharedStrings.xml"), strings.xml().encode())
    return raw.getvalue()


__all__ = ["CREATOR", "MAX_TEXT", "Sheet", "lf", "xlsx_bytes", "zip_stamp"]
