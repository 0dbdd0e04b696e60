"""Stage 3b — metrics: where every project stands on the as-of date, and the year-end assessment score.

Formulas (also on the methodology page, generated from the same settings):

- M: the latest month of the year whose report is due by as-of (the 8th of M+1 <= as-of);
- time progress 序时进度 = M / 12, or (M − e + 1) / (13 − e) for a project that entered in month e;
- completion 完成率 = year-to-date / annual.investment, verified adjusted (核减) figures winning;
- gap 差距 = time progress − completion, in percentage points;
- status: grey 未报送 when the latest owed report is missing; preliminary projects by their milestones
  alone; others red when gap > red_gap or a milestone is overdue by more than red_milestone_overdue_days,
  yellow when yellow_gap <= gap <= red_gap or a milestone is overdue, else green. A zero plan gives no
  rate ("n/a"), never 0 or infinity.

Rates are Decimal fractions (0.375 is 37.5%) or None for n/a.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator.compute.deadlines import Deadline, DeadlineResult, briefing_due
from generator.core.settings import Settings
from generator.labels import labels
from generator.model import (
    Index,
    effective,
    filed_by,
    get,
    holder_on,
    is_listed,
    items,
    known_on,
    money,
    month_last_day,
    owes_report,
    project_year,
    to_date,
)

HUNDRED = Decimal(100)


def rate(numerator: Decimal | int | None, denominator: Decimal | int | None) -> Decimal | None:
    """A fraction, or None (n/a) when the denominator is zero or unknown."""
    if numerator is None or denominator is None or Decimal(denominator) == 0:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def due_month(settings: Settings, as_of: date) -> int:
    """M: the latest month of the supervision year whose report was due (8th of the next month) before
    as-of; 0 before the first report falls due."""
    year, day = settings.year, settings.number("deadlines", "report_day")
    best = 0
    for month in range(1, 13):
        if f"{year}-{month:02d}" < settings.first_report_period:
            continue  # no report is owed for it (February's year-to-date covers January in 2015)
        due = date(year + (month == 12), month % 12 + 1, day)
        if settings.shift_due:
            due = settings.calendar.next_workday(due)
        if due < as_of:  # on the due day itself the report is not late yet
            best = month
    return best


@dataclass(slots=True)  # one per project in each circular: a province holds hundreds of thousands
class ProjectMetrics:
    id: str
    name: str
    category: str
    county: str | None
    lead_unit: str | None
    leader_post: str | None
    listed: bool
    annual_plan: Decimal | None
    latest_period: str | None  # the latest report used for the figures
    ytd_reported: Decimal | None
    ytd: Decimal | None  # effective: verified adjusted figure when there is one
    funds_ytd: Decimal | None
    time_progress: Decimal | None
    completion: Decimal | None
    funds_rate: Decimal | None
    gap_points: Decimal | None
    status: str
    reason: str
    milestones: dict[str, int] = field(default_factory=dict)
    monthly: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return _plain({f.name: getattr(self, f.name) for f in fields(self)})


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


SUM_TOLERANCE = Decimal("0.5")


RowInputs = tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None, bool, Any]


def _row_inputs(r: dict[str, Any]) -> RowInputs:
    """What a report contributes to its month's row: reported year-to-date and month, the adjusted year-to-date,
    the effective funds, whether it was adjusted, and when it was submitted."""
    return (money(get(r, "investment", "year_to_date")), money(get(r, "investment", "month")),
            money(get(r, "verified", "adjusted", "investment", "year_to_date")),
            money(effective(r, "funds", "year_to_date")), get(r, "verified", "result") == "adjusted",
            r.get("submitted_on"))


def monthly_rows(reports: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each month's figures as they stand. A verified adjustment (核减) sets that month's year-to-date; a later
    month built on the reported rather than the adjusted figure carries the cut on (reported − cut), so a 核减
    never silently vanishes; a month built on the adjusted figure (its year-to-date − its month equals the
    adjusted figure, within 0.5 万元) has absorbed it."""
    return _fold([(period, _row_inputs(reports[period])) for period in sorted(reports)])


def _fold(inputs: list[tuple[str, RowInputs]],
          shared: dict[tuple[Any, ...], tuple[dict[str, Any], Decimal]] | None = None) -> list[dict[str, Any]]:
    """The rows of `monthly_rows`. With `shared` (a project's memo), a row made from the same inputs after the
    same months is the same object: each circular's figures repeat every earlier month's row."""
    rows: list[dict[str, Any]] = []
    cut, before = Decimal(0), None  # the cut still to carry; the previous month's effective year-to-date
    for period, inputs_of_month in inputs:
        key = (period, inputs_of_month, cut, before)
        found = shared.get(key) if shared is not None else None
        if found is None:
            found = _row(period, inputs_of_month, cut, before)
            if shared is not None:
                shared[key] = found
        row, cut = found
        rows.append(row)
        before = row["ytd"]
    return rows


def _row(period: str, inputs: RowInputs, cut: Decimal, before: Decimal | None) -> tuple[dict[str, Any], Decimal]:
    """One month's row, and the cut carried on after it."""
    reported, month, adjusted, funds, was_adjusted, submitted = inputs
    if cut and before is not None and reported is not None and month is not None \
            and abs(reported - month - before) <= SUM_TOLERANCE:
        cut = Decimal(0)  # the unit started from the adjusted figure
    ytd = adjusted if adjusted is not None else (reported - cut if reported is not None else None)
    if adjusted is not None and reported is not None:
        cut = reported - adjusted
    return {
        "period": period, "month_reported": month, "ytd_reported": reported, "ytd": ytd,
        "funds_ytd": funds, "adjusted": was_adjusted, "carried_cut": cut if adjusted is None else 0,
        "submitted_on": submitted,
    }, cut


ReportDates = tuple[str, date | None, date | None, tuple[date, ...]]


@dataclass
class _ProjectMemo:
    """A project's figures across as-of dates (compute/metrics.py keeps one per project in idx.derived)."""

    reports: tuple[ReportDates, ...]  # (period, submitted_on, verified.on, each correction's date), its year's
    figures: dict[tuple[Any, ...], ProjectMetrics] = field(default_factory=dict)
    rows: dict[tuple[Any, ...], RowInputs] = field(default_factory=dict)  # by (period, how it is known)
    folded: dict[tuple[Any, ...], tuple[dict[str, Any], Decimal]] = field(default_factory=dict)  # _fold's rows


def _memo(idx: Index, pid: str, year: int) -> _ProjectMemo:
    memos = idx.derived.setdefault("project-figures", {})
    memo = memos.get(pid)
    if memo is None:
        dates = tuple((period, to_date(get(r, "submitted_on")), to_date(get(r, "verified", "on")),
                       tuple(to_date(get(c, "on")) or date.min for c in items(r, "corrections")))
                      for period, (_, r) in sorted(idx.reports.get(pid, {}).items()) if period[:4] == str(year))
        memo = memos[pid] = _ProjectMemo(dates)
    return memo


def project_metrics(pid: str, p: dict[str, Any], idx: Index, settings: Settings, as_of: date, m: int,
                    own: list[Deadline]) -> ProjectMetrics:
    """A project's figures on the as-of date. Everything they read that depends on the date is in `key`: the
    reports filed by then and what of each is known (model.known_on: its verification, its later corrections),
    the due month, the listing, each milestone's standing. Figures with the same key are made once and shared
    (the circulars ask a dozen times; they are values, nobody changes them)."""
    year: int = project_year(p) or settings.year
    memo = _memo(idx, pid, year)
    known = tuple((period, verified is None or verified <= as_of, tuple(on > as_of for on in corrections))
                  for period, submitted, verified, corrections in memo.reports
                  if submitted is not None and submitted <= as_of)
    stones = [d for d in own if d.kind == "milestone"]
    red_days = settings.number("status", "red_milestone_overdue_days")
    listed = is_listed(p, as_of)
    key = (m, listed, known, tuple((d.ref, d.done_on is not None, d.due <= as_of, d.state == "missed",
                                    d.state == "missed" and d.days > red_days) for d in stones))
    found = memo.figures.get(key)
    if found is None:
        found = memo.figures[key] = _figures(pid, p, idx, settings, as_of, m, stones, listed, year, memo, known)
    return found


def _figures(pid: str, p: dict[str, Any], idx: Index, settings: Settings, as_of: date, m: int,
             stones: list[Deadline], listed: bool, year: int, memo: _ProjectMemo,
             known: tuple[tuple[str, bool, tuple[bool, ...]], ...]) -> ProjectMetrics:
    by_period = idx.reports.get(pid, {})
    inputs = []
    for state in known:
        row = memo.rows.get(state)
        if row is None:
            row = memo.rows[state] = _row_inputs(known_on(by_period[state[0]][1], as_of))
        inputs.append((state[0], row))
    monthly = _fold(inputs, memo.folded)
    # a project that has left the list is judged up to the last month it owed a report
    if to_date(get(p, "exited", "on")):
        owed = [k for k in range(1, m + 1) if owes_report(p, f"{year}-{k:02d}", settings)]
        m = min(m, owed[-1]) if owed else m
    upto = [row for row in monthly if int(row["period"][5:7]) <= m]
    latest = upto[-1] if upto else None
    plan = money(get(p, "annual", "investment"))
    # one basis for every project, entrants included: the annual plan and year-to-date are whole-year figures,
    # so time progress is the whole year's too (docs/design.md, "Mid-year entrants")
    time_progress = rate(m, 12) if m >= 1 else None
    ytd = latest["ytd"] if latest else None
    completion = rate(ytd, plan) if plan else None
    funds_rate = rate(latest["funds_ytd"] if latest else None, plan) if plan else None
    gap_raw = (time_progress - completion) * HUNDRED if time_progress is not None and completion is not None else None
    gap = gap_raw.quantize(Decimal("0.1"), ROUND_HALF_UP) if gap_raw is not None else None

    overdue = [d for d in stones if d.state == "missed"]
    milestones = {"total": len(stones), "done": sum(d.done_on is not None for d in stones),
                  "due": sum(d.due <= as_of for d in stones), "overdue": len(overdue)}
    status, reason = _status(p, settings, m, {period for period, _, _ in known}, gap_raw, plan, overdue, year,
                             listed)
    return ProjectMetrics(
        id=pid, name=str(p.get("name", "")), category=str(p.get("category", "")), county=p.get("county"),
        lead_unit=p.get("lead_unit"), leader_post=p.get("leader_post"), listed=listed, annual_plan=plan,
        latest_period=latest["period"] if latest else None,
        ytd_reported=latest["ytd_reported"] if latest else None, ytd=ytd,
        funds_ytd=latest["funds_ytd"] if latest else None, time_progress=time_progress, completion=completion,
        funds_rate=funds_rate, gap_points=gap, status=status, reason=reason, milestones=milestones,
        monthly=monthly)


def _status(p: dict[str, Any], settings: Settings, m: int, reports: Collection[str], gap: Decimal | None,
            plan: Decimal | None, overdue: list[Deadline], year: int, listed: bool) -> tuple[str, str]:
    yellow = Decimal(str(settings.get("status", "yellow_gap")))
    red = Decimal(str(settings.get("status", "red_gap")))
    red_days = settings.number("status", "red_milestone_overdue_days")
    if not listed:
        return "none", "已不在督查名单内"
    owed_latest = f"{year}-{m:02d}" if m else None
    first = settings.first_report_period
    if owed_latest and owed_latest >= first and owes_report(p, owed_latest, settings) and owed_latest not in reports:
        return "grey", f"{int(owed_latest[5:7])}月月报未按期报送"
    worst = max((d.days for d in overdue), default=0)
    names = "、".join(d.ref for d in overdue)
    if worst > red_days:
        return "red", f"倒排工期节点“{names}”逾期超过 {red_days} 天"
    if p.get("category") == "preliminary":
        if overdue:
            return "yellow", f"前期手续节点“{names}”逾期"
        return "green", "前期手续按倒排工期推进"
    # thresholds compare the unrounded gap (30.01 is over 30); the reason shows it rounded
    shown = gap.quantize(Decimal("0.1"), ROUND_HALF_UP) if gap is not None else None
    if gap is not None and gap > red:
        return "red", f"投资完成率落后时间进度 {shown} 个百分点（超过 {red}）"
    if gap is not None and gap >= yellow:
        return "yellow", f"投资完成率落后时间进度 {shown} 个百分点"
    if overdue:
        return "yellow", f"倒排工期节点“{names}”逾期"
    if plan is None or plan == 0:
        return "green", "年度计划投资为 0，完成率不适用；倒排工期节点无逾期"
    if gap is None:
        return "green", "尚无到期月报"
    if shown is not None and shown < 0:
        return "green", f"投资完成率超前时间进度 {-shown} 个百分点"
    return "green", "投资完成率与时间进度相符"


def _last_day(period: str) -> date:
    last = month_last_day(period)
    assert last is not None
    return last


@dataclass
class ScoreLine:
    unit: str
    points: Decimal
    kind: str
    ref: str
    project: str | None
    state: str
    path: str
    line: int
    why: str


PENALTIES = {  # (deadline kind, states) -> scoring key
    ("report", "met_late"): "late_report", ("report", "missed"): "missing_report",
    ("answer", "met_late"): "late_answer", ("answer", "missed"): "late_answer",
    ("promise", "met_late"): "broken_promise", ("promise", "missed"): "broken_promise",
    ("briefing", "met_late"): "briefing", ("briefing", "missed"): "briefing",
    ("site-visit", "missed"): "missed_site_visit",
    ("finding", "met_late"): "overdue_finding", ("finding", "missed"): "overdue_finding",
    ("decision", "met_late"): "missed_decision", ("decision", "missed"): "missed_decision",
    ("action-plan", "met_late"): "action_plan", ("action-plan", "missed"): "action_plan",
}
def scores(idx: Index, settings: Settings, deadlines: list[Deadline], projects: list[ProjectMetrics]) -> \
        dict[str, Any]:
    """Year-end assessment per unit (county governments and prefecture departments): base − penalties,
    each traceable to one deadline instance; co-units are not scored."""
    points = {k: Decimal(str(v)) for k, v in (settings.get("scoring") or {}).items()}
    lines: dict[str, list[ScoreLine]] = defaultdict(list)
    for d in deadlines:
        key = PENALTIES.get((d.kind, d.state))
        if key is None or d.unit not in idx.units:
            continue
        lines[d.unit].append(ScoreLine(d.unit, points[key], d.kind, d.ref, d.project, d.state, d.path, d.line,
                                       labels().penalty[key]))
    led_by: dict[Any, list[ProjectMetrics]] = defaultdict(list)  # grouped once: per unit it grew with their product
    for pm in projects:
        if pm.listed:
            led_by[pm.lead_unit].append(pm)
    tables: dict[str, list[dict[str, Any]]] = {"county_gov": [], "prefecture_dept": []}
    for unit_id, unit in sorted(idx.units.items()):
        kind = unit.get("kind")
        if kind not in tables:
            continue
        led = led_by.get(unit_id, [])
        if not led and not lines.get(unit_id):
            continue
        red_share = rate(sum(pm.status == "red" for pm in led), len(led)) or Decimal(0)
        red_points = (points["red_share"] * red_share).quantize(Decimal("0.01"), ROUND_HALF_UP)
        lost = sum((sl.points for sl in lines.get(unit_id, [])), Decimal(0)) + red_points
        tables[kind].append({
            "unit": unit_id, "name": unit.get("name"), "projects": len(led),
            "red_projects": sum(pm.status == "red" for pm in led), "red_points": red_points,
            "score": points["base"] - lost, "lost": lost,
            "lines": [sl.__dict__ for sl in lines.get(unit_id, [])],
        })
    for rows in tables.values():
        rows.sort(key=lambda r: (-r["score"], r["unit"]))
    return tables


def _group(projects: Iterable[ProjectMetrics], key: str) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[ProjectMetrics]] = defaultdict(list)
    for pm in projects:
        groups[str(getattr(pm, key))].append(pm)
    return {k: _summary(v) for k, v in sorted(groups.items())}


def _summary(projects: list[ProjectMetrics]) -> dict[str, Any]:
    plan = sum((pm.annual_plan or Decimal(0) for pm in projects), Decimal(0))
    ytd = sum((pm.ytd or Decimal(0) for pm in projects), Decimal(0))
    funds = sum((pm.funds_ytd or Decimal(0) for pm in projects), Decimal(0))
    statuses = Counter(pm.status for pm in projects)
    return {"projects": len(projects), "annual_plan": plan, "ytd": ytd, "funds_ytd": funds,
            "completion": rate(ytd, plan), "funds_rate": rate(funds, plan),
            "status": {s: statuses.get(s, 0) for s in labels().status}}


@dataclass
class Metrics:
    as_of: date
    month: int
    projects: list[ProjectMetrics]
    totals: dict[str, Any]
    by_category: dict[str, Any]
    by_county: dict[str, Any]
    by_lead_unit: dict[str, Any]
    by_leader_post: dict[str, Any]
    start_rate: dict[str, Any]
    problems: dict[str, Any]
    findings: dict[str, Any]
    verification: dict[str, Any]
    reports_this_month: dict[str, Any]
    scores: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {**self.summary(), "projects": [pm.as_dict() for pm in self.projects]}

    def summary(self) -> dict[str, Any]:
        """Every figure but the per-project ones, as plain values."""
        return dict(_plain({k: v for k, v in self.__dict__.items() if k != "projects"}))


def compute(idx: Index, result: DeadlineResult) -> Metrics:
    """Every figure of the repository on the as-of date of `result`."""
    settings = idx.settings
    as_of = result.as_of
    m = due_month(settings, as_of)
    by_project: dict[str | None, list[Deadline]] = defaultdict(list)
    for d in result.deadlines:  # grouped once: scanning every deadline per project grew with their product
        by_project[d.project].append(d)
    projects = [project_metrics(pid, p, idx, settings, as_of, m, by_project.get(pid, []))
                for pid, (_, p) in sorted(idx.projects.items())]
    listed = [pm for pm in projects if pm.listed]
    by_post = _group(listed, "leader_post")
    for post_id, summary in by_post.items():
        summary["holder"] = holder_on(idx.posts.get(post_id), as_of)
        summary["title"] = get(idx.posts.get(post_id), "title")
    new_starts = [(pid, p) for pid, (_, p) in sorted(idx.projects.items())
                  if p.get("category") == "new_start" and is_listed(p, as_of)]
    planned = [pid for pid, p in new_starts if (to_date(get(p, "dates", "start", "planned")) or date.max) <= as_of]
    started = [pid for pid, p in new_starts if (to_date(get(p, "dates", "start", "actual")) or date.max) <= as_of]
    both = len(set(planned) & set(started))  # ids are unique: sets, not a scan of one list per id of the other
    start_rate = {"planned_by_as_of": len(planned), "started": both, "started_early": len(started) - both,
                  "rate": rate(both, len(planned))}
    return Metrics(
        as_of=as_of, month=m, projects=projects, totals=_summary(listed),
        by_category=_group(listed, "category"), by_county=_group(listed, "county"),
        by_lead_unit=_group(listed, "lead_unit"), by_leader_post=by_post, start_rate=start_rate,
        problems=_problem_metrics(idx, settings, as_of, result.deadlines),
        findings=_finding_metrics(idx, result.deadlines), verification=_verification(projects),
        reports_this_month=_reports_this_month(result.deadlines, settings, m),
        scores=scores(idx, settings, result.deadlines, projects),
    )


def _problem_metrics(idx: Index, settings: Settings, as_of: date, deadlines: list[Deadline]) -> dict[str, Any]:
    answers = {(d.project, d.ref): d for d in deadlines if d.kind == "answer"}
    promises = {(d.project, d.ref): d for d in deadlines if d.kind == "promise"}
    by_category: dict[str, Counter[str]] = defaultdict(Counter)
    answer_days: list[int] = []
    for pid in sorted(idx.projects):
        for ident, rec in idx.problem_records(pid).items():
            first_report = rec.first[0]
            if not filed_by(first_report.data, as_of):
                continue
            c = by_category[str(rec.category)]
            c["total"] += 1
            c["open"] += rec.closed_on is None or rec.closed_on > as_of
            a = answers.get((pid, ident))
            if a is not None:
                c["escalated"] += 1
                c[{"met": "answered_on_time", "met_late": "answered_late", "missed": "answer_overdue"}.get(
                    a.state, "answer_pending")] += 1
                if a.done_on is not None and rec.escalated_on is not None:
                    answer_days.append(settings.calendar.workdays_between(rec.escalated_on, a.done_on))
            pr = promises.get((pid, ident))
            if pr is not None and pr.state in ("missed", "met_late"):
                c["promise_broken"] += 1
    total: Counter[str] = Counter()
    for c in by_category.values():
        total.update(c)
    mean = (Decimal(sum(answer_days)) / len(answer_days)).quantize(Decimal("0.1")) if answer_days else None
    return {"total": dict(total), "by_category": {k: dict(v) for k, v in sorted(by_category.items())},
            "mean_answer_workdays": mean}


def _finding_metrics(idx: Index, deadlines: list[Deadline]) -> dict[str, Any]:
    dims: dict[str, Counter[str]] = {d: Counter() for d in labels().dimension}
    findings = {d.ref: d for d in deadlines if d.kind == "finding"}
    for f, d in idx.dispatches:
        for fnd in items(d, "findings"):
            ident = f"{f.path.rsplit('/', 1)[-1].removesuffix('.yaml')}/{get(fnd, 'id')}"
            deadline = findings.get(ident)
            if deadline is None:
                continue
            c = dims.setdefault(str(get(fnd, "dimension")), Counter())
            c["total"] += 1
            c["rectified"] += deadline.done_on is not None
            c["open"] += deadline.done_on is None
            c["overdue"] += deadline.state in ("missed", "met_late")
    return {k: {s: v.get(s, 0) for s in ("total", "open", "rectified", "overdue")} for k, v in dims.items()}


def _verification(projects: list[ProjectMetrics]) -> dict[str, Any]:
    reported = sum((pm.ytd_reported or Decimal(0) for pm in projects if pm.listed), Decimal(0))
    verified = sum((pm.ytd or Decimal(0) for pm in projects if pm.listed), Decimal(0))
    adjusted = sum(row["adjusted"] for pm in projects for row in pm.monthly)
    return {"ytd_reported": reported, "ytd_verified": verified, "difference": reported - verified,
            "adjusted_reports": adjusted}


def _reports_this_month(deadlines: list[Deadline], settings: Settings, m: int) -> dict[str, Any]:
    period = f"{settings.year}-{m:02d}" if m else None
    rows = [d for d in deadlines if d.kind == "report" and d.ref == period]
    return {"period": period, "owed": len(rows), "on_time": sum(d.state == "met" for d in rows),
            "late": sum(d.state == "met_late" for d in rows), "missing": sum(d.state == "missed" for d in rows),
            "rate": rate(sum(d.state == "met" for d in rows), len(rows))}


__all__ = ["Metrics", "ProjectMetrics", "briefing_due", "compute", "due_month",
           "rate"]
