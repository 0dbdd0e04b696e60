"""`import projects`: the responsibility decomposition tables (责任分解表) into data/projects/*.yaml.

A workbook holds one table of projects per sheet (or per Word table) and may hold the lists a project has
several of, one row each: 倒排工期节点, 资金来源, 工作班子 (linked by 项目编号 or 项目名称). A row is a project
already in data/projects/ when its 项目编号 is, or, without one, when its name is exactly an existing
project's; any other row is a new project, numbered after the existing ones of its year and category
(2015-zj-31). An existing file is changed only with `update`; without it a row that differs is refused.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from generator.core.codes import emitter
from generator.labels import labels
from generator.loading.files import Loaded
from generator.model import Index, build_index, get, notice_day
from generator.review.compare import changed_pointers
from generator.sheets.grid import Place
from generator.sheets.headers import Layout, normal
from generator.sheets.names import Names
from generator.sheets.reading import Book, at
from generator.sheets.records import build, merge_list
from generator.sheets.staging import ImportResult, Planned, existing_text, render, stage
from generator.sheets.tables import RowValues, find_tables, read_rows

emit = emitter("sheets.import_projects", codes=("sheet-header-missing", "sheet-name-unknown", "sheet-row-duplicate",
                                                "sheet-file-exists"))

PREFIXES = {"under_construction": "zj", "new_start": "xkg", "preliminary": "qq"}  # the ids of the notice's tables
LISTS = {"milestones": ("annual", "milestones"), "sources": ("funding_sources",), "team": ("team",)}
_ID = re.compile(r"^([0-9]{4})-([a-z]+)-([0-9]+)$")


def _category_in(text: str) -> str | None:
    found = [code for code, label in labels().category.items() if label in normal(text)]
    return found[0] if len(found) == 1 else None


def _sheet_category(layout: Layout, given: str | None) -> str | None:
    return given or _category_in(layout.grid.name) or _category_in(layout.title())


def _sheet_year(layout: Layout, given: int | None, default: int) -> int:
    m = re.search(r"((?:19|20)[0-9]{2})年", layout.title())
    return given or (int(m.group(1)) if m else default)


class _Ids:
    """New ids follow the existing pattern of each year and category and never collide."""

    def __init__(self, idx: Index) -> None:
        self.taken = set(idx.projects) | set(idx.project_files)
        self.prefix: dict[str, str] = {}
        by_category: dict[str, Counter[str]] = {}
        for pid, (_, p) in idx.projects.items():
            m = _ID.match(pid)
            if m:
                by_category.setdefault(str(p.get("category")), Counter())[m.group(2)] += 1
        for category, counts in by_category.items():
            self.prefix[category] = counts.most_common(1)[0][0]

    def new(self, year: int, category: str) -> str:
        prefix = self.prefix.get(category, PREFIXES.get(category, "xm"))
        numbers = [int(m.group(3)) for t in self.taken if (m := _ID.match(t)) and m.group(1) == str(year)
                   and m.group(2) == prefix]
        ident = f"{year}-{prefix}-{max(numbers, default=0) + 1:02d}"
        self.taken.add(ident)
        return ident


def import_projects(loaded: Loaded, books: list[Book], category: str | None = None, update: bool = False,
                    on: date | None = None, year: int | None = None) -> ImportResult:
    """What the tables would write, and every finding; nothing is written here."""
    idx = build_index(loaded)
    settings = idx.settings
    default_year = year or settings.year
    names = Names(idx, on or notice_day(settings, default_year))
    result = ImportResult()
    tables, found = find_tables(books, ("projects", *LISTS), "projects")
    result.findings.extend(found)
    ids = _Ids(idx)
    by_name = {normal(p.get("name")): pid for pid, (_, p) in idx.projects.items()}
    rows: dict[str, RowValues] = {}  # project id → its row
    for layout in tables["projects"]:
        sheet_category = _sheet_category(layout, category)
        sheet_year = _sheet_year(layout, year, default_year)
        read, problems = read_rows(layout, names)
        result.findings.extend(problems)
        for rv in read:
            ident = rv.get("id") or by_name.get(normal(rv.get("name")))
            row_category = rv.get("category") or sheet_category or _category_in(rv.row.section or "")
            if row_category is None and ("category",) not in rv.broken:
                result.findings.append(at(emit, rv.anchor, "sheet-header-missing",
                                          "无法确定项目类别：表格标题、工作表名称和分组行里都没有写明“"
                                          + "”“".join(labels().category.values()) + "”，也没有项目类别列。请加 --category。"))
                continue
            rv.values[("category",)] = rv.get("category") or row_category
            rv.values[("year",)] = rv.get("year") or sheet_year
            if not ident:
                ident = ids.new(rv.values[("year",)], str(rv.values[("category",)]))
            if ident in rows:
                result.findings.append(at(emit, rv.anchor, "sheet-row-duplicate",
                                          f"项目“{rv.get('name') or ident}”（{ident}）在 {rows[ident].anchor.cell} 已经出现过。"))
                continue
            rv.values[("id",)] = ident
            rows[ident] = rv
    lists = _lists(tables, names, rows, by_name, result)
    for ident, rv in rows.items():
        plan = _plan(loaded, idx, ident, rv, lists.get(ident, {}), tables)
        result.planned.append(plan)
        result.findings.extend(render(plan))
        if plan.action == "update" and not update:
            changed = "、".join(changed_pointers(plan.before, plan.doc)[:5]) or "写法"
            result.findings.append(at(emit, plan.anchor, "sheet-file-exists",
                                      f"项目 {plan.path} 已经存在，表格与它不同（{changed}）。不加 --update 不会改动已有的项目文件。"))
    if not result.errors:
        result.findings.extend(stage(loaded, result.planned))
    return result


def _lists(tables: dict[str, list[Layout]], names: Names, rows: dict[str, RowValues], by_name: dict[str, str],
           result: ImportResult) -> dict[str, dict[str, list[RowValues]]]:
    """The rows of each list table, by project id."""
    in_import = {normal(rv.get("name")): ident for ident, rv in rows.items()}
    out: dict[str, dict[str, list[RowValues]]] = {}
    for table in LISTS:
        for layout in tables[table]:
            read, problems = read_rows(layout, names)
            result.findings.extend(problems)
            for rv in read:
                ref = rv.get("project")
                ident = ref if ref in rows else in_import.get(normal(rv.get("_name"))) or by_name.get(normal(rv.get("_name")))
                if ident not in rows:
                    result.findings.append(at(emit, rv.anchor, "sheet-name-unknown",
                                              f"项目“{ref or rv.get('_name')}”不在本次导入的项目表中。"
                                              "请核对项目编号或项目名称。"))
                    continue
                out.setdefault(ident, {}).setdefault(table, []).append(rv)
    return out


def _plan(loaded: Loaded, idx: Index, ident: str, rv: RowValues, lists: dict[str, list[RowValues]],
          tables: dict[str, list[Layout]]) -> Planned:
    path = f"data/projects/{ident}.yaml"
    existing = idx.projects.get(ident)
    before = existing[1] if existing else None
    before_text = existing_text(loaded, path)
    updates = {k: v for k, v in rv.values.items() if not k[0].startswith("_") and k not in rv.broken}
    if before is None:  # a table without 投产时间 columns: not known, as a hand-written file would say
        for which in ("start", "completion", "production"):
            for when in ("planned", "actual"):
                updates.setdefault(("dates", which, when), None)
    places: dict[tuple[str | int, ...], Place] = {}
    places.update(rv.places.items())
    for table, where in LISTS.items():
        if not tables[table]:
            continue  # the workbook has no such list: the files keep theirs
        items = []
        for i, item in enumerate(lists.get(table, [])):
            own = {k[len(where) + 1:]: v for k, v in item.values.items() if k[:len(where)] == where}
            old = get(get(before, *where), i)
            items.append(build(old if isinstance(old, dict) else None, "project", own, (*where, "*")))
            places.update({(*where, i, *k[len(where) + 1:]): p for k, p in item.places.items() if k[:len(where)] == where})
            places.setdefault(where, item.anchor)
        updates[where] = merge_list(get(before, *where), items)
    doc = build(before, "project", updates)
    return Planned(path, "project", doc, rv.anchor, places, before, before_text)


