"""The pull-request check on a cached snapshot: the base revision read as the head plus what changed.

git's listing of the base gives every file's blob id; the head snapshot has the blob id of every file it
read (loading/snapshot.py). A file whose ids agree is the same file, so the base is the head's files with
the changed ones swapped for the base's bytes (read with one `git cat-file --batch`). The integrity rules
and the moved figures only ever find something in the changed files and their projects (unchanged pairs
give nothing), so they run on those; findings of the head come from the incremental rules.

Anything unusual — the config changed, a link, a submodule, a file with no place in the layout, a file
too large to hash — returns None, and the caller reads both revisions whole as before (revision.export).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.compute import deadlines, metrics
from generator.core.findings import Finding
from generator.core.paths import classify
from generator.loading.files import DataFile, Loaded, load_raw
from generator.loading.snapshot import Snapshot, git_blob_id
from generator.model import build_index
from generator.review.diff import ChangeSet, FileChange, moved_between
from generator.review.integrity import integrity
from generator.review.revision import RevisionError, _commit, _not_data
from generator.rules.incremental import GLOBAL, summarise, unit_of, units, validate_snapshot

_ODD = re.compile(r"[\x00-\x1f\x7f]|\.(?:yaml|yml|md)/")  # what discover() reports instead of reading


@dataclass
class Delta:
    """What changed from a base revision to the head snapshot."""

    snap: Snapshot
    base_kinds: dict[str, str]  # every data file of the base: path → kind
    base_files: dict[str, DataFile] = field(default_factory=dict)  # the base's own version of changed files
    changes: list[FileChange] = field(default_factory=list)

    def base_file(self, rel: str) -> DataFile:
        return self.base_files.get(rel) or self.snap.datafile(rel)

    @property
    def changed(self) -> set[str]:
        return {c.path for c in self.changes}

    def affected(self) -> tuple[set[str], set[str]]:
        """The units (rules/incremental.py) and the file names of projects the change touches, either side."""
        touched, stems = set(), set()
        for rel in self.changed:
            if rel in self.base_kinds:
                f = self.base_files[rel]
                touched.add(unit_of(rel, f.kind, summarise(f.kind, f.data)))
            if rel in self.snap.kinds:
                touched.add(unit_of(rel, self.snap.kinds[rel], self.snap.summaries[rel]))
            if (self.base_kinds.get(rel) or self.snap.kinds.get(rel)) in ("project", "report"):
                stems.add(rel.rsplit("/", 1)[-1].removesuffix(".yaml"))
        return touched, stems


def _git(root: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True, check=False,
                          timeout=300)


def delta(snap: Snapshot, rev: str) -> Delta | None:
    """The change from revision `rev` to the snapshot, or None when it must be read the ordinary way."""
    root = snap.paths.root
    if snap.discovered or any(blob is None for blob in snap.blobs.values()):
        return None  # odd files in the head: the ordinary reading reports them exactly
    commit = _commit(root, rev)
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", "data")
    if listing.returncode != 0:
        raise RevisionError(f"无法读取版本“{rev}”的数据：{listing.stderr.decode('utf-8', 'replace').strip()}")
    base: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for entry in listing.stdout.decode("utf-8", "replace").split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        mode, kind, obj = meta.split(" ")
        if _not_data(path, mode, kind) is not None:
            return None
        if "/." in path:
            continue  # neither discover() nor data_files() reads dotfiles
        place = classify(path)
        if place is None or _ODD.search(path):
            return None
        base[path], kinds[path] = obj, place
    head = snap.blobs
    config = "data/config.yaml"
    if base.get(config) != head.get(config):
        return None  # a new config changes how every file loads (its size limit) and the cache's namespace
    out = Delta(snap, kinds)
    wanted = sorted(p for p in base if head.get(p) != base[p])
    if wanted:
        fetched = _git(root, "cat-file", "--batch", data="".join(f"{base[p]}\n" for p in wanted).encode())
        if fetched.returncode != 0:
            raise RevisionError(f"无法读取数据文件：{fetched.stderr.decode('utf-8', 'replace').strip()}")
        stream, at = fetched.stdout, 0
        max_bytes = _max_bytes(snap)
        for path in wanted:
            header_end = stream.index(b"\n", at)
            header = stream[at:header_end].decode().split(" ")
            if len(header) != 3 or header[0] != base[path]:
                raise RevisionError(f"读取 {path} 时 git 的输出不对：{' '.join(header)}")
            size = int(header[2])
            raw = stream[header_end + 1:header_end + 1 + size]
            at = header_end + 1 + size + 1
            if size > max_bytes or git_blob_id(raw) != base[path]:
                return None
            out.base_files[path] = _load(snap, path, out.base_kinds[path], raw, max_bytes)
    for path in sorted(set(base) | set(head)):
        if path not in base:
            out.changes.append(FileChange(path, "added"))
        elif path not in head:
            out.changes.append(FileChange(path, "removed"))
        elif base[path] != head[path]:
            out.changes.append(FileChange(path, "changed"))
    return out


def _max_bytes(snap: Snapshot) -> int:
    from generator.loading.files import DEFAULT_MAX_FILE_BYTES

    config = snap.datafile("data/config.yaml") if "data/config.yaml" in snap.kinds else None
    value = config.data.get("max_file_bytes") if config is not None and isinstance(config.data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else DEFAULT_MAX_FILE_BYTES


def _load(snap: Snapshot, rel: str, kind: str, raw: bytes, max_bytes: int) -> DataFile:
    """A base file as load_file reads it from an exported revision, through the cache."""
    from generator.loading.cache import file_key

    key = file_key(kind, rel, max_bytes, raw)
    entry = snap.store.get(key)
    doc = snap.store.doc(key) if entry is not None else None
    if entry is not None and (doc is not None or entry.offset < 0):
        return DataFile(rel, kind, doc)
    found, problems = load_raw(rel, kind, raw)
    snap.store.put(key, problems, summarise(kind, found.data), found.doc)
    return found


def _sides(d: Delta) -> tuple[Loaded, Loaded]:
    """Base and head, each as the changed files and every file of the projects they belong to."""
    touched, stems = d.affected()
    parts = units(d.snap)

    def wanted(rel: str, kind: str | None) -> bool:
        return rel in d.changed or (kind in ("project", "report") and rel.rsplit("/", 1)[-1].removesuffix(".yaml")
                                    in stems)

    in_units = {rel for u in touched if u != GLOBAL for rel in parts.get(u, [])}

    def closing(kind: str | None) -> bool:  # what says when each year closes (the closed-years rule)
        return kind in ("config", "year")

    head_rels = [rel for rel, kind in d.snap.files if wanted(rel, kind) or rel in in_units or closing(kind)]
    base_rels = sorted(rel for rel, kind in d.base_kinds.items()
                       if wanted(rel, kind) or rel in in_units or closing(kind))
    base = Loaded(d.snap.paths, [d.base_file(rel) for rel in base_rels])
    head = Loaded(d.snap.paths, [d.snap.datafile(rel) for rel in head_rels])
    return base, head


def integrity_delta(d: Delta, received_on: date | None, day: date | None = None) -> list[Finding]:
    base, head = _sides(d)
    return integrity(base, head, received_on, day)


def _figures(d: Delta, side: str, pids: set[str], as_of: date) -> dict[str, Any]:
    """The figures of `pids` on one side, from an index of just those projects, the org and the config (a
    project's figures read nothing else)."""
    if side == "head":
        rels = [rel for rel, kind in d.snap.files if kind in ("config", "counties", "units", "posts")
                or (unit_of(rel, kind, d.snap.summaries[rel]).removeprefix("project:") in pids and kind in ("project", "report"))]
        loaded = Loaded(d.snap.paths, [d.snap.datafile(rel) for rel in rels])
    else:
        files = []
        for rel in sorted(d.base_kinds, key=_walk_order):
            kind = d.base_kinds[rel]
            f = d.base_files.get(rel)
            summary = summarise(kind, f.data) if f is not None else d.snap.summaries.get(rel)
            if kind in ("config", "counties", "units", "posts") or (
                    kind in ("project", "report") and unit_of(rel, kind, summary).removeprefix("project:") in pids):
                files.append(d.base_file(rel))
        loaded = Loaded(d.snap.paths, files)
    idx = build_index(loaded)
    figures = metrics.compute(idx, deadlines.compute(idx, as_of))
    return {pm.id: pm for pm in figures.projects if pm.id in pids}


def _walk_order(rel: str) -> tuple[tuple[int, str], ...]:
    """The order discover() walks files in: a folder's files before its subfolders, each sorted (the config
    first, as load() lists it)."""
    if rel == "data/config.yaml":
        return ((0, ""),)
    parts = rel.split("/")
    return (*((1, p) for p in parts[:-1]), (0, parts[-1]))


def change_set_delta(d: Delta, base_label: str, head_label: str, as_of: date,
                     received_on: date | None = None) -> ChangeSet:
    """diff.change_set for a cached head and its delta: the same ChangeSet."""
    touched, _ = d.affected()
    if GLOBAL in touched:
        pids = {s[0] for rel, kind in d.snap.files if kind == "project"
                and isinstance(s := d.snap.summaries[rel], tuple)}
        pids |= {s[0] for f in d.base_files.values() if f.kind == "project"
                 and isinstance(s := summarise("project", f.data), tuple)}
    else:
        pids = {u.removeprefix("project:") for u in touched if u.startswith("project:")}
    head = validate_snapshot(d.snap)
    return ChangeSet(
        base=base_label, head=head_label, as_of=as_of, files=list(d.changes),
        moved=moved_between(_figures(d, "base", pids, as_of), _figures(d, "head", pids, as_of)),
        findings=sorted({*head.findings, *integrity_delta(d, received_on, as_of)}, key=lambda p: p.sort_key),
    )
