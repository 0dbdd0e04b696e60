"""Formats for problems: text for people, json for tools, github for workflow annotations."""

from __future__ import annotations

import json
from typing import Any

from generator.problems import Problem, Report

KIND_NAMES = {
    "config": "配置", "counties": "县市", "units": "单位", "posts": "领导职务", "project": "项目",
    "report": "月报", "briefing": "季度/年度报告", "dispatch": "调度督查记录", "circular": "通报前言",
}
GITHUB_ANNOTATIONS_PER_SEVERITY = 10  # GitHub shows 10 of each per step; the rest go to the log


def text_line(p: Problem) -> str:
    prefix = "警告：" if p.severity == "warning" else ""
    return f"{p.path}:{p.line}: [{p.code}] {prefix}{p.message}"


def summary(report: Report) -> str:
    counts = "、".join(f"{KIND_NAMES.get(k, k)} {n} 个" for k, n in sorted(report.checked.items(), key=_kind_order))
    total = sum(report.checked.values())
    return (f"已检查 {total} 个文件（{counts or '无'}）：错误 {len(report.errors)} 个，"
            f"警告 {len(report.warnings)} 个。")


def _kind_order(item: tuple[str, int]) -> int:
    order = list(KIND_NAMES)
    return order.index(item[0]) if item[0] in order else len(order)


def format_text(report: Report) -> str:
    lines = [text_line(p) for p in report.sorted()]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def format_json(report: Report) -> str:
    doc: dict[str, Any] = {
        "checked": dict(sorted(report.checked.items())),
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "problems": [p.as_dict() for p in report.sorted()],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(p: Problem) -> str:
    level = "error" if p.severity == "error" else "warning"
    return (f"::{level} file={_escape_property(p.path)},line={p.line},title={_escape_property(p.code)}::"
            f"{_escape_data(p.message)}")


def format_github(report: Report) -> str:
    """The first problems of each severity as annotations, every problem as a log line."""
    shown = {"error": 0, "warning": 0}
    lines = []
    for p in report.sorted():
        if shown[p.severity] < GITHUB_ANNOTATIONS_PER_SEVERITY:
            shown[p.severity] += 1
            lines.append(annotation(p))
        else:
            lines.append(text_line(p))
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


FORMATS = {"text": format_text, "json": format_json, "github": format_github}
