"""Plain words for what a duty is about, as the public reads it: 2015年7月月报, 2015年8月25日督查发现的第2项问题.

A deadline carries a machine reference (a period, a problem id, `<dispatch file>/<item id>`); pages never
show it. They show the period in words, the problem or finding by its summary (or that its content is not
public), the decision by its meeting and number, the cadence by the day the run of silence began.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from generator.core.chinese import cdate, cperiod
from generator.labels import labels
from generator.model import Index, get, items, stem, to_date
from generator.site.privacy import is_public, private_problems

# the kinds a project has at most one of: their label says it all
_ONLY_LABEL = ("action-plan", "start", "completion", "production")


@dataclass(frozen=True)
class _Item:
    """A decision or finding of a dispatch: the meeting's day and kind, its place in the list, the item."""

    held: date | None
    kind: str
    number: int
    item: dict[str, Any]


class Wording:
    """Describes deadlines (or score lines: anything with kind, ref and project) known on `as_of`."""

    def __init__(self, idx: Index, as_of: date) -> None:
        self.idx = idx
        self.as_of = as_of

    @cached_property
    def _items(self) -> dict[str, _Item]:
        out: dict[str, _Item] = {}
        for f, d in self.idx.dispatches:
            held, kind = to_date(get(d, "date")), labels().dispatch_kind.get(str(get(d, "kind")), "")
            for field in ("decisions", "findings"):
                for n, item in enumerate(items(d, field), start=1):
                    if isinstance(item, dict):
                        out[f"{stem(f)}/{get(item, 'id')}"] = _Item(held, kind, n, item)
        return out

    def _problem(self, project: str | None, ident: str) -> str:
        """A problem's summary as known on the as-of date; withheld when any report marks it not public."""
        if project is None:
            return "（问题内容不公开）"
        reports = [r for _, r in self.idx.reports.get(project, {}).values()]
        summary = get(self.idx.latest_problem(project, ident, self.as_of), "summary")
        if ident in private_problems(reports) or not isinstance(summary, str):
            return "（问题内容不公开）"
        return f"：{summary}"

    def what(self, d: Any) -> str:
        """The duty in words, without its project (pages show the project beside it)."""
        kind, ref = d.kind, str(d.ref)
        label = labels().deadline_kind.get(kind, kind)
        if kind in _ONLY_LABEL:
            return label
        if kind == "report":
            return f"{cperiod(ref)}月报"
        if kind == "verification":
            return f"{cperiod(ref)}月报核实"
        if kind == "site-visit":
            return f"{cperiod(ref)}现场调研"
        if kind == "briefing":
            return f"{cperiod(ref)}书面报告"
        if kind == "cadence":
            return f"{label}：自{cdate(ref.removeprefix('cadence-'))}起未按频次督促或调度"
        if kind in ("answer", "promise"):
            return f"{label}{self._problem(d.project, ref)}"
        if kind in ("decision", "finding"):
            found = self._items.get(ref)
            if found is None:
                return label
            where = f"{cdate(found.held)}{found.kind}"
            if kind == "decision":
                content = get(found.item, "content")
                return f"{where}议定事项第{found.number}项" + (f"：{content}" if isinstance(content, str) else "")
            summary = get(found.item, "summary")
            shown = f"：{summary}" if is_public(found.item) and isinstance(summary, str) else "（内容不公开）"
            return f"{where}发现问题第{found.number}项{shown}"
        if kind == "milestone":
            return f"{label}：{ref}"
        return label
