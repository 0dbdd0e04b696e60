"""The deadlines page: every duty overdue and still open, by the party accountable, and what is due soon."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.compute.deadlines import Deadline
from generator.site.pages import SiteData, page
from generator.site.views.rows import DeadlineRow, deadline_rows


@dataclass(frozen=True)
class DeadlineGroup:
    unit: str
    name: str
    path: str | None
    rows: list[DeadlineRow]


@dataclass(frozen=True)
class DeadlinesPage:
    groups: list[DeadlineGroup]
    missed: int
    upcoming: list[DeadlineRow]
    days: int  # what "due soon" means (config.upcoming_days)


@page("deadlines.md", "deadlines.html.j2", "期限与逾期", search=False)
def deadlines_page(data: SiteData) -> DeadlinesPage:
    missed = [d for d in data.deadlines if d.state == "missed"]
    upcoming = [d for d in data.deadlines if d.state == "upcoming"]
    by_unit: dict[str, list[Deadline]] = defaultdict(list)
    for d in missed:
        by_unit[d.unit or ""].append(d)
    names = data.idx.names(data.metrics.as_of)
    groups = [DeadlineGroup(u, names.get(u, u or "未指定"), f"units/{u}/" if u in data.idx.units else None,
                            deadline_rows(rows, data))
              for u, rows in sorted(by_unit.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    return DeadlinesPage(groups, len(missed), deadline_rows(upcoming, data), data.settings.upcoming_days)
