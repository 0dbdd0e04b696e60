"""`new-report`: a month's report pre-filled from the project's last one, for staff who start from a copy.

Carried: progress text, percent, relocation, next steps, and every problem not yet closed (DATA-MODEL: an
open problem reappears in every later report until closed, unchanged). Year-to-date figures carry within a
year and restart at zero in January (a new year starts from zero); this month's investment starts at 0.
Not carried: verification, corrections, receipt and site visits, which belong to one month. An existing
file is never overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator.loading.yamlstrict import dump_yaml
from generator.model import Index, effective, get, items, money

_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
HEADER = "# yaml-language-server: $schema=../../../schemas/report.schema.json\n"
_CARRIED = ("relocation", "next_steps")


class NewReportError(Exception):
    """Why the report cannot be written (Chinese; the CLI prints it)."""


@dataclass(frozen=True)
class NewReport:
    path: str  # repository-relative
    text: str
    previous: str | None  # the period it was filled from


def _ytd(previous: dict[str, Any] | None, same_year: bool, *key: str) -> Any:
    """The previous year-to-date (a verified adjustment wins), or 0 in a new year."""
    if previous is None or not same_year:
        return 0
    value = effective(previous, *key)
    return value if money(value) is not None else 0


def new_report(root: Path, idx: Index, project: str, period: str, submitted_on: date) -> NewReport:
    if not _MONTH.match(period):
        raise NewReportError(f"月份“{period}”不合规，请写成 YYYY-MM，例如 2015-04。")
    if project not in idx.projects:
        raise NewReportError(f"找不到项目“{project}”。请填写 data/projects/ 里已有的项目编号。")
    rel = f"data/reports/{period}/{project}.yaml"
    if (root / rel).exists():
        raise NewReportError(f"{rel} 已经存在，不会覆盖。请直接修改这个文件。")
    doc, prev_period = prefilled(idx, project, period, submitted_on)
    return NewReport(rel, dump_yaml(doc, HEADER), prev_period)


def previous_report(idx: Index, project: str, period: str) -> tuple[str | None, dict[str, Any] | None]:
    """The project's last report before `period` (its month and data), or (None, None). A project's first
    report in a new year follows `continues` to last year's project: its open problems carry on."""
    whole = idx.whole or idx
    seen: set[str] = set()
    while project not in seen:
        seen.add(project)
        earlier = sorted(p for p in whole.reports.get(project, {}) if p < period)
        if earlier:
            return earlier[-1], whole.reports[project][earlier[-1]][1]
        before = get(whole.projects[project][1], "continues") if project in whole.projects else None
        if not isinstance(before, str):
            break
        project = before
    return None, None


def prefilled(idx: Index, project: str, period: str, submitted_on: date | None) -> tuple[dict[str, Any], str | None]:
    """A month's report as carried forward from the project's last one (see the module docstring), and the
    month it was carried from. Also what a spreadsheet template starts from."""
    prev_period, prev = previous_report(idx, project, period)
    same_year = prev_period is not None and prev_period[:4] == period[:4]
    doc: dict[str, Any] = {
        "project": project,
        "period": period,
        "submitted_on": submitted_on.isoformat() if submitted_on else None,
        "investment": {"month": 0, "year_to_date": _ytd(prev, same_year, "investment", "year_to_date")},
        "funds": {"year_to_date": _ytd(prev, same_year, "funds", "year_to_date")},
        "progress": {"summary": get(prev, "progress", "summary") or "（请填写本月形象进度）"},
    }
    if submitted_on is None:
        del doc["submitted_on"]
    percent = get(prev, "progress", "percent")
    if percent is not None and same_year:
        doc["progress"]["percent"] = percent
    for key in _CARRIED:
        if get(prev, key) is not None:
            doc[key] = get(prev, key)
    open_problems = [p for p in items(prev, "problems") if get(p, "closed") is None]
    if open_problems:
        doc["problems"] = open_problems
    return doc, prev_period
