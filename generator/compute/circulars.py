"""Publication: the circulars (通报) and the leader posts' accounts, as prepared values for the templates.

The notice: the inspection office consolidates and reports by the 12th of each month (月度通报); the
supervision office issues a circular every quarter (季度通报); results go into each responsible leader's
annual report. A circular states what could be known on the day it is issued, so each one is computed
from the data as of its own date, never from the site's as-of date.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from generator.compute import deadlines as deadline_stage
from generator.compute import metrics as metric_stage
from generator.compute.deadlines import Deadline
from generator.compute.metrics import Metrics, ProjectMetrics
from generator.core.settings import Settings
from generator.model import Index, get, holder_on, items, to_date

QUARTERLY_DAY = 20  # the quarterly circular is issued on the 20th of the month after the quarter
QUARTERS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}


@dataclass
class Circular:
    kind: str  # "monthly" | "quarterly"
    period: str  # 2015-06 | 2015-Q2
    number: int  # 第 N 期 within its year and kind
    issued: date
    issuer: str
    metrics: Metrics
    deadlines: list[Deadline]
    months: list[str]  # the report months it covers
    preface: str | None = None
    previous: Circular | None = field(default=None, repr=False)

    @property
    def slug(self) -> str:
        return self.period

    @property
    def title(self) -> str:
        if self.kind == "monthly":
            return f"{self.period[:4]}年{int(self.period[5:7])}月重点项目推进情况通报"
        quarter = "一二三四"[int(self.period[-1]) - 1]
        return f"{self.period[:4]}年第{quarter}季度重点项目推进情况通报"

    @property
    def kind_name(self) -> str:
        return "月度通报" if self.kind == "monthly" else "季度通报"


def circular_dates(settings: Settings, as_of: date) -> list[tuple[str, str, date, list[str]]]:
    """(kind, period, issue date, months covered) of every circular issued by as-of."""
    year, first = settings.year, settings.first_report_period
    day = settings.number("deadlines", "verification_day")
    out: list[tuple[str, str, date, list[str]]] = []
    for month in range(1, 13):
        period = f"{year}-{month:02d}"
        if period < first:
            continue
        issued = date(year + (month == 12), month % 12 + 1, day)
        if issued <= as_of:
            out.append(("monthly", period, issued, [period]))
    for quarter, (start, end) in QUARTERS.items():
        issued = date(year + (end == 12), end % 12 + 1, QUARTERLY_DAY)
        months = [f"{year}-{m:02d}" for m in range(start, end + 1) if f"{year}-{m:02d}" >= first]
        if issued <= as_of and months:
            out.append(("quarterly", f"{year}-{quarter}", issued, months))
    return out


def _office(idx: Index, kind: str, fallback: str) -> str:
    unit = next((u for _, u in sorted(idx.units.items()) if u.get("kind") == kind), None)
    return str(unit.get("name")) if unit else fallback


def circulars(idx: Index, as_of: date, prefaces: dict[str, str]) -> list[Circular]:
    """Every circular issued by as-of, each computed as of its own issue date."""
    settings = idx.settings
    out: list[Circular] = []
    previous: dict[str, Circular] = {}
    numbers: Counter[str] = Counter()
    for kind, period, issued, months in circular_dates(settings, as_of):
        result = deadline_stage.compute(idx, issued)
        figures = metric_stage.compute(idx, result)
        numbers[kind] += 1
        issuer = _office(idx, "inspection_office" if kind == "monthly" else "supervision_office",
                         "州重点项目稽察办" if kind == "monthly" else "州人民政府督查室")
        circular = Circular(kind, period, numbers[kind], issued, issuer, figures, result.deadlines, months,
                            prefaces.get(period), previous.get(kind))
        previous[kind] = circular
        out.append(circular)
    return out


def _named(rows: list[Deadline], idx: Index) -> list[dict[str, Any]]:
    projects = {pid: p.get("name") for pid, (_, p) in idx.projects.items()}
    return [{"d": d, "project_name": projects.get(d.project or ""), "unit": _unit_name(idx, d.unit)} for d in rows]


def _unit_name(idx: Index, ref: Any) -> str:
    if ref in idx.units:
        return str(idx.units[ref].get("name") or ref)
    if ref in idx.posts:
        return str(idx.posts[ref].get("title") or ref)
    return str(ref or "—")


def circular_view(c: Circular, idx: Index, settings: Settings) -> dict[str, Any]:
    """What a circular says, in the order a circular says it."""
    m = c.metrics
    listed = [pm for pm in m.projects if pm.listed]
    reds = [pm for pm in listed if pm.status == "red"]
    in_months = [d for d in c.deadlines if d.kind == "report" and d.ref in c.months]
    late_reports = _named([d for d in in_months if d.state == "met_late"], idx)
    missing_reports = _named([d for d in in_months if d.state == "missed"], idx)
    overdue = {kind: _named([d for d in c.deadlines if d.kind == kind and d.state == "missed"], idx)
               for kind in ("answer", "promise", "finding", "decision")}
    unit_reds: list[dict[str, Any]] = []
    if settings.get("publish", "unit_red_list"):
        for key, table, names in (("county", m.by_county, idx.counties), ("lead_unit", m.by_lead_unit, idx.units)):
            for ref, summary in table.items():
                red = summary["status"].get("red", 0)
                if red:
                    unit_reds.append({"kind": "县市" if key == "county" else "部门",
                                      "name": (names.get(ref) or {}).get("name") or ref, "red": red,
                                      "projects": summary["projects"], "completion": summary["completion"]})
        unit_reds.sort(key=lambda r: (-r["red"], r["kind"], str(r["name"])))
    changes = _changes(c)
    return {"c": c, "m": m, "reds": [{"pm": pm, "unit": _unit_name(idx, pm.lead_unit),
                                      "county": (idx.counties.get(pm.county or "") or {}).get("name")}
                                     for pm in reds],
            "late_reports": late_reports, "missing_reports": missing_reports, "overdue": overdue,
            "unit_reds": unit_reds, "changes": changes,
            "time_progress": metric_stage.rate(m.month, 12) if m.month else None}


def _changes(c: Circular) -> dict[str, Any] | None:
    if c.previous is None:
        return None
    before = {pm.id: pm for pm in c.previous.metrics.projects if pm.listed}
    now = {pm.id: pm for pm in c.metrics.projects if pm.listed}
    moved = [{"pm": now[pid], "before": before[pid].status} for pid in sorted(now)
             if pid in before and before[pid].status != now[pid].status]
    return {"previous": c.previous, "moved": moved,
            "entered": [now[pid] for pid in sorted(set(now) - set(before))],
            "left": [before[pid] for pid in sorted(set(before) - set(now))],
            "ytd_before": c.previous.metrics.totals["ytd"], "ytd_now": c.metrics.totals["ytd"],
            "red_before": c.previous.metrics.totals["status"].get("red", 0),
            "red_now": c.metrics.totals["status"].get("red", 0)}


# ---------------------------------------------------------------- leader posts


def holder_periods(post: dict[str, Any], year: int) -> list[dict[str, Any]]:
    """The post's holders over the supervision year, with the vacancies (空缺, name None) between them."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    spans = sorted((begin, to_date(get(h, "to")), get(h, "name")) for h in items(post, "holders")
                   if (begin := to_date(get(h, "from"))) is not None)
    out: list[dict[str, Any]] = []
    cursor: date | None = start  # the first day not yet accounted for; None once a holder stays on
    for begin, finish, name in spans:
        if (finish is not None and finish < start) or begin > end or cursor is None:
            continue
        if begin > cursor:
            out.append({"name": None, "from": cursor, "to": begin - timedelta(days=1)})
        out.append({"name": name, "from": begin, "to": finish})
        cursor = None if finish is None else max(cursor, finish + timedelta(days=1))
    if cursor is not None and cursor <= end:
        out.append({"name": None, "from": cursor, "to": None})
    return out


def post_view(post_id: str, idx: Index, settings: Settings, figures: Metrics, all_deadlines: list[Deadline]) -> \
        dict[str, Any]:
    post = idx.posts[post_id]
    as_of = figures.as_of
    projects = [pm for pm in figures.projects if pm.leader_post == post_id]
    escalated, meetings = [], []
    answers = {(d.project, d.ref): d for d in all_deadlines if d.kind == "answer"}
    promises = {(d.project, d.ref): d for d in all_deadlines if d.kind == "promise"}
    for pid in sorted(idx.projects):
        for ident, rec in sorted(idx.problem_records(pid).items()):
            if rec.escalated_on is None or rec.escalated_on > as_of:
                continue
            latest = idx.latest_problem(pid, ident, as_of)
            row = {"project": pid, "project_name": idx.projects[pid][1].get("name"), "id": ident,
                   "public": get(latest, "public") is not False, "p": latest, "escalated_on": rec.escalated_on,
                   "answer": answers.get((pid, ident)), "promise": promises.get((pid, ident)),
                   "closed": rec.closed_on if rec.closed_on and rec.closed_on <= as_of else None}
            if rec.escalated_to == post_id:
                escalated.append(row)
            waiting = [e for e in items(latest, "escalations")
                       if get(e, "to") == post_id and get(e, "level") == "coordination_meeting"]
            if waiting and not row["closed"]:
                meetings.append({**row, "since": to_date(get(waiting[0], "on"))})
    decisions = [d for d in all_deadlines if d.kind == "decision" and _chair_of(idx, d) == post_id]
    project_names = {pid: p.get("name") for pid, (_, p) in idx.projects.items()}
    return {"id": post_id, "post": post, "holder": holder_on(post, as_of),
            "periods": holder_periods(post, settings.year), "projects": projects, "escalated": escalated,
            "meetings": meetings, "decisions": [{"d": d, "project_name": project_names.get(d.project or ""),
                                                 "unit": _unit_name(idx, d.unit)} for d in decisions],
            "statuses": Counter(pm.status for pm in projects if pm.listed)}


def _chair_of(idx: Index, d: Deadline) -> Any:
    stem = d.ref.split("/", 1)[0]
    for f, dispatch in idx.dispatches:
        if f.path.rsplit("/", 1)[-1].removesuffix(".yaml") == stem:
            return dispatch.get("chaired_by")
    return None


__all__ = ["Circular", "ProjectMetrics", "circular_dates", "circular_view", "circulars", "holder_periods",
           "post_view"]
