"""The deadlines page: every duty overdue and still open, by the party accountable, and what is due soon."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.compute.deadlines import Deadline
from generator.compute.lagging import SilentLag
from generator.site.pages import SiteData, page
from generator.site.views.rows import DeadlineRow, deadline_rows


@dataclass(frozen=True)
class DeadlineGroup:
    unit: str
    name: str
    path: str | None
    rows: list[DeadlineRow]


@dataclass(frozen=True)
class SilentRow:
    lag: SilentLag
    project_name: str
    unit: str


@dataclass(frozen=True)
class OtherParty:
    name: str
    path: str | None
    count: int


# parties shown with their overdue duties, the most overdue first (templating.GROUP_ROWS of each, the rest
# counted: its unit page lists them all); the other parties by name and count, so the page does not grow with
# the portfolio (20 parties of 100 rows made it 0.9 MB for a province)
GROUPS_SHOWN = 20


@dataclass(frozen=True)
class DeadlinesPage:
    groups: list[DeadlineGroup]
    others: list[OtherParty]
    missed: int
    upcoming: list[DeadlineRow]
    days: int  # what "due soon" means (config.upcoming_days)
    silent: list[SilentRow]  # 滞后但未报告问题


@page("deadlines.md", "deadlines.html.j2", "期限与逾期", search=False)
def deadlines_page(data: SiteData) -> DeadlinesPage:
    missed = [d for d in data.deadlines if d.state == "missed"]
    upcoming = [d for d in data.deadlines if d.state == "upcoming"]
    by_party: dict[tuple[str, str | None], list[Deadline]] = defaultdict(list)
    for d in missed:  # a post's lapses belong to whoever held it on the due day
        by_party[(d.unit or "", d.holder)].append(d)
    parties = sorted(by_party.items(), key=lambda kv: (-len(kv[1]), kv[0][0], kv[0][1] or ""))
    groups = [DeadlineGroup(u, data.idx.accountable(u, holder) if u else "未指定",
                            f"units/{u}/" if u in data.idx.units else None, deadline_rows(rows, data))
              for (u, holder), rows in parties[:GROUPS_SHOWN]]
    others = [OtherParty(data.idx.accountable(u, holder) if u else "未指定", f"units/{u}/" if u in data.idx.units else None,
                         len(rows)) for (u, holder), rows in parties[GROUPS_SHOWN:]]
    names = data.idx.project_names()
    silent = [SilentRow(lag, names.get(lag.project, lag.project), data.idx.name_of(lag.unit))
              for lag in data.silent_lags]
    return DeadlinesPage(groups, others, len(missed), deadline_rows(upcoming, data), data.settings.upcoming_days, silent)
