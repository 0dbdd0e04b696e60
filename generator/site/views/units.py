"""The responsible units: a table by kind with the running scores, and one page per unit."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from generator.labels import labels
from generator.model import filed_by, items
from generator.site.pages import SiteData, page
from generator.site.views.rows import DeadlineRow, ProjectRow, deadline_rows, project_row


@dataclass(frozen=True)
class UnitRow:
    id: str
    unit: dict[str, Any]
    led: int  # listed projects it leads
    missed: int  # its duties overdue and open


@dataclass(frozen=True)
class UnitGroup:
    kind: str
    name: str
    rows: list[UnitRow]


@dataclass(frozen=True)
class Units:
    groups: list[UnitGroup]
    scores: dict[str, Any] | None


@page("units/index.md", "units.html.j2", "责任单位", search=False)
def units_index(data: SiteData) -> Units:
    led: dict[str, int] = defaultdict(int)
    for pm in data.metrics.projects:
        if pm.listed and pm.lead_unit:
            led[pm.lead_unit] += 1
    missed: dict[str, int] = defaultdict(int)
    for d in data.deadlines:
        if d.state == "missed" and d.unit:
            missed[d.unit] += 1
    groups: dict[str, list[UnitRow]] = defaultdict(list)
    for uid, unit in sorted(data.idx.units.items()):
        groups[unit.get("kind") or "other"].append(UnitRow(uid, unit, led[uid], missed[uid]))
    scores = data.metrics.scores if data.settings.get("publish", "scores") else None
    kinds = labels().unit_kind
    return Units([UnitGroup(k, kinds[k], groups[k]) for k in kinds if groups.get(k)], scores)


@dataclass(frozen=True)
class UnitPage:
    id: str
    unit: dict[str, Any]
    led: list[ProjectRow]
    co: list[ProjectRow]
    score: dict[str, Any] | None
    briefings: list[dict[str, Any]]
    missed: list[DeadlineRow]
    late: list[DeadlineRow]
    upcoming: list[DeadlineRow]
    summary: dict[str, Any] | None
    county: Any


@page("units/{key}.md", "unit.html.j2", lambda view: view.unit.get("name") or view.id,
      each=lambda data: sorted(data.idx.units), search=False)
def unit_page(data: SiteData, uid: str) -> UnitPage:
    unit = data.idx.units[uid]
    mine = [d for d in data.deadlines if d.unit == uid]
    score = None
    if data.settings.get("publish", "scores"):
        for table in data.metrics.scores.values():
            score = next((row for row in table if row["unit"] == uid), score)
    briefings = sorted(((b.get("period"), b) for _, b in data.idx.briefings if b.get("unit") == uid
                        and filed_by(b, data.metrics.as_of)), key=lambda x: str(x[0]))
    return UnitPage(
        uid, unit, [project_row(pm, data) for pm in data.metrics.projects if pm.lead_unit == uid],
        [project_row(pm, data) for pm in data.metrics.projects if uid in items(data.idx.projects[pm.id][1], "co_units")],
        score, [b for _, b in briefings],
        deadline_rows([d for d in mine if d.state == "missed"], data),
        deadline_rows([d for d in mine if d.state == "met_late"], data),
        deadline_rows([d for d in mine if d.state == "upcoming"], data),
        data.metrics.by_lead_unit.get(uid), data.idx.counties.get(unit.get("county") or "", {}).get("name"))
