"""Comparing two revisions' values: leaf pointers, equality as data, and one side's files by kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.core.findings import pointer_of
from generator.loading.files import DataFile, Loaded


def flatten(value: Any, at: tuple[str | int, ...] = ()) -> dict[str, Any]:
    """JSON pointer → leaf value; an empty mapping or list is a leaf of its own."""
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(flatten(v, (*at, str(k))))
        return out
    if isinstance(value, list) and value:
        out = {}
        for i, v in enumerate(value):
            out.update(flatten(v, (*at, i)))
        return out
    return {pointer_of(at): value}


def same(a: Any, b: Any) -> bool:
    """Equal as data: 1200, 1200.0 and 1200.00 are one number; a bool is never a number."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | Decimal) and isinstance(b, int | Decimal):
        return Decimal(a) == Decimal(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _index(part: str) -> int | None:
    """A pointer segment as a list index: ASCII digits only ("²" and "٣" are digits to str.isdigit, not to int)."""
    return int(part) if part.isascii() and part.isdigit() else None


def at_pointer(data: Any, pointer: str) -> Any:
    """The value at an RFC 6901 pointer, or None when there is none."""
    if pointer in ("", "/"):
        return data
    for raw in pointer.lstrip("/").split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and _index(part) is not None and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def pointer_path(pointer: str) -> tuple[str | int, ...]:
    if pointer in ("", "/"):
        return ()
    out: list[str | int] = []
    for raw in pointer.lstrip("/").split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        out.append(int(part) if _index(part) is not None else part)
    return tuple(out)


def changed_pointers(old: Any, new: Any) -> list[str]:
    """Leaf pointers whose value differs, appeared or disappeared (corrections themselves excluded)."""
    a, b = flatten(old), flatten(new)
    out = []
    for ptr in sorted(set(a) | set(b)):
        if ptr == "/corrections" or ptr.startswith("/corrections/"):
            continue
        if ptr not in a or ptr not in b or not same(a[ptr], b[ptr]):
            out.append(ptr)
    return out


def covers(field_ptr: str, ptr: str) -> bool:
    return ptr == field_ptr or ptr.startswith(field_ptr.rstrip("/") + "/")


def shown(value: Any) -> str:
    if value is None:
        return "null（无）"
    if isinstance(value, dict | list):
        return "（一组内容）"
    return str(value)


# ---------------------------------------------------------------- the sides of a change


@dataclass
class Side:
    """One revision's data, keyed for comparison (each view made once: the rules ask for them per file)."""

    loaded: Loaded
    by_path: dict[str, DataFile] = field(default_factory=dict)
    _reports: dict[str, DataFile] | None = None
    _projects: dict[str, DataFile] | None = None
    _latest: dict[str, str] | None = None

    @classmethod
    def of(cls, loaded: Loaded) -> Side:
        return cls(loaded, {f.path: f for f in loaded.files})

    def reports(self) -> dict[str, DataFile]:
        if self._reports is None:
            self._reports = {p: f for p, f in self.by_path.items() if f.kind == "report"}
        return self._reports

    def projects(self) -> dict[str, DataFile]:
        if self._projects is None:
            self._projects = {p: f for p, f in self.by_path.items() if f.kind == "project"}
        return self._projects

    def latest_period(self, project: str) -> str | None:
        """The latest month the project has a report file for (by file name; grouped once, it was a scan of
        every report for each report compared)."""
        if self._latest is None:
            self._latest = {}
            for p in self.reports():
                name, period = p.rsplit("/", 1)[-1], p.split("/")[-2]
                if name not in self._latest or period > self._latest[name]:
                    self._latest[name] = period
        return self._latest.get(f"{project}.yaml")


def report_key(path: str) -> tuple[str, str]:
    parts = path.split("/")
    return parts[-1].removesuffix(".yaml"), parts[-2]  # (project, period)
