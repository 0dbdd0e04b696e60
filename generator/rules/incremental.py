"""The cross-file rules run incrementally over a cached snapshot (loading/snapshot.py): the same findings as
`validate_loaded(load(...))`, recomputing only the parts of the repository that changed.

The repository falls into units whose rule findings depend only on the unit's own files and on the global
context: a project with its reports (by the `project` a report names, as model.build_index files it), one
dispatch, one briefing, one circular preface, and the global unit (config, year and org files). The global
context is the global unit's files, the set of project file names and, per project, its id, year and the
project it continues (what references resolve against; `continues` links two years' projects, so a changed
link or year re-checks everything).
Every rule reads nothing else (tests/test_cache.py compares cached and uncached runs), so a unit whose files
and context are unchanged keeps its findings; the changed units are checked together, with the org and the
config, on an index of just them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from generator.core.findings import Finding, Findings, within
from generator.loading.snapshot import Snapshot
from generator.model import MONTH_RE, build_index, project_year
from generator.rules import _without_shadowed, cross_file

GLOBAL = "global"
GLOBAL_KINDS = frozenset({"config", "year", "counties", "units", "posts"})


def summarise(kind: str, data: Any) -> Any:
    """What places a file in its unit without its Doc: a project's (id, year, the project it continues), a
    report's (project, period)."""
    if kind == "project":
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            return None
        continues = data.get("continues")
        return data["id"], project_year(data), continues if isinstance(continues, str) else None
    if kind == "report" and isinstance(data, dict) and isinstance(data.get("project"), str) \
            and isinstance(data.get("period"), str) and MONTH_RE.match(data["period"]):
        return data["project"], data["period"]
    return None


def _stem(rel: str) -> str:
    return rel.rsplit("/", 1)[-1].removesuffix(".yaml")


def unit_of(rel: str, kind: str, summary: Any) -> str:
    if kind in GLOBAL_KINDS:
        return GLOBAL
    if kind == "project":
        return f"project:{summary[0] if isinstance(summary, tuple) else _stem(rel)}"
    if kind == "report":
        return f"project:{summary[0] if isinstance(summary, tuple) else _stem(rel)}"
    return f"file:{rel}"


def _hash(parts: Iterable[object]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


def units(snap: Snapshot) -> dict[str, list[str]]:
    """The repository's units, each with its files in load order (made once per snapshot)."""
    if snap.derived.get("units") is None:
        out: dict[str, list[str]] = {}
        for rel, kind in snap.files:
            out.setdefault(unit_of(rel, kind, snap.summaries[rel]), []).append(rel)
        snap.derived["units"] = out
    found: dict[str, list[str]] = snap.derived["units"]
    return found


def context_key(snap: Snapshot, parts: dict[str, list[str]]) -> str:
    """The global context: the global files, every project file's name and every project's summary."""
    stems = sorted(_stem(rel) for rel, kind in snap.files if kind == "project")
    ids = sorted((s[0], s[1] or 0, s[2] or "") for rel, kind in snap.files
                 if kind == "project" and isinstance(s := snap.summaries[rel], tuple))
    return _hash(["context", *((rel, snap.keys[rel]) for rel in parts.get(GLOBAL, [])), stems, ids])


def validate_snapshot(snap: Snapshot, only: list[str] | None = None) -> Findings:
    """Every finding of the repository, as rules.validate gives it, from the cache where it can."""
    parts = units(snap)
    context = context_key(snap, parts)
    keys = {u: None if any(snap.keys[rel] is None for rel in files) else _hash([context, u, *(
        (rel, snap.keys[rel]) for rel in files)]) for u, files in parts.items()}
    found: dict[str, list[Finding]] = {}
    for u, key in keys.items():
        cached = snap.store.unit(key) if key is not None else None
        if cached is not None:
            found[u] = cached
    missing = [u for u in parts if u not in found]
    if missing:
        for u, findings in _run(snap, parts, missing, full=GLOBAL in missing).items():
            found[u] = findings
            if keys[u] is not None:
                snap.store.put_unit(keys[u], findings)  # type: ignore[arg-type]
    report = Findings(checked=snap.counts())
    own = [f for rel, _ in snap.files for f in snap.findings[rel]]
    rules = [f for u in parts for f in found.get(u, [])]
    report.extend(within(_without_shadowed([*snap.discovered, *own, *rules]), only))
    return report


def _run(snap: Snapshot, parts: dict[str, list[str]], missing: list[str], full: bool) -> dict[str, list[Finding]]:
    """The rule findings of the missing units, by unit: every rule over the whole repository (`full`, when
    the global context is new), or over an index of the missing units with the org and the config, ids
    resolving against every project."""
    if full:
        loaded = snap.loaded()
        idx = build_index(loaded)
    else:
        wanted = {rel for u in (*missing, GLOBAL) for rel in parts.get(u, [])}
        loaded = snap.loaded(wanted | _linked(snap, wanted))
        idx = build_index(loaded)
        idx.project_files = {_stem(rel) for rel, kind in snap.files if kind == "project"} | {
            s[0] for rel, kind in snap.files if kind == "project" and isinstance(s := snap.summaries[rel], tuple)}
    owner = {rel: u for u, files in parts.items() for rel in files}
    out: dict[str, list[Finding]] = {u: [] for u in missing}
    for f in cross_file(loaded, idx):
        u = owner.get(f.path, GLOBAL)
        if u in out:
            out[u].append(f)
    return out


def _linked(snap: Snapshot, wanted: set[str]) -> set[str]:
    """The project files the wanted projects' `continues` rule reads: the project each continues, and every
    other project continuing the same one (whose findings stay with their own, unchanged units)."""
    summaries = {rel: s for rel, kind in snap.files if kind == "project" and isinstance(s := snap.summaries[rel], tuple)}
    targets = {s[2] for rel, s in summaries.items() if rel in wanted and s[2] is not None}
    if not targets:
        return set()
    return {rel for rel, s in summaries.items() if s[0] in targets or s[2] in targets}
