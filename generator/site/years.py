"""The site's years: which years a build carries, the year switcher's links, a project's years, years.json.

The current year (the as-of date's, `Index.current_year`) is the site's root; each closed year before it is
archived under `/<YYYY>/` exactly as it was built on its closing day (site/archive.py). A page knows the
years its own build carries; an archived page, built before later years existed, learns of them from the
deployment root's `years.json` (site_src/docs/assets/years.js), so the archive stays byte-identical.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.model import Index, closing_day, get

YEARS_JSON = "years.json"


@dataclass(frozen=True)
class SiteYears:
    """The years one build carries: its own (None in a repository of one year) and the archived ones."""

    current: int | None
    archived: list[tuple[int, date]]  # (year, closing day), newest first

    @property
    def archived_years(self) -> list[int]:
        return [y for y, _ in self.archived]


def site_years(full: Index, as_of: date) -> SiteYears:
    """The as-of date's year, and every year closed by then that has a year file: each is archived."""
    current = full.current_year(as_of)
    if current is None:
        return SiteYears(None, [])
    closed = [y for y in full.closed_years(as_of) if y in full.years and y < current]
    return SiteYears(current, [(y, closing_day(full.year_settings(y), y)) for y in sorted(closed, reverse=True)])


def _title(full: Index, year: int) -> str:
    title = get(full.years[year][1], "title") if year in full.years else None
    return str(title) if title else ""


def switcher(full: Index, years: SiteYears) -> list[dict[str, Any]]:
    """The year switcher's entries, newest first: year, list title, path from the site root, current."""
    if years.current is None:
        return []
    return [{"year": y, "title": _title(full, y), "path": "" if y == years.current else f"{y}/",
             "current": y == years.current} for y in [years.current, *years.archived_years]]


def lineage(full: Index, pid: str, years: SiteYears) -> list[dict[str, Any]]:
    """The earlier years of a continuing project (Index.lineage), newest first: year, list title, id, name,
    and its archived page's path from the site root (None when that year is not archived in this build)."""
    out: list[dict[str, Any]] = []
    for before in reversed(full.lineage(pid)[:-1]):
        if before not in full.projects:  # continues-invalid: reported by validation
            break
        project = full.projects[before][1]
        year = get(project, "year")
        out.append({"year": year, "title": _title(full, year) if isinstance(year, int) else "", "id": before,
                    "name": str(get(project, "name") or before),
                    "path": f"{year}/projects/{before}/" if year in years.archived_years else None})
    return out


def years_json(full: Index, years: SiteYears) -> bytes:
    """What an archived page reads from the deployment root: the years there, and where each archived
    project continues in the current year."""
    shown = {y["year"]: y["path"] for y in switcher(full, years)}
    continued = {}
    for pid, (_, p) in sorted(full.projects.items()):
        before, year = get(p, "continues"), get(p, "year")
        if isinstance(before, str) and year in shown:
            continued[before] = {"year": year, "id": pid, "path": f"{shown[year]}projects/{pid}/"}
    doc = {"current": years.current, "years": switcher(full, years), "continued": continued}
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")
