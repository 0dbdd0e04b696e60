"""`export monthly`: the consolidated monthly table (汇总表) the inspection office sends leaders by the 12th.

One row per project owing the month's report, grouped by category with a subtotal for each and a grand
total; amounts in 万元; the verified (核减) year-to-date beside the reported one; status in words and
colour; each report on time, late (逾期 N 天) or missing (未报送). Figures are as known on the day the table
is due (the 12th of the next month, config deadlines.verification_day), or on the as-of date when that is
earlier, so the table leaders received can be made again. Printable on A3 landscape with the header rows
repeated on every page; every total is a computed value, never a formula.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from generator.compute import deadlines as deadline_stage
from generator.compute import metrics as metric_stage
from generator.compute.metrics import ProjectMetrics, rate
from generator.core.chinese import cdate, cmonth
from generator.labels import labels
from generator.model import Index, get, items, known_on, month_last_day, owes_report
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

STATUS_FILL = {"green": "E6F4EA", "yellow": "FFF2CC", "red": "F8D7DA", "grey": "E7E6E6", "none": "FFFFFF"}
PERCENT = "0.0%"
# (top header, bottom header or None, width); amounts in 万元
COLUMNS: list[tuple[str, str | None, float]] = [
    ("序号", None, 5), ("项目名称", None, 28), ("项目编号", None, 12), ("责任单位", None, 14), ("所在县市", None, 9),
    ("总投资", None, 11), ("年度计划投资", None, 11), ("完成投资", "本月", 10), ("完成投资", "本年累计（报送）", 11),
    ("完成投资", "本年累计（核实）", 11), ("投资完成率", None, 9), ("序时进度", None, 8), ("本年资金到位", None, 11),
    ("形象进度", None, 36), ("状态", None, 9), ("状态原因", None, 22), (labels().deadline_kind["report"], None, 12), ("未销号问题", None, 8),
]
MONEY_COLUMNS = {6, 7, 8, 9, 10, 13}
HEAD_TOP, HEAD_BOTTOM, FIRST_ROW = 4, 5, 6


class MonthlyError(Exception):
    """Why no table can be made for the month (Chinese)."""


def table_date(idx: Index, period: str, as_of: date) -> date:
    last = month_last_day(period)
    assert last is not None
    day = idx.settings.number("deadlines", "verification_day")
    due = date(last.year + (last.month == 12), last.month % 12 + 1, day)
    return min(due, as_of)


def _submission(d: deadline_stage.Deadline | None) -> tuple[str, str | None]:
    """How the month's report came in, and a font colour when it calls for attention."""
    if d is None:
        return "—", None
    if d.state == "met":
        return f"按时（{cdate(d.done_on)[5:]}）" if d.done_on else labels().deadline_state["met"], None
    if d.state == "met_late":
        return f"逾期 {d.days} 天", "C55A11"
    if d.state == "missed":
        return "未报送", "C00000"
    return labels().deadline_state.get(d.state, d.state), None


def _money(value: Any) -> Any:
    if value is None:
        return None
    d = Decimal(value)
    return int(d) if d == d.to_integral_value() else float(d)


def _fraction(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _row(sheet: Any, r: int, values: list[Any]) -> None:
    for c, value in enumerate(values, start=1):
        fmt = MONEY_FORMAT if c in MONEY_COLUMNS else PERCENT if c in (11, 12) else None
        write_cell(sheet, r, c, value, fmt)


def _total(sheet: Any, r: int, label: str, rows: list[dict[str, Any]]) -> None:
    from openpyxl.styles import Font

    def total(key: str) -> Decimal:
        return sum((Decimal(x[key]) for x in rows if x[key] is not None), Decimal(0))

    plan, ytd = total("plan"), total("ytd")
    counts = {s: sum(x["status"] == s for x in rows) for s in labels().status}
    shown = "、".join(f"{labels().status[s]} {n}" for s, n in counts.items() if n)
    _row(sheet, r, [label, f"{len(rows)} 个项目", None, None, None, _money(total("total")), _money(plan),
                    _money(total("month")), _money(total("ytd_reported")), _money(ytd), _fraction(rate(ytd, plan)),
                    None, _money(total("funds")), None, shown, None,
                    f"未报送 {sum(x['missing'] for x in rows)}、逾期 {sum(x['late'] for x in rows)}", None])
    for c in range(1, len(COLUMNS) + 1):
        sheet.cell(row=r, column=c).font = Font(bold=True)


def _project_row(idx: Index, names: Names, pm: ProjectMetrics, period: str, on: date,
                 report_deadline: deadline_stage.Deadline | None) -> dict[str, Any]:
    p = idx.projects[pm.id][1]
    month = next((m for m in pm.monthly if m["period"] == period), None)
    report = idx.reports.get(pm.id, {}).get(period)
    shown = known_on(report[1], on) if report is not None and month is not None else None
    text, colour = _submission(report_deadline)
    open_problems = sum(get(x, "closed") is None for x in items(shown, "problems"))
    return {"id": pm.id, "name": pm.name, "unit": names.shown("unit", pm.lead_unit),
            "county": get(idx.counties.get(pm.county or ""), "name") or pm.county,
            "total": get(p, "total_investment"), "plan": pm.annual_plan,
            "month": month["month_reported"] if month else None, "ytd_reported": month["ytd_reported"] if month else None,
            "ytd": month["ytd"] if month else None, "adjusted": bool(month and month["ytd"] != month["ytd_reported"]),
            "funds": month["funds_ytd"] if month else None, "progress": get(shown, "progress", "summary"),
            "status": pm.status, "reason": pm.reason, "submitted": text, "colour": colour,
            "problems": open_problems if shown is not None else None,
            "missing": report_deadline is not None and report_deadline.state == "missed",
            "late": report_deadline is not None and report_deadline.state == "met_late"}


def monthly_workbook(idx: Index, period: str, as_of: date) -> bytes:
    """The consolidated table of `period`, as known on its due day (or on `as_of`, when earlier)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    last = month_last_day(period)
    if last is None or period < idx.settings.first_report_period or last.year != idx.settings.year:
        raise MonthlyError(f"{period} 不是督查年度 {idx.settings.year} 中需要报送月报的月份。")
    on = table_date(idx, period, as_of)
    if on < last.replace(day=1):
        raise MonthlyError(f"数据日期 {as_of.isoformat()} 早于 {cmonth(period)}，还没有这个月的汇总表。")
    result = deadline_stage.compute(idx, on)
    figures = metric_stage.compute(idx, result)
    reports = {d.project: d for d in result.deadlines if d.kind == "report" and d.ref == period}
    names = Names(idx, on)
    by_id = {pm.id: pm for pm in figures.projects}
    wb = Workbook()
    sheet = wb.active
    sheet.title = f"{cmonth(period)}汇总表"[:31]
    demo = "（示例数据）" if idx.settings.get("demo") else ""
    inspection = idx.office("inspection_office")
    title_rows(sheet, [f"楚雄州重点项目推进情况汇总表{demo}", f"（{cmonth(period)}）",
                       f"数据截至 {cdate(on)}　金额单位：万元　{idx.name_of(inspection) if inspection else ''}"],
               len(COLUMNS))
    c = 1
    while c <= len(COLUMNS):
        top, bottom, _ = COLUMNS[c - 1]
        if bottom is None:
            header_cells(sheet, HEAD_TOP, c, top, rows=2)
            c += 1
            continue
        span = sum(1 for t, b, _ in COLUMNS[c - 1:] if t == top and b is not None)
        header_cells(sheet, HEAD_TOP, c, top, cols=span)
        for k in range(span):
            header_cells(sheet, HEAD_BOTTOM, c + k, COLUMNS[c - 1 + k][1] or "")
        c += span
    r = FIRST_ROW
    everything: list[dict[str, Any]] = []
    numerals = "一二三四五六七八九十"
    for g, (category, label) in enumerate(labels().category.items()):
        ids = sorted(pid for pid, (_, p) in idx.projects.items()
                     if p.get("category") == category and owes_report(p, period, idx.settings))
        rows = [_project_row(idx, names, by_id[pid], period, on, reports.get(pid)) for pid in ids]
        if not rows:
            continue
        write_cell(sheet, r, 1, f"{numerals[g]}、{label}项目（{len(rows)} 个）").font = Font(bold=True)
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(COLUMNS))
        r += 1
        for i, x in enumerate(rows, start=1):
            _row(sheet, r, [i, x["name"], x["id"], x["unit"], x["county"], _money(x["total"]), _money(x["plan"]),
                            _money(x["month"]), _money(x["ytd_reported"]), _money(x["ytd"]),
                            _fraction(rate(x["ytd"], x["plan"]) if x["plan"] else None),
                            _fraction(by_id[x["id"]].time_progress), _money(x["funds"]), x["progress"],
                            labels().status.get(x["status"], x["status"]), x["reason"], x["submitted"], x["problems"]])
            sheet.cell(row=r, column=15).fill = PatternFill("solid", fgColor=STATUS_FILL.get(x["status"], "FFFFFF"))
            if x["colour"]:
                sheet.cell(row=r, column=17).font = Font(bold=True, color=x["colour"])
            if x["adjusted"]:
                sheet.cell(row=r, column=10).font = Font(bold=True, color="1F4E79")
            r += 1
        _total(sheet, r, "小计", rows)
        r += 1
        everything += rows
    _total(sheet, r, "合计", everything)
    body_style(sheet, FIRST_ROW, r, len(COLUMNS))
    write_cell(sheet, r + 2, 1, "说明：本年累计（核实）为稽察办核实后的数字，核减的以蓝色粗体标出；投资完成率 = 本年累计（核实）÷ 年度计划投资；"
                                "序时进度 = 月份 ÷ 12；状态按“统计方法”页的规则判定。本表由阳光督查系统生成，所有合计为计算值。")
    widths(sheet, [w for _, _, w in COLUMNS])
    sheet.freeze_panes = f"C{FIRST_ROW}"
    print_setup(sheet, HEAD_TOP, HEAD_BOTTOM)
    return workbook_bytes(wb, datetime.combine(on, time(0, 0)))
