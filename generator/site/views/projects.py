"""The project list and one page per project: the 五个一, figures, plan, problems, reports and dispatches."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.compute.deadlines import Deadline
from generator.compute.metrics import ProjectMetrics
from generator.labels import pointer_title
from generator.model import covered_days, filed_by, get, holder_on, item_ref, items, to_date
from generator.site import charts
from generator.site.pages import SiteData, page
from generator.site.privacy import correction_values, private_problems
from generator.site.templating import environment, labelled
from generator.site.views.rows import (
    DeadlineRow,
    Link,
    Place,
    ProjectRow,
    deadline_rows,
    link_of,
    place_of,
    project_row,
)
from generator.site.years import lineage

DATE_KINDS = ("start", "completion", "production")


# A list longer than this is cut into pages of this many rows, so that no page grows with the portfolio;
# the filter then searches every project in projects/rows.json (fetched on first use, assets/projects.js).
LIST_ROWS = 100
ROWS_JSON = "projects/rows.json"
ROOT_MARK = "%ROOT%"  # where a row of rows.json links to the site root; the script puts the page's own root


@dataclass(frozen=True)
class Pager:
    page: int
    pages: int
    size: int

    @property
    def links(self) -> list[tuple[int, str | None]]:
        """The first, the last and the pages around this one, by number and site path (None: a gap)."""
        shown = sorted({1, self.pages, *range(max(1, self.page - 2), min(self.pages, self.page + 2) + 1)})
        out: list[tuple[int, str | None]] = []
        for k in shown:
            if out and k > out[-1][0] + 1:
                out.append((0, None))
            out.append((k, list_path(k)))
        return out


def list_path(k: int) -> str:
    return "projects/" if k == 1 else f"projects/page-{k}/"


@dataclass(frozen=True)
class ProjectList:
    rows: list[ProjectRow]
    counties: list[tuple[str, dict[str, Any]]]
    units: list[tuple[str, str]]  # lead units for the filter: (id, short name)
    total: int
    pager: Pager | None = None  # None: every project on one page
    source: str | None = None  # every row, for the filter, when the list has pages


def _all_rows(data: SiteData) -> list[ProjectRow]:
    if "project-rows" not in data.cache:
        data.cache["project-rows"] = [project_row(pm, data) for pm in data.metrics.projects]
    rows: list[ProjectRow] = data.cache["project-rows"]
    return rows


def _list_page(data: SiteData, k: int) -> ProjectList:
    m = data.metrics
    leads = {pm.lead_unit for pm in m.projects if pm.lead_unit}
    ordered = [u for u in data.idx.units_in_order() if u in leads] + sorted(leads - set(data.idx.units))
    rows = _all_rows(data)
    pages = -(-len(rows) // LIST_ROWS)
    paged = pages > 1
    return ProjectList(rows[(k - 1) * LIST_ROWS:k * LIST_ROWS] if paged else rows, list(data.idx.counties.items()),
                       [(u, data.idx.units.get(u, {}).get("short_name") or u) for u in ordered], len(rows),
                       Pager(k, pages, LIST_ROWS) if paged else None, ROWS_JSON if paged else None)


@page("projects/index.md", "projects.html.j2", "项目一览", search=False)
def project_list(data: SiteData) -> ProjectList:
    return _list_page(data, 1)


@page("projects/page-{key}.md", "projects.html.j2", lambda view: f"项目一览（第 {view.pager.page} 页）",
      each=lambda data: [str(k) for k in range(2, -(-len(data.metrics.projects) // LIST_ROWS) + 1)], search=False)
def project_list_page(data: SiteData, key: str) -> ProjectList:
    return _list_page(data, int(key))


_TR = re.compile(r"<tr\b.*?</tr>", re.S)


@page(ROWS_JSON, "", "", raw=True)
def project_rows(data: SiteData) -> str | None:
    """Every row of the paged list as the list's own table draws it, with what the filter compares: one file,
    fetched only when someone filters (none for a list that fits one page)."""
    rows = _all_rows(data)
    if len(rows) <= LIST_ROWS:
        return None
    table = labelled(environment().from_string('{% import "_macros.html.j2" as ui with context %}'
                                               '{{ ui.project_table(rows, root) }}').render(rows=rows, root=ROOT_MARK))
    drawn = _TR.findall(table.split("<tbody>", 1)[1])
    assert len(drawn) == len(rows)
    out = [[r.figures.category, r.figures.county or "", r.figures.lead_unit or "", r.figures.status, r.figures.name or "",
            tr] for r, tr in zip(rows, drawn, strict=True)]
    return json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n"


@dataclass(frozen=True)
class MonthRow:
    period: str
    report: dict[str, Any] | None  # None when not filed by the as-of date
    deadline: Deadline | None
    visits: list[Any]


@dataclass(frozen=True)
class ProblemRow:
    id: str
    public: bool
    category: Any
    record: dict[str, Any]  # the latest record known on the as-of date
    escalated_to: Link | None
    escalated_on: date | None
    answer: dict[str, Any] | None
    workdays: int | None  # working days from escalation to answer
    answer_deadline: Deadline | None
    promise: Deadline | None
    closed: date | None
    escalations: list[Any]


@dataclass(frozen=True)
class FindingRow:
    finding: dict[str, Any]
    public: bool
    deadline: Deadline
    date: Any


@dataclass(frozen=True)
class MilestoneRow:
    milestone: dict[str, Any]
    deadline: Deadline | None


@dataclass(frozen=True)
class DecisionRow:
    decision: dict[str, Any]
    deadline: Deadline | None


@dataclass(frozen=True)
class MeetingRow:
    dispatch: dict[str, Any]
    chair: Link
    decisions: list[DecisionRow]


@dataclass(frozen=True)
class CorrectionRow:
    period: str
    correction: dict[str, Any]
    field: str  # the corrected field by its title
    old: Any  # the values as the public may see them (privacy.WITHHELD when the field is not public)
    new: Any


@dataclass(frozen=True)
class TrendRow:
    """A project at one monthly circular: its status, rate and gap as computed then."""

    period: str
    issued: date
    figures: ProjectMetrics


@dataclass(frozen=True)
class ProjectPage:
    figures: ProjectMetrics
    project: dict[str, Any]
    post: dict[str, Any] | None
    holder: str | None
    holders: list[Any]
    lead: Link
    co_units: list[Link]
    county: dict[str, Any]
    history: list[MonthRow]
    problems: list[ProblemRow]
    withheld: int
    findings: list[FindingRow]
    findings_withheld: int
    milestones: list[MilestoneRow]
    chart: str
    dates: dict[str, Any]
    date_deadlines: dict[str, Deadline]
    open_deadlines: list[DeadlineRow]
    meetings: list[MeetingRow]
    urging_days: int
    corrections: list[CorrectionRow]
    trend: list[TrendRow]  # its status at each monthly circular, oldest first
    place: Place | None
    earlier: list[dict[str, Any]]  # the earlier years of a continuing project, newest first (site/years.py)


def _trend(pid: str, data: SiteData) -> list[TrendRow]:
    out = []
    for c in data.monthly:
        pm = data.circular_figures(c).get(pid)
        if pm is not None and pm.listed:
            out.append(TrendRow(c.period, c.issued, pm))
    return out


def _project_ids(data: SiteData) -> Iterable[str]:
    return [pm.id for pm in data.metrics.projects]


@page("projects/{key}.md", "project.html.j2", lambda view: view.figures.name, each=_project_ids,
      charts=lambda view: bool(view.chart))
def project_page(data: SiteData, pid: str) -> ProjectPage:
    pm = data.figures[pid]
    _, p = data.idx.projects[pid]
    as_of = data.metrics.as_of
    mine = data.by_project.get(pid, [])
    post = data.idx.posts.get(str(p.get("leader_post")))
    problems = _problems(pid, mine, data)
    findings = _findings(pid, mine, data)
    reports = data.idx.reports.get(pid, {})
    return ProjectPage(
        figures=pm, project=p, post=post, holder=holder_on(post, as_of) if post else None,
        holders=items(post, "holders"), lead=link_of(p.get("lead_unit"), data),
        co_units=[link_of(u, data) for u in items(p, "co_units")],
        county=data.idx.counties.get(str(p.get("county")), {}), history=_history(pid, mine, data),
        problems=problems, withheld=sum(not row.public for row in problems),
        findings=findings, findings_withheld=sum(not row.public for row in findings),
        milestones=[MilestoneRow(m, next((d for d in mine if d.kind == "milestone" and d.ref == str(get(m, "name"))),
                                         None)) for m in items(p, "annual", "milestones")],
        chart=charts.project_monthly([row["period"] for row in pm.monthly], [row["ytd_reported"] for row in pm.monthly],
                                     [row["ytd"] for row in pm.monthly], [row["funds_ytd"] for row in pm.monthly],
                                     pm.annual_plan) if pm.monthly else "",
        dates={k: get(p, "dates", k) or {} for k in DATE_KINDS},
        date_deadlines={d.kind: d for d in mine if d.kind in DATE_KINDS},
        open_deadlines=deadline_rows([d for d in mine if d.state in ("missed", "upcoming")], data),
        meetings=_meetings(pid, data, {d.ref: d for d in mine if d.kind == "decision"}),
        urging_days=_urging_days(pid, data),
        corrections=_corrections(reports, as_of), trend=_trend(pid, data), place=place_of(p, data.settings),
        earlier=lineage(data.idx.whole or data.idx, pid, data.years))


def _corrections(reports: dict[str, Any], as_of: date) -> list[CorrectionRow]:
    """Each correction of a report filed by as-of, its values withheld where they touch private text."""
    private = private_problems(r for _, r in reports.values())
    return [CorrectionRow(period, c, pointer_title("report", str(get(c, "field") or "")),
                          *correction_values(r, c, private))
            for period, (_, r) in sorted(reports.items()) if filed_by(r, as_of) for c in items(r, "corrections")]


def _history(pid: str, mine: list[Deadline], data: SiteData) -> list[MonthRow]:
    """Each month with a report or a report duty: what was filed by the as-of date, and its deadline."""
    reports = data.idx.reports.get(pid, {})
    report_deadlines = {d.ref: d for d in mine if d.kind == "report"}
    out = []
    for period in sorted(set(reports) | set(report_deadlines)):
        entry = reports.get(period)
        r = entry[1] if entry and filed_by(entry[1], data.metrics.as_of) else None
        out.append(MonthRow(period, r, report_deadlines.get(period), list(items(r, "site_visits")) if r else []))
    return out


def _problems(pid: str, mine: list[Deadline], data: SiteData) -> list[ProblemRow]:
    """The project's problems first reported by the as-of date, each as its latest record says."""
    as_of = data.metrics.as_of
    answers = {d.ref: d for d in mine if d.kind == "answer"}
    promises = {d.ref: d for d in mine if d.kind == "promise"}
    out = []
    for ident, rec in sorted(data.idx.problem_records(pid).items()):
        if not filed_by(rec.first[0].data or {}, as_of):
            continue
        latest = data.idx.latest_problem(pid, ident, as_of)
        answer = rec.answer if rec.answer and (to_date(get(rec.answer, "on")) or date.max) <= as_of else None
        answered_on = to_date(get(answer, "on"))
        workdays = data.settings.calendar.workdays_between(rec.escalated_on, answered_on) \
            if answer and rec.escalated_on and answered_on else None
        out.append(ProblemRow(
            ident, get(latest, "public") is not False, rec.category, latest,
            link_of(rec.escalated_to, data) if rec.escalated_to else None, rec.escalated_on, answer, workdays,
            answers.get(ident), promises.get(ident), rec.closed_on if rec.closed_on and rec.closed_on <= as_of else None,
            items(latest, "escalations")))
    return out


def _findings(pid: str, mine: list[Deadline], data: SiteData) -> list[FindingRow]:
    """Inspection findings on the project known on the as-of date (they have a deadline by then)."""
    by_ref = {d.ref: d for d in mine if d.kind == "finding"}
    out = []
    for df, d, fnd in data.findings_of.get(pid, []):
        ref = item_ref(df, get(fnd, "id"))
        if ref in by_ref:
            out.append(FindingRow(fnd, get(fnd, "public") is not False, by_ref[ref], d.get("date")))
    return out


def _meetings(pid: str, data: SiteData, decided: dict[str, Deadline]) -> list[MeetingRow]:
    """Scheduling and coordination meetings and inspections on a project, with their decisions; daily
    urging logs are summed up instead (see _urging_days)."""
    out = []
    for f, d in data.dispatches_of.get(pid, []):
        held = to_date(d.get("date"))
        if d.get("kind") == "urging" or held is None or held > data.metrics.as_of:
            continue
        decisions = [DecisionRow(dec, decided.get(item_ref(f, get(dec, "id")))) for dec in items(d, "decisions")]
        out.append(MeetingRow(d, link_of(d.get("chaired_by"), data), decisions))
    return out


def _urging_days(pid: str, data: SiteData) -> int:
    days: set[date] = set()
    for _, d in data.dispatches_of.get(pid, []):
        if d.get("kind") == "urging":
            days.update(covered_days(d))
    return sum(day <= data.metrics.as_of for day in days)
