"""Rows several pages share: a project in a table, a deadline in a table, a unit or post as a link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.compute.deadlines import Deadline
from generator.compute.metrics import ProjectMetrics
from generator.site.pages import SiteData


@dataclass(frozen=True)
class Link:
    """A unit or leader post as shown: its name, and its page when it has one (relative to the root)."""

    name: str
    path: str | None


@dataclass(frozen=True)
class ProjectRow:
    figures: ProjectMetrics
    county_name: str | None
    unit_name: str | None


@dataclass(frozen=True)
class DeadlineRow:
    deadline: Deadline
    what: str  # the duty in plain words (site.wording)
    unit: str  # the accountable unit's or post's name
    unit_path: str | None
    project_name: str | None


def link_of(ref: Any, data: SiteData) -> Link:
    """A unit (which has a page) or a post (shown with its holder on the as-of date)."""
    if ref in data.idx.units:
        return Link(data.idx.name_of(ref), f"units/{ref}/")
    if ref in data.idx.posts:
        return Link(data.idx.name_of(ref, data.metrics.as_of), None)
    return Link(ref or "—", None)


def project_row(pm: ProjectMetrics, data: SiteData) -> ProjectRow:
    county = data.idx.counties.get(pm.county or "", {})
    unit = data.idx.units.get(pm.lead_unit or "", {})
    return ProjectRow(pm, county.get("name") or pm.county, unit.get("short_name") or unit.get("name") or pm.lead_unit)


def deadline_rows(rows: list[Deadline], data: SiteData) -> list[DeadlineRow]:
    projects = {pid: p.get("name") for pid, (_, p) in data.idx.projects.items()}
    words = data.wording()
    return [DeadlineRow(d, words.what(d), data.idx.accountable(d.unit, d.holder) if d.unit else "—",
                        f"units/{d.unit}/" if d.unit in data.idx.units else None, projects.get(d.project or ""))
            for d in rows]
