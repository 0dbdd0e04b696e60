"""Stage 4 — render: pages made from the data, as {site path: Markdown}. Templates get prepared values only.

Text from data is escaped where it enters HTML; the pages are Markdown with HTML tables, so a project
name holding Markdown or HTML shows as text.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

from generator.codes import CODES
from generator.load import Loaded

CATEGORY_NAMES = {"under_construction": "在建项目", "new_start": "新开工项目", "preliminary": "重大前期项目"}


def esc(value: Any) -> str:
    """Escape for HTML and neutralise Markdown and template syntax in text that comes from data."""
    text = html.escape(str(value), quote=True)
    for ch, entity in (("*", "&#42;"), ("_", "&#95;"), ("[", "&#91;"), ("]", "&#93;"), ("`", "&#96;"),
                       ("{", "&#123;"), ("}", "&#125;"), ("|", "&#124;"), ("\\", "&#92;"), (":", "&#58;")):
        text = text.replace(ch, entity)
    return text


def codes_page() -> str:
    """The staff guide's list of every problem code, generated from the one catalogue."""
    groups: dict[str, list[str]] = {}
    for code, entry in CODES.items():
        level = "错误" if entry.severity == "error" else "警告"
        groups.setdefault(entry.group, []).append(
            f"<tr><td><code>{esc(code)}</code></td><td>{level}</td><td>{esc(entry.title)}</td>"
            f"<td>{esc(entry.description)}</td></tr>")
    parts = [
        "---\nsearch:\n  exclude: false\n---\n",
        "# 问题代码说明\n",
        "提交数据后，系统会逐条指出问题，格式是“文件:行号: [代码] 说明”。"
        "“错误”必须改正后才能合并；“警告”请核对，确认无误可以保留。下表列出全部代码。\n",
    ]
    for group, rows in groups.items():
        parts.append(f"## {group}\n")
        parts.append('<table class="code-table"><thead><tr><th>代码</th><th>级别</th><th>名称</th><th>含义与改法</th>'
                     "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>\n")
    return "\n".join(parts)


def home_page(loaded: Loaded) -> str:
    projects = [f.data for f in loaded.of_kind("project") if isinstance(f.data, dict)]
    by_category = Counter(p.get("category") for p in projects)
    counts = loaded.counts()
    rows = "".join(f"<tr><td>{esc(name)}</td><td>{by_category.get(key, 0)}</td></tr>"
                   for key, name in CATEGORY_NAMES.items())
    return (
        "# 楚雄州重点项目阳光督查\n\n"
        "按照州人民政府“3个30”重点项目督查通知，本站公开重点项目的责任分解和推进情况，接受社会监督。\n\n"
        f"<table><thead><tr><th>类别</th><th>项目数</th></tr></thead><tbody>{rows}</tbody></table>\n\n"
        f"现有月报 {counts.get('report', 0)} 份、季度和年度报告 {counts.get('briefing', 0)} 份、"
        f"调度督查记录 {counts.get('dispatch', 0)} 份。\n"
    )


def render_pages(loaded: Loaded) -> dict[str, str]:
    return {"index.md": home_page(loaded), "guide/codes.md": codes_page()}
