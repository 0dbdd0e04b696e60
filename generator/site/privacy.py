"""What the public site may show of a record: a problem's or finding's text only when it is public, never a
field the schemas mark x-internal, and no value of a correction that touches either.

A correction (`corrections[]` of a report) records a field's old and new value. When the field lies in a
problem marked `public: false` (in that report or any other of the project: a problem made private later
stays private in its earlier corrections), in an x-internal field, or in anything the report schema does
not define (a pointer nobody can check is treated as private), its values are withheld: the row stays, so
that the correction was made stays visible, and every output shows WITHHELD instead of the values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from generator.labels import subschemas
from generator.model import get, items

WITHHELD = "内容不公开"
_INDEX = re.compile(r"0|[1-9][0-9]*")


def is_public(record: Any) -> bool:
    """A problem or finding is public unless it says `public: false`."""
    return get(record, "public") is not False


@cache
def internal_paths(kind: str) -> frozenset[tuple[str, ...]]:
    """Every data path of a file kind whose schema marks it x-internal ("*" for a list's items)."""
    found: set[tuple[str, ...]] = set()

    def walk(at: tuple[str, ...]) -> None:
        chain = subschemas(kind, *at)
        if any(node.get("x-internal") is True for node in chain):
            found.add(at)
        if len(at) > 16:  # deeper than any schema nests: a schema that refers to itself
            return
        children = {key for node in chain for key in node.get("properties", {})}
        if any("items" in node for node in chain):
            children.add("*")
        for key in sorted(children):
            walk((*at, key))

    walk(())
    return frozenset(found)


def _steps(pointer: Any) -> tuple[str, ...] | None:
    """A JSON pointer's reference tokens; None when it is not a pointer."""
    if not isinstance(pointer, str) or not pointer.startswith("/"):
        return None
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/"))


def _holds_private(value: Any) -> bool:
    if isinstance(value, dict):
        return not is_public(value) or any(_holds_private(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_private(v) for v in value)
    return False


def _overlaps(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One path lies within the other (or they are the same)."""
    return a[:len(b)] == b or b[:len(a)] == a


def private_problems(reports: Iterable[Any]) -> frozenset[str]:
    """The ids of a project's problems that any of its reports marks `public: false`."""
    return frozenset(str(get(p, "id")) for r in reports for p in items(r, "problems") if not is_public(p))


def correction_is_public(report: Any, correction: Any, private: frozenset[str]) -> bool:
    """Whether a correction's old and new values may be published; `private` is private_problems() of the
    report's project."""
    steps = _steps(get(correction, "field"))
    if steps is None:
        return False
    shape = tuple("*" if _INDEX.fullmatch(s) else s for s in steps)
    if subschemas("report", *shape) == [{}]:
        return False  # not a field of a report: nobody can tell what it held
    if any(_overlaps(shape, internal) for internal in internal_paths("report")):
        return False
    if _holds_private(get(correction, "from")) or _holds_private(get(correction, "to")):
        return False  # a whole problem, public: false and all
    problems = items(report, "problems")

    def public(problem: Any) -> bool:
        return is_public(problem) and str(get(problem, "id")) not in private

    if shape == ("problems",):
        return all(public(p) for p in problems)
    if shape[:2] == ("problems", "*"):
        index = int(steps[1])
        return index < len(problems) and public(problems[index])
    return True


def correction_values(report: Any, correction: Any, private: frozenset[str]) -> tuple[Any, Any]:
    """The old and new value as the public may see them."""
    if correction_is_public(report, correction, private):
        return get(correction, "from"), get(correction, "to")
    return WITHHELD, WITHHELD
