"""Labels people read, from one source: the schemas' `title` and `x-enum-titles`.

Pages, open-data headers, messages and the data dictionary name a field or a coded value the way its schema
does; nothing restates those names (a test fails when a title is written down twice). Output values that
are not data (a project's status, a deadline's kind and state) are named in schemas/output/metrics.schema.json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.core.paths import SCHEMAS

_FILES = {"metrics": "output/metrics.schema.json"}


@cache
def _document(name: str) -> dict[str, Any]:
    return dict(json.loads((SCHEMAS / _FILES.get(name, f"{name}.schema.json")).read_text(encoding="utf-8")))


def _resolve(doc: str, node: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Follow `$ref`s (local, or into common.schema.json) to the subschema they name."""
    while isinstance(node.get("$ref"), str):
        target, _, pointer = node["$ref"].partition("#")
        if target:
            doc = target.removesuffix(".schema.json").removeprefix("../")
        found: Any = _document(doc)
        for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
            found = found[part]
        node = found
    return doc, node


def _node(kind: str, path: tuple[str, ...]) -> list[dict[str, Any]]:
    """The subschemas at a data path (a field's own, then what its `$ref` names); "*" steps into list items."""
    doc, node = kind, _document(kind)
    chain = [node]
    for step in path:
        doc, node = _resolve(doc, node)
        node = node.get("items", {}) if step == "*" else node.get("properties", {}).get(step, {})
        chain = [node]
    while isinstance(node.get("$ref"), str):
        doc, node = _resolve(doc, {"$ref": node["$ref"]})
        chain.append(node)
    return chain


def subschemas(kind: str, *path: str) -> list[dict[str, Any]]:
    """The subschemas at a data path, as `title` reads them; `[{}]` when the schema has no such field."""
    return _node(kind, path)


def title(kind: str, *path: str) -> str:
    """A field's Chinese title (the field's own wins over the shared type's); the schema's title for ()."""
    for node in _node(kind, path):
        if isinstance(node.get("title"), str):
            return str(node["title"])
    raise KeyError(f"{kind}: no title at {'/'.join(path)}")


def pointer_title(kind: str, pointer: str) -> str:
    """A JSON pointer into a data file in words, each step by its title: /problems/0/summary → 存在问题 · 第1项 ·
    问题概述. A step the schema does not name keeps its key (the loader has already refused such a pointer)."""
    words: list[str] = []
    path: list[str] = []
    for raw in [p.replace("~1", "/").replace("~0", "~") for p in pointer.strip("/").split("/") if p]:
        if raw.isdigit():
            path.append("*")
            words.append(f"第{int(raw) + 1}项")
            continue
        path.append(raw)
        try:
            words.append(title(kind, *path))
        except KeyError:
            words.append(raw)
    return " · ".join(words) or title(kind)


def enum_titles(kind: str, *path: str) -> dict[str, str]:
    """Each value of a coded field and its Chinese name, in the schema's order."""
    for node in _node(kind, path):
        if isinstance(node.get("x-enum-titles"), dict):
            return dict(node["x-enum-titles"])
    raise KeyError(f"{kind}: no x-enum-titles at {'/'.join(path)}")


@dataclass(frozen=True)
class Labels:
    category: dict[str, str]  # project categories
    status: dict[str, str]  # a project's status
    deadline_kind: dict[str, str]
    deadline_state: dict[str, str]
    unit_kind: dict[str, str]
    dimension: dict[str, str]  # the five aspects of an inspection
    problem_category: dict[str, str]
    channel: dict[str, str]  # how a report was received
    method: dict[str, str]  # how it was verified
    result: dict[str, str]  # what the verification concluded
    level: dict[str, str]  # where a problem was escalated
    milestone_kind: dict[str, str]
    funding_kind: dict[str, str]
    dispatch_kind: dict[str, str]
    file_kind: dict[str, str]  # each kind of data file, by its schema's title
    penalty: dict[str, str]  # each scoring key: the lapse it deducts for


@cache
def labels() -> Labels:
    scoring = _document("config")["properties"]["scoring"]["properties"]
    return Labels(
        category=enum_titles("project", "category"),
        status=enum_titles("metrics", "projects", "*", "status"),
        deadline_kind=enum_titles("metrics", "deadlines", "*", "kind"),
        deadline_state=enum_titles("metrics", "deadlines", "*", "state"),
        unit_kind=enum_titles("units", "*", "kind"),
        dimension=enum_titles("dispatch", "findings", "*", "dimension"),
        problem_category=enum_titles("report", "problems", "*", "category"),
        channel=enum_titles("report", "received", "channel"),
        method=enum_titles("report", "verified", "method"),
        result=enum_titles("report", "verified", "result"),
        level=enum_titles("report", "problems", "*", "escalations", "*", "level"),
        milestone_kind=enum_titles("project", "annual", "milestones", "*", "kind"),
        funding_kind=enum_titles("project", "funding_sources", "*", "kind"),
        dispatch_kind=enum_titles("dispatch", "kind"),
        file_kind={**{kind: title(kind) for kind in ("config", "year", "counties", "units", "posts", "project",
                                                    "report", "briefing", "dispatch")}, "circular": "通报前言"},
        penalty={key: str(node["title"]) for key, node in scoring.items() if key not in ("base", "red_share")},
    )
