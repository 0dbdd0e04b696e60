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

@dataclass(frozen=True, slots=True)  # a province's circulars hold millions
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
class ProjectFacts:
    """What a project's deadlines are made of that does not depend on the as-of date, derived once."""

    owed: tuple[str, ...]  # every month the project owes a report and a site visit (model.owes_report)
    first_visit: dict[str, date]  # the earliest site visit within each month, from any of its reports
    cadence: tuple[tuple[date, date, bool], ...]  # runs of days without the contact the cadence asks: (first,
    # last, open) — open: no contact after it before the cadence span ends


class Facts:
    """The index's deadline facts, built once per index (`facts(idx)`) and read for every as-of date: the
    circulars judge the same instances twelve and more times."""

    def __init__(self, idx: Index) -> None:
        settings = idx.settings
        self.project_ids = sorted(idx.projects)
        self.held = sorted(((f, d, held) for f, d in idx.dispatches if (held := to_date(d.get("date"))) is not None),
                           key=lambda fdh: fdh[0].path)
        self.filed_briefings = {(get(b, "unit"), get(b, "period")): (f, b) for f, b in idx.briefings}
        self.shift_due = settings.shift_due
        self.upcoming_days = settings.upcoming_days
        urged, scheduled = _contacts(idx)
        self.projects: dict[str, ProjectFacts] = {}
        for pid in self.project_ids:
            _, p = idx.projects[pid]
            year = project_year(p)
            owed = tuple(period for month in range(1, 13)
                         if year is not None and owes_report(p, period := f"{year}-{month:02d}", settings))
            first_visit: dict[str, date] = {}
            for _, r in idx.reports.get(pid, {}).values():
                for v in (to_date(get(x, "on")) for x in items(r, "site_visits")):
                    if v is not None:
                        key = f"{v.year:04d}-{v.month:02d}"
                        if key not in first_visit or v < first_visit[key]:
                            first_visit[key] = v
            self.projects[pid] = ProjectFacts(owed, first_visit,
                                              cadence_runs(p, settings, urged.get(pid, set()), scheduled.get(pid, [])))
        self._leads: dict[date, list[str]] = {}

    def leads(self, idx: Index, last: date) -> list[str]:
        """The units leading a project listed on `last` (who owe a briefing for the period ending then)."""
        if last not in self._leads:
            self._leads[last] = sorted({str(p.get("lead_unit")) for pid in self.project_ids
                                        if (p := idx.projects[pid][1]).get("lead_unit") and is_listed(p, last)})
        return self._leads[last]


def facts(idx: Index) -> Facts:
    found = idx.derived.get("deadline-facts")
    if found is None:
        found = idx.derived["deadline-facts"] = Facts(idx)
    return found


@dataclass
class Context:
    idx: Index
    settings: Settings
    as_of: date
    findings: list[Finding] = field(default_factory=list)
    visible: list[date] | None = None  # the template pass (Schedule): the day each instance is first shown
    hidden: list[tuple[date, date] | None] = field(default_factory=list)  # …and when it is not shown again
    facts: Facts = field(init=False)

    def __post_init__(self) -> None:
        self.facts = facts(self.idx)
        self._month = f"{self.as_of.year:04d}-{self.as_of.month:02d}"

    def make(self, kind: str, ref: str, project: str | None, unit: str | None, due: date, done: date | None,
             where: DataFile, *at: str | int, shift: bool = True, visible: date = date.min,
             hidden: tuple[date, date] | None = None) -> Deadline:
        """The instance judged on the as-of date. `visible` is the first as-of date on which the rule yields
        it (a month is owed from its first day, a report is verified once submitted, a dispatch counts once
        held …); the rules' own checks decide, the Schedule reads it."""
        if shift and self.facts.shift_due:
            due = self.settings.calendar.next_workday(due)
        if self.visible is not None:
            self.visible.append(visible)
            self.hidden.append(hidden)
            return Deadline(kind, ref, project, unit, due, done, "", 0, where.path, where.line(*at), None)
        state, days, known = judge(due, done, self.as_of, self.facts.upcoming_days)
        # a lapse belongs to whoever held the post on its due day (not yet known: whoever holds it now)
        holder = (holder_on(self.idx.posts[unit], min(due, self.as_of)) or "空缺") if unit in self.idx.posts else None
        return Deadline(kind, ref, project, unit, due, known, state, days, where.path, where.line(*at), holder)

    def hides(self, window: tuple[date, date] | None) -> bool:
        """Whether the as-of date falls in a window in which an instance is not shown (after its first day,
        up to and including its last). The Schedule's pass shows everything and records the window."""
        return window is not None and self.visible is None and window[0] < self.as_of <= window[1]

    def projects(self) -> Iterator[tuple[str, DataFile, dict[str, Any]]]:
        for pid in self.facts.project_ids:
            f, p = self.idx.projects[pid]
            yield pid, f, p

    def owed_months(self, pid: str) -> list[str]:
        """Months whose report (and site visit) the project owes (model.owes_report), up to the as-of month."""
        return [period for period in self.facts.projects[pid].owed if period <= self._month]

    def year_of(self, p: dict[str, Any]) -> int:
        year = project_year(p)
        return year if year is not None else self.settings.year

    def in_year(self, p: dict[str, Any], day: date) -> bool:
        """A duty of this year's list: on or after the notice, by the end of the project's year (the duties the
        notice places in the next year — December's report, the FY briefing, answers — are due from the year's
        own events, not from here)."""
        year = self.year_of(p)
        return notice_day(self.settings, year) <= day <= date(year, 12, 31)

    def held_dispatches(self) -> Iterator[tuple[DataFile, dict[str, Any], date]]:
        """Dispatches held on or before the as-of date, by file, with the day each was held."""
        for f, d, held in self.facts.held:
            if held <= self.as_of:
                yield f, d, held

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


def _month_start(period: str) -> date:
    return date(int(period[:4]), int(period[5:7]), 1)


@rule("report")
def report(ctx: Context) -> Iterator[Deadline]:
    """通知四(一)：各责任部门…在每月8日前将上月的进展情况报州重点项目稽察办和州重点项目办。"""
    day = ctx.settings.number("deadlines", "report_day")
    for pid, pf, p in ctx.projects():
        reports = ctx.idx.reports.get(pid, {})
        for period in ctx.owed_months(pid):
            due, owed = _next_month_day(period, day), _month_start(period)
            if period in reports:
                rf, r = reports[period]
                yield ctx.make("report", period, pid, p.get("lead_unit"), due, to_date(r.get("submitted_on")),
                               rf, "submitted_on", visible=owed)
            else:
                yield ctx.make("report", period, pid, p.get("lead_unit"), due, None, pf, "lead_unit", visible=owed)


@rule("verification")
def verification(ctx: Context) -> Iterator[Deadline]:
    """通知四(一)：由稽察办进行核实汇总后，于每月12日前报州政府领导和州政府督查室、州重点项目办。
    The notice is silent on a report that arrives after the 12th: the office then has
    config.deadlines.verification_working_days working days from its receipt (it cannot verify what it has
    not received)."""
    day = ctx.settings.number("deadlines", "verification_day")
    grace = ctx.settings.number("deadlines", "verification_working_days")
    office = ctx.idx.office("inspection_office")
    for pid, _, _p in ctx.projects():
        reports = ctx.idx.reports.get(pid, {})
        for period in ctx.owed_months(pid):
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
                           shift=shift, visible=max(_month_start(period), submitted))


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
    filed = ctx.facts.filed_briefings
    units_file = ctx.idx.org_files.get("units")
    for part, last in (("Q1", date(year, 3, 31)), ("Q2", date(year, 6, 30)), ("Q3", date(year, 9, 30)),
                       ("FY", date(year, 12, 31))):
        period = f"{year}-{part}"
        due = briefing_due(ctx.settings, period)
        near = due - timedelta(days=ctx.settings.upcoming_days)
        if near > ctx.as_of and last > ctx.as_of:
            continue  # a period not yet ended and not yet near its due day
        shown = min(near, last)
        for unit in ctx.facts.leads(ctx.idx, last):
            if (unit, period) in filed:
                bf, b = filed[(unit, period)]
                yield ctx.make("briefing", period, None, unit, due, to_date(b.get("submitted_on")), bf, "submitted_on",
                               visible=shown)
            elif units_file is not None:
                index = next((i for i, u in enumerate(units_file.data or []) if get(u, "id") == unit), 0)
                yield ctx.make("briefing", period, None, unit, due, None, units_file, index, visible=shown)


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
                           shift=False, visible=rec.escalated_on)


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
                           "problems", i, "answer", "promised_by", visible=answered)


@rule("decision")
def decision(ctx: Context) -> Iterator[Deadline]:
    """通知四(二)：州政府督查室要…对州人民政府议定的重大协调意见及时备案与跟踪督查。"""
    for f, d, held in ctx.held_dispatches():
        project = next(iter(items(d, "projects")), None)
        for i, dec in enumerate(items(d, "decisions")):
            due = to_date(get(dec, "due"))
            if due is None or not isinstance(get(dec, "id"), str):
                continue
            yield ctx.make("decision", item_ref(f, dec["id"]), project, get(dec, "unit"), due,
                           to_date(get(dec, "done_on")), f, "decisions", i, visible=held)


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


def _contacts(idx: Index) -> tuple[dict[str, set[date]], dict[str, list[date]]]:
    """Per project: the days an urging log (its span) or any dispatch (its day) covers; the days of the
    scheduling and coordination dispatches listing it, sorted."""
    urged: dict[str, set[date]] = {}
    scheduled: dict[str, list[date]] = {}
    for _, d in idx.dispatches:
        held = to_date(d.get("date"))
        if held is None:
            continue
        span = covered_days(d) if d.get("kind") == "urging" else [held]
        for pid in items(d, "projects"):
            urged.setdefault(pid, set()).update(span)
            if d.get("kind") in ("scheduling", "coordination"):
                scheduled.setdefault(pid, []).append(held)
    return urged, {pid: sorted(set(days)) for pid, days in scheduled.items()}


def cadence_runs(p: dict[str, Any], settings: Settings, urged: set[date], contacts: list[date]) -> \
        tuple[tuple[date, date, bool], ...]:
    """The maximal runs of uncovered days over the whole cadence span (docs/design.md "Cadence"), computed
    state by state rather than day by day: the states follow one another in a fixed order (daily urging,
    about to start, started), the first day of an interval state counts as contacted the day before, so
    every run ends before a state changes. `open` marks a run reaching the end of the span."""
    category = p.get("category")
    if category not in ("new_start", "under_construction"):
        return ()
    year: int = project_year(p) or settings.year
    entered = to_date(p.get("entered_on")) or date(year, 1, 1)
    exited = to_date(get(p, "exited", "on"))
    first, last = max(entered, notice_day(settings, year)), date(year, 12, 31)
    if exited is not None:
        last = min(last, exited - timedelta(days=1))
    if first > last:
        return ()
    started = to_date(get(p, "dates", "start", "actual"))
    planned = to_date(get(p, "dates", "start", "planned"))
    about_from = planned - timedelta(days=settings.number("cadence", "about_to_start_days")) \
        if planned is not None else None
    intervals = {"about": settings.number("cadence", "about_to_start_interval_days"),
                 "started": settings.number("cadence", "started_interval_days")}
    one = timedelta(days=1)
    segments = []  # (state, first day, last day), in the only order states can follow one another
    daily_end = min([last, *(d - one for d in (about_from, started) if d is not None)])
    if first <= daily_end:
        segments.append(("daily", first, daily_end))
    if about_from is not None:
        begin, end = max(first, about_from), min(last, started - one) if started is not None else last
        if begin <= end:
            segments.append(("about", begin, end))
    if started is not None and max(first, started) <= last:
        segments.append(("started", max(first, started), last))
    runs: list[tuple[date, date, bool]] = []
    for state, begin, end in segments:
        found: list[tuple[date, date]] = []
        if state == "daily":
            before = begin - one
            for day in sorted(d for d in urged if begin <= d <= end):
                if day > before + one:
                    found.append((before + one, day - one))
                before = day
            if before < end:
                found.append((before + one, end))
        else:
            gap = timedelta(days=intervals[state])
            points = [begin - one, *(c for c in contacts if begin <= c <= end)]
            for k, point in enumerate(points):
                nxt = points[k + 1] if k + 1 < len(points) else end + one
                if point + gap <= nxt - one:
                    found.append((point + gap, nxt - one))
        runs.extend((a, b, b >= last) for a, b in found)
    return tuple(runs)


@rule("cadence")
def cadence(ctx: Context) -> Iterator[Deadline]:
    """通知四(三)：做到未动工项目天天促，即将动工项目十天一调度，已动工项目一月一调度。
    See docs/design.md "Cadence" for the exact day-by-day rule and its grace on each change of state; the
    runs are derived once per index (`cadence_runs`), and a run still open on the as-of date is missed."""
    for pid, pf, p in ctx.projects():
        for first, last, is_open in ctx.facts.projects[pid].cadence:
            if first > ctx.as_of:
                break
            done = None if is_open or last + timedelta(days=1) > ctx.as_of else last + timedelta(days=1)
            yield ctx.make("cadence", f"cadence-{first.isoformat()}", pid, p.get("lead_unit"), first, done, pf,
                           "category", shift=False, visible=first)


@rule("site-visit")
def site_visit(ctx: Context) -> Iterator[Deadline]:
    """通知三：州、县市各职能和责任部门…每月开展1次项目现场调研。"""
    report_day = ctx.settings.number("deadlines", "report_day")
    for pid, pf, p in ctx.projects():
        reports = ctx.idx.reports.get(pid, {})
        first_visit = ctx.facts.projects[pid].first_visit
        for period in ctx.owed_months(pid):
            last = month_last_day(period)
            assert last is not None
            # the month's visits are known from its report: while it is not filed, not judged between the
            # month's end and the report's due day
            hidden = (last, _next_month_day(period, report_day)) if period not in reports else None
            if ctx.hides(hidden):
                continue
            where, at = (reports[period][0], ("site_visits",)) if period in reports else (pf, ("lead_unit",))
            yield ctx.make("site-visit", period, pid, p.get("lead_unit"), last, first_visit.get(period),
                           where, *at, shift=False, visible=_month_start(period), hidden=hidden)


@rule("finding")
def inspection_finding(ctx: Context) -> Iterator[Deadline]:
    """通知四(二)：对重点项目的质量、进度、投资、安全、廉政等进行全面实时督查…确保每项推进措施真正落实到位。"""
    for f, d, held in ctx.held_dispatches():
        for i, fnd in enumerate(items(d, "findings")):
            due, pid = to_date(get(fnd, "rectify_by")), get(fnd, "project")
            if due is None or not isinstance(get(fnd, "id"), str):
                continue
            entry = ctx.idx.projects.get(pid) if isinstance(pid, str) else None
            unit = entry[1].get("lead_unit") if entry else None
            yield ctx.make("finding", item_ref(f, fnd["id"]), pid, unit, due, to_date(get(fnd, "rectified_on")),
                           f, "findings", i, visible=held)


@dataclass
class DeadlineResult:
    as_of: date
    deadlines: list[Deadline]
    findings: list[Finding]


def compute_direct(idx: Index, as_of: date) -> DeadlineResult:
    """Every deadline instance of the repository on `as_of`, each rule run on that date (the reference the
    Schedule is tested against, and what runs when the calendar lacks a year)."""
    ctx = Context(idx, idx.settings, as_of)
    out: list[Deadline] = []
    for kind in KINDS:
        try:
            out.extend(RULES[kind](ctx))
        except CalendarGap as gap:
            ctx.findings.append(emit("calendar-year-missing", "data/config.yaml", 1, gap.message()))
    out.sort(key=_order)
    unique = sorted(set(ctx.findings), key=lambda p: p.message)
    return DeadlineResult(as_of, out, unique)


def _order(d: Deadline) -> tuple[str, str, str, str]:
    return d.kind, d.project or "", d.ref, d.unit or ""


class Schedule:
    """Every instance of the year once, with the day it is first shown: the rules run one time with the
    latest possible as-of date (every check passes), and each as-of date then only judges the instances
    shown by it. An instance done (or due) by a date is judged the same on every later one, so its Deadline
    is made once and shared. The circulars judge the year a dozen times; this keeps each one linear in the
    instances shown, with no rule run again."""

    def __init__(self, idx: Index) -> None:
        ctx = Context(idx, idx.settings, date.max, visible=[])
        made: list[Deadline] = []
        for kind in KINDS:
            made.extend(RULES[kind](ctx))  # a CalendarGap propagates: the caller falls back to compute_direct
        if ctx.findings:
            raise CalendarGap(idx.settings.year)
        assert ctx.visible is not None and len(ctx.visible) == len(made) == len(ctx.hidden)
        order = sorted(range(len(made)), key=lambda i: _order(made[i]))  # stable: the direct run's order
        self.protos = [made[i] for i in order]
        self.visible = [ctx.visible[i] for i in order]
        self.hidden = [ctx.hidden[i] for i in order]
        self.posts = [idx.posts.get(d.unit) if d.unit is not None else None for d in self.protos]
        # from this day on the instance is judged the same: done and due both passed
        self.settled = [max(d.due, d.done_on) if d.done_on is not None else None for d in self.protos]
        self.final: list[Deadline | None] = [None] * len(self.protos)
        self.upcoming_days = ctx.facts.upcoming_days

    def at(self, as_of: date) -> DeadlineResult:
        out: list[Deadline] = []
        upcoming, posts, final = self.upcoming_days, self.posts, self.final
        for i, (d, shown, settled) in enumerate(zip(self.protos, self.visible, self.settled, strict=True)):
            hidden = self.hidden[i]
            if shown > as_of or (hidden is not None and hidden[0] < as_of <= hidden[1]):
                continue
            if settled is not None and settled <= as_of:
                made = final[i]
                if made is None:
                    made = final[i] = self._judged(d, as_of, upcoming, posts[i])
                out.append(made)
            else:
                out.append(self._judged(d, as_of, upcoming, posts[i]))
        return DeadlineResult(as_of, out, [])

    @staticmethod
    def _judged(d: Deadline, as_of: date, upcoming: int, post: dict[str, Any] | None) -> Deadline:
        state, days, known = judge(d.due, d.done_on, as_of, upcoming)
        holder = (holder_on(post, min(d.due, as_of)) or "空缺") if post is not None else None
        return Deadline(d.kind, d.ref, d.project, d.unit, d.due, known, state, days, d.path, d.line, holder)


def schedule(idx: Index) -> Schedule | None:
    """The index's Schedule, built on first use; None when a calendar year is missing (then every as-of date
    runs the rules directly, and says which year is missing)."""
    if "deadline-schedule" not in idx.derived:
        try:
            idx.derived["deadline-schedule"] = Schedule(idx)
        except CalendarGap:
            idx.derived["deadline-schedule"] = None
    found: Schedule | None = idx.derived["deadline-schedule"]
    return found


def compute(idx: Index, as_of: date) -> DeadlineResult:
    """Every deadline instance of the repository on `as_of` (the same as compute_direct, from the Schedule)."""
    found = schedule(idx)
    return found.at(as_of) if found is not None else compute_direct(idx, as_of)
