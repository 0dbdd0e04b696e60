"""`export projects`: the responsibility decomposition tables (责任分解表) as one workbook, one sheet per
category as the notice's three attachments had them, and the lists a project has several of on sheets of
their own. `import projects` reads it back to the same files: the columns are the importer's own (FIELDS).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from generator.labels import labels
from generator.model import Index, get, items
from generator.sheets import cells
from generator.sheets.headers import Field, fields
from generator.sheets.import_projects import LISTS
from generator.sheets.names import Names
from generator.sheets.workbook import (
    MONEY_FORMAT,
    body_style,
    header_cells,
    print_setup,
    title_rows,
    widths,
    workbook_bytes,
    write_cell,
)

_UNIT = re.compile(r"（万元）$")
_LIST_SHEETS = {"milestones": "倒排工期节点", "sources": "资金来源", "team": "工作班子"}
_WIDE = {"name": 24, "content": 36, "annual.progress_target": 30, "owner": 22, "co_units": 22, "internal_notes": 24,
         "county_leader_note": 24, "exited.reason": 20, "responsible_person": 20, "county_leader": 20}


def sheet_name(category: str) -> str:
    return f"{labels().category[category]}项目"


def _groups(columns: list[Field]) -> list[tuple[str, str | None, int]]:
    """Two header rows: (top text, bottom text or None for a merged column, how many columns the top spans).
    Planned and actual dates share a top header (开工日期 over 计划 | 实际); an amount has its unit below."""
    out: list[tuple[str, str | None, int]] = []
    for f in columns:
        if f.key.startswith("dates."):
            when = "计划" if f.key.endswith(".planned") else "实际"
            top = f.header.removeprefix(when)
            if out and out[-1][0] == top:
                out[-1] = (top, None, 2)
                continue
            out.append((top, when, 1))
        elif f.kind == "money" and _UNIT.search(f.header):
            out.append((_UNIT.sub("", f.header), "（万元）", 1))
        else:
            out.append((f.header, None, 1))
    return out


def _value(project: dict[str, Any], f: Field, names: Names) -> Any:
    return cells.write(f.kind, get(project, *f.key.split(".")), names)


def _category_sheet(wb: Any, category: str, projects: list[dict[str, Any]], names: Names, year: int) -> None:
    sheet = wb.create_sheet(sheet_name(category))
    columns = fields()["projects"]
    title_rows(sheet, [f"{year}年全州重点督查的{len(projects)}个{labels().category[category]}项目责任分解表"], len(columns))
    col = 1
    for top, bottom, span in _groups(columns):
        if span == 2:
            header_cells(sheet, 2, col, top, cols=2)
            header_cells(sheet, 3, col, "计划")
            header_cells(sheet, 3, col + 1, "实际")
        elif bottom is not None:
            header_cells(sheet, 2, col, top)
            header_cells(sheet, 3, col, bottom)
        else:
            header_cells(sheet, 2, col, top, rows=2)
        col += span
    for i, project in enumerate(projects, start=1):
        row = 3 + i
        write_cell(sheet, row, 1, i)
        for c, f in enumerate(columns[1:], start=2):
            write_cell(sheet, row, c, _value(project, f, names), MONEY_FORMAT if f.kind == "money" else None)
    body_style(sheet, 4, 3 + len(projects), len(columns))
    widths(sheet, [6] + [_WIDE.get(f.key, 12) for f in columns[1:]])
    sheet.freeze_panes = "D4"
    print_setup(sheet, 2, 3)


def _list_sheet(wb: Any, table: str, projects: list[dict[str, Any]], names: Names) -> None:
    sheet = wb.create_sheet(_LIST_SHEETS[table])
    columns = fields()[table]
    for c, f in enumerate(columns, start=1):
        header_cells(sheet, 1, c, f.header)
    row = 1
    where = LISTS[table]
    for project in projects:
        for item in items(project, *where):
            row += 1
            write_cell(sheet, row, 1, project.get("id"))
            write_cell(sheet, row, 2, project.get("name"))
            for c, f in enumerate(columns[2:], start=3):
                leaf = f.key.split(".")[len(where) + 1:]
                write_cell(sheet, row, c, cells.write(f.kind, get(item, *leaf), names),
                           MONEY_FORMAT if f.kind == "money" else None)
    body_style(sheet, 2, row, len(columns))
    widths(sheet, [14, 24] + [18] * (len(columns) - 2))
    sheet.freeze_panes = "C2"
    print_setup(sheet, 1, 1, a3=False)


def _about(wb: Any, year: int, demo: bool) -> None:
    sheet = wb.active
    sheet.title = "填表说明"
    lines = [
        f"{year}年全州重点督查项目责任分解表（由阳光督查系统从 data/projects/ 导出）",
        "“在建项目”“新开工项目”“重大前期项目”三张表，每个项目一行；倒排工期节点、资金来源、工作班子每项一行，用项目编号对应项目。",
        "金额单位：万元。日期写成 2015-03-08 或设置为日期格式。单位、县市、州领导职务填名称（全称或简称），导入时换算成编号。",
        "州责任领导填职务；填领导姓名时，按表格日期的任职情况换算成职务。县市责任领导和责任人写成“姓名（职务）”。",
        "新增项目可以不填项目编号，导入时按已有编号顺延；修改已有项目导入时须加 --update，并核对列出的逐项修改。",
        "本表含内部信息（工作班子、内部备注），只供内部使用，不得公开。",
    ]
    if demo:
        lines.append("示例数据：本表为演示用的虚构数据，不代表任何真实项目。")
    for i, line in enumerate(lines, start=1):
        write_cell(sheet, i, 1, line)
    sheet.column_dimensions["A"].width = 120


def decomposition_workbook(idx: Index, when: datetime, category: str | None = None) -> bytes:
    """The decomposition tables of the supervision year (or one category of them)."""
    from openpyxl import Workbook

    names = Names(idx, when.date())
    year = idx.settings.year
    wb = Workbook()
    _about(wb, year, bool(idx.settings.get("demo")))
    chosen = [c for c in labels().category if category in (None, c)]
    projects = [p for _, (_, p) in sorted(idx.projects.items()) if p.get("year") == year and p.get("category") in chosen]
    for c in chosen:
        _category_sheet(wb, c, [p for p in projects if p.get("category") == c], names, year)
    for table in LISTS:
        _list_sheet(wb, table, projects, names)
    return workbook_bytes(wb, when)
