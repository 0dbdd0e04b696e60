"""Projects lagging without a reported problem: yellow or red at two consecutive monthly circulars, while
their latest report lists no open problem (通知：各责任单位…及时报送项目推进中存在的问题).

A project that has been behind for two months and reports nothing holding it back is a warning to its unit;
the deadlines page lists it as 滞后但未报告问题. Each month's status is the one its monthly circular computed,
as of the circular's own date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from generator.compute import deadlines, metrics
from generator.compute.circulars import circular_dates
from generator.compute.metrics import Metrics
from generator.model import Index, filed_by, get, items

BEHIND = ("yellow", "red")


@dataclass(frozen=True)
class SilentLag:
    project: str
    unit: str | None  # the lead unit, warned
    periods: tuple[str, str]  # the two months it was behind in
    statuses: tuple[str, str]


def _month_metrics(idx: Index, issued: date) -> Metrics:
    return metrics.compute(idx, deadlines.compute(idx, issued))


def silent_lagging(idx: Index, as_of: date,
                   at: Callable[[str, date], Metrics] | None = None) -> list[SilentLag]:
    """`at(period, issued)` gives a monthly circular's figures when they are already computed."""
    monthly = [(period, issued) for kind, period, issued, _ in circular_dates(idx.settings, as_of) if kind == "monthly"]
    if len(monthly) < 2:
        return []
    figures = [(at or (lambda _p, day: _month_metrics(idx, day)))(period, issued) for period, issued in monthly[-2:]]
    before, now = ({pm.id: pm for pm in m.projects if pm.listed} for m in figures)
    out = []
    for pid in sorted(set(before) & set(now)):
        if before[pid].status in BEHIND and now[pid].status in BEHIND and not _open_problem(idx, pid, as_of):
            out.append(SilentLag(pid, now[pid].lead_unit, (monthly[-2][0], monthly[-1][0]),
                                 (before[pid].status, now[pid].status)))
    return out


def _open_problem(idx: Index, pid: str, as_of: date) -> bool:
    """Whether the project's latest report known on as-of lists a problem not closed by then."""
    filed = [r for _, (_, r) in sorted(idx.reports.get(pid, {}).items()) if filed_by(r, as_of)]
    if not filed:
        return False
    for prob in items(filed[-1], "problems"):
        closed = get(prob, "closed", "on")
        if not isinstance(closed, str) or closed > as_of.isoformat():
            return True
    return False
