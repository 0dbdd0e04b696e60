"""Rules over data/config.yaml and data/org/: ids, counties of county governments, post holders."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from typing import Any

from generator.core.findings import Finding
from generator.loading.files import DataFile, Loaded
from generator.model import Index, get, items, to_date
from generator.rules import flag, rule


@rule("org-ids-unique", codes=("id-duplicate",))
def org_ids_unique(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """Ids are unique within counties, units and posts; a unit and a post never share an id (either may be
    named where a problem is escalated)."""
    seen_unit_or_post: dict[str, str] = {}
    for kind in ("counties", "units", "posts"):
        f = idx.org_files.get(kind)
        if f is None or not isinstance(f.data, list):
            continue
        seen: dict[str, int] = {}
        for i, entry in enumerate(f.data):
            ident = get(entry, "id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                yield flag("id-duplicate", f, (i, "id"),
                         f"编号“{ident}”重复（第一次在第 {seen[ident]} 行）。每个编号只能用一次，请改用新的编号。")
                continue
            seen[ident] = f.line(i, "id")
            if kind in ("units", "posts"):
                other = seen_unit_or_post.get(ident)
                if other and other != kind:
                    yield flag("id-duplicate", f, (i, "id"),
                             f"编号“{ident}”已被一个{'单位' if other == 'units' else '职务'}使用。单位和职务的编号不能相同。")
                seen_unit_or_post.setdefault(ident, kind)


def _entries(idx: Index, kind: str) -> Iterator[tuple[DataFile, int, Any]]:
    """An org file with each entry and its index; nothing when the file is missing or not a list."""
    f = idx.org_files.get(kind)
    if f is not None and isinstance(f.data, list):
        for i, entry in enumerate(f.data):
            yield f, i, entry


@rule("unit-county", codes=("ref-unresolved", "field-missing"))
def unit_county(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """A county government names its county; every county named resolves."""
    for f, i, unit in _entries(idx, "units"):
        county = get(unit, "county")
        message = idx.unresolved("county", county)
        if message:
            yield flag("ref-unresolved", f, (i, "county"), message)
        elif county is None and get(unit, "kind") == "county_gov":
            yield flag("field-missing", f, (i,), "县市政府（kind: county_gov）必须填写 county（所在县市编号）。")


@rule("post-holders", codes=("date-order", "post-holders-overlap"))
def post_holders(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """The notice: a leader post is held by one person at a time ("由接任者自行替补"); periods never overlap."""
    for f, i, post in _entries(idx, "posts"):
        spans = []
        for j, holder in enumerate(items(post, "holders")):
            start, end = to_date(get(holder, "from")), to_date(get(holder, "to"))
            if start and end and end < start:
                yield flag("date-order", f, (i, "holders", j, "to"),
                         f"离任日期 {end} 早于到任日期 {start}。请检查两个日期。")
                continue
            if start:
                spans.append((start, end or date.max, j))
        spans.sort()
        for (_, prev_end, pj), (start, _, j) in itertools.pairwise(spans):
            if start <= prev_end:
                yield flag("post-holders-overlap", f, (i, "holders", j, "from"),
                         f"任职时间与第 {pj + 1} 位任职者重叠。前任的 to（离任日期）必须早于后任的 from（到任日期）；"
                         "如前任仍写 null，请补上离任日期。")
