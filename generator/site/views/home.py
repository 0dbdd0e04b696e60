"""The home page: headline cards, the year's cumulative investment, counties against time progress, reds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.compute.metrics import Metrics, rate
from generator.labels import labels
from generator.site import charts
from generator.site.pages import SiteData, page
from generator.site.views.rows import ProjectRow, project_row


@dataclass(frozen=True)
class CategoryRow:
    category: str
    plan: Decimal
    values: list[Decimal | None]  # 亿元, one per month


@dataclass(frozen=True)
class CountyRow:
    id: str
    name: str
    summary: dict[str, object]


@dataclass(frozen=True)
class Home:
    metrics: Metrics
    months: list[str]
    category_rows: list[CategoryRow]
    county_rows: list[CountyRow]
    time_progress: Decimal | None  # the year's; entrants have their own on their pages
    cumulative_chart: str
    county_chart: str
    behind: list[CountyRow]
    reds: list[ProjectRow]
    listed: int
    exited: int


@page("index.md", "home.html.j2", "首页", charts=lambda view: True, search=False)
def home(data: SiteData) -> Home:
    m = data.metrics
    listed = [pm for pm in m.projects if pm.listed]
    months = sorted({row["period"] for pm in listed for row in pm.monthly if int(row["period"][5:7]) <= m.month})
    series: dict[str, dict[str, list[Decimal | None]]] = {}
    rows = []
    for cat in labels().category:
        group = [pm for pm in listed if pm.category == cat]
        plan = sum((pm.annual_plan or Decimal(0) for pm in group), Decimal(0))
        actual: list[Decimal | None] = []
        planned: list[Decimal | None] = []
        for month in months:
            total = Decimal(0)
            for pm in group:
                upto = [r for r in pm.monthly if r["period"] <= month and r["ytd"] is not None]
                total += upto[-1]["ytd"] if upto else Decimal(0)
            actual.append(total / 10000)
            planned.append(plan * int(month[5:7]) / 12 / 10000)
        series[cat] = {"actual": actual, "plan": planned}
        rows.append(CategoryRow(cat, plan, actual))
    county_rows = [CountyRow(cid, data.idx.counties.get(cid, {}).get("name") or cid, summary)
                   for cid, summary in sorted(m.by_county.items(), key=lambda kv: -(kv[1]["completion"] or Decimal(-1)))]
    time_progress = rate(m.month, 12) if m.month else None
    cumulative = charts.cumulative_by_category(months, series, labels().category) if months else ""
    county_chart = charts.completion_by_county([r.name for r in county_rows],
                                               [r.summary["completion"] for r in county_rows],  # type: ignore[misc]
                                               time_progress)
    behind = [r for r in county_rows if time_progress is not None and r.summary["completion"] is not None
              and r.summary["completion"] < time_progress]  # type: ignore[operator]
    reds = [project_row(pm, data) for pm in listed if pm.status == "red"]
    return Home(m, months, rows, county_rows, time_progress, cumulative, county_chart, behind, reds, len(listed),
                len(m.projects) - len(listed))
