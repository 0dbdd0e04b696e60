"""The circulars (通报): their list, and each one as it was issued, computed as of its own date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from generator.compute.circulars import Circular
from generator.compute.deadlines import Deadline
from generator.compute.metrics import Metrics, ProjectMetrics, rate
from generator.labels import labels
from generator.model import Index, notice_day
from generator.site.pages import SiteData, page
from generator.site.views.rows import DeadlineRow


@dataclass(frozen=True)
class CircularList:
    circulars: list[Circular]


@page("circulars/index.md", "circulars.html.j2", "通报", search=False)
def circular_list(data: SiteData) -> CircularList:
    return CircularList(sorted(data.circulars, key=lambda c: (c.issued, c.kind), reverse=True))


@dataclass(frozen=True)
class RedRow:
    figures: ProjectMetrics
    unit: str
    county: Any


@dataclass(frozen=True)
class UnitRedRow:
    kind: str  # 县市 or 部门
    name: Any
    red: int
    projects: int
    completion: Decimal | None


@dataclass(frozen=True)
class Moved:
    figures: ProjectMetrics
    before: str  # the status in the previous circular


@dataclass(frozen=True)
class Changes:
    previous: Circular
    moved: list[Moved]
    entered: list[ProjectMetrics]
    left: list[ProjectMetrics]
    ytd_before: Decimal
    ytd_now: Decimal
    red_before: int
    red_now: int


@dataclass(frozen=True)
class OverdueKind:
    kind: str
    name: str  # the kind's label
    rows: list[DeadlineRow]


@dataclass(frozen=True)
class CircularPage:
    circular: Circular
    metrics: Metrics
    reds: list[RedRow]
    since: date  # the period: after the previous circular of its kind (or the notice) up to its issue date
    overdue_open: list[OverdueKind]  # every duty overdue and still open on the issue date, by kind
    open_count: int
    completed_late: list[DeadlineRow]  # duties completed late within the period
    late_reports: list[DeadlineRow]
    missing_reports: list[DeadlineRow]
    unit_reds: list[UnitRedRow]
    changes: Changes | None
    time_progress: Decimal | None


def named(rows: list[Deadline], data: SiteData, as_of: date | None = None) -> list[DeadlineRow]:
    """Deadline rows for a printed document: units and posts by name, no links out; the duty in plain words as
    known on `as_of` (the document's date)."""
    idx, words, projects = data.idx, data.wording(as_of), data.project_names  # named per decision: never rebuilt
    return [DeadlineRow(d, words.what(d), idx.accountable(d.unit, d.holder), None, projects.get(d.project or ""))
            for d in rows]


@page("circulars/{key}.md", "circular.html.j2", lambda view: view.circular.title,
      each=lambda data: [c.slug for c in data.circulars], search=False)
def circular_page(data: SiteData, slug: str) -> CircularPage:
    """What a circular says, in the order a circular says it."""
    c = next(c for c in data.circulars if c.slug == slug)
    idx, m = data.idx, c.metrics
    in_months = [d for d in c.deadlines if d.kind == "report" and d.ref in c.months]
    since = c.previous.issued if c.previous else notice_day(data.settings, int(c.period[:4]))
    kinds = labels().deadline_kind
    missed = [d for d in c.deadlines if d.state == "missed"]
    return CircularPage(
        c, m, [RedRow(pm, idx.name_of(pm.lead_unit), (idx.counties.get(pm.county or "") or {}).get("name"))
               for pm in m.projects if pm.listed and pm.status == "red"],
        since, [OverdueKind(kind, name, named([d for d in missed if d.kind == kind], data, c.metrics.as_of)) for kind, name in kinds.items()
                if any(d.kind == kind for d in missed)], len(missed),
        named([d for d in c.deadlines if d.state == "met_late" and d.done_on is not None
               and since < d.done_on <= c.issued], data, c.metrics.as_of),
        named([d for d in in_months if d.state == "met_late"], data, c.metrics.as_of),
        named([d for d in in_months if d.state == "missed"], data, c.metrics.as_of),
        _unit_reds(m, idx) if data.settings.get("publish", "unit_red_list") else [], _changes(c),
        rate(m.month, 12) if m.month else None)


def _unit_reds(m: Metrics, idx: Index) -> list[UnitRedRow]:
    out = []
    for key, table, names in (("county", m.by_county, idx.counties), ("lead_unit", m.by_lead_unit, idx.units)):
        for ref, summary in table.items():
            red = summary["status"].get("red", 0)
            if red:
                out.append(UnitRedRow("县市" if key == "county" else "部门", (names.get(ref) or {}).get("name") or ref,
                                      red, summary["projects"], summary["completion"]))
    return sorted(out, key=lambda r: (-r.red, r.kind, str(r.name)))


def _changes(c: Circular) -> Changes | None:
    if c.previous is None:
        return None
    before = {pm.id: pm for pm in c.previous.metrics.projects if pm.listed}
    now = {pm.id: pm for pm in c.metrics.projects if pm.listed}
    return Changes(
        c.previous, [Moved(now[pid], before[pid].status) for pid in sorted(now)
                     if pid in before and before[pid].status != now[pid].status],
        [now[pid] for pid in sorted(set(now) - set(before))], [before[pid] for pid in sorted(set(before) - set(now))],
        c.previous.metrics.totals["ytd"], c.metrics.totals["ytd"],
        c.previous.metrics.totals["status"].get("red", 0), c.metrics.totals["status"].get("red", 0))
