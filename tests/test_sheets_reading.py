"""Reading workbooks: every format staff use gives the same table; whatever is not a readable workbook is
refused with a reason, never a traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from generator.cli import main
from generator.core.paths import RepoPaths
from generator.loading.files import load
from generator.sheets import wordtables
from generator.sheets.import_projects import import_projects
from generator.sheets.reading import read_book
from sheetbooks import (
    ROOT,
    book,
    decomposition_book,
    decomposition_rows,
    demo_repo,
    docx,
    soffice_convert,
)

FIXTURES = ROOT / "tests" / "fixtures" / "sheets"
WORD_SPANS = {(0, 0): (1, 16), (1, 0): (2, 1), (1, 1): (2, 1), (1, 2): (2, 1), (1, 5): (2, 1), (1, 6): (2, 1),
              (1, 7): (2, 1), (1, 8): (2, 1), (1, 9): (2, 1), (1, 10): (2, 1), (1, 11): (2, 1), (1, 12): (2, 1),
              (1, 13): (1, 2), (1, 15): (2, 1), (3, 0): (1, 16)}


def _codes(path: Path, limit: int | None = None) -> list[tuple[int, str, str]]:
    found = read_book(path, path.name, *(() if limit is None else (limit,)))[1]
    return [(p.line, p.cell, p.code) for p in found]


def _imported(repo: Path, path: Path) -> dict[str, str]:
    b, found = read_book(path, path.name)
    assert b is not None and found == []
    result = import_projects(load(RepoPaths(repo), jobs=1), [b], category="under_construction")
    assert [p for p in result.findings if p.code != "five-ones-missing"] == []
    return {p.path: p.text for p in result.planned}


def test_every_format_gives_the_same_projects(tmp_path: Path) -> None:
    """.xlsx (openpyxl), .xls and .ods (saved by LibreOffice), a Word table (.docx) and legacy .doc (converted
    by LibreOffice headless on the way in) of one decomposition table import to the same files."""
    repo = demo_repo(tmp_path)
    xlsx = book(tmp_path / "t.xlsx", {"在建项目": decomposition_rows()},
                {"在建项目": ["A1:P1", "A2:A3", "B2:B3", "C2:C3", "F2:F3", "G2:G3", "H2:H3", "I2:I3", "J2:J3",
                              "K2:K3", "L2:L3", "M2:M3", "N2:O2", "P2:P3", "A4:P4"]})
    word = docx(tmp_path / "w.docx", "附件1", decomposition_rows(), WORD_SPANS)
    out = tmp_path / "converted"
    out.mkdir()
    xls, ods = soffice_convert([xlsx], "xls", out)[0], soffice_convert([xlsx], "ods", out)[0]
    odt = soffice_convert([word], "odt", out)[0]  # LibreOffice keeps a table from .odt to .doc
    doc = soffice_convert([odt], "doc:MS Word 97", tmp_path)[0]
    expected = _imported(repo, xlsx)
    assert len(expected) == 2
    for other in (xls, ods, word, doc):
        assert _imported(repo, other) == expected, other.name


def test_a_docx_table_keeps_its_merged_cells(tmp_path: Path) -> None:
    b, _ = read_book(docx(tmp_path / "w.docx", "附件1", decomposition_rows(), WORD_SPANS), "w.docx")
    assert b is not None and b.kind == "docx"
    grid = b.grids[0]
    assert grid.name == "表1" and grid.before == ("附件1",)
    assert grid.rows[2][0] == "序号" and grid.place(2, 0).cell == "表1!A2"  # a merged cell leads to its first cell
    assert grid.rows[1][14] == "开工时间" and grid.rows[2][14] == "实际"


@pytest.mark.parametrize("name", ["password.xlsx", "password.xls", "password.docx"])
def test_a_password_is_refused(name: str) -> None:
    assert _codes(FIXTURES / name) == [(1, "", "sheet-encrypted")]


@pytest.mark.parametrize(("name", "content", "words"), [
    ("表.xlsx", "项目名称,总投资\n路,1\n".encode(), "不是 Excel"),
    ("导出.xls", "<html><table><tr><td>项目名称</td></tr></table></html>".encode(), "网页（HTML）"),
    ("空.xlsx", b"", "不是 Excel"),
])
def test_what_is_not_a_workbook_is_refused(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    b, found = read_book(path, name)
    assert b is None and [p.code for p in found] == ["sheet-unreadable"] and words in found[0].message


def test_a_damaged_workbook_is_refused(tmp_path: Path) -> None:
    whole = decomposition_book(tmp_path / "t.xlsx").read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    assert [c for _, _, c in _codes(cut)] == ["sheet-unreadable"]
    # a zip whose workbook part is garbage
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as z:
        z.writestr("xl/workbook.xml", "<not xml")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(raw.getvalue())
    assert [c for _, _, c in _codes(bad)] == ["sheet-unreadable"]


def test_formulas_without_saved_results_are_refused_with_their_cells(tmp_path: Path) -> None:
    """openpyxl (and other programs) write a formula without its value; a spreadsheet application saves both."""
    path = book(tmp_path / "f.xlsx", {"在建项目": [["项目名称", "总投资（亿元）", "年度计划投资（亿元）"],
                                              ["路", 1.2, "=B2*0.3"]]})
    assert _codes(path) == [(2, "在建项目!C2", "sheet-formula-uncached")]
    saved = soffice_convert([path], "xlsx", tmp_path / "saved")[0]  # opened and saved by LibreOffice
    b, found = read_book(saved, saved.name)
    assert found == [] and b is not None and b.grids[0].rows[1][2] == pytest.approx(0.36)


def test_too_large_files_and_zip_bombs_are_refused(tmp_path: Path) -> None:
    path = decomposition_book(tmp_path / "t.xlsx")
    assert [c for _, _, c in _codes(path, limit=1024)] == ["sheet-too-large"]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z, zipfile.ZipFile(path) as src:
        for info in src.infolist():
            z.writestr(info.filename, src.read(info.filename))
        z.writestr("xl/media/padding.bin", b"\0" * (30 << 20))
    big = tmp_path / "bomb.xlsx"
    big.write_bytes(bomb.getvalue())
    assert big.stat().st_size < 1 << 20
    assert [c for _, _, c in _codes(big, limit=1 << 20)] == ["sheet-too-large"]


def test_without_libreoffice_a_doc_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    word = docx(tmp_path / "w.docx", "附件1", decomposition_rows(), WORD_SPANS)
    odt = soffice_convert([word], "odt", tmp_path)[0]
    doc = soffice_convert([odt], "doc:MS Word 97", tmp_path / "out")[0]
    monkeypatch.setattr(wordtables, "soffice", lambda: None)
    b, found = read_book(doc, doc.name)
    assert b is None and [p.code for p in found] == ["sheet-unreadable"]
    assert "apt-get install -y libreoffice-writer-nogui" in found[0].message


def test_the_command_refuses_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = demo_repo(tmp_path)
    for name in ("password.xlsx", "password.xls"):
        assert main(["--root", str(repo), "import", "projects", str(FIXTURES / name)]) == 1
        out = capsys.readouterr().out
        assert f"{name}:1: [sheet-encrypted]" in out and "没有写入任何文件" in out
    text = tmp_path / "notes.xlsx"
    text.write_text("随手记", encoding="utf-8")
    assert main(["--root", str(repo), "import", "reports", str(text), "--period", "2015-06"]) == 1
    assert "[sheet-unreadable]" in capsys.readouterr().out


def test_a_word_table_with_a_doctype_is_refused(tmp_path: Path) -> None:
    """Word never writes a DOCTYPE; entity expansion tricks (billion laughs) start with one."""
    path = docx(tmp_path / "w.docx", "附件1", [["项目名称"], ["路"]])
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    bomb = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"?>", b"?>" + bomb, 1)
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert [c for _, _, c in _codes(path)] == ["sheet-unreadable"]
