"""`export template`: a unit's monthly information sheet for one month, ready to fill in Excel or WPS.

Sheets: 填报说明 (instructions, the unit and the month), 月度信息报表 (one row per project the unit leads and
owes a report for: ids, names and last month's figures locked, this month's cells open), 存在问题 (the
problems carried or already reported, and empty rows for new ones), 现场调研, and a hidden 选项 sheet holding
the drop-down lists (problem categories, units and leader posts, 是/否, the unit's projects). A month already
reported is pre-filled with its report, so exporting and importing it again gives the same file; a new
month starts as `new-report` would (texts and open problems carried, figures left for the unit).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from generator.core.chinese import cdate, cmonth
from generator.labels import labels
from generator.model import Index, effective, get, items, month_last_day, owes_report
from generator.review.newreport import prefilled, previous_report
from generator.sheets import cells
from generator.sheets.headers import Field, fields
from generator.sheets.import_reports import META_PERIOD, META_UNIT
from generator.sheets.names import Names
from generator.sheets.workbook import (
    MONEY_FORMAT,
    body_style,
    header_cells,
    heights,
    print_setup,
    title_rows,
    widths,
    workbook_bytes,
    write_cell,
)

MAIN, PROBLEMS, VISITS, OPTIONS = "月度信息报表", "存在问题", "现场调研", "选项"
BLANK_PROBLEM_ROWS, BLANK_VISIT_ROWS = 20, 10
MAIN_KEYS = ("_seq", "project", "_name", "_category", "_plan", "_last_ytd", "_last_funds", "submitted_on",
             "investment.month", "investment.year_to_date", "investment.since_start", "funds.year_to_date",
             "progress.summary", "progress.percent", "relocation", "next_steps")
LOCKED = ("_seq", "project", "_name", "_category", "_plan", "_last_ytd", "_last_funds")
_WIDE = {"_name": 26, "progress.summary": 40, "relocation": 30, "next_steps": 30,
         "problems.*.summary": 36, "problems.*.measures": 30, "problems.*.answer.content": 30}


class TemplateError(Exception):
    """Why no template can be made (Chinese)."""


def _field(table: str, key: str) -> Field:
    return next(f for f in fields()[table] if f.key == key)


def _projects(idx: Index, unit: str, period: str) -> list[tuple[str, dict[str, Any]]]:
    order = list(labels().category)
    mine = [(pid, p) for pid, (_, p) in idx.projects.items() if p.get("lead_unit") == unit
            and (owes_report(p, period, idx.settings) or period in idx.reports.get(pid, {}))]
    return sorted(mine, key=lambda x: (order.index(str(x[1].get("category"))) if x[1].get("category") in order else 9,
                                       x[0]))


def _unlock(cell: Any) -> None:
    from openpyxl.styles import PatternFill, Protection

    cell.protection = Protection(locked=False)
    cell.fill = PatternFill("solid", fgColor="FFF9E5")  # the cells to fill in, pale yellow


def _protect(sheet: Any) -> None:
    """Locked cells stay locked (no password: a unit that must can lift it, the importer checks anyway)."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.formatCells = False


def _options(wb: Any, idx: Index, names: Names, projects: list[str]) -> dict[str, str]:
    """The hidden sheet of drop-down lists; each list's range by name."""
    sheet = wb.create_sheet(OPTIONS)
    sheet.sheet_state = "hidden"
    units = sorted({str(names.shown("unit", u)) for u in idx.units})
    lists = {
        "problem_category": list(labels().problem_category.values()),
        "unit": units,
        "unit_or_post": units + [str(names.shown_unit_or_post(p)) for p in sorted(idx.posts)],
        "bool": ["是", "否"],
        "ref": projects,
    }
    out = {}
    for c, (key, values) in enumerate(lists.items(), start=1):
        write_cell(sheet, 1, c, f"{key}（下拉选项，请勿修改）")
        for r, value in enumerate(values, start=2):
            write_cell(sheet, r, c, value)
        letter = chr(64 + c)
        out[key] = f"'{OPTIONS}'!${letter}$2:${letter}${len(values) + 1}"
    return out


def _validate(sheet: Any, column: int, first: int, last: int, source: str) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                        errorTitle="请从列表中选择", error="请点单元格右侧的箭头，从列表中选择。")
    letter = get_column_letter(column)
    dv.add(f"{letter}{first}:{letter}{last}")
    sheet.add_data_validation(dv)


def _about(wb: Any, idx: Index, unit: str, period: str) -> None:
    sheet = wb.active
    sheet.title = "填报说明"
    due = month_last_day(period)
    day = idx.settings.number("deadlines", "report_day")
    deadline = date(due.year + (due.month == 12), due.month % 12 + 1, day) if due else None
    lines: list[list[Any]] = [
        ["楚雄州重点项目月度信息报表 · 填报说明"], [],
        ["填报单位", idx.name_of(unit)], [META_UNIT, unit], [META_PERIOD, period],
        ["报送截止", cdate(deadline)], [],
        ["1.", f"在“{MAIN}”表中为每个项目填写 {cmonth(period)} 的情况：黄色单元格可以填写，项目编号、名称和上月数字不能修改。"],
        ["2.", "金额单位一律为万元，只填数字（可以有两位小数），不带“万元”等文字。本月完成投资和本年累计完成投资至少填一项，"
               "另一项按上月累计自动计算；两项都填时，系统核对“上月累计 + 本月 = 本年累计”。"],
        ["3.", "日期写成 2015-03-08 或设置为日期格式。报送日期不填时，按导入当天计算。"],
        ["4.", f"“{PROBLEMS}”表列出上月未销号的问题，编号不能改；问题解决后仍要保留，由督查室或稽察办销号。"
               "新问题填在下面的空行，编号可以不填（系统自动编号）；问题类别、报请协调对象请从下拉列表中选择。"],
        ["5.", f"本月到项目现场调研的，在“{VISITS}”表中每次填一行。"],
        ["6.", "填好后保存为 .xlsx（WPS 选择“Excel 文件”），交稽察办导入；导入时逐项检查，有问题会指出哪个单元格、怎么改。"],
    ]
    if idx.settings.get("demo"):
        lines.append(["示例数据", "本表为演示用的虚构数据，不代表任何真实项目。"])
    for r, line in enumerate(lines, start=1):
        for c, value in enumerate(line, start=1):
            write_cell(sheet, r, c, value)
    widths(sheet, [12, 110])


def _main(wb: Any, idx: Index, names: Names, unit: str, period: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
    sheet = wb.create_sheet(MAIN)
    columns = [_field("reports", k) for k in MAIN_KEYS]
    title_rows(sheet, ["楚雄州重点项目月度信息报表", f"填报单位：{idx.name_of(unit)}　报表月份：{cmonth(period)}　金额单位：万元"],
               len(columns))
    for c, f in enumerate(columns, start=1):
        header_cells(sheet, 3, c, f.header)
    for i, (pid, project) in enumerate(rows, start=1):
        r = 3 + i
        existing = idx.reports.get(pid, {}).get(period)
        report = existing[1] if existing else prefilled(idx, pid, period, None)[0]
        prev_period, prev = previous_report(idx, pid, period)
        same_year = prev_period is not None and prev_period[:4] == period[:4]
        reference = {"_seq": i, "project": pid, "_name": project.get("name"),
                     "_category": labels().category.get(str(project.get("category"))),
                     "_plan": get(project, "annual", "investment"),
                     "_last_ytd": effective(prev, "investment", "year_to_date") if same_year else None,
                     "_last_funds": effective(prev, "funds", "year_to_date") if same_year else None}
        for c, f in enumerate(columns, start=1):
            if f.key in reference:
                value = cells.write("money" if f.key in ("_plan", "_last_ytd", "_last_funds") else "text",
                                    reference[f.key], names)
            elif existing is None and f.key in ("investment.month", "investment.year_to_date", "funds.year_to_date"):
                value = None  # this month's figures are the unit's to give
            else:
                value = cells.write(f.kind, get(report, *f.key.split(".")), names)
            write_cell(sheet, r, c, value, MONEY_FORMAT if f.kind == "money" or f.key in ("_plan", "_last_ytd",
                                                                                         "_last_funds") else None)
    body_style(sheet, 4, 3 + len(rows), len(columns))
    heights(sheet, {1: 28, 2: 20, 3: 48, **{r: 60 for r in range(4, 4 + len(rows))}})
    for r in range(4, 4 + len(rows)):
        for c, f in enumerate(columns, start=1):
            if f.key not in LOCKED:
                _unlock(sheet.cell(row=r, column=c))
    widths(sheet, [5, 12] + [_WIDE.get(f.key, 14) for f in columns[2:]])
    sheet.freeze_panes = "D4"
    _protect(sheet)
    print_setup(sheet, 3, 3)


def _list_sheet(wb: Any, table: str, idx: Index, names: Names, period: str, rows: list[tuple[str, dict[str, Any]]],
                options: dict[str, str]) -> None:
    """存在问题 or 现场调研: one row per item of this month's report (or the carried ones), then empty rows."""
    sheet = wb.create_sheet(PROBLEMS if table == "problems" else VISITS)
    columns = fields()[table]
    where = "problems" if table == "problems" else "site_visits"
    for c, f in enumerate(columns, start=1):
        header_cells(sheet, 1, c, f.header)
    r = 1
    for pid, project in rows:
        existing = idx.reports.get(pid, {}).get(period)
        report = existing[1] if existing else prefilled(idx, pid, period, None)[0]
        for item in items(report, where):
            r += 1
            for c, f in enumerate(columns, start=1):
                if f.key == "project":
                    value: Any = pid
                elif f.key == "_name":
                    value = project.get("name")
                elif f.key == "_closed":
                    value = cells.write("date", get(item, "closed", "on"), names)
                else:
                    value = cells.write(f.kind, get(item, *f.key.split(".")[2:]), names)
                write_cell(sheet, r, c, value)
    filled = r
    r += BLANK_PROBLEM_ROWS if table == "problems" else BLANK_VISIT_ROWS
    body_style(sheet, 2, r, len(columns))
    heights(sheet, {1: 36, **{row: 45 for row in range(2, r + 1)}})
    for c, f in enumerate(columns, start=1):
        source = options.get("ref" if f.key == "project" else f.kind)
        if source and f.kind in ("ref", "problem_category", "unit", "unit_or_post", "bool") and f.key != "_name":
            _validate(sheet, c, 2, r, source)
    for row in range(2, r + 1):  # body_style reset the cells' look: mark again what may be filled
        for c, f in enumerate(columns, start=1):
            if f.key != "_closed" and (row > filled or f.key not in ("project", "_name", "problems.*.id")):
                _unlock(sheet.cell(row=row, column=c))
    widths(sheet, [12, 24] + [_WIDE.get(f.key, 14) for f in columns[2:]])
    sheet.freeze_panes = "C2"
    _protect(sheet)
    print_setup(sheet, 1, 1, a3=False)


def template_workbook(idx: Index, unit: str, period: str, when: datetime) -> bytes:
    """The monthly sheet of `unit` for `period`."""
    from openpyxl import Workbook

    if unit not in idx.units:
        raise TemplateError(f"找不到单位“{unit}”。请填写 data/org/units.yaml 里的单位编号，例如 jiaotong。")
    rows = _projects(idx, unit, period)
    if not rows:
        raise TemplateError(f"{idx.name_of(unit)}在 {cmonth(period)} 没有需要报送月报的项目（它不是任何在督项目的责任单位）。")
    names = Names(idx, month_last_day(period) or when.date())
    wb = Workbook()
    _about(wb, idx, unit, period)
    _main(wb, idx, names, unit, period, rows)
    options = _options(wb, idx, names, [pid for pid, _ in rows])
    _list_sheet(wb, "problems", idx, names, period, rows, options)
    _list_sheet(wb, "visits", idx, names, period, rows, options)
    wb.move_sheet(OPTIONS, offset=len(wb.sheetnames))
    return workbook_bytes(wb, when)
