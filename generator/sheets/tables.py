"""Finding the tables of an import in its workbooks, and reading their rows into field values with the cell
each came from; what cannot be read becomes a finding at its cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.core.codes import emitter
from generator.core.findings import Finding
from generator.sheets import cells
from generator.sheets.grid import Place
from generator.sheets.headers import Layout, Row, data_rows, find_layout
from generator.sheets.names import Names, Unresolved
from generator.sheets.reading import Book, at

emit = emitter("sheets.tables", codes=("sheet-header-missing", "sheet-column-unknown", "sheet-cell-invalid",
                                       "sheet-name-unknown", "sheet-person-not-post"))

Key = tuple[str, ...]


@dataclass
class RowValues:
    """One record's fields as a row gives them: None for an empty cell."""

    layout: Layout
    row: Row
    values: dict[Key, Any] = field(default_factory=dict)
    places: dict[Key, Place] = field(default_factory=dict)
    broken: set[Key] = field(default_factory=set)  # fields whose cell could not be read (a finding says why)

    @property
    def anchor(self) -> Place:
        """The row's first identifying cell: where a problem of the whole record is shown."""
        for key in (("name",), ("_name",), ("id",), ("project",)):
            if key in self.places:
                return self.places[key]
        return self.layout.grid.place(self.row.index, 0)

    def get(self, *key: str) -> Any:
        return self.values.get(tuple(key))


def find_tables(books: list[Book], kinds: tuple[str, ...], main: str) -> tuple[dict[str, list[Layout]], list[Finding]]:
    """Each visible sheet as the kind of table it best matches (or none: an instructions sheet); a workbook
    without any `main` table is a finding."""
    found: dict[str, list[Layout]] = {k: [] for k in kinds}
    problems: list[Finding] = []
    for book in books:
        mains = 0
        for grid in book.grids:
            if grid.hidden:
                continue
            layouts = [lay for lay in (find_layout(k, grid) for k in kinds) if lay is not None]
            if not layouts:
                continue
            best = max(layouts, key=lambda lay: (len(lay.columns), lay.table == main))
            found[best.table].append(best)
            mains += best.table == main
            for c, header in best.unknown:
                problems.append(at(emit, grid.place(best.header_row, c), "sheet-column-unknown",
                                   f"表头“{header}”不在列名对照表里，这一列没有导入。"))
            for c, header in best.duplicate:
                problems.append(at(emit, grid.place(best.header_row, c), "sheet-column-unknown",
                                   f"“{header}”与前面的一列是同一项内容，这一列没有导入。"))
        if not mains:
            problems.append(emit("sheet-header-missing", book.label, 1, _no_table(main)))
    return found, problems


def _no_table(main: str) -> str:
    what = {"projects": "项目名称、责任单位、总投资", "reports": "项目编号或项目名称、本月完成投资、本年累计完成投资、形象进度"}
    return (f"没有找到能识别的表头（需要 {what.get(main, '项目名称')} 等列）。请检查表头的写法，"
            "列名对照表见工作人员指南“用 Excel 报送”页。")


def read_rows(layout: Layout, names: Names) -> tuple[list[RowValues], list[Finding]]:
    out: list[RowValues] = []
    problems: list[Finding] = []
    for row in data_rows(layout):
        rv = RowValues(layout, row)
        for key, column in layout.columns.items():
            if column.field.kind == "ignore":
                continue
            path = tuple(key.split("."))
            place = layout.grid.place(row.index, column.col)
            raw = layout.grid.value(row.index, column.col)
            rv.places[path] = place
            if raw is None:
                rv.values[path] = None
                continue
            try:
                rv.values[path] = cells.read(column, raw, names)
            except Unresolved as exc:
                rv.broken.add(path)
                problems.append(at(emit, place, exc.code, f"{column.header}：{exc.message}"))
        out.append(rv)
    return out, problems
