"""Publication: the circulars (通报) and the leader posts' accounts, as prepared values for the templates.

The notice: the inspection office consolidates and reports by the 12th of each month (月度通报); the
supervision office issues a circular every quarter (季度通报); results go into each responsible leader's
annual report. A circular states what could be known on the day it is issued, so each one is computed
from the data as of its own date, never from the site's as-of date.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from generator.compute import deadlines as deadline_stage
from generator.compute import metrics as metric_stage
from generator.compute.deadlines import Deadline
from generator.compute.metrics import Metrics
from generator.core.settings import Settings
from generator.model import Index

QUARTERLY_DAY = 20  # the quarterly circular is issued on the 20th of the month after the quarter
QUARTERS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}


@dataclass
class Circular:
    kind: str  # "monthly" | "quarterly"
    period: str  # 2015-06 | 2015-Q2
    number: int  # 第 N 期 within its year and kind
    issued: date
    issuer: str
    metrics: Metrics
    deadlines: list[Deadline]  # missed or met late as of its issue date: what a circular names (a province's
    # circulars keeping every duty held millions)
    months: list[str]  # the report months it covers
    preface: str | None = None
    previous: Circular | None = field(default=None, repr=False)

    @property
    def slug(self) -> str:
        return self.period

    @property
    def title(self) -> str:
        if self.kind == "monthly":
            return f"{self.period[:4]}年{int(self.period[5:7])}月重点项目推进情况通报"
        quarter = "一二三四"[int(self.period[-1]) - 1]
        return f"{self.period[:4]}年第{quarter}季度重点项目推进情况通报"

    @property
    def kind_name(self) -> str:
        return "月度通报" if self.kind == "monthly" else "季度通报"


def circular_dates(settings: Settings, as_of: date) -> list[tuple[str, str, date, list[str]]]:
    """(kind, period, issue date, months covered) of every circular issued by as-of."""
    year, first = settings.year, settings.first_report_period
    day = settings.number("deadlines", "verification_day")
    out: list[tuple[str, str, date, list[str]]] = []
    for month in range(1, 13):
        period = f"{year}-{month:02d}"
        if period < first:
            continue
        issued = date(year + (month == 12), month % 12 + 1, day)
        if issued <= as_of:
            out.append(("monthly", period, issued, [period]))
    for quarter, (start, end) in QUARTERS.items():
        issued = date(year + (end == 12), end % 12 + 1, QUARTERLY_DAY)
        months = [f"{year}-{m:02d}" for m in range(start, end + 1) if f"{year}-{m:02d}" >= first]
        if issued <= as_of and months:
            out.append(("quarterly", f"{year}-{quarter}", issued, months))
    return out


def _office(idx: Index, kind: str, fallback: str) -> str:
    unit = next((u for _, u in sorted(idx.units.items()) if u.get("kind") == kind), None)
    return str(unit.get("name")) if unit else fallback


def circulars(idx: Index, as_of: date, prefaces: dict[str, str]) -> list[Circular]:
    """Every circular issued by as-of, each computed as of its own issue date."""
    settings = idx.settings
    out: list[Circular] = []
    previous: dict[str, Circular] = {}
    numbers: Counter[str] = Counter()
    for kind, period, issued, months in circular_dates(settings, as_of):
        result = deadline_stage.compute(idx, issued)
        figures = metric_stage.compute(idx, result)
        numbers[kind] += 1
        issuer = _office(idx, "inspection_office" if kind == "monthly" else "supervision_office",
                         "州重点项目稽察办" if kind == "monthly" else "州人民政府督查室")
        circular = Circular(kind, period, numbers[kind], issued, issuer, figures,
                            [d for d in result.deadlines if d.anomaly], months, prefaces.get(period), previous.get(kind))
        previous[kind] = circular
        out.append(circular)
    return out
