"""A repository read through the cache (loading/cache.py): every file hashed, and loaded only when its
bytes are new; the rest is known by its findings and summary until a Doc is asked for.

`snapshot(...).loaded()` is what `load()` gives; `loaded(some)` is the same for a part of the repository
(in the order `load()` would list it), which is all the incremental rules and the pull-request check read.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.findings import Finding
from generator.core.paths import RepoPaths
from generator.loading.cache import Store, code_version, file_key, namespace
from generator.loading.files import (
    DEFAULT_MAX_FILE_BYTES,
    DataFile,
    Loaded,
    discover,
    emit,
    load_many,
    load_raw,
    long_lived,
    read_open,
)

Summarise = Callable[[str, Any], Any]  # (kind, data) → what places the file without its Doc


def git_blob_id(raw: bytes) -> str:
    """The id git gives these bytes as a blob: a file is unchanged from a revision when the ids agree."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


@dataclass
class Snapshot:
    paths: RepoPaths
    files: list[tuple[str, str]]  # (path, kind) as load() lists them: the config first, then discovery order
    discovered: list[Finding]  # names and places (discover), and a missing config
    findings: dict[str, list[Finding]]  # each file's own findings
    summaries: dict[str, Any]
    keys: dict[str, str | None]  # cache key; None for what is never cached (not a regular file, too large)
    blobs: dict[str, str | None]  # git blob id of the bytes read
    store: Store
    fresh: dict[str, DataFile] = field(default_factory=dict)  # loaded in this run
    _made: dict[str, DataFile] = field(default_factory=dict)
    _kinds: dict[str, str] = field(default_factory=dict)
    derived: dict[str, Any] = field(default_factory=dict)  # what later stages make of it once (rules' units)

    def datafile(self, rel: str) -> DataFile:
        found = self.fresh.get(rel) or self._made.get(rel)
        if found is not None:
            return found
        kind = self.kinds[rel]
        key = self.keys[rel]
        doc = self.store.doc(key) if key is not None else None
        if doc is None and key is not None and self.store.entries[key].offset >= 0:
            # the cached Doc could not be read: load the file again (same result by construction)
            found, _ = load_raw(rel, kind, (self.paths.root / rel).read_bytes())
        else:
            found = DataFile(rel, kind, doc)
        self._made[rel] = found
        return found

    @property
    def kinds(self) -> dict[str, str]:
        if len(self._kinds) != len(self.files):
            self._kinds = dict(self.files)
        return self._kinds

    def loaded(self, only: Iterable[str] | None = None) -> Loaded:
        """What load() gives, for every file or for `only` (its findings then are those files' own)."""
        wanted = None if only is None else set(only)
        out = Loaded(self.paths)
        if wanted is None:
            out.findings.extend(self.discovered)
        for rel, _ in self.files:
            if wanted is None or rel in wanted:
                out.files.append(self.datafile(rel))
                out.findings.extend(self.findings[rel])
        return out

    def counts(self) -> dict[str, int]:
        return dict(Counter(kind for _, kind in self.files))


# O_NONBLOCK: a named pipe opens at once (fstat then says what it is) instead of waiting for a writer
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)


def _read(full: str, max_bytes: int) -> bytes | None:
    """A regular file's bytes within the limit, else None (load_file decides what that is). One open, one
    fstat, one read: this runs for every file of the repository."""
    try:
        fd = os.open(full, _FLAGS)
    except OSError:
        return None  # a link (O_NOFOLLOW), gone, unreadable
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        raw = read_open(fd, info.st_size, max_bytes + 1)
        return raw if len(raw) <= max_bytes else None
    except OSError:
        return None
    finally:
        os.close(fd)


def snapshot(paths: RepoPaths, cache_dir: Path, summarise: Summarise, jobs: int | None = None,
             version: str | None = None) -> Snapshot:
    """Read the repository through the cache in `cache_dir`; new load results are kept (Store.save)."""
    with long_lived():  # like load(): what is read here lasts as long as the run
        return _snapshot(paths, cache_dir, summarise, jobs, version)


def _snapshot(paths: RepoPaths, cache_dir: Path, summarise: Summarise, jobs: int | None,
              version: str | None) -> Snapshot:
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    found, discovered = discover(paths)
    root = str(paths.root)
    config_items = [it for it in found if it[1] == "config"]
    config_raw = _read(os.path.join(root, config_items[0][0]), DEFAULT_MAX_FILE_BYTES) if config_items else None
    store = Store.open(cache_dir, namespace(version or code_version(), config_raw or b""))
    snap = Snapshot(paths, [], list(discovered), {}, {}, {}, {}, store)
    max_bytes = DEFAULT_MAX_FILE_BYTES
    if config_items:
        config = _take(snap, *config_items[0], DEFAULT_MAX_FILE_BYTES, summarise)
        value = config.data.get("max_file_bytes") if isinstance(config.data, dict) else None
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            max_bytes = value
    else:
        discovered.append(emit("field-missing", "data/config.yaml", 1,
                               "缺少配置文件 data/config.yaml。请从示例数据复制一份再修改。"))
        snap.discovered = list(discovered)
    misses: list[tuple[str, str]] = []
    rest = [(rel, kind) for rel, kind in found if kind != "config"]

    def identify(item: tuple[str, str]) -> tuple[str | None, str | None]:
        rel, kind = item
        raw = _read(os.path.join(root, rel), max_bytes)
        return (file_key(kind, rel, max_bytes, raw), git_blob_id(raw)) if raw is not None else (None, None)

    for rel, kind in rest:  # (threads made this five times slower: the work holds the GIL)
        key, blob = identify((rel, kind))
        snap.files.append((rel, kind))
        snap.keys[rel], snap.blobs[rel] = key, blob
        entry = store.get(key) if key is not None else None
        if entry is None:
            misses.append((rel, kind))
        else:
            snap.findings[rel], snap.summaries[rel] = entry.findings, entry.summary
    for data_file, problems in load_many(paths, misses, max_bytes, jobs):
        _keep(snap, data_file, problems, summarise)
    return snap


def _take(snap: Snapshot, rel: str, kind: str, max_bytes: int, summarise: Summarise) -> DataFile:
    """The config (loaded before anything else, as load() does)."""
    snap.files.append((rel, kind))
    raw = _read(os.path.join(str(snap.paths.root), rel), max_bytes)
    key = file_key(kind, rel, max_bytes, raw) if raw is not None else None
    snap.keys[rel], snap.blobs[rel] = key, git_blob_id(raw) if raw is not None else None
    entry = snap.store.get(key) if key is not None else None
    if entry is not None:
        snap.findings[rel], snap.summaries[rel] = entry.findings, entry.summary
        return snap.datafile(rel)
    from generator.loading.files import load_file

    data_file, problems = load_file(str(snap.paths.root), rel, kind, max_bytes)
    _keep(snap, data_file, problems, summarise)
    return data_file


def _keep(snap: Snapshot, data_file: DataFile, problems: list[Finding], summarise: Summarise) -> None:
    rel = data_file.path
    summary = summarise(data_file.kind, data_file.data)
    snap.findings[rel], snap.summaries[rel], snap.fresh[rel] = problems, summary, data_file
    key = snap.keys.get(rel)
    if key is not None:
        snap.store.put(key, problems, summary, data_file.doc)


__all__ = ["Snapshot", "git_blob_id", "snapshot"]
