"""Labels come from the schemas' titles, once: nothing else restates what a coded value is called."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from generator.labels import enum_titles, labels, title

ROOT = Path(__file__).resolve().parent.parent


def _schema_enums() -> dict[str, str]:
    """Every (value → title) pair any schema declares."""
    pairs: dict[str, str] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            titles = node.get("x-enum-titles")
            if isinstance(titles, dict):
                pairs.update(titles)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in (ROOT / "schemas").rglob("*.schema.json"):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return pairs


def test_every_label_resolves_and_is_chinese() -> None:
    for f in dataclasses.fields(labels()):
        table = getattr(labels(), f.name)
        assert table, f.name
        for value, name in table.items():
            assert re.search(r"[\u4e00-\u9fff]", name), (f.name, value, name)


def test_titles_follow_refs_and_list_items() -> None:
    assert title("report", "verified", "result") == "核实结论"
    assert title("project", "total_investment") == "总投资（万元）"
    assert enum_titles("report", "problems", "*", "escalations", "*", "level")["government"] == "报请州人民政府"
    assert labels().status["red"] == "严重滞后"
    assert labels().deadline_kind["answer"] == "问题答复"


def test_no_label_is_defined_twice() -> None:
    """A mapping from a coded value to its Chinese name anywhere in the code or templates restates the schema
    (the drift this prevents: 核实结论 / 核实结果, 协调会 / 提交协调会)."""
    pairs = _schema_enums()
    sources = [*(ROOT / "generator").rglob("*.py"), *(ROOT / "site_src" / "templates").glob("*.j2")]
    found = []
    for path in sources:
        if "demo" in path.parts:  # the demonstration data writes data, it does not label it
            continue
        text = path.read_text(encoding="utf-8")
        for value, name in pairs.items():
            if re.search(rf"""["']{re.escape(value)}["']\s*:\s*["']{re.escape(name)}""", text):
                found.append(f"{path.relative_to(ROOT)}: {value} → {name}")
    assert found == []


def test_the_code_restates_no_status_or_deadline_name() -> None:
    """Output enums too: status and deadline names live in schemas/output/metrics.schema.json only."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py") if "demo" not in p.parts)
    for name in ("严重滞后", "逾期未完成", "月报报送", "问题答复"):
        assert f'"{name}"' not in text, name
