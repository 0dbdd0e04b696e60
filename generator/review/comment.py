"""Text for the review loop: the `diff` account, the pull-request comment, the job summary and the monthly
missed-deadlines issue. Pure functions from results to strings; the CLI prints them and the workflows only
pass them to `gh`, so the same loop can move to another forge.

Everything that came from a pull request (paths, messages quoting data) is untrusted: in Markdown it is
escaped so that it can neither break a table, inject HTML, nor mention (@) anyone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from generator.compute.deadlines import Deadline
from generator.core.chinese import cdate, pct
from generator.core.findings import Finding
from generator.core.paths import classify
from generator.labels import labels
from generator.reporters import _deadline_line, accountable_name, parties, text_line
from generator.review.diff import ChangeSet, Moved

COMMENT_MARKER = "<!-- sunshine-supervision:pull-request -->"
ISSUE_MARKER = "<!-- sunshine-supervision:deadlines {month} -->"
COMMENT_LIMIT = 60_000  # characters; GitHub refuses comments and issue bodies over 65,536
SUMMARY_LIMIT = 1 << 20  # bytes; GitHub's cap for one step's job summary
COLOURS = {"green": "绿", "yellow": "黄", "red": "红", "grey": "灰"}  # a status as its colour, for reviewers
FILE_STATUS = {"added": ("+", "新增"), "changed": ("~", "修改"), "removed": ("-", "删除")}


def money(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value).normalize():,f}"


def status_name(value: str | None) -> str:
    if value is None:
        return "—"
    name = labels().status.get(value, value)
    return COLOURS[value] if value in ("green", "yellow", "red") else f"{COLOURS[value]}（{name}）" if value in COLOURS else name


def moved_line(m: Moved) -> str:
    """2015-zj-03 本年累计完成投资 1,200 → 1,500 万元，完成率 30.0% → 37.5%，状态 黄 → 绿"""
    text = (f"{m.project} 本年累计完成投资 {money(m.ytd[0])} → {money(m.ytd[1])} 万元，"
            f"完成率 {pct(m.completion[0])} → {pct(m.completion[1])}，"
            f"状态 {status_name(m.status[0])} → {status_name(m.status[1])}")
    return text + (f"（{m.name}）" if m.name else "")


def _kind(path: str) -> str:
    kind = classify(path)
    return labels().file_kind.get(kind, "其他文件") if kind else "其他文件"


def format_diff(cs: ChangeSet) -> str:
    """The plain-text account `diff` prints."""
    counts = {s: sum(f.status == s for f in cs.files) for s in FILE_STATUS}
    lines = [f"比较 {cs.base} → {cs.head}（数据日期 {cdate(cs.as_of)}）",
             f"文件：新增 {counts['added']} 个，修改 {counts['changed']} 个，删除 {counts['removed']} 个。"]
    lines.extend(f"  {FILE_STATUS[f.status][0]} {f.path}（{_kind(f.path)}）" for f in cs.files)
    if cs.moved:
        lines.append("数字变化：")
        lines.extend(f"  {moved_line(m)}" for m in cs.moved)
    else:
        lines.append("数字变化：无。")
    lines.append(f"检查结果：错误 {len(cs.errors)} 个，警告 {len(cs.warnings)} 个。")
    lines.extend(f"  {text_line(p)}" for p in cs.findings)
    return "\n".join(lines) + "\n"


def md(text: object) -> str:
    """Untrusted text for one Markdown table cell or list item."""
    s = str(text).replace("\r", " ").replace("\n", " ")
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
    s = s.replace("`", "'").replace("@", "@\u200b")  # no code spans to break out of, no mentions
    return s


def _problem_row(p: Finding) -> str:
    level = "错误" if p.severity == "error" else "警告"
    return f"| `{md(p.path)}:{p.line}` | {level} | `{md(p.code)}` | {md(p.message)} |"


def _cap(parts: list[str], tail: list[str], limit: int, measure: Any, note: str) -> str:
    """Join `parts` while the whole (with `tail`) fits in `limit`; say how many were left out."""
    out: list[str] = []
    used = measure("\n".join(tail)) + 200
    for i, part in enumerate(parts):
        size = measure(part) + 1
        if used + size > limit:
            out.append(note.format(n=len(parts) - i))
            break
        out.append(part)
        used += size
    return "\n".join([*out, *tail]) + "\n"


def comment(cs: ChangeSet, limit: int = COMMENT_LIMIT, bytes_limit: bool = False, fork: bool = False) -> str:
    """The pull-request comment (or, with a byte limit of 1 MiB, the job summary) in Markdown."""
    ok = not cs.errors
    head = "✅ 检查通过" if ok else "❌ 检查未通过"
    parts = [COMMENT_MARKER, f"### {head}：错误 {len(cs.errors)} 个，警告 {len(cs.warnings)} 个",
             "", f"数据日期 {cdate(cs.as_of)}，比较 `{md(cs.base)}` → `{md(cs.head)}`。"]
    if fork:
        parts.append("（来自复刻仓库的拉取请求只能看到检查日志和摘要，不会收到评论。）")
    if not ok:
        parts += ["", "请按下表逐条修改：打开所列文件，找到所列行号，按说明改正后再次提交，检查会自动重新运行。"
                  "每个问题代码的含义见网站“工作人员指南 → 问题代码说明”。"]
    if cs.files:
        parts += ["", "#### 这次修改的文件", "", "| 变化 | 文件 | 类别 |", "|---|---|---|"]
        parts += [f"| {FILE_STATUS[f.status][1]} | `{md(f.path)}` | {_kind(f.path)} |" for f in cs.files]
    parts += ["", "#### 数字变化", ""]
    parts += [f"- {md(moved_line(m))}" for m in cs.moved] or ["无（这次修改没有改变任何项目的累计投资、完成率或状态）。"]
    rows = [_problem_row(p) for p in sorted(cs.findings, key=lambda p: (p.severity != "error", p.path, p.line))]
    if rows:
        parts += ["", "#### 发现的问题", "", "| 位置 | 级别 | 代码 | 说明 |", "|---|---|---|---|"]
    measure = (lambda s: len(s.encode("utf-8"))) if bytes_limit else len
    tail = ["", "<sub>本评论由检查程序自动生成，每次提交后更新。</sub>"]
    return _cap([*parts, *rows], tail, limit, measure, "| … | | | 另有 {n} 项未列出，完整清单见检查日志。 |")


# ---------------------------------------------------------------- the monthly missed-deadlines issue


@dataclass(frozen=True)
class IssuePlan:
    action: str  # open · update · close · none
    title: str
    body: str

    def as_json(self) -> str:
        return json.dumps({"action": self.action, "title": self.title, "body": self.body},
                          ensure_ascii=False, indent=1) + "\n"


def issue_title(as_of: date) -> str:
    return f"{as_of.year}年{as_of.month}月逾期未完成事项"


def issue_body(as_of: date, deadlines: list[Deadline], names: dict[str, str], project_names: dict[str, str],
               teams: dict[str, str]) -> str:
    missed = [d for d in deadlines if d.state == "missed"]
    marker = ISSUE_MARKER.format(month=f"{as_of.year}-{as_of.month:02d}")
    if not missed:
        return (f"{marker}\n截至 {cdate(as_of)}，逾期未完成的事项已全部完成，本议题自动关闭。\n")
    lines = [marker, f"截至 {cdate(as_of)}，逾期未完成 {len(missed)} 项，按责任单位列出如下。"
             "完成后在数据中登记完成日期（合并后次日自动更新本议题）；全部完成后本议题自动关闭。"]
    for unit, holder in parties(missed, names):
        mine = [d for d in missed if (d.unit or "", d.holder) == (unit, holder)]
        team = teams.get(unit)
        mention = f" @{team}" if team else ""
        lines += ["", f"### {md(accountable_name(unit or None, names, holder))}（{len(mine)} 项）{mention}", ""]
        lines += [f"- {md(_deadline_line(d, project_names))}" for d in mine]
    return _cap(lines, [], COMMENT_LIMIT, len, "- ……另有 {n} 行未列出，完整清单见检查日志。")


def issue_plan(as_of: date, deadlines: list[Deadline], names: dict[str, str], project_names: dict[str, str],
               teams: dict[str, str], existing_state: str = "none", existing_body: str | None = None) -> IssuePlan:
    """What to do with this month's issue, given the issue found (state none · open · closed)."""
    title = issue_title(as_of)
    body = issue_body(as_of, deadlines, names, project_names, teams)
    missed = any(d.state == "missed" for d in deadlines)
    if missed:
        if existing_state == "open":
            same_body = (existing_body or "").strip() == body.strip()
            return IssuePlan("none" if same_body else "update", title, body)
        return IssuePlan("open", title, body)  # a closed issue of the month is reopened by the workflow
    if existing_state == "open":
        return IssuePlan("close", title, body)
    return IssuePlan("none", title, body)


def teams_of(units: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Unit id → its GitHub team (org/slug), for units that have one."""
    return {u: str(e["github_team"]) for u, e in units.items() if isinstance(e.get("github_team"), str)}
