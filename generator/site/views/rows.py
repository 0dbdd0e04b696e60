"""Rows several pages share: a project in a table, a deadline in a table, a unit or post as a link."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from generator.compute.deadlines import Deadline
from generator.compute.metrics import ProjectMetrics
from generator.core.settings import Settings
from generator.model import get
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


@dataclass(frozen=True)
class Place:
    """A project's coordinates as people read them, and a link that opens them on a map (nothing is loaded
    from the map's host: it is a link only)."""

    lat: Decimal
    lon: Decimal
    url: str
    label: str

    @property
    def words(self) -> str:
        ns, ew = ("北纬", "南纬")[self.lat < 0], ("东经", "西经")[self.lon < 0]
        return f"{ns} {abs(self.lat)}°，{ew} {abs(self.lon)}°"


def place_of(project: Any, settings: Settings) -> Place | None:
    """The project's location and its map link (config publish.map_link), when it has numeric coordinates."""
    lat, lon = get(project, "location", "lat"), get(project, "location", "lon")
    template = settings.get("publish", "map_link")
    if not all(isinstance(v, int | Decimal) and not isinstance(v, bool) for v in (lat, lon)) \
            or not isinstance(template, str):
        return None
    url = template.replace("{lat}", str(lat)).replace("{lon}", str(lon))
    label = "在天地图上查看" if urlsplit(url).hostname in ("map.tianditu.gov.cn", "www.tianditu.gov.cn") else "在地图上查看"
    return Place(Decimal(lat), Decimal(lon), url, label)


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
    projects = data.project_names
    words = data.wording()
    return [DeadlineRow(d, words.what(d), data.idx.accountable(d.unit, d.holder) if d.unit else "—",
                        f"units/{d.unit}/" if d.unit in data.idx.units else None, projects.get(d.project or ""))
            for d in rows]
