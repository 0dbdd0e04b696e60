"""Reference pages: open data and its dictionary, the methodology (from the settings in force), the codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.core.codes import CODES, Code
from generator.core.settings import Settings
from generator.site.glossary import Term, terms
from generator.site.opendata import Column, code_rows, dictionary
from generator.site.pages import PAGES, Page, SiteData, page, render


@dataclass(frozen=True)
class OpenData:
    tables: list[tuple[str, str, list[Column]]]
    files: list[str]
    units: list[tuple[str, Any]]  # units with a deadline calendar
    codes: list[tuple[str, str, list[tuple[str, str]]]]  # (column, code table, [(code, name)])


@page("open-data.md", "opendata.html.j2", "开放数据", search=False)
def open_data(data: SiteData) -> OpenData:
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for column, table, code, name in code_rows():
        groups.setdefault((column, table), []).append((code, name))
    return OpenData(dictionary(), data.downloads, [(u, data.idx.units[u].get("name")) for u in data.idx.units_in_order()
                                                   if f"downloads/calendar/{u}.ics" in data.downloads],
                    [(column, table, rows) for (column, table), rows in groups.items()])


@dataclass(frozen=True)
class Methodology:
    setting: Any  # Settings.get, for `setting('status', 'red_gap')`
    settings: Settings
    scoring: dict[str, Any]
    briefings: dict[str, str]  # period → 4月15日
    notice: str  # 2月8日
    action_plan: str  # 2月16日


def _md(value: Any) -> str:
    text = str(value or "00-00")
    return f"{int(text[:2])}月{int(text[3:5])}日"


def methodology(settings: Settings) -> Methodology:
    b = settings.get("deadlines", "briefings") or {}
    return Methodology(settings.get, settings, settings.get("scoring") or {}, {k: _md(b.get(k)) for k in b},
                       _md(settings.get("notice_date")), _md(settings.get("deadlines", "action_plan")))


page("methodology.md", "methodology.html.j2", "统计方法")(lambda data: methodology(data.settings))


@dataclass(frozen=True)
class CodesPage:
    groups: dict[str, list[tuple[str, Code]]]


def codes() -> CodesPage:
    """The staff guide's list of every finding code, generated from the one catalogue."""
    groups: dict[str, list[tuple[str, Code]]] = {}
    for code, entry in CODES.items():
        groups.setdefault(entry.group, []).append((code, entry))
    return CodesPage(groups)


page("guide/codes.md", "codes.html.j2", "问题代码说明")(lambda data: codes())


def field_reference() -> str:
    """The data contract for staff: every file kind and field, generated from the schemas."""
    from generator.loading.schemadoc import data_model_markdown

    text = data_model_markdown()
    return text[text.index("\n## "):]  # the guide page has its own title and introduction below


page("guide/data-model.md", "", "数据规范（字段说明）", search=False, markdown=True)(
    lambda data: "# 数据规范（字段说明）\n\n每一种数据文件的位置和全部字段，由检查程序使用的格式文件（JSON Schema）自动生成。"
                 "填写时，字段名用英文，取值按“可选值”一列填写代码。\n" + field_reference())


@dataclass(frozen=True)
class Glossary:
    terms: list[Term]


@page("glossary.md", "glossary.html.j2", "名词解释")
def glossary(data: SiteData) -> Glossary:
    return Glossary(list(terms(data.settings).values()))


page("search.md", "search.html.j2", "搜索", search=False)(lambda data: {})


def _standalone(src: str, view: Any) -> str:
    p: Page = next(p for p in PAGES if p.src == src)
    return str(render(p, None, src, view))


def codes_page() -> str:
    return _standalone("guide/codes.md", codes())


def methodology_page(settings: Settings) -> str:
    return _standalone("methodology.md", methodology(settings))
