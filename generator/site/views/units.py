"""The responsible units: a table by kind with the running scores, and one page per unit."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

from generator.labels import labels
from generator.model import READING_ORDER, filed_by, items
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
    for uid in data.idx.units_in_order():
        unit = data.idx.units[uid]
        groups[unit.get("kind") or "other"].append(UnitRow(uid, unit, led[uid], missed[uid]))
    scores = data.metrics.scores if data.settings.get("publish", "scores") else None
    kinds = labels().unit_kind
    return Units([UnitGroup(k, kinds[k], groups[k]) for k in dict.fromkeys(groups) if k in kinds], scores)


@dataclass(frozen=True)
class ScoreRow:
    """One deduction as the public reads it: why, the duty in words, the project by name, the points."""

    why: str
    what: str
    project: str | None
    project_name: Any
    points: Any


@dataclass(frozen=True)
class UnitPage:
    id: str
    unit: dict[str, Any]
    led: list[ProjectRow]
    co: list[ProjectRow]
    score: dict[str, Any] | None
    deductions: list[ScoreRow]
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
    mine = data.by_unit.get(uid, [])
    score = None
    if data.settings.get("publish", "scores"):
        for table in data.metrics.scores.values():
            score = next((row for row in table if row["unit"] == uid), score)
    words, names = data.wording(), data.project_names
    deductions = [ScoreRow(line["why"], words.what(SimpleNamespace(**line)), line["project"],
                           names.get(line["project"] or "") or line["project"], line["points"])
                  for line in (score or {}).get("lines", [])]
    briefings = sorted(((b.get("period"), b) for _, b in data.idx.briefings if b.get("unit") == uid
                        and filed_by(b, data.metrics.as_of)), key=lambda x: str(x[0]))
    return UnitPage(
        uid, unit, [project_row(pm, data) for pm in data.grouped("lead", lambda pm: (pm.lead_unit,)).get(uid, [])],
        [project_row(pm, data) for pm in data.grouped(
            "co", lambda pm: dict.fromkeys(items(data.idx.projects[pm.id][1], "co_units"))).get(uid, [])],
        score, deductions, [b for _, b in briefings],
        deadline_rows([d for d in mine if d.state == "missed"], data),
        deadline_rows([d for d in mine if d.state == "met_late"], data),
        deadline_rows([d for d in mine if d.state == "upcoming"], data),
        data.metrics.by_lead_unit.get(uid), data.idx.counties.get(unit.get("county") or "", {}).get("name"))


@dataclass(frozen=True)
class RankRow:
    rank: int  # equal scores share a rank (1, 2, 2, 4)
    id: str
    name: Any
    projects: int
    red_projects: int
    deductions: int  # lapses deducted for
    lost: Any
    score: Any


@dataclass(frozen=True)
class RankTable:
    kind: str
    name: str
    rows: list[RankRow]


@dataclass(frozen=True)
class Ranking:
    published: bool
    final: bool  # the year has ended: the scores are the year's, no longer running
    year: int
    base: Any
    tables: list[RankTable]
    unranked: list[tuple[str, Any]]  # units of a ranked kind that lead nothing and lost nothing


def _ranked(rows: list[dict[str, Any]]) -> list[RankRow]:
    out: list[RankRow] = []
    for i, row in enumerate(rows):
        rank = out[-1].rank if out and rows[i - 1]["score"] == row["score"] else i + 1
        out.append(RankRow(rank, row["unit"], row["name"], row["projects"], row["red_projects"], len(row["lines"]),
                           row["lost"], row["score"]))
    return out


@page("ranking.md", "ranking.html.j2", "得分排名")
def ranking(data: SiteData) -> Ranking:
    """县市政府和州直部门分别排名 (the notice's year-end assessment), as it stands on the as-of date."""
    published = bool(data.settings.get("publish", "scores"))
    scores = data.metrics.scores if published else {}
    kinds = labels().unit_kind
    ranked = {row["unit"] for rows in scores.values() for row in rows}
    return Ranking(published, data.metrics.as_of > date(data.settings.year, 12, 31), data.settings.year,
                   data.settings.get("scoring", "base"),
                   [RankTable(kind, kinds[kind], _ranked(scores.get(kind, []))) for kind in READING_ORDER],
                   [(u, data.idx.units[u].get("name")) for u in data.idx.units_in_order()
                    if published and data.idx.units[u].get("kind") in READING_ORDER and u not in ranked])
