"""Workbooks built in code for the spreadsheet tests: realistic tables as units and offices make them."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent


def book(path: Path, sheets: dict[str, list[list[Any]]], merged: dict[str, list[str]] | None = None) -> Path:
    """An .xlsx with these sheets (rows from row 1) and merged ranges, saved by openpyxl."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        for rng in (merged or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def decomposition_rows(extra: list[list[Any]] | None = None) -> list[list[Any]]:
    """A 责任分解表 as the government publishes it: a title row, a two-row header with merged cells, amounts
    in 亿元, 序号, a section row, a subtotal and a blank spacer row."""
    rows: list[list[Any]] = [
        ["2015年全州重点督查的在建项目责任分解表"] + [None] * 15,
        ["序号", "项目名称", "建设规模及内容", "计划总投资", "2015年计划投资", "2015年形象进度目标", "业主单位",
         "项目所在地", "挂钩州领导", "牵头单位", "协办单位", "县级责任领导", "责任人", "开工时间", None, "竣工时间"],
        [None, None, None, "（亿元）", "（亿元）", None, None, None, None, None, None, None, None, "计划", "实际", None],
        ["一、交通项目"] + [None] * 15,
        [1, "楚雄至南华二级公路", "新建二级公路45公里", 12.5, 3.2, "完成路基工程60%", "楚雄交通建设投资有限公司",
         "南华县", "副州长（分管城乡建设、交通、国土）", "州交通运输局", "南华县人民政府、州国土资源局",
         "何某某（南华县副县长）", "邓某某（州交通运输局局长）", date(2014, 11, 20), date(2014, 11, 28), date(2017, 6, 30)],
        [2, "楚雄州城市供水工程", "新建水厂一座，日供水10万吨", 3.05, 1.2, "主体工程完成50%", "楚雄龙川水务投资有限公司",
         "楚雄市", "张某某", "州发展改革委", None, "林某某（楚雄市副市长）", "江某某（州发改委主任）",
         "2014-12-01", "2014/12/15", "2016年12月31日"],
        ["小计", None, None, 15.55, 4.4] + [None] * 11,
        [None] * 16,
        *(extra or []),
    ]
    return rows


DECOMPOSITION_MERGED = ["A1:P1", "A2:A3", "B2:B3", "C2:C3", "F2:F3", "G2:G3", "H2:H3", "I2:I3", "J2:J3", "K2:K3",
                        "L2:L3", "M2:M3", "N2:O2", "P2:P3", "A4:P4"]


def soffice_convert(files: list[Path], target: str, out_dir: Path) -> list[Path]:
    """Files converted by LibreOffice headless in one run (a private profile)."""
    program = shutil.which("soffice")
    assert program, "LibreOffice (soffice) is needed: apt-get install -y libreoffice-calc-nogui libreoffice-writer-nogui"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([program, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", target, "--outdir", str(out_dir), *map(str, files)],
                       check=True, capture_output=True, timeout=600)
    return [out_dir / f"{f.stem}.{target.split(':')[0]}" for f in files]


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _esc(text: Any) -> str:
    from xml.sax.saxutils import escape

    return escape("" if text is None else str(text))


def docx(path: Path, title: str, rows: list[list[Any]], spans: dict[tuple[int, int], tuple[int, int]] | None = None) -> Path:
    """A .docx holding a title paragraph and one table, written as Word writes it: `spans[(r, c)] = (down,
    across)` merges a cell over rows (vMerge) and columns (gridSpan); covered cells are left out of `rows`'
    meaning (their values are ignored)."""
    import zipfile

    spans = spans or {}
    covered: dict[tuple[int, int], str] = {}
    for (r, c), (down, across) in spans.items():
        for rr in range(r, r + down):
            for cc in range(c, c + across):
                if (rr, cc) != (r, c):
                    covered[(rr, cc)] = "v" if cc == c and rr > r else "h"
    body = [f'<w:p><w:r><w:t>{_esc(title)}</w:t></w:r></w:p>', '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>']
    width = max(len(r) for r in rows)
    body.append("<w:tblGrid>" + '<w:gridCol w:w="900"/>' * width + "</w:tblGrid>")
    for r, row in enumerate(rows):
        body.append("<w:tr>")
        c = 0
        while c < width:
            if covered.get((r, c)) == "h":
                c += 1
                continue
            down, across = spans.get((r, c), (1, 1))
            props = f'<w:tcW w:w="{900 * across}" w:type="dxa"/>'
            if across > 1:
                props += f'<w:gridSpan w:val="{across}"/>'
            if down > 1:
                props += '<w:vMerge w:val="restart"/>'
            if covered.get((r, c)) == "v":
                props += "<w:vMerge/>"
                across = next((a for (rr, cc), (d, a) in spans.items() if cc == c and rr < r < rr + d), 1)
                if across > 1:
                    props += f'<w:gridSpan w:val="{across}"/>'
            value = "" if (r, c) in covered else (row[c] if c < len(row) else None)
            lines = "".join(f"<w:p><w:r><w:t>{_esc(line)}</w:t></w:r></w:p>" for line in str(value or "").split("\n"))
            body.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{lines or '<w:p/>'}</w:tc>")
            c += across
        body.append("</w:tr>")
    body.append("</w:tbl>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>'
                + "".join(body) + "</w:body></w:document>")
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
             '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
             'document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document)
    return path


def demo_repo(tmp: Path, org_only: bool = False) -> Path:
    """A copy of the demonstration data (or only its config and org) to import into: as it stood on config's
    as-of date (2015-10-20), before October's reports, which the import tests fill in themselves."""
    repo = tmp / "repo"
    (repo / "data").mkdir(parents=True)
    if org_only:
        shutil.copy(ROOT / "data" / "config.yaml", repo / "data" / "config.yaml")
        shutil.copytree(ROOT / "data" / "org", repo / "data" / "org")
    else:
        shutil.copytree(ROOT / "data", repo / "data", dirs_exist_ok=True)
        for later in ("2015-10", "2015-11", "2015-12"):
            shutil.rmtree(repo / "data" / "reports" / later)
    return repo


MILESTONE_ROWS = [["项目名称", "节点名称", "完成期限"],
                  ["楚雄至南华二级公路", "路基工程完成60%", date(2015, 9, 30)],
                  ["楚雄州城市供水工程", "主体工程完成", date(2015, 12, 31)]]
TEAM_ROWS = [["项目名称", "姓名", "分工", "联系电话"],
             ["楚雄至南华二级公路", "甲某某", "组长", "138-0000-9001"],
             ["楚雄州城市供水工程", "乙某某", "组长", 13800009002]]


def decomposition_book(path: Path, extra: list[list[Any]] | None = None,
                       edit: dict[tuple[int, int], Any] | None = None) -> Path:
    """The realistic decomposition workbook: the table, its milestones and its working team; `edit` changes
    cells of the table by 0-based (row, column)."""
    rows = decomposition_rows(extra)
    for (r, c), value in (edit or {}).items():
        rows[r][c] = value
    return book(path, {"在建项目": rows, "倒排工期节点": MILESTONE_ROWS, "工作班子": TEAM_ROWS},
                {"在建项目": DECOMPOSITION_MERGED})
