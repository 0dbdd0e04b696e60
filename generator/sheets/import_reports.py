"""`import reports`: a unit's monthly information sheet (月度信息报表), one row per project, into
data/reports/<period>/<project>.yaml; problems and site visits, one row each, on sheets of their own.

A row's project is its 项目编号, or its exact name. What the sheet does not hold is carried: into a new
month from the project's last report as `new-report` does (the year-to-date, the texts, every open problem),
into an existing report from that report (the inspection office's receipt, verification and corrections).
A problem missing from the problems sheet is carried unchanged (a problem is never dropped: it is closed),
and a new problem without a 问题编号 is numbered after the project's others. The month is checked against
the year-to-date: either may be left empty and follows from the other and last month's figure (a 核减 of
last month counted); then the rules compare all three as they do for a hand-written report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from generator.core.chinese import cmonth
from generator.core.codes import emitter
from generator.labels import labels
from generator.loading.files import Loaded
from generator.model import Index, build_index, effective, get, items, money, month_last_day
from generator.review.newreport import prefilled, previous_report
from generator.sheets.grid import Place
from generator.sheets.headers import Layout, normal
from generator.sheets.names import Names, Unresolved
from generator.sheets.reading import Book, at
from generator.sheets.records import build, merge_list
from generator.sheets.staging import ImportResult, Planned, existing_text, render, stage
from generator.sheets.tables import RowValues, find_tables, read_rows

emit = emitter("sheets.import_reports", codes=("sheet-name-unknown", "sheet-row-duplicate", "sheet-file-exists",
                                               "sheet-period-mismatch", "sheet-cell-invalid"))

META_PERIOD = "报表月份"
META_UNIT = "单位编号"
_PROBLEM_ID = re.compile(r"^p([0-9]+)$")
MONTH, YTD = ("investment", "month"), ("investment", "year_to_date")


def meta(book: Book) -> dict[str, tuple[Any, Place]]:
    """The key–value lines of a template's instructions sheet (报表月份, 单位编号) and their cells."""
    out: dict[str, tuple[Any, Place]] = {}
    for grid in book.grids:
        for r, row in enumerate(grid.rows[:40]):
            key = normal(row[0]).rstrip(":：") if row else ""
            if key in (META_PERIOD, META_UNIT) and len(row) > 1 and row[1] is not None:
                out.setdefault(key, (row[1], grid.place(r, 1)))
    return out


def _project(rv: RowValues, names: Names, idx: Index) -> str:
    ref = rv.get("project")
    if ref is not None:
        if ref in idx.projects:
            return str(ref)
        return names.project(ref)
    return names.project(rv.get("_name"))


def import_reports(loaded: Loaded, books: list[Book], period: str, submitted_on: date, update: bool = False,
                   received: str | None = None) -> ImportResult:
    """What the sheets would write, and every finding. `received` (email, paper, system): how the inspection
    office received them, registered in each new report (its submission date may then precede the pull
    request that adds it)."""
    idx = build_index(loaded)
    names = Names(idx, month_last_day(period) or submitted_on)
    result = ImportResult()
    for book in books:
        given = meta(book).get(META_PERIOD)
        if given is not None and normal(given[0]) != period:
            result.findings.append(at(emit, given[1], "sheet-period-mismatch",
                                      f"这份报表是 {given[0]} 的，导入的月份却是 {period}（--period）。请确认月份。"))
    tables, found = find_tables(books, ("reports", "problems", "visits"), "reports")
    result.findings.extend(found)
    rows: dict[str, RowValues] = {}
    for rv, project in _resolved(tables["reports"], names, idx, result):
        if project in rows:
            result.findings.append(at(emit, rv.anchor, "sheet-row-duplicate",
                                      f"项目 {project} 在 {rows[project].anchor.cell} 已经出现过。"))
            continue
        rows[project] = rv
    lists = {table: _by_project(tables[table], names, idx, rows, result) for table in ("problems", "visits")}
    for project, rv in rows.items():
        plan = _plan(loaded, idx, project, period, submitted_on, rv, lists, tables, result)
        if plan is not None and plan.before is None and received is not None:
            _register(plan, idx, received)
        if plan is None:
            continue
        result.planned.append(plan)
        result.findings.extend(render(plan))
        if plan.action == "update" and not update:
            result.findings.append(at(emit, plan.anchor, "sheet-file-exists",
                                      f"月报 {plan.path} 已经存在，表格与它不同。不加 --update 不会改动已有的月报。"))
    if not result.errors:
        result.findings.extend(stage(loaded, result.planned))
    return result


def _by_project(layouts: list[Layout], names: Names, idx: Index, rows: dict[str, RowValues],
                result: ImportResult) -> dict[str, list[RowValues]]:
    out: dict[str, list[RowValues]] = {}
    for rv, project in _resolved(layouts, names, idx, result):
        if project not in rows:
            result.findings.append(at(emit, rv.anchor, "sheet-name-unknown",
                                      f"项目 {project} 不在月度信息报表里。请在报表中为它填一行，或删除这一行。"))
            continue
        out.setdefault(project, []).append(rv)
    return out


def _resolved(layouts: list[Layout], names: Names, idx: Index, result: ImportResult) -> Iterator[tuple[RowValues, str]]:
    """Each row of the tables with the project it names; a row whose project cannot be resolved becomes a
    finding at its cell (as does any problem reading the rows)."""
    for layout in layouts:
        read, problems = read_rows(layout, names)
        result.findings.extend(problems)
        for rv in read:
            try:
                yield rv, _project(rv, names, idx)
            except Unresolved as exc:
                result.findings.append(at(emit, rv.anchor, exc.code, exc.message))


def _last_ytd(idx: Index, project: str, period: str, *key: str) -> Decimal:
    """Last month's year-to-date as it stands (a 核减 wins), 0 in January or for a first report."""
    prev_period, prev = previous_report(idx, project, period)
    if prev_period is None or prev_period[:4] != period[:4]:
        return Decimal(0)
    return money(effective(prev, *key)) or Decimal(0)


def _plain(d: Decimal) -> int | Decimal:
    return int(d) if d == d.to_integral_value() else d.normalize()


def _figures(updates: dict[tuple[str, ...], Any], rv: RowValues, idx: Index, project: str, period: str,
             base: dict[str, Any], result: ImportResult) -> None:
    """本月完成投资 and 本年累计完成投资: an empty one follows from the other and last month's year-to-date."""
    month, ytd = updates.get(MONTH), updates.get(YTD)
    last = _last_ytd(idx, project, period, *YTD)
    if MONTH in rv.broken or YTD in rv.broken:
        return  # the cell's own finding says why
    if month is None and ytd is None:
        if get(base, *MONTH) is not None and get(base, *YTD) is not None and existing_period(base, period):
            for key in (MONTH, YTD):  # an existing report keeps its figures
                updates.pop(key, None)
            return
        present = [".".join(k) for k in (MONTH, YTD) if ".".join(k) in rv.layout.columns]
        place = rv.places.get(MONTH) or rv.places.get(YTD) or rv.anchor
        result.findings.append(at(emit, place, "sheet-cell-invalid",
                                  "本月完成投资和本年累计完成投资都没有填。请至少填写一项（没有投资的填 0）。" if present else
                                  "表格里没有“本月完成投资”或“本年累计完成投资”列，这个月的投资无从得知。请加上其中一列。"))
        return
    if month is None and ytd is not None:
        updates[MONTH] = _plain(Decimal(ytd) - last)
        rv.places[MONTH] = rv.places.get(MONTH) or rv.places[YTD]
    elif ytd is None and month is not None:
        updates[YTD] = _plain(last + Decimal(month))
        rv.places[YTD] = rv.places.get(YTD) or rv.places[MONTH]


def _register(plan: Planned, idx: Index, channel: str) -> None:
    """The inspection office's receipt (收件登记) of a sheet that came by e-mail, on paper or from a system."""
    office = idx.office("inspection_office")
    if office is not None:
        plan.doc = build(plan.doc, "report", {("received", "by"): office, ("received", "channel"): channel})
        plan.notes.append(f"收件登记：{idx.name_of(office)}，{labels().channel.get(channel, channel)}")


def existing_period(doc: dict[str, Any], period: str) -> bool:
    return get(doc, "period") == period and get(doc, "submitted_on") is not None


def _plan(loaded: Loaded, idx: Index, project: str, period: str, submitted_on: date, rv: RowValues,
          lists: dict[str, dict[str, list[RowValues]]], tables: dict[str, list[Layout]],
          result: ImportResult) -> Planned | None:
    path = f"data/reports/{period}/{project}.yaml"
    existing = idx.reports.get(project, {}).get(period)
    before = existing[1] if existing else None
    notes: list[str] = []
    if before is not None:
        base = before
    else:
        base, carried_from = prefilled(idx, project, period, None)
        if carried_from:
            notes.append(f"表中没有的内容按 {cmonth(carried_from)} 的月报带入")
    updates = {k: v for k, v in rv.values.items() if not k[0].startswith("_") and k[0] != "project"
               and k not in rv.broken}
    if updates.get(("submitted_on",)) is None and ("submitted_on",) not in rv.broken:
        updates[("submitted_on",)] = get(before, "submitted_on") or submitted_on.isoformat()
    _figures(updates, rv, idx, project, period, base, result)
    updates[("project",)], updates[("period",)] = project, period
    places: dict[tuple[str | int, ...], Place] = {}
    places.update(rv.places.items())
    if tables["problems"]:
        updates[("problems",)] = _problems(idx, project, base, lists["problems"].get(project, []), places, notes)
    if tables["visits"]:
        visits = lists["visits"].get(project, [])
        made = []
        for i, item in enumerate(visits):
            own = {k[2:]: v for k, v in item.values.items() if k[0] == "site_visits" and k not in item.broken}
            old = next((o for o in items(base, "site_visits") if get(o, "on") == own.get(("on",))
                        and get(o, "by") == own.get(("by",))), None)
            made.append(build(old, "report", own, ("site_visits", "*")))
            places.update({("site_visits", i, *k[2:]): p for k, p in item.places.items() if k[0] == "site_visits"})
        updates[("site_visits",)] = merge_list(get(base, "site_visits"), made)
    doc = build(base, "report", updates)
    return Planned(path, "report", doc, rv.anchor, places, before, existing_text(loaded, path), notes)


def _problems(idx: Index, project: str, base: dict[str, Any], rows: list[RowValues],
              places: dict[tuple[str | int, ...], Place], notes: list[str]) -> Any:
    """The report's problems as the sheet lists them, each built on its record in the base (history the
    sheet does not hold, such as 提级协调 and 销号, kept); the base's problems the sheet leaves out carried."""
    old = {get(p, "id"): p for p in items(base, "problems")}
    numbers = [int(m.group(1)) for ident in idx.problem_records(project) if (m := _PROBLEM_ID.match(str(ident)))]
    numbers += [int(m.group(1)) for ident in old if (m := _PROBLEM_ID.match(str(ident)))]
    made: list[dict[str, Any]] = []
    for item in rows:
        own = {k[2:]: v for k, v in item.values.items() if k[0] == "problems" and k not in item.broken}
        ident = own.get(("id",))
        if ident is None:
            ident = f"p{max(numbers, default=0) + 1:02d}"
            numbers.append(int(ident[1:]))
            own[("id",)] = ident
            notes.append(f"新问题（{item.anchor.cell}）编号为 {ident}")
        i = len(made)
        made.append(build(old.get(ident), "report", own, ("problems", "*")))
        places.update({("problems", i, *k[2:]): p for k, p in item.places.items() if k[0] == "problems"})
        places[("problems", i)] = item.anchor
    listed = {get(p, "id") for p in made}
    for ident, problem in old.items():
        if ident not in listed:
            made.append(problem)
            notes.append(f"问题 {ident} 不在“存在问题”表中，已原样保留（问题不能删除，解决后由督查室或稽察办销号）")
    return merge_list(get(base, "problems"), made)
