"""Rules over data/dispatches/: references, urging spans and inspection findings."""

from __future__ import annotations

from collections.abc import Iterator

from generator.core.findings import Finding
from generator.loading.files import Loaded
from generator.model import Index, get, items, to_date
from generator.rules import flag, rule


@rule("dispatch-content", codes=("ref-unresolved", "date-order", "dispatch-field-kind", "id-duplicate"))
def dispatch_content(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """References resolve; urging logs cover a span in order; findings belong to inspections (五个方面)."""
    for f, d in idx.dispatches:
        refs: list[tuple[tuple[str | int, ...], str]] = [
            (("chaired_by",), "unit_or_post"),
            *((("projects", i), "project") for i in range(len(items(d, "projects")))),
            *((("decisions", i, "unit"), "unit") for i in range(len(items(d, "decisions")))),
            *((("findings", i, "project"), "project") for i in range(len(items(d, "findings")))),
        ]
        for at, what in refs:
            message = idx.unresolved(what, get(d, *at))
            if message:
                yield flag("ref-unresolved", f, at, message)
        start, end = to_date(get(d, "covers", "from")), to_date(get(d, "covers", "to"))
        if start and end and end < start:
            yield flag("date-order", f, ("covers", "to"), f"覆盖期间的结束日 {end} 早于开始日 {start}。")
        if get(d, "covers") is not None and d.get("kind") != "urging":
            yield flag("dispatch-field-kind", f, ("covers",), "只有督促记录（kind: urging）可以用 covers 覆盖一段日期。")
        if items(d, "findings") and d.get("kind") != "inspection":
            yield flag("dispatch-field-kind", f, ("findings",), "只有督查记录（kind: inspection）可以填写 findings（督查发现）。")
        for key in ("decisions", "findings"):
            seen: set[str] = set()
            for i, entry in enumerate(items(d, key)):
                ident = get(entry, "id")
                if isinstance(ident, str):
                    if ident in seen:
                        yield flag("id-duplicate", f, (key, i, "id"), f"编号“{ident}”在本记录中重复。")
                    seen.add(ident)
