"""docs/data-model.md: generated from the schemas, committed, and complete."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.core.paths import classify
from generator.loading.schema import KINDS
from generator.loading.schemadoc import OUTPUT, PLACES, REGENERATE, data_model_markdown, write_data_model

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = {str(p.relative_to(ROOT / "schemas")): json.loads(p.read_text(encoding="utf-8"))
           for p in sorted((ROOT / "schemas").rglob("*.schema.json"))}
ROW = re.compile(r"^\| `([^`]+)` \| [^|]* \| [^|]* \| ((?:[^|\\]|\\.)*) \|", re.M)


def _properties(node: Any, pointer: str = "") -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(pointer, name, subschema) of every property declared anywhere in a schema document."""
    if isinstance(node, dict):
        for name, sub in (node.get("properties") if isinstance(node.get("properties"), dict) else {}).items():
            yield f"{pointer}/properties/{name}", name, sub
        for key, sub in node.items():
            yield from _properties(sub, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from _properties(sub, f"{pointer}/{i}")


def test_committed_file_is_up_to_date() -> None:
    committed = (ROOT / OUTPUT).read_text(encoding="utf-8")
    assert committed == data_model_markdown(), (
        f"{OUTPUT} is out of date with schemas/; regenerate it with: {REGENERATE}")


def test_output_is_deterministic() -> None:
    assert data_model_markdown() == data_model_markdown()


def test_every_property_of_every_schema_appears_with_its_title() -> None:
    text = data_model_markdown()
    rows = [(path.rsplit(".", 1)[-1].removesuffix("[]"), title) for path, title in ROW.findall(text)]
    names = {name for name, _ in rows}
    missing = []
    for file, schema in SCHEMAS.items():
        for pointer, name, sub in _properties(schema):
            title = sub.get("title")
            if name not in names or (title and not any(n == name and t.startswith(title) for n, t in rows)):
                missing.append(f"{file}#{pointer}")
    assert not missing
    assert len(rows) > 300


def test_every_kind_has_a_section_at_its_place() -> None:
    text = data_model_markdown()
    headings = re.findall(r"^## .*：`([^`]+)`$", text, re.M)
    assert headings[:len(KINDS)] == [PLACES[kind] for kind in KINDS]
    for kind, place in PLACES.items():
        assert classify(re.sub(r"<[^>]+>", "2015", place)) == kind


def test_enum_values_are_shown_with_their_titles() -> None:
    text = data_model_markdown()
    assert "| `problems[].answer.on` | 文字 · 日期 | 必填 | 答复日期 |" in text
    assert "`coordination_meeting` 提交协调会；`government` 报请州人民政府" in text
    assert "`met_late` 逾期完成" in text and "`none` 不适用" in text


def test_write_only_when_changed(tmp_path: Path) -> None:
    assert write_data_model(tmp_path) is True
    assert (tmp_path / OUTPUT).read_text(encoding="utf-8") == data_model_markdown()
    assert write_data_model(tmp_path) is False
    (tmp_path / OUTPUT).write_text("stale\n", encoding="utf-8")
    assert write_data_model(tmp_path) is True
