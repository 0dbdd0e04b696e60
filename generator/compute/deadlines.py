"""Stage 3a — deadlines: every duty the notice sets, as instances judged on the as-of date.

One small rule per kind of DATA-MODEL.md's table, registered by kind; each docstring cites the clause of
the notice it enforces, and every number comes from config (generator.core.settings). A fact dated after the
as-of date is not known on it, so `build --as-of D` shows what could be known on D.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from generator.core.codes import emitter
from generator.core.findings import Finding
from generator.core.settings import Settings
from generator.core.workdays import CalendarGap
from generator.loading.files import DataFile
from generator.model import (
    Index,
    covered_days,
    get,
    holder_on,
    is_listed,
    item_ref,
    items,
    month_last_day,
    notice_day,
    owes_report,
    project_year,
    to_date,
)

emit = emitter("compute.deadlines", codes=("calendar-year-missing",))


STATES = ("met", "met_late", "missed", "upcoming", "not_due")
KINDS = ("report", "verification", "action-plan", "briefing", "answer", "promise", "decision", "milestone",
         "start", "completion", "production", "cadence", "site-visit", "finding")

@dataclass(frozen=True)
class Deadline:
    kind: str
    ref: str
    project: str | None
    unit: str | None  # accountable unit or leader post
    due: date
    done_on: date | None  # as known on the as-of date
    state: str
    days: int  # days late: C − D for met_late, A − D for missed; 0 otherwise
    path: str
    line: int
    holder: str | None = None  # for a leader post: who held it on the due day (空缺 when vacant)

    @property
    def anomaly(self) -> bool:
        return self.state in ("missed", "met_late")

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "ref": self.ref, "project": self.project, "unit": self.unit,
            "due": self.due.isoformat(), "done_on": self.done_on.isoformat() if self.done_on else None,
            "state": self.state, "days": self.days, "path": self.path, "line": self.line, "holder": self.holder,
        }


def judge(due: date, done: date | None, as_of: date, upcoming_days: int) -> tuple[str, int, date | None]:
    """(state, days, done as known on as_of) — docs/design.md "Deadline semantics"."""
    if done is not None and done > as_of:
        done = None
    if done is not None:
        return ("met", 0, done) if done <= due else ("met_late", (done - due).days, done)
    if as_of > due:
        return "missed", (as_of - due).days, None
    if (due - as_of).days <= upcoming_days:
        return "upcoming", 0, None
    return "not_due", 0, None


@dataclass
class Context:
    idx: Index
    settings: Settings
    as_of: date
    findings: list[Finding] = field(default_factory=list)

    def make(self, kind: str, ref: str, project: str | None, unit: str | None, due: date, done: date | None,
             where: DataFile, *at: str | int, shift: bool = True) -> Deadline:
        if shift and self.settings.shift_due:
            due = self.settings.calendar.next_workday(due)
        state, days, known = judge(due, done, self.as_of, self.settings.upcoming_days)
        # a lapse belongs to whoever held the post on its due day (not yet known: whoever holds it now)
        holder = (holder_on(self.idx.posts[unit], min(due, self.as_of)) or "空缺") if unit in self.idx.posts else None
        return Deadline(kind, ref, project, unit, due, known, state, days, where.path, where.line(*at), holder)

    def projects(self) -> Iterator[tuple[str, DataFile, dict[str, Any]]]:
        for pid in sorted(self.idx.projects):
            f, p = self.idx.projects[pid]
            yield pid, f, p

    def owed_months(self, p: dict[str, Any]) -> list[str]:
        """Months whose report (and site visit) the project owes (model.owes_report), up to the as-of month."""
        year = project_year(p)
        if year is None:
            return []
        return [period for month in range(1, 13) if date(year, month, 1) <= self.as_of
                and owes_report(p, period := f"{year}-{month:02d}", self.settings)]

    def year_of(self, p: dict[str, Any]) -> int:
        year = project_year(p)
        return year if year is not None else self.settings.year

    def in_year(self, p: dict[str, Any], day: date) -> bool:
        """A duty of this year's list: on or after the notice, by the end of the project's year (the duties the
        notice places in the next year — December's report, the FY briefing, answers — are due from the year's
        own events, not from here)."""
        year = self.year_of(p)
        return notice_day(self.settings, year) <= day <= date(year, 12, 31)

    def held_dispatches(self) -> Iterator[tuple[DataFile, dict[str, Any]]]:
        """Dispatches held on or before the as-of date, by file."""
        for f, d in sorted(self.idx.dispatches, key=lambda fd: fd[0].path):
            held = to_date(d.get("date"))
            if held is not None and held <= self.as_of:
                yield f, d

    def listed_on(self, p: dict[str, Any], day: date) -> bool:
        return is_listed(p, day)


Rule = Callable[[Context], Iterator[Deadline]]
RULES: dict[str, Rule] = {}


def rule(kind: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[kind] = fn
        return fn

    return register


def _next_month_day(period: str, day: int) -> date:
    year, month = int(period[:4]), int(period[5:7])
    return date(year + (month == 12), month % 12 + 1, day)


@rule("report")
def report(ctx: Context) -> Iterator[Deadline]:
    """通知四(一)：各责任部门…在每月8日前将上月的进展情况报州重点项目稽察办和州重点项目办。"""
    day = ctx.settings.number("deadlines", "report_day")
    for pid, pf, p in ctx.projects():
        reports = ctx.idx.reports.get(pid, {})
        for period in ctx.owed_months(p):
            due = _next_month_day(period, day)
            if period in reports:
                rf, r = reports[period]
                yield ctx.make("report", period, pid, p.get("lead_unit"), due, to_date(r.get("submitted_on")),
                               rf, "submitted_on")
            else:
                yield ctx.make("report", period, pid, p.get("lead_unit"), due, None, pf, "lead_unit")


@rule("verification")
def verification(ctx: Context) -> Iterator[Deadline]:
    """通知四(一)：由稽察办进行核实汇总后，于每月12日前报州政府领导和州政府督查室、州重点项目办。
    The notice is silent on a report that arrives after the 12th: the office then has
    config.deadlines.verification_working_days working days from its receipt (it cannot verify what it has
    not received)."""
    day = ctx.settings.number("deadlines", "verification_day")
    grace = ctx.settings.number("deadlines", "verification_working_days")
    office = ctx.idx.office("inspection_office")
    for pid, _, p in ctx.projects():
        reports = ctx.idx.reports.get(pid, {})
        for period in ctx.owed_months(p):
            if period not in reports:
                continue
            rf, r = reports[period]
            submitted = to_date(r.get("submitted_on"))
            if submitted is None or submitted > ctx.as_of:
                continue
            unit = get(r, "verified", "by") or office
            at = ("verified", "on") if get(r, "verified") else ("submitted_on",)
            due, shift = _next_month_day(period, day), True
            if ctx.settings.shift_due:
                due = ctx.settings.calendar.next_workday(due)
            if submitted >= due:  # arrived on or after the day: working days from receipt
                due, shift = ctx.settings.calendar.add_workdays(submitted, grace), False
            yield ctx.make("verification", period, pid, unit, due, to_date(get(r, "verified", "on")), rf, *at,
                           shift=shift)


@rule("action-plan")
def action_plan(ctx: Context) -> Iterator[Deadline]:
    """通知四(一)：由责任单位负责在2015年2月16日前按照“五个一”责任机制制定项目推进行动方案。
    Every project owes one: those listed when the notice was issued by config.deadlines.action_plan, a later
    entrant config.deadlines.action_plan_working_days working days after its entered_on (the notice is
    silent on entrants). A project file cannot move the date."""
    md = str(ctx.settings.get("deadlines", "action_plan"))
    grace = ctx.settings.number("deadlines", "action_plan_working_days")
    for pid, pf, p in ctx.projects():
        year = ctx.year_of(p)
        entered = to_date(p.get("entered_on")) or date(year, 1, 1)
        if entered <= notice_day(ctx.settings, year):
            due, shift = date(year, int(md[:2]), int(md[3:5])), True
        else:
            due, shift = ctx.settings.calendar.add_workdays(entered, grace), False
        if not ctx.listed_on(p, due) and not ctx.listed_on(p, entered):
            continue
        at = ("action_plan", "submitted_on") if get(p, "action_plan", "submitted_on") else ("lead_unit",)
        yield ctx.make("action-plan", "action-plan", pid, p.get("lead_unit"), due,
                       to_date(get(p, "action_plan", "submitted_on")), pf, *at, shift=shift)


def briefing_due(settings: Settings, period: str) -> date:
    year, part = int(period[:4]), period[5:]
    month_day = str(settings.get("deadlines", "briefings", part))
    month, day = int(month_day[:2]), int(month_day[3:5])
    return date(year + 1 if part == "FY" else year, month, day)


@rule("briefing")
def briefing(ctx: Context) -> Iterator[Deadline]:
    """通知四(一)：各责任单位于4月15日、7月15日、10月15日前专题向州人民政府作书面报告，次年1月10日前综合报告
    各项工作年度目标任务完成情况。Owed by every unit leading a project listed on the period's last day."""
    year = ctx.settings.year
    filed = {(get(b, "unit"), get(b, "period")): (f, b) for f, b in ctx.idx.briefings}
    units_file = ctx.idx.org_files.get("units")
    for part, last in (("Q1", date(year, 3, 31)), ("Q2", date(year, 6, 30)), ("Q3", date(year, 9, 30)),
                       ("FY", date(year, 12, 31))):
        period = f"{year}-{part}"
        due = briefing_due(ctx.settings, period)
        if due - timedelta(days=ctx.settings.upcoming_days) > ctx.as_of and last > ctx.as_of:
            continue  # a period not yet ended and not yet near its due day
        leads = sorted({str(p.get("lead_unit")) for _, _, p in ctx.projects()
                        if p.get("lead_unit") and ctx.listed_on(p, last)})
        for unit in leads:
            if (unit, period) in filed:
                bf, b = filed[(unit, period)]
                yield ctx.make("briefing", period, None, unit, due, to_date(b.get("submitted_on")), bf, "submitted_on")
            elif units_file is not None:
                index = next((i for i, u in enumerate(units_file.data or []) if get(u, "id") == unit), 0)
                yield ctx.make("briefing", period, None, unit, due, None, units_file, index)


@rule("answer")
def answer(ctx: Context) -> Iterator[Deadline]:
    """通知四(三)：有关部门应于接到报送问题的4个工作日内，就有关问题的解决思路和时限等作出明确答复。"""
    n = ctx.settings.number("deadlines", "answer_working_days")
    for pid, _, p in ctx.projects():
        for ident, rec in sorted(ctx.idx.problem_records(pid).items()):
            if rec.escalated_on is None or rec.escalated_at is None or rec.escalated_on > ctx.as_of:
                continue
            try:
                due = ctx.settings.calendar.add_workdays(rec.escalated_on, n)
            except CalendarGap as gap:
                ctx.findings.append(emit("calendar-year-missing", "data/config.yaml", 1, gap.message()))
                continue
            if not ctx.listed_on(p, due):
                continue
            rf, i = rec.escalated_at
            # closing a problem ends its answer duty: on time if closed within the window, else late up to then
            answered = to_date(get(rec.answer, "on")) if rec.answer else None
            done = min((d for d in (answered, rec.closed_on) if d is not None), default=None)
            yield ctx.make("answer", ident, pid, rec.escalated_to, due, done, rf, "problems", i, "escalated_on",
                           shift=False)


@rule("promise")
def promise(ctx: Context) -> Iterator[Deadline]:
    """通知四(三)：答复须明确解决思路和时限 — an answered problem still open after `promised_by` is overdue."""
    for pid, _, p in ctx.projects():
        for ident, rec in sorted(ctx.idx.problem_records(pid).items()):
            due = to_date(get(rec.answer, "promised_by")) if rec.answer else None
            answered = to_date(get(rec.answer, "on")) if rec.answer else None
            if due is None or rec.answer_at is None or answered is None or answered > ctx.as_of \
                    or not ctx.listed_on(p, due):
                continue
            rf, i = rec.answer_at
            yield ctx.make("promise", ident, pid, rec.escalated_to, due, rec.closed_on, rf,
                           "problems", i, "answer", "promised_by")


@rule("decision")
def decision(ctx: Context) -> Iterator[Deadline]:
    """通知四(二)：州政府督查室要…对州人民政府议定的重大协调意见及时备案与跟踪督查。"""
    for f, d in ctx.held_dispatches():
        project = next(iter(items(d, "projects")), None)
        for i, dec in enumerate(items(d, "decisions")):
            due = to_date(get(dec, "due"))
            if due is None or not isinstance(get(dec, "id"), str):
                continue
            yield ctx.make("decision", item_ref(f, dec["id"]), project, get(dec, "unit"), due,
                           to_date(get(dec, "done_on")), f, "decisions", i)


@rule("milestone")
def milestone(ctx: Context) -> Iterator[Deadline]:
    """通知三：围绕建设计划安排，倒排进度推进落实（一个倒排工期计划）."""
    for pid, pf, p in ctx.projects():
        for i, m in enumerate(items(p, "annual", "milestones")):
            due = to_date(get(m, "due"))
            if due is None or not ctx.listed_on(p, due) or not ctx.in_year(p, due):
                continue
            yield ctx.make("milestone", str(get(m, "name")), pid, p.get("lead_unit"), due,
                           to_date(get(m, "done_on")), pf, "annual", "milestones", i)


def _dates_rule(which: str) -> Rule:
    def dates_rule(ctx: Context) -> Iterator[Deadline]:
        for pid, pf, p in ctx.projects():
            due = to_date(get(p, "dates", which, "planned"))
            if due is None or not ctx.listed_on(p, due) or not ctx.in_year(p, due):
                continue
            yield ctx.make(which, which, pid, p.get("lead_unit"), due, to_date(get(p, "dates", which, "actual")),
                           pf, "dates", which, "planned")

    dates_rule.__doc__ = f"通知三：明确重点项目开工、竣工、投产时限 — dates.{which}.planned against dates.{which}.actual."
    dates_rule.__name__ = f"{which}_rule"
    return dates_rule


for _which in ("start", "completion", "production"):
    rule(_which)(_dates_rule(_which))


@rule("cadence")
def cadence(ctx: Context) -> Iterator[Deadline]:
    """通知四(三)：做到未动工项目天天促，即将动工项目十天一调度，已动工项目一月一调度。
    See docs/design.md "Cadence" for the exact day-by-day rule and its grace on each change of state."""
    about_days = ctx.settings.number("cadence", "about_to_start_days")
    intervals = {"about": ctx.settings.number("cadence", "about_to_start_interval_days"),
                 "started": ctx.settings.number("cadence", "started_interval_days")}
    urged: dict[str, set[date]] = {}
    scheduled: dict[str, list[date]] = {}
    for _, d in ctx.idx.dispatches:
        held = to_date(d.get("date"))
        if held is None:
            continue
        span = covered_days(d) if d.get("kind") == "urging" else [held]
        for pid in items(d, "projects"):
            urged.setdefault(pid, set()).update(span)
            if d.get("kind") in ("scheduling", "coordination"):
                scheduled.setdefault(pid, []).append(held)
    for pid, pf, p in ctx.projects():
        if p.get("category") not in ("new_start", "under_construction"):
            continue
        entered = to_date(p.get("entered_on")) or date(ctx.year_of(p), 1, 1)
        exited = to_date(get(p, "exited", "on"))
        year = ctx.year_of(p)
        # from the notice to the end of the year: before it no cadence was asked for, after it a new list is
        day, last_day = max(entered, notice_day(ctx.settings, year)), min(ctx.as_of, date(year, 12, 31))
        if exited is not None:
            last_day = min(last_day, exited - timedelta(days=1))
        started = to_date(get(p, "dates", "start", "actual"))
        planned = to_date(get(p, "dates", "start", "planned"))
        contacts = sorted(scheduled.get(pid, []))
        state, virtual, run_start = "", day, None
        while day <= last_day:
            if started is not None and started <= day:
                now = "started"
            elif planned is not None and (planned - day).days <= about_days:
                now = "about"
            else:
                now = "daily"
            if now != state:
                state, virtual = now, day - timedelta(days=1)
            if state == "daily":
                covered = day in urged.get(pid, set())
            else:
                latest = max([virtual, *[c for c in contacts if c <= day]])
                covered = (day - latest).days < intervals[state]
            if not covered and run_start is None:
                run_start = day
            elif covered and run_start is not None:
                yield ctx.make("cadence", f"cadence-{run_start.isoformat()}", pid, p.get("lead_unit"), run_start,
                               day, pf, "category", shift=False)
                run_start = None
            day += timedelta(days=1)
        if run_start is not None:
            yield ctx.make("cadence", f"cadence-{run_start.isoformat()}", pid, p.get("lead_unit"), run_start,
                           None, pf, "category", shift=False)


@rule("site-visit")
def site_visit(ctx: Context) -> Iterator[Deadline]:
    """通知三：州、县市各职能和责任部门…每月开展1次项目现场调研。"""
    report_day = ctx.settings.number("deadlines", "report_day")
    for pid, pf, p in ctx.projects():
        reports = ctx.idx.reports.get(pid, {})
        visits: list[date] = []
        for _, r in reports.values():
            visits.extend(v for v in (to_date(get(x, "on")) for x in items(r, "site_visits")) if v)
        for period in ctx.owed_months(p):
            last = month_last_day(period)
            assert last is not None
            if period not in reports and last < ctx.as_of <= _next_month_day(period, report_day):
                continue  # the month's visits are known from its report: not judged before it is due

            in_month = sorted(v for v in visits if v.strftime("%Y-%m") == period)
            where, at = (reports[period][0], ("site_visits",)) if period in reports else (pf, ("lead_unit",))
            yield ctx.make("site-visit", period, pid, p.get("lead_unit"), last, in_month[0] if in_month else None,
                           where, *at, shift=False)


@rule("finding")
def inspection_finding(ctx: Context) -> Iterator[Deadline]:
    """通知四(二)：对重点项目的质量、进度、投资、安全、廉政等进行全面实时督查…确保每项推进措施真正落实到位。"""
    for f, d in ctx.held_dispatches():
        for i, fnd in enumerate(items(d, "findings")):
            due, pid = to_date(get(fnd, "rectify_by")), get(fnd, "project")
            if due is None or not isinstance(get(fnd, "id"), str):
                continue
            entry = ctx.idx.projects.get(pid) if isinstance(pid, str) else None
            unit = entry[1].get("lead_unit") if entry else None
            yield ctx.make("finding", item_ref(f, fnd["id"]), pid, unit, due, to_date(get(fnd, "rectified_on")),
                           f, "findings", i)


@dataclass
class DeadlineResult:
    as_of: date
    deadlines: list[Deadline]
    findings: list[Finding]


def compute(idx: Index, as_of: date) -> DeadlineResult:
    """Every deadline instance of the repository on `as_of`."""
    ctx = Context(idx, idx.settings, as_of)
    out: list[Deadline] = []
    for kind in KINDS:
        try:
            out.extend(RULES[kind](ctx))
        except CalendarGap as gap:
            ctx.findings.append(emit("calendar-year-missing", "data/config.yaml", 1, gap.message()))
    out.sort(key=lambda d: (d.kind, d.project or "", d.ref, d.unit or ""))
    unique = sorted(set(ctx.findings), key=lambda p: p.message)
    return DeadlineResult(as_of, out, unique)
