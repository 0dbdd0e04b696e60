"""A cache of loaded and checked files, keyed by content, so that a pull request touching one report in a
repository of 130,000 files is checked in seconds (`--cache DIR`, opt-in).

What is kept, under DIR/<namespace>/:
- each file's load result (strict YAML + schema: its Doc, its findings, a small summary the rules' partition
  reads), keyed by a hash of its kind, path, size limit and bytes;
- the cross-file rules' findings of each unit of the repository (a project with its reports, one dispatch,
  one briefing …; rules/incremental.py), keyed by the unit's files and the global context.

The namespace is a hash of everything a result depends on besides the file itself: this code (every module
of generator/), the schemas, data/config.yaml, and the versions of Python, PyYAML and jsonschema. Change any
of them and nothing old is read; old namespaces are removed when a new one is written.

The directory must be trusted like the code: entries are Python pickles, read back by an unpickler that
builds nothing but the few classes a Doc and a Finding are made of. A damaged or foreign entry is a miss.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import io
import mmap
import os
import pickle
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.paths import PACKAGE_ROOT, SCHEMAS

FORMAT = 1
INDEX = "index.pickle"
_ALLOWED = {
    ("decimal", "Decimal"), ("array", "array"), ("array", "_array_reconstructor"),
    ("generator.loading.yamlstrict", "Doc"), ("generator.loading.yamlstrict", "_lines_of"),
    ("generator.core.findings", "Finding"), ("builtins", "set"), ("builtins", "frozenset"),
}


class _Unpickler(pickle.Unpickler):
    """Only the classes cached values are made of; anything else is a damaged or foreign entry."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a cached value")
        return super().find_class(module, name)


def _loads(data: bytes | memoryview) -> Any:
    return _Unpickler(io.BytesIO(data)).load()


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Unpickling builds a million small containers, none of them in a cycle: the cycle collector would
    scan them all, again and again, while they are made."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def code_version() -> str:
    """A hash of this code and its schemas, and of the versions of what parses and checks."""
    from importlib.metadata import version

    import yaml

    h = hashlib.sha256(f"{FORMAT}|{sys.version}|{yaml.__version__}|{version('jsonschema')}".encode())
    for base in (PACKAGE_ROOT / "generator", SCHEMAS):
        for path in sorted(p for p in base.rglob("*") if p.suffix in (".py", ".json") and p.is_file()):
            h.update(path.relative_to(PACKAGE_ROOT).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


def namespace(version: str, config: bytes) -> str:
    return hashlib.sha256(version.encode() + b"\0" + config).hexdigest()[:32]


def file_key(kind: str, rel: str, max_bytes: int, raw: bytes) -> str:
    h = hashlib.sha256(f"{kind}\0{rel}\0{max_bytes}\0".encode())
    h.update(raw)
    return h.hexdigest()


@dataclass
class Entry:
    findings: list[Any]  # the file's own findings (loading, schema), Finding values
    summary: Any  # what rules/incremental.py needs to place the file without its Doc
    offset: int  # of its pickled Doc in the data file; -1 when there is none
    length: int


@dataclass
class Store:
    """One namespace of the cache: the index of entries read at open, Docs read on demand (mmap)."""

    root: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    units: dict[str, list[Any]] = field(default_factory=dict)
    data_name: str = ""
    new_docs: dict[str, bytes] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    units_seen: set[str] = field(default_factory=set)
    dirty: bool = False
    added: int = 0  # entries and units new in this run
    _map: mmap.mmap | None = None

    @classmethod
    def open(cls, base: Path, ns: str) -> Store:
        store = cls(base / ns)
        index = store.root / INDEX
        try:
            with open(index, "rb") as fh, _no_cycle_collection():
                doc = _Unpickler(fh).load()
            if not (isinstance(doc, dict) and doc.get("format") == FORMAT):
                raise pickle.UnpicklingError("not an index of this format")
            store.entries = {k: Entry(*v) for k, v in doc["entries"].items()}
            store.units = doc["units"]
            store.data_name = doc["data"]
        except (OSError, EOFError, pickle.UnpicklingError, KeyError, TypeError, ValueError, AttributeError):
            store.entries, store.units, store.data_name = {}, {}, ""
        return store

    def get(self, key: str) -> Entry | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.seen.add(key)
        return entry

    def doc(self, key: str) -> Any:
        """The Doc of an entry; None when it has none or cannot be read (the caller then loads the file)."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        if key in self.new_docs:
            return _loads(self.new_docs[key])
        if entry.offset < 0:
            return None
        try:
            if self._map is None:
                with open(self.root / self.data_name, "rb") as fh:
                    self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            with _no_cycle_collection():
                return _loads(memoryview(self._map)[entry.offset:entry.offset + entry.length])
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, IndexError, TypeError, AttributeError):
            return None

    def put(self, key: str, findings: list[Any], summary: Any, doc: Any) -> None:
        if doc is not None:
            self.new_docs[key] = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
        self.entries[key] = Entry(list(findings), summary, -1, 0)
        self.seen.add(key)
        self.dirty = True
        self.added += 1

    def unit(self, key: str) -> list[Any] | None:
        found = self.units.get(key)
        if found is not None:
            self.units_seen.add(key)
        return found

    def put_unit(self, key: str, findings: list[Any]) -> None:
        self.units[key] = list(findings)
        self.units_seen.add(key)
        self.dirty = True
        self.added += 1

    def save(self, force: bool = False) -> None:
        """Keep what this run used: new Docs appended to the data file (rewritten when most of it is stale),
        the index replaced atomically; other namespaces removed. A writer holds the directory's lock. A run
        that changed only a few entries (a pull request) leaves the cache as it is, unless `force`."""
        if not self.dirty and self.seen == set(self.entries) and self.units_seen == set(self.units):
            return
        changes = self.added + (len(self.entries) - len(self.seen)) + (len(self.units) - len(self.units_seen))
        if not force and self.data_name and changes <= max(64, len(self.entries) // 200):
            return  # a pull request's few files: rewriting the index would cost more than loading them again
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root.parent / ".lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            live = {k: e for k, e in self.entries.items() if k in self.seen}
            old_size = (self.root / self.data_name).stat().st_size if self.data_name and \
                (self.root / self.data_name).is_file() else 0
            kept = sum(e.length for k, e in live.items() if e.offset >= 0 and k not in self.new_docs)
            rewrite = not self.data_name or old_size == 0 or kept < old_size // 2
            name = f"data-{os.getpid()}-{os.urandom(4).hex()}.bin" if rewrite else self.data_name
            with open(self.root / name, "ab") as out:
                at = out.seek(0, os.SEEK_END)
                for key, entry in live.items():
                    if key in self.new_docs:
                        blob: bytes | None = self.new_docs[key]
                    elif rewrite and entry.offset >= 0:
                        blob = self._read(entry)
                    else:
                        continue
                    if blob is None:  # unreadable: the entry goes, the file is loaded again next time
                        entry.offset, entry.length = -1, 0
                        continue
                    out.write(blob)
                    entry.offset, entry.length = at, len(blob)
                    at += len(blob)
            units = {k: v for k, v in self.units.items() if k in self.units_seen}
            index = {"format": FORMAT, "data": name, "units": units,
                     "entries": {k: (e.findings, e.summary, e.offset, e.length) for k, e in live.items()}}
            tmp = self.root / f"{INDEX}.{os.getpid()}.tmp"
            tmp.write_bytes(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, self.root / INDEX)
            for stale in self.root.iterdir():
                if stale.name.startswith("data-") and stale.name != name:
                    stale.unlink(missing_ok=True)
            for other in self.root.parent.iterdir():
                if other.is_dir() and other != self.root:
                    shutil.rmtree(other, ignore_errors=True)
        self.entries, self.units, self.data_name = live, units, name
        self.new_docs.clear()
        self.dirty, self.added = False, 0
        if self._map is not None:
            self._map.close()
            self._map = None

    def _read(self, entry: Entry) -> bytes | None:
        try:
            if self._map is None:
                with open(self.root / self.data_name, "rb") as fh:
                    self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            return bytes(self._map[entry.offset:entry.offset + entry.length])
        except (OSError, ValueError):
            return None
