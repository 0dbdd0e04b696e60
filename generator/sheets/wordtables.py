"""Tables in Word files: .docx read from its XML with the standard library, legacy .doc converted to .docx by
LibreOffice headless first. The notice's attachments (…责任分解表.doc) were Word tables.

python-docx is not used: a table's XML is small and plain (rows, cells, gridSpan, vMerge), and reading it
here keeps every merged range explicit (python-docx hands back the same cell object for each grid position
a merge covers) without another dependency.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from generator.sheets.grid import Grid, Range

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CONVERT_TIMEOUT_SECONDS = 180
INSTALL_HINT = ("读取 .doc（Word 97-2003 文档）需要 LibreOffice。请安装：apt-get install -y libreoffice-writer-nogui"
                "（Debian/Ubuntu），或在 Word / WPS 中把文件另存为 .docx 后再导入。")


class ConversionError(Exception):
    """Why LibreOffice could not convert a file (Chinese)."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, target_format: str, out_dir: Path) -> Path:
    """`source` converted by LibreOffice headless into `out_dir` (a private profile, so a running LibreOffice
    or another conversion does not interfere)."""
    program = soffice()
    if program is None:
        raise ConversionError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="sunshine-lo-") as profile:
        try:
            done = subprocess.run(
                [program, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                 "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
                capture_output=True, timeout=CONVERT_TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            raise ConversionError(f"LibreOffice 转换失败（{type(exc).__name__}）。请在 Word / WPS 中另存为 .docx 后再导入。") from exc
    produced = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
    if done.returncode != 0 or not produced.is_file():
        raise ConversionError("LibreOffice 无法转换这个文件，它可能已损坏或设有密码。请在 Word / WPS 中打开并另存为 .docx 后再导入。")
    return produced


def _text(cell: ET.Element) -> str:
    """A cell's text: paragraphs on lines of their own, tabs and line breaks kept, deleted text left out."""
    paragraphs = []
    for p in cell.iter(f"{W}p"):
        parts = []
        for node in p.iter():
            if node.tag == f"{W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{W}tab":
                parts.append("\t")
            elif node.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs).strip()


def _children(parent: ET.Element, tag: str) -> list[ET.Element]:
    """Direct children with `tag`, also those wrapped in content controls (w:sdt/w:sdtContent)."""
    out = []
    for child in parent:
        if child.tag == tag:
            out.append(child)
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                out.extend(_children(content, tag))
    return out


def _span(props: ET.Element | None, tag: str) -> ET.Element | None:
    return props.find(f"{W}{tag}") if props is not None else None


def _table(tbl: ET.Element, name: str, before: tuple[str, ...]) -> Grid:
    rows: list[list[str | None]] = []
    merged: list[Range] = []
    open_vertical: dict[int, int] = {}  # column → first row of a vertical merge still going on
    for r, tr in enumerate(_children(tbl, f"{W}tr")):
        row: list[str | None] = []
        skip = _span(tr.find(f"{W}trPr"), "gridBefore")
        row.extend([None] * int(skip.get(f"{W}val", "0") if skip is not None else 0))
        for tc in _children(tr, f"{W}tc"):
            props = tc.find(f"{W}tcPr")
            span_el = _span(props, "gridSpan")
            span = max(1, int(span_el.get(f"{W}val", "1"))) if span_el is not None else 1
            vmerge = _span(props, "vMerge")
            c = len(row)
            if vmerge is not None and vmerge.get(f"{W}val", "continue") == "continue" and c in open_vertical:
                start = open_vertical[c]
                merged = [m for m in merged if not (m[0] == start and m[1] == c)]
                merged.append((start, c, r, c + span - 1))
                row.extend([None] * span)
                continue
            if vmerge is not None:
                open_vertical[c] = r
            else:
                open_vertical.pop(c, None)
            row.append(_text(tc))
            row.extend([None] * (span - 1))
            if span > 1:
                merged.append((r, c, r, c + span - 1))
        rows.append(row)
    return Grid(name, rows, before=before, merged=merged)


def docx_tables(data: bytes) -> list[Grid]:
    """Every table in the body of a .docx (named 表1, 表2 … in order), each with the paragraphs above it."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml")
    if b"<!DOCTYPE" in xml[:4096].upper():  # Word never writes one; entity tricks start there
        raise ValueError("DOCTYPE in document.xml")
    body = ET.fromstring(xml).find(f"{W}body")
    grids: list[Grid] = []
    text_above: list[str] = []
    for child in body if body is not None else []:
        if child.tag == f"{W}p":
            text = _text(child)
            if text:
                text_above.append(text)
        for tbl in _children(child, f"{W}tbl") if child.tag == f"{W}sdt" else [child] if child.tag == f"{W}tbl" else []:
            grids.append(_table(tbl, f"表{len(grids) + 1}", tuple(text_above[-3:])))
            text_above = []
    return grids

