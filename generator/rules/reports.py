"""Rules over data/reports/: which months are owed, dates, who may do what, figures, problem history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from generator.core.findings import Finding
from generator.loading.files import DataFile, Loaded
from generator.model import (
    Index,
    effective,
    get,
    items,
    listed_during,
    money,
    month_last_day,
    project_year,
    to_date,
)
from generator.rules import flag, remembered, rule

SUM_TOLERANCE = Decimal("0.5")
CLOSER_KINDS = frozenset({"supervision_office", "inspection_office", "key_project_office"})


def _report_items(idx: Index) -> Iterator[tuple[str, DataFile, dict[str, Any], dict[str, Any]]]:
    """(period, file, report, project) for reports whose project exists."""
    for project_id, by_period in idx.reports.items():
        entry = idx.projects.get(project_id)
        if entry is None:
            continue
        for period in sorted(by_period):
            f, r = by_period[period]
            yield period, f, r, entry[1]


@rule("report-owed", codes=("report-not-owed", "report-submitted-early"))
def report_owed(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """A report belongs to a month of the project's year, from `first_report_period`, in which the project was
    on the list for at least one day (the notice: 每月8日前将上月的进展情况报…). A report filed for a month the
    project left part-way through stays valid whether or not that month is owed (config.exit_month_owed):
    an exit recorded later never turns history into errors."""
    firsts: dict[int | None, Any] = {}  # a year's config is merged once, not for every report
    for period, f, r, p in _report_items(idx):
        last = month_last_day(period)
        if last is None:
            continue
        year = project_year(p)  # each year's first report month is its own (data/years/)
        if year not in firsts:
            firsts[year] = (idx.year_config(year) if year is not None and idx.years else idx.config) \
                .get("first_report_period")
        first = firsts[year]
        why = None
        if isinstance(first, str) and period < first:
            why = f"早于首个报送月份 {first}"
        elif project_year(p) is not None and last.year != p["year"]:
            why = f"不在项目的督查年度 {p['year']} 年内"
        elif not listed_during(p, last.replace(day=1), last) and not _after_exit(p, last):
            why = "项目在该月还没有纳入督查名单"
        if why:
            yield flag("report-not-owed", f, ("period",), f"{period} 的月报{why}，不应报送。请检查月份文件夹是否放错。")
        submitted = to_date(r.get("submitted_on"))
        if submitted and submitted < date(last.year, last.month, 1):
            yield flag("report-submitted-early", f, ("submitted_on",),
                     f"报送日期 {submitted} 早于所报月份 {period}。请填写实际报送日期（通常是次月 1 日至 8 日）。")


def _after_exit(p: dict[str, Any], day: date) -> bool:
    """A month after the project left the list: its report is history (the exit may have been recorded after
    it was filed), not owed, never an error."""
    exited = to_date(get(p, "exited", "on"))
    return exited is not None and day >= exited


@rule("report-dates", codes=("date-after-submission", "date-order"))
def report_dates(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """DATA-MODEL: no date inside a report is later than its `submitted_on`, except verified.on,
    corrections[].on, closed.on, answers recorded after submission, and promised_by (a deadline)."""
    for _, f, r, _ in _report_items(idx):
        submitted = to_date(r.get("submitted_on"))
        checks: list[tuple[tuple[str | int, ...], str]] = []
        for i in range(len(items(r, "site_visits"))):
            checks.append((("site_visits", i, "on"), "现场调研日期"))
        for i, prob in enumerate(items(r, "problems")):
            checks.append((("problems", i, "escalated_on"), "问题上报日期"))
            for j, _ in enumerate(items(prob, "escalations")):
                checks.append((("problems", i, "escalations", j, "on"), "提级协调日期"))
        for at, what in checks:
            when = to_date(get(r, *at))
            if submitted and when and when > submitted:
                yield flag("date-after-submission", f, at,
                         f"{what} {when} 晚于这份月报的报送日期 {submitted}。"
                         "月报只记录报送前发生的事；之后的事请写在下个月的月报里。")
        verified_on = to_date(get(r, "verified", "on"))
        if submitted and verified_on and verified_on < submitted:
            yield flag("date-order", f, ("verified", "on"), f"核实日期 {verified_on} 早于报送日期 {submitted}。")
        for i, corr in enumerate(items(r, "corrections")):
            on = to_date(get(corr, "on"))
            if on and verified_on and on < verified_on:
                yield flag("date-order", f, ("corrections", i, "on"),
                         f"更正日期 {on} 早于核实日期 {verified_on}。核实之前的修改不需要更正记录。")
        for i, prob in enumerate(items(r, "problems")):
            escalated = to_date(get(prob, "escalated_on"))
            for key, what in (("answer", "答复日期"), ("closed", "销号日期")):
                on = to_date(get(prob, key, "on"))
                if escalated and on and on < escalated:
                    yield flag("date-order", f, ("problems", i, key, "on"), f"{what} {on} 早于上报日期 {escalated}。")


@rule("report-units", codes=("ref-unresolved", "unit-kind-wrong"))
def report_units(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """Who may do what: the inspection office verifies and registers receipt (稽察办进行核实汇总…登记); site
    visits are by the project's own units (责任单位、协办单位、所在县市); only the offices close problems."""
    unresolved = remembered(idx.unresolved)
    for _, f, r, p in _report_items(idx):
        for key, what in (("verified", "核实"), ("received", "收件登记")):
            by = get(r, key, "by")
            if by is None:
                continue
            message = unresolved("unit", by)
            if message:
                yield flag("ref-unresolved", f, (key, "by"), message)
            elif by in idx.units and idx.unit_kind(by) != "inspection_office":
                yield flag("unit-kind-wrong", f, (key, "by"),
                         f"{what}只能由稽察办（kind: inspection_office）完成，“{by}”不是稽察办。")
        responsible = {p.get("lead_unit"), *items(p, "co_units"), *idx.county_govs.get(p.get("county"), ())}
        for i, visit in enumerate(items(r, "site_visits")):
            by = get(visit, "by")
            if by is None:
                continue
            message = unresolved("unit", by)
            if message:
                yield flag("ref-unresolved", f, ("site_visits", i, "by"), message)
            elif by in idx.units and by not in responsible:
                yield flag("unit-kind-wrong", f, ("site_visits", i, "by"),
                         f"现场调研应由本项目的责任单位、协办单位或所在县市政府开展，“{by}”不在其中。")
        for i, prob in enumerate(items(r, "problems")):
            refs: list[tuple[str | int, ...]] = [
                ("escalated_to",), ("answer", "by"),
                *(("escalations", j, "to") for j in range(len(items(prob, "escalations")))),
            ]
            for at in refs:
                message = unresolved("unit_or_post", get(prob, *at))
                if message:
                    yield flag("ref-unresolved", f, ("problems", i, *at), message)
            closer = get(prob, "closed", "by")
            if closer is not None:
                message = unresolved("unit", closer)
                if message:
                    yield flag("ref-unresolved", f, ("problems", i, "closed", "by"), message)
                elif closer in idx.units and idx.unit_kind(closer) not in CLOSER_KINDS:
                    yield flag("unit-kind-wrong", f, ("problems", i, "closed", "by"),
                             f"问题销号只能由督查室、稽察办或重点项目办完成，“{closer}”不是。")
        for i, corr in enumerate(items(r, "corrections")):
            message = unresolved("unit", get(corr, "by"))
            if message:
                yield flag("ref-unresolved", f, ("corrections", i, "by"), message)


@rule("report-problems-shape", codes=("id-duplicate", "problem-escalation-incomplete"))
def report_problems_shape(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """A problem's id is unique in its report; an answer needs an escalation (有关部门应于接到报送问题的4个工作日内…作出明确答复)."""
    for _, f, r, _proj in _report_items(idx):
        seen: dict[str, int] = {}
        for i, prob in enumerate(items(r, "problems")):
            pid = get(prob, "id")
            if isinstance(pid, str):
                if pid in seen:
                    yield flag("id-duplicate", f, ("problems", i, "id"),
                             f"问题编号“{pid}”在本月报中重复（第一次在第 {seen[pid]} 行）。每个问题用不同的编号。")
                else:
                    seen[pid] = f.line("problems", i, "id")
            # escalated_to and escalated_on come together (the schema says so); an answer needs them
            if get(prob, "answer") is not None and get(prob, "escalated_to") is None:
                yield flag("problem-escalation-incomplete", f, ("problems", i, "answer"),
                         f"问题“{pid}”有答复但没有上报记录。请填写 escalated_to 和 escalated_on。")


def _previous_month(period: str) -> str:
    year, month = int(period[:4]), int(period[5:7])
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


_YTD = ((("investment", "year_to_date"), "本年累计完成投资"), (("funds", "year_to_date"), "本年资金到位"))


@rule("report-figures", codes=("report-month-exceeds-ytd", "report-ytd-decreased", "report-ytd-sum"))
def report_figures(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """Month ≤ year-to-date; year-to-date never falls within a year; YTD(M) − YTD(M−1) − month(M) within 0.5."""
    for project_id, by_period in idx.reports.items():
        prev: tuple[str, dict[str, Any]] | None = None
        for period in sorted(by_period):
            f, r = by_period[period]
            month, ytd = money(get(r, "investment", "month")), money(get(r, "investment", "year_to_date"))
            if month is not None and ytd is not None and month > ytd:
                yield flag("report-month-exceeds-ytd", f, ("investment", "month"),
                         f"本月完成投资 {month} 万元大于本年累计 {ytd} 万元。本年累计应包含本月。")
            if prev is not None and prev[0][:4] != period[:4]:
                prev = None  # a new year starts from zero
            if prev is not None:
                prev_period, pr = prev
                for at, what in _YTD:
                    now, before = money(get(r, *at)), money(effective(pr, *at))
                    if now is not None and before is not None and now < before:
                        yield flag("report-ytd-decreased", f, at,
                                 f"{what} {now} 万元低于 {prev_period} 的 {before} 万元。累计数不会减少；"
                                 f"如果 {prev_period} 的数字有误，请按更正程序修改那份月报。")
                before = money(effective(pr, "investment", "year_to_date"))
                if prev_period == _previous_month(period) and None not in (ytd, before, month):
                    assert ytd is not None and before is not None and month is not None
                    gap = ytd - before - month
                    reported = money(get(pr, "investment", "year_to_date"))
                    if abs(gap) > SUM_TOLERANCE and reported is not None and reported != before \
                            and abs(ytd - reported - month) <= SUM_TOLERANCE:
                        # built on the reported figure: the 核减 would vanish; metrics carry it on meanwhile
                        yield flag("report-ytd-sum", f, ("investment", "year_to_date"),
                                   f"上月（{prev_period}）的本年累计经稽察办核减为 {before} 万元（报送 {reported} 万元），"
                                   f"本月却在报送数上累加。本月的本年累计应为 {before} + {month} = {before + month} 万元；"
                                   "统计时按核减后的数字计算。")
                    elif abs(gap) > SUM_TOLERANCE:
                        yield flag("report-ytd-sum", f, ("investment", "year_to_date"),
                                   f"本年累计 {ytd} − 上月累计 {before} − 本月完成 {month} = {gap} 万元，对不上。"
                                   "请核对这三个数字（上月经核减的以核减后为准）。")
            prev = (period, r)
        del project_id


UNIT_SLIP = 2000  # 亿元 for 万元 is 10,000 times off; anything past 2,000 times is worth a second look


@rule("report-ytd-equals-month", codes=("report-ytd-equals-month",))
def report_ytd_equals_month(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """本年累计 is January to this month: once an earlier month of the year has reported investment, a
    year-to-date equal to the month's figure is the month copied twice."""
    for by_period in idx.reports.values():
        before: Decimal | None = None
        before_year = ""
        for period in sorted(by_period):
            f, r = by_period[period]
            if period[:4] != before_year:
                before = None
            month, ytd = money(get(r, "investment", "month")), money(get(r, "investment", "year_to_date"))
            if before and month and ytd == month:
                yield flag("report-ytd-equals-month", f, ("investment", "year_to_date"),
                         f"本年累计完成投资（year_to_date）与本月完成投资（month）都是 {ytd} 万元，但之前月份已累计 "
                         f"{before} 万元。本年累计是 1 月至本月的合计，应约为 {before} + {month} = {before + month}。")
            standing = money(effective(r, "investment", "year_to_date"))
            if standing is not None:
                before, before_year = standing, period[:4]


def _median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


@rule("money-unit", codes=("money-unit-suspect",))
def money_unit(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """Money is in 万元 (DATA-MODEL). A month's investment thousands of times off the project's other months,
    or an annual plan thousands of times its total investment, was typed in 亿元 or in 元."""
    for _, by_period in idx.reports.items():
        months = {period: v for period, (_, r) in by_period.items()
                  if (v := money(get(r, "investment", "month"))) is not None and v > 0}
        if len(months) < 3:
            continue
        typical = _median(list(months.values()))
        for period, value in months.items():
            f, _ = by_period[period]
            if value * UNIT_SLIP <= typical:
                yield flag("money-unit-suspect", f, ("investment", "month"),
                         f"本月完成投资 {value} 万元，只有本项目各月（中位数 {typical} 万元）的几千分之一。"
                         f"是不是按亿元填写了？金额单位是万元：{value} 亿元应写成 {value * 10000}。")
            elif value >= typical * UNIT_SLIP:
                yield flag("money-unit-suspect", f, ("investment", "month"),
                         f"本月完成投资 {value} 万元，是本项目各月（中位数 {typical} 万元）的几千倍。"
                         f"是不是按元填写了？金额单位是万元：{value} 元应写成 {value / 10000}。")
    for f, p in idx.projects.values():
        total, annual = money(p.get("total_investment")), money(get(p, "annual", "investment"))
        if total and annual and total > 0 and total * 100 <= annual:  # a year's plan is never a hundred times the whole
            yield flag("money-unit-suspect", f, ("total_investment",),
                     f"总投资 {total} 万元，只有年度计划投资 {annual} 万元的几千分之一。是不是按亿元填写了？"
                     f"金额单位是万元：{total} 亿元应写成 {total * 10000}。")


_IMMUTABLE = ("escalated_to", "escalated_on", "answer", "closed")


@rule("report-problem-history", codes=("problem-dropped", "problem-history-changed"))
def report_problem_history(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """DATA-MODEL: an open problem reappears in every later report until closed, and once set, its
    escalation, answer and closure never change (the record the 4-working-day rule is judged on)."""
    for by_period in idx.reports.values():
        first_seen: dict[str, dict[str, tuple[Any, str]]] = {}
        prev: tuple[str, dict[str, Any]] | None = None
        for period in sorted(by_period):
            f, r = by_period[period]
            current = {get(pr, "id"): (i, pr) for i, pr in enumerate(items(r, "problems"))
                       if isinstance(get(pr, "id"), str)}
            if prev is not None:
                for i, old in enumerate(items(prev[1], "problems")):
                    pid = get(old, "id")
                    if isinstance(pid, str) and get(old, "closed") is None and pid not in current:
                        yield flag("problem-dropped", f, ("problems",) if "problems" in r else (),
                                 f"{prev[0]} 月报中未销号的问题“{pid}”在本月报中不见了。未销号的问题要继续列出"
                                 "（编号不变），直到督查室、稽察办或重点项目办销号。")
                        del i
            for pid, (i, pr) in current.items():
                history = first_seen.setdefault(pid, {})
                for key in _IMMUTABLE:
                    value = get(pr, key)
                    if value is None:
                        if key in history:
                            yield flag("problem-history-changed", f, ("problems", i),
                                     f"问题“{pid}”的 {key} 在 {history[key][1]} 已经记录，本月报中却被删除。"
                                     "上报和答复记录一经填写不能删改。")
                        continue
                    if key not in history:
                        history[key] = (value, period)
                    elif history[key][0] != value:
                        yield flag("problem-history-changed", f, ("problems", i, key),
                                 f"问题“{pid}”的 {key} 与 {history[key][1]} 月报中的记录不同。"
                                 "上报、答复和销号记录一经填写不能改动；请恢复原来的内容。")
            prev = (period, r)


def _period_start(period: str) -> date:
    return date(int(period[:4]), int(period[5:7]), 1)


def _backdated(event: str, f: Any, at: tuple[str | int, ...], on: date, period: str,
               note: Any) -> Iterator[Finding]:
    """An event dated before the month of the report that first records it: an error, unless it carries
    an explanation (late_entry), which reviewers are shown as a warning."""
    if on >= _period_start(period):
        return
    if isinstance(note, str) and note.strip():
        yield flag("event-recorded-late", f, at,
                   f"{event} {on} 早于这份 {period} 月报所属的月份，是补录的以前的事。补录说明：{note.strip()}"
                   "。审核人请确认。")
    else:
        yield flag("event-backdated", f, at,
                   f"{event} {on} 早于这份 {period} 月报所属的月份，却第一次出现在这份月报里。以前发生的事应记在当时的月报里；"
                   "确需补录的，请在这一项下写 late_entry（补录说明），说明为什么当时没有记录。")


@rule("report-event-dates", codes=("event-backdated", "event-recorded-late", "event-contradicts-verified"))
def report_event_dates(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """History is written once: an answer, a closure or a site visit dated months earlier but first recorded
    in a later report would turn missed duties into met while the earlier report still says otherwise. An
    event is accepted when dated on or after the first day of the month of the report that first records it,
    or with an explanation shown to reviewers; one dated within the month of an earlier verified report that
    lists the problem without it contradicts that report, which needs a correction first.

    A continuing project's history includes the projects it continues (docs/design.md "Years"): an answer or
    closure last year's reports recorded, carried with its problem into this year's first report, is not
    first recorded there."""
    unreadable = {p for p, _ in idx.unread_reports}
    for project_id, by_period in idx.reports.items():
        lineage = idx.lineage(project_id)
        if any(p in unreadable for p in lineage):
            continue  # which report first records an event cannot be known while one of them is unreadable
        carried = _recorded_events(idx, lineage[:-1])
        first: dict[tuple[str, str], str] = {}  # (problem id, answer|closed) → period first recording it
        for period in sorted(by_period):
            f, r = by_period[period]
            for i, visit in enumerate(items(r, "site_visits")):
                on = to_date(get(visit, "on"))
                if on is not None:
                    yield from _backdated("现场调研日期", f, ("site_visits", i, "on"), on, period, get(visit, "late_entry"))
            for i, prob in enumerate(items(r, "problems")):
                pid = get(prob, "id")
                for key, event in (("answer", "答复日期"), ("closed", "销号日期")):
                    on = to_date(get(prob, key, "on"))
                    if not isinstance(pid, str) or on is None or (pid, key) in first:
                        continue
                    first[(pid, key)] = period
                    if carried.get((pid, key)) == on:
                        continue  # recorded last year: the same problem, carried on
                    yield from _backdated(event, f, ("problems", i, key, "on"), on, period, get(prob, key, "late_entry"))
                    yield from _contradicted(by_period, period, pid, key, on, f, ("problems", i, key, "on"))


def _recorded_events(idx: Index, projects: list[str]) -> dict[tuple[str, str], date]:
    """(problem id, answer|closed) → the date the reports of these projects (a continuing project's
    predecessors) first recorded for it."""
    out: dict[tuple[str, str], date] = {}
    for project_id in projects:
        by_period = idx.reports.get(project_id, {})
        for period in sorted(by_period):
            for prob in items(by_period[period][1], "problems"):
                for key in ("answer", "closed"):
                    on = to_date(get(prob, key, "on"))
                    if isinstance(get(prob, "id"), str) and on is not None:
                        out.setdefault((get(prob, "id"), key), on)
    return out


def _contradicted(by_period: dict[str, Any], period: str, pid: str, key: str, on: date, f: Any,
                  at: tuple[str | int, ...]) -> Iterator[Finding]:
    for earlier in sorted(p for p in by_period if p < period):
        _, q = by_period[earlier]
        submitted, last = to_date(q.get("submitted_on")), month_last_day(earlier)
        listed = next((p for p in items(q, "problems") if get(p, "id") == pid), None)
        # the earlier report speaks for its own month: an event after it is the next report's business
        if get(q, "verified") is None or submitted is None or last is None or on > last or listed is None:
            continue
        what = "答复" if key == "answer" else "销号"
        yield flag("event-contradicts-verified", f, at,
                   f"问题“{pid}”的{what}日期是 {on}，在 {earlier} 月报所属的月份内，但那份已核实的月报仍记为未{what}。"
                   f"请先按更正程序在 {earlier} 月报中补记这次{what}（登记 corrections），再改这里。")
        return


FUNDS_SLIP = 10  # funds in place ten times the investment (and the plan) were typed in another unit


@rule("report-plausible", codes=("ytd-exceeds-total", "funds-exceed-investment"))
def report_plausible(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """Money is in 万元: a year-to-date above the project's total investment, or funds in place far above both
    the investment and the plan, were most often typed in 元 or 亿元 or copied from another field."""
    for period, f, r, p in _report_items(idx):
        total, plan = money(p.get("total_investment")), money(get(p, "annual", "investment"))
        ytd, funds = money(get(r, "investment", "year_to_date")), money(get(r, "funds", "year_to_date"))
        # a total below the plan is itself the mistake (plan-exceeds-total, money-unit-suspect say so)
        if total and ytd is not None and ytd > total and not (plan is not None and total < plan):
            yield flag("ytd-exceeds-total", f, ("investment", "year_to_date"),
                       f"{period} 本年累计完成投资 {ytd} 万元超过项目总投资 {total} 万元。金额单位是万元，请核对是否按元填写"
                       f"（{ytd} 元应写成 {ytd / 10000}），或项目的总投资是否有误。")
        bound = max(ytd or Decimal(0), plan or Decimal(0))
        if funds is not None and bound > 0 and funds > bound * FUNDS_SLIP:
            yield flag("funds-exceed-investment", f, ("funds", "year_to_date"),
                       f"本年资金到位 {funds} 万元是本年累计完成投资和年度计划投资的 {FUNDS_SLIP} 倍以上。金额单位是万元，"
                       f"请核对是否按元填写（{funds} 元应写成 {funds / 10000}），或是否填成了总投资。")
