"""Records built from table rows, changing an existing record as little as possible.

A row holds some fields of a record. Each is put into the record: a value equal as data to the one already
there is left exactly as written (1200.0 stays 1200.0, an absent `public` stays absent), a new key goes
where the schema lists it, and an empty cell removes an optional field or, where the schema allows null
(a date not yet known), writes null. So a table exported from the data and imported back gives the same
bytes, and an update changes only what the table changed.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from generator.labels import subschemas
from generator.review.compare import same

Path = tuple[str, ...]  # field names; "*" for a list's items when asking the schema


@cache
def _schema(kind: str, path: Path) -> tuple[tuple[str, ...], bool, frozenset[str]]:
    """(the property order of the object at `path`, whether the field at `path` may be null, the keys the
    object at `path` requires)."""
    nodes = subschemas(kind, *path)
    order: tuple[str, ...] = ()
    required: frozenset[str] = frozenset()
    for node in nodes:
        if isinstance(node.get("properties"), dict):
            order = tuple(node["properties"])
            required = frozenset(node.get("required", []))
            break
    nullable = any(_allows_null(n) for n in nodes)
    return order, nullable, required


def _allows_null(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(isinstance(sub, dict) and sub.get("type") == "null" for sub in node.get("anyOf", []))


def _insert(mapping: dict[str, Any], key: str, value: Any, order: tuple[str, ...]) -> dict[str, Any]:
    """`mapping` with `key` set; a new key placed where the schema lists it among the keys present."""
    if key in mapping or key not in order:
        mapping[key] = value
        return mapping
    rank = order.index(key)
    out: dict[str, Any] = {}
    placed = False
    for k, v in mapping.items():
        if not placed and k in order and order.index(k) > rank:
            out[key] = value
            placed = True
        out[k] = v
    if not placed:
        out[key] = value
    mapping.clear()
    mapping.update(out)
    return mapping


def put(doc: dict[str, Any], kind: str, prefix: Path, path: Path, value: Any) -> None:
    """Set one field (see the module docstring)."""
    nullable = _schema(kind, prefix + path)[1]
    node = doc
    for depth, key in enumerate(path[:-1]):
        if not isinstance(node.get(key), dict):
            order, _, required = _schema(kind, prefix + path[:depth])
            if value is None and not (nullable and key in required):
                return  # an empty cell does not make an optional object (挂牌督办) appear
            _insert(node, key, {}, order)
        node = node[key]
    leaf = path[-1]
    order = _schema(kind, prefix + path[:-1])[0]
    if value is None and not nullable:
        node.pop(leaf, None)
    elif leaf not in node or not same(node[leaf], value):
        _insert(node, leaf, value, order)


def _prune(node: Any) -> Any:
    """Mappings left empty by removals disappear with their key."""
    if isinstance(node, dict):
        for k in list(node):
            if isinstance(node[k], dict):
                _prune(node[k])
                if not node[k]:
                    del node[k]
    return node


def build(base: dict[str, Any] | None, kind: str, updates: dict[Path, Any], prefix: Path = ()) -> dict[str, Any]:
    """`base` (or a new record) with every update put in."""
    doc: dict[str, Any] = copy.deepcopy(base) if isinstance(base, dict) else {}
    for path, value in sorted(updates.items(), key=lambda kv: kv[1] is None):  # values first, then blanks
        put(doc, kind, prefix, path, value)
    return dict(_prune(doc))


def merge_list(old: Any, new: list[Any]) -> Any:
    """A list as the table has it, the old list kept as written when it is the same data; an empty list
    removes the field, unless the record wrote it as an empty list already."""
    if isinstance(old, list) and same(old, new):
        return old
    return new or None
