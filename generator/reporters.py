"""Formats for problems: text for people, json for tools, github for workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from generator.compute.deadlines import Deadline
from generator.compute.lagging import SilentLag
from generator.core.chinese import cdate, cmonth
from generator.core.codes import one_line
from generator.core.findings import Finding, Findings
from generator.labels import labels

GITHUB_ANNOTATIONS_PER_SEVERITY = 10  # GitHub shows 10 of each per step; the rest go to the log


def text_line(p: Finding) -> str:
    prefix = "警告：" if p.severity == "warning" else ""
    return f"{p.place}: [{p.code}] {prefix}{p.message}"


def summary(report: Findings) -> str:
    counts = "、".join(f"{labels().file_kind.get(k, k)} {n} 个" for k, n in sorted(report.checked.items(), key=_kind_order))
    total = sum(report.checked.values())
    return (f"已检查 {total} 个文件（{counts or '无'}）：错误 {len(report.errors)} 个，"
            f"警告 {len(report.warnings)} 个。")


def _kind_order(item: tuple[str, int]) -> int:
    order = list(labels().file_kind)
    return order.index(item[0]) if item[0] in order else len(order)


def format_text(report: Findings) -> str:
    lines = [text_line(p) for p in report.sorted()]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def format_json(report: Findings) -> str:
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


def annotation(p: Finding) -> str:
    level = "error" if p.severity == "error" else "warning"
    if p.cell:  # a workbook has no lines GitHub could show: the cell leads the message
        return (f"::{level} file={_escape_property(p.path)},title={_escape_property(p.code)}::"
                f"{_escape_data(p.cell + '：' + p.message)}")
    return (f"::{level} file={_escape_property(p.path)},line={p.line},title={_escape_property(p.code)}::"
            f"{_escape_data(p.message)}")


def format_github(report: Findings) -> str:
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


# ---------------------------------------------------------------- deadlines (`check`)


def accountable_name(unit: str | None, names: dict[str, str], holder: str | None = None) -> str:
    """A unit, or a leader post with the holder a deadline was due under, and its id."""
    if unit is None:
        return "（未指定责任单位）"
    return one_line(f"{names.get(unit, unit)}{f'（{holder}）' if holder else ''}（{unit}）")


def parties(deadlines: list[Deadline], names: dict[str, str]) -> list[tuple[str, str | None]]:
    """The accountable parties of some deadlines, in name order: a post counts once per holder, because a
    lapse belongs to whoever held the post on its due day."""
    return sorted({(d.unit or "", d.holder) for d in deadlines},
                  key=lambda k: (names.get(k[0], k[0]), k[1] or "", k[0]))


def _deadline_line(d: Deadline, project_names: dict[str, str]) -> str:
    """One deadline as one line: text from data never starts a line of its own (a forged `::error`)."""
    return one_line(_deadline_text(d, project_names))


def _deadline_text(d: Deadline, project_names: dict[str, str]) -> str:
    what = labels().deadline_kind.get(d.kind, d.kind)
    subject = f"{d.project} {project_names.get(d.project, '')}".strip() if d.project else ""
    ref = "" if d.ref in (d.kind, "action-plan") or d.kind == "cadence" else f" {d.ref}"
    head = f"{what}{ref}" + (f" · {subject}" if subject else "")
    if d.kind == "cadence":
        return f"{head}：自 {cdate(d.due)} 起缺少督促或调度记录（{d.path}:{d.line}）"
    if d.state == "missed":
        tail = f"应于 {cdate(d.due)} 前完成，已逾期 {d.days} 天"
    else:
        tail = f"应于 {cdate(d.due)} 前完成"
    return f"{head}：{tail}（{d.path}:{d.line}）"


def select_check(deadlines: list[Deadline]) -> tuple[list[Deadline], list[Deadline]]:
    missed = [d for d in deadlines if d.state == "missed"]
    upcoming = [d for d in deadlines if d.state == "upcoming"]
    return missed, upcoming


def format_check_text(as_of: date, deadlines: list[Deadline], names: dict[str, str],
                      project_names: dict[str, str], upcoming_days: int,
                      lags: list[SilentLag] | None = None) -> str:
    missed, upcoming = select_check(deadlines)
    lines = [f"截至 {cdate(as_of)}：逾期未完成 {len(missed)} 项，{upcoming_days} 天内到期 {len(upcoming)} 项。"]
    for unit, holder in parties(missed + upcoming, names):
        lines.append("")
        lines.append(f"■ {accountable_name(unit or None, names, holder)}")
        for title, rows in ((labels().deadline_state["missed"], missed), (labels().deadline_state["upcoming"], upcoming)):
            mine = [d for d in rows if (d.unit or "", d.holder) == (unit, holder)]
            if mine:
                lines.append(f"  {title}（{len(mine)} 项）：")
                lines.extend(f"    - {_deadline_line(d, project_names)}" for d in mine)
    lines.extend(_silent_lines(lags or [], names, project_names))
    return "\n".join(lines) + "\n"


def _silent_lines(lags: list[SilentLag], names: dict[str, str], project_names: dict[str, str]) -> list[str]:
    if not lags:
        return []
    status = labels().status
    out = ["", f"滞后但未报告问题（{len(lags)} 个项目：最近两期月度通报都滞后，最近一期月报未列出任何未销号的问题）："]
    for unit in sorted({lag.unit or "" for lag in lags}, key=lambda u: (names.get(u, u), u)):
        out.append(f"■ {accountable_name(unit or None, names)}")
        out.extend(one_line(f"    - {lag.project} {project_names.get(lag.project, '')}：{cmonth(lag.periods[0])} "
                            f"{status[lag.statuses[0]]}、{cmonth(lag.periods[1])} {status[lag.statuses[1]]}")
                   for lag in lags if (lag.unit or "") == unit)
    return out


def format_check_json(as_of: date, deadlines: list[Deadline], names: dict[str, str],
                      project_names: dict[str, str], upcoming_days: int,
                      lags: list[SilentLag] | None = None) -> str:
    missed, upcoming = select_check(deadlines)
    by_unit: dict[str, dict[str, Any]] = {}
    for d in missed + upcoming:
        entry = by_unit.setdefault(d.unit or "", {"name": names.get(d.unit or "", d.unit), "missed": [],
                                                  "upcoming": []})
        entry[d.state].append(d.as_dict())
    doc = {"as_of": as_of.isoformat(), "missed": len(missed), "upcoming": len(upcoming),
           "by_unit": dict(sorted(by_unit.items())),
           "silent_lagging": [{"project": lag.project, "unit": lag.unit, "periods": list(lag.periods),
                               "statuses": list(lag.statuses)} for lag in lags or []]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def format_check_github(as_of: date, deadlines: list[Deadline], names: dict[str, str],
                        project_names: dict[str, str], upcoming_days: int,
                        lags: list[SilentLag] | None = None) -> str:
    missed, _ = select_check(deadlines)
    lines = []
    for i, d in enumerate(missed):
        text = f"{accountable_name(d.unit, names, d.holder)}：{_deadline_line(d, project_names)}"
        if i < GITHUB_ANNOTATIONS_PER_SEVERITY:
            lines.append(f"::warning file={_escape_property(d.path)},line={d.line},"
                         f"title={_escape_property('逾期：' + labels().deadline_kind.get(d.kind, d.kind))}::{_escape_data(text)}")
    lines.append(format_check_text(as_of, deadlines, names, project_names, upcoming_days, lags).rstrip("\n"))
    return "\n".join(lines) + "\n"


CHECK_FORMATS = {"text": format_check_text, "json": format_check_json, "github": format_check_github}


# ---------------------------------------------------------------- imports from spreadsheets


def _import_changes(plan: Any) -> list[dict[str, Any]]:
    """Field by field, what an update changes: pointer, the field's title, old and new value."""
    from generator.loading.schema import title_of
    from generator.review.compare import at_pointer, changed_pointers, pointer_path, shown

    out = []
    for ptr in changed_pointers(plan.before or {}, plan.doc):
        out.append({"pointer": ptr, "title": title_of(plan.kind, pointer_path(ptr)) or "",
                    "from": shown(at_pointer(plan.before, ptr)), "to": shown(at_pointer(plan.doc, ptr))})
    return out


_ACTIONS = {"new": "新建", "update": "更新", "same": "不变"}


def import_summary(findings: list[Finding], planned: list[Any], written: bool) -> list[str]:
    errors = sum(p.severity == "error" for p in findings)
    warnings = len(findings) - errors
    if errors:
        return [f"导入未完成：错误 {errors} 个，警告 {warnings} 个。没有写入任何文件；请按上面指出的单元格修改后重新导入。"]
    lines = []
    for plan in planned:
        if plan.action == "same":
            continue
        lines.append(one_line(f"{_ACTIONS[plan.action]} {plan.path}（{plan.anchor.book}:{plan.anchor.cell}）"))
        lines.extend(one_line(f"  {c['pointer']}（{c['title']}）：{c['from']} → {c['to']}")
                     for c in (_import_changes(plan) if plan.action == "update" else []))
        lines.extend(one_line(f"  {note}") for note in plan.notes)
    changed = sum(plan.action != "same" for plan in planned)
    same = len(planned) - changed
    tail = f"已写入 {changed} 个文件" if written else f"试运行（--dry-run）：以上 {changed} 个文件没有写入"
    lines.append(f"{tail}，{same} 个文件内容不变；警告 {warnings} 个。")
    return lines


def format_import(findings: list[Finding], planned: list[Any], written: bool, fmt: str) -> str:
    """An import's problems and the files it wrote (or would write), as text, json or github annotations."""
    ordered = sorted(set(findings), key=lambda p: p.sort_key)
    if fmt == "json":
        doc = {"errors": sum(p.severity == "error" for p in ordered),
               "warnings": sum(p.severity == "warning" for p in ordered),
               "problems": [p.as_dict() for p in ordered], "written": written,
               "files": [{"path": plan.path, "action": plan.action, "source": plan.anchor.cell,
                          "changes": _import_changes(plan) if plan.action == "update" else [], "notes": plan.notes}
                         for plan in planned]}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "github":
        shown = {"error": 0, "warning": 0}
        lines = []
        for p in ordered:  # as format_github: the first of each severity as annotations, all in the log
            shown[p.severity] += 1
            lines.append(annotation(p) if shown[p.severity] <= GITHUB_ANNOTATIONS_PER_SEVERITY else text_line(p))
    else:
        lines = [text_line(p) for p in ordered]
    return "\n".join([*lines, *import_summary(ordered, planned, written)]) + "\n"


def write_json(out: Any, doc: dict[str, Any], streamed: Mapping[str, Iterable[Any]]) -> None:
    """`json.dumps(doc | streamed as lists, ensure_ascii=False, indent=1, sort_keys=True)` and a newline,
    written to the text stream `out` one item of each streamed list at a time: the figures and deadlines of
    a province as one document in memory cost gigabytes."""
    def dumped(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)

    keys = sorted({*doc, *streamed})
    if not keys:
        out.write("{}\n")
        return
    out.write("{\n")
    for i, key in enumerate(keys):
        out.write(("," if i else "") + ("\n" if i else "") + f" {dumped(key)}: ")
        if key not in streamed:
            out.write(dumped(doc[key]).replace("\n", "\n "))
            continue
        first = True
        for item in streamed[key]:
            out.write(("[\n  " if first else ",\n  ") + dumped(item).replace("\n", "\n  "))
            first = False
        out.write("[]" if first else "\n ]")
    out.write("\n}\n")
