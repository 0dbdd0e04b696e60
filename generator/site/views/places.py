"""The counties: a table of all, and one page per county with its projects and county governments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.compute.metrics import ProjectMetrics
from generator.site.pages import SiteData, page
from generator.site.views.rows import Link, Place, ProjectRow, place_of, project_row


@dataclass(frozen=True)
class CountySummaryRow:
    id: str
    name: Any
    summary: dict[str, Any] | None  # None when the county has no listed project


@dataclass(frozen=True)
class Counties:
    rows: list[CountySummaryRow]


@page("counties/index.md", "counties.html.j2", "县市", search=False)
def counties(data: SiteData) -> Counties:
    return Counties([CountySummaryRow(cid, c.get("name"), data.metrics.by_county.get(cid))
                     for cid, c in data.idx.counties.items()])


@dataclass(frozen=True)
class CountyPage:
    id: str
    county: dict[str, Any]
    rows: list[ProjectRow]
    summary: dict[str, Any] | None
    govs: list[Link]
    trend: list[tuple[str, dict[str, Any]]]  # (month, its summary) at each monthly circular, oldest first
    places: list[tuple[ProjectRow, Place]]  # its projects with coordinates, north to south


@page("counties/{key}.md", "county.html.j2", lambda view: view.county.get("name") or view.id,
      each=lambda data: sorted(data.idx.counties), search=False)
def county_page(data: SiteData, cid: str) -> CountyPage:
    govs = [u for u in data.idx.units_in_order() if data.idx.units[u].get("kind") == "county_gov"
            and data.idx.units[u].get("county") == cid]
    return CountyPage(cid, data.idx.counties[cid], [project_row(pm, data) for pm in _in_county(cid, data)],
                      data.metrics.by_county.get(cid), [Link(str(data.idx.units[u].get("name")), f"units/{u}/") for u in govs],
                      [(c.period, c.metrics.by_county[cid]) for c in data.monthly if cid in c.metrics.by_county],
                      _places(cid, data))


def _places(cid: str, data: SiteData) -> list[tuple[ProjectRow, Place]]:
    out = []
    for pm in _in_county(cid, data):
        place = place_of(data.idx.projects[pm.id][1], data.settings)
        if place is not None:
            out.append((project_row(pm, data), place))
    return sorted(out, key=lambda rp: (-rp[1].lat, rp[1].lon, rp[0].figures.id))


def _in_county(cid: str, data: SiteData) -> list[ProjectMetrics]:
    return data.grouped("county", lambda pm: (pm.county,)).get(cid, [])
