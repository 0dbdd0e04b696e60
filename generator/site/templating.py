"""Templating: the Jinja2 environment, the filters pages use, and a page's Markdown source.

Each page is front matter plus one raw HTML block produced by a Jinja2 template with autoescaping (HtmlPage), so
text from data is escaped and Python-Markdown never interprets it (a project name holding Markdown, HTML or
template syntax shows as text). Blank lines are removed from the HTML so that the block never ends early.
Templates receive prepared values and hold no rules.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import ChainableUndefined, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from generator.core import chinese
from generator.core.chinese import cdate, cmonth, cperiod, gap, wan, yi
from generator.core.paths import TEMPLATES
from generator.labels import labels

_BLANK_LINES = re.compile(r"\n\s*\n")


def text(value: Any) -> Markup:
    """Escaped text; line breaks become <br> so no blank line ever ends the HTML block."""
    if value is None:
        return Markup("")
    escaped = html.escape(str(value), quote=True)
    return Markup(escaped.replace("\r\n", "\n").replace("\n", "<br>"))


def pct(value: Any) -> str:
    return chinese.pct(value, none="不适用")


def prose(value: Any) -> Markup:
    """A hand-written preface (data/circulars/*.md) as safe HTML: headings (#), lists (- ) and paragraphs,
    every character escaped — Markdown's raw HTML is never passed through."""
    if not value:
        return Markup("")
    out = []
    for block in re.split(r"\n\s*\n", str(value).strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("#"):
            out.append(f"<h3>{html.escape(lines[0].lstrip('#').strip())}</h3>")
            lines = lines[1:]
        if lines and all(line.startswith(("- ", "* ")) for line in lines):
            out.append("<ul>" + "".join(f"<li>{html.escape(line[2:].strip())}</li>" for line in lines) + "</ul>")
        elif lines:
            out.append(f"<p>{html.escape(''.join(lines))}</p>")
    return Markup("".join(out))


def status_badge(status: str) -> Markup:
    name = labels().status.get(status, status)
    return Markup(f'<span class="badge status-{html.escape(status)}">{html.escape(name)}</span>')


def state_badge(state: str, days: int = 0) -> Markup:
    name = labels().deadline_state.get(state, state)
    if state in ("met_late", "missed") and days:
        name += f" {days} 天"
    return Markup(f'<span class="badge state-{html.escape(state)}">{html.escape(name)}</span>')


def safe_title(value: Any) -> str:
    """A page title for front matter and <title>: no markup characters at all."""
    cleaned = re.sub(r"[<>&\"'`{}\[\]|*_#\\]", " ", str(value))
    return re.sub(r"\s+", " ", cleaned).strip() or "项目"


# rows of a table that lists across the whole portfolio (deadlines, circulars); more are counted and left to the
# unit pages and open data, so that no page grows with the number of projects
TABLE_ROWS = 100
# rows of each group when such a table comes in groups (a circular's overdue duties by kind, the deadlines
# page's by party): a province has a dozen kinds and hundreds of parties
GROUP_ROWS = 20


@cache
def environment() -> Environment:
    # optional fields of the data are simply absent: ChainableUndefined renders them empty
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      undefined=ChainableUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, auto_reload=False)
    env.filters.update(text=text, prose=prose, wan=wan, yi=yi, pct=pct, cdate=cdate, cmonth=cmonth, period=cperiod, gap=gap,
                       status=status_badge, state=state_badge)
    env.globals.update(labels=labels(), table_rows=TABLE_ROWS, group_rows=GROUP_ROWS)
    return env


def root_of(src: str) -> str:
    """Relative prefix from a page to the site root (directory URLs: projects/x.md is /projects/x/)."""
    parts = src.removesuffix(".md").split("/")
    depth = len(parts) - 1 if parts[-1] == "index" else len(parts)
    return "../" * depth


@dataclass(frozen=True)
class HtmlPage:
    """A page rendered from a template: front matter and one raw HTML block, which an engine's Markdown copies
    as it is. `str()` is the page's Markdown source. A build hands the engine the front matter with a marker
    instead of the body and puts the body in after (staging.py, finish.py): Python-Markdown's HTML parser
    made a large table page cost more than everything else in the build."""

    front: str  # "---\n…\n---\n\n"
    body: str

    def __str__(self) -> str:
        return self.front + self.body


def page_source(env: Environment, src: str, template: str, title: str, *, charts: bool = False,
                search: bool = True, **context: Any) -> HtmlPage:
    """A page as an engine reads it: front matter (title, charts, search) and one raw HTML block."""
    body = env.get_template(template).render(root=root_of(src), **context)
    return HtmlPage(front_matter(title, charts=charts, search=search),
                    labelled(_BLANK_LINES.sub("\n", body).strip()) + "\n")


_TABLE = re.compile(r'(<table class="data-table[^"]*"[^>]*>)(.*?)(</table>)', re.S)
_HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S)
_CELL = re.compile(r"<td\b")
_TAG = re.compile(r"<[^>]+>")


def labelled(html_text: str) -> str:
    """Each body cell of a data table carries its column's heading (data-label), so a phone can show a row
    as a card of labelled lines instead of a table wider than the screen (site.css)."""
    def table(match: re.Match[str]) -> str:
        inner = match.group(2)
        if "<thead>" not in inner or "<tbody>" not in inner:
            return match.group(0)
        head, body = inner.split("<tbody>", 1)
        names = [html.escape(html.unescape(_TAG.sub("", cell)).strip(), quote=True) for cell in _HEAD_CELL.findall(head)]

        def row(r: re.Match[str]) -> str:
            cells = iter(names)
            return r.group(1) + _CELL.sub(lambda _c: f'<td data-label="{next(cells, "")}"', r.group(2)) + r.group(3)

        return match.group(1) + head + "<tbody>" + _ROW.sub(row, body) + match.group(3)

    return _TABLE.sub(table, html_text)


def front_matter(title: str, *, charts: bool = False, search: bool = True) -> str:
    lines = ["---", f"title: {json.dumps(safe_title(title), ensure_ascii=False)}", "hide:", "  - toc"]
    if charts:
        lines.append("charts: true")
    if not search:
        lines += ["search:", "  exclude: true"]
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def with_front_matter(body: str, title: str, *, charts: bool = False, search: bool = True) -> str:
    return front_matter(title, charts=charts, search=search) + body + "\n"
