"""Rules over data/projects/: references of the 五个一, categories and dates."""

from __future__ import annotations

from collections.abc import Iterator

from generator.core.findings import Finding
from generator.loading.files import Loaded
from generator.model import Index, get, items, money, project_year, to_date, year_start
from generator.rules import flag, remembered, rule


@rule("project-refs", codes=("ref-unresolved",))
def project_refs(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """五个一: a responsible leader (a post), a lead unit and co-units that all exist."""
    unresolved = remembered(idx.unresolved)
    for f, p in idx.projects.values():
        refs: list[tuple[tuple[str | int, ...], str]] = [
            (("county",), "county"), (("leader_post",), "post"), (("lead_unit",), "unit"),
            (("listed_supervision", "by"), "unit_or_post"),
            *((("co_units", i), "unit") for i in range(len(items(p, "co_units")))),
        ]
        for at, what in refs:
            message = unresolved(what, get(p, *at))
            if message:
                yield flag("ref-unresolved", f, at, message)


@rule("project-category", codes=("category-rule",))
def project_category(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """DATA-MODEL categories: 在建 started before it entered supervision; 新开工 plans its start within `year`."""
    for f, p in idx.projects.values():
        category, year = p.get("category"), p.get("year")
        entered = to_date(p.get("entered_on")) or year_start(p)
        started = to_date(get(p, "dates", "start", "actual"))
        planned = to_date(get(p, "dates", "start", "planned"))
        if category == "under_construction" and (started is None or (entered and started > entered)):
            yield flag("category-rule", f, ("dates", "start", "actual"),
                     "在建项目（under_construction）必须在纳入督查前已开工：请填写 dates.start.actual（实际开工日期），"
                     "且不晚于纳入督查日期；尚未开工的项目应列为新开工（new_start）。")
        if category == "new_start" and isinstance(year, int) and (planned is None or planned.year != year):
            yield flag("category-rule", f, ("dates", "start", "planned"),
                     f"新开工项目（new_start）的计划开工日期必须在督查年度 {year} 年内。"
                     "请填写 dates.start.planned；计划明年开工的项目应列为重大前期（preliminary）。")


@rule("project-dates", codes=("date-order",))
def project_dates(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """Dates in order: start before completion, entry before exit, listing before lifting."""
    for f, p in idx.projects.values():
        for which in ("planned", "actual"):
            start = to_date(get(p, "dates", "start", which))
            done = to_date(get(p, "dates", "completion", which))
            if start and done and done < start:
                yield flag("date-order", f, ("dates", "completion", which),
                         f"竣工日期 {done} 早于开工日期 {start}。请检查。")
        entered = to_date(p.get("entered_on")) or year_start(p)
        exited = to_date(get(p, "exited", "on"))
        if entered and exited and exited <= entered:
            yield flag("date-order", f, ("exited", "on"), f"退出日期 {exited} 不晚于纳入督查日期 {entered}。请检查。")
        if entered and project_year(p) is not None and entered.year != p["year"]:
            yield flag("date-order", f, ("entered_on",),
                     f"纳入督查日期 {entered} 不在督查年度 {p['year']} 年内。请检查 entered_on 或 year。")
        on, lifted = to_date(get(p, "listed_supervision", "on")), to_date(get(p, "listed_supervision", "lifted_on"))
        if on and lifted and lifted < on:
            yield flag("date-order", f, ("listed_supervision", "lifted_on"), f"摘牌日期 {lifted} 早于挂牌日期 {on}。")


@rule("project-five-ones", codes=("five-ones-missing",))
def project_five_ones(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """通知三：实行“五个一”责任机制——一个责任领导、一个责任单位、一个工作班子、一个推进行动方案、一个倒排工期计划.
    The leader and unit are required by the schema and their references checked above; the action plan is a
    deadline every project owes (its date comes from config); here: the team and the reverse schedule."""
    for f, p in idx.projects.values():
        if not items(p, "team"):
            yield flag("five-ones-missing", f, ("id",),
                       "缺少“五个一”中的“一个工作班子”：请在 team 中列出工作班子成员（组长、副组长、联络员等的姓名、职务和电话）。")
        if not items(p, "annual", "milestones"):
            yield flag("five-ones-missing", f, ("annual",) if "annual" in p else ("id",),
                       "缺少“五个一”中的“一个倒排工期计划”：请在 annual.milestones 中至少列出一个节点（名称和完成期限）。")


UNIT_SLIP = 100  # a plan a hundred times the total is money-unit-suspect, reported with the reports' figures


@rule("project-plausible", codes=("plan-exceeds-total",))
def project_plausible(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """Money is in 万元: an annual plan above the total investment is most often a total typed in 亿元."""
    for f, p in idx.projects.values():
        total, annual = money(p.get("total_investment")), money(get(p, "annual", "investment"))
        if total is not None and annual is not None and 0 < total < annual and total * UNIT_SLIP > annual:
            # (a hundred times and more is money-unit-suspect)
            hint = (f"是不是按亿元填写了总投资？{total} 亿元应写成 {total * 10000}。" if total * 10000 >= annual * 2 else
                    "请核对这两个数字。")
            yield flag("plan-exceeds-total", f, ("total_investment",),
                       f"总投资 {total} 万元小于年度计划投资 {annual} 万元，一年的计划不会超过总投资。{hint}")
