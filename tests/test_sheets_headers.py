"""Header rows and the one synonym list: how real tables name their columns, and the staff guide listing every
name the importer knows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.sheets.grid import Grid, column_letters
from generator.sheets.headers import WAN, YI, YUAN, data_rows, fields, find_layout, header_key
from sheetbooks import DECOMPOSITION_MERGED, ROOT, decomposition_rows

GUIDE = (ROOT / "site_src" / "docs" / "guide" / "spreadsheets.md").read_text(encoding="utf-8")


def _merged(ranges: list[str]) -> list[tuple[int, int, int, int]]:
    from openpyxl.utils import range_boundaries

    out = []
    for r in ranges:
        c0, r0, c1, r1 = range_boundaries(r)
        out.append((r0 - 1, c0 - 1, r1 - 1, c1 - 1))
    return out


@pytest.mark.parametrize(("text", "key", "scale"), [
    ("总投资（亿元）", "总投资", YI), ("总投资\n(万元)", "总投资", WAN), ("计划总投资 元", "计划总投资", YUAN),
    ("2015年计划投资", "年度计划投资", None), ("本年累计完成投资", "年度累计完成投资", None),
    ("（亿元）", "", YI), ("年度形象进度（%）", "年度形象进度", None),
])
def test_a_header_is_read_with_its_unit(text: str, key: str, scale: Decimal | None) -> None:
    assert header_key(text) == (key, scale)


def test_a_two_row_merged_header_under_a_title() -> None:
    grid = Grid("在建项目", decomposition_rows(), merged=_merged(DECOMPOSITION_MERGED))
    layout = find_layout("projects", grid)
    assert layout is not None and (layout.header_row, layout.depth) == (1, 2)
    cols = {k: (column_letters(c.col), c.scale) for k, c in layout.columns.items()}
    assert cols["total_investment"] == ("D", YI) and cols["annual.investment"] == ("E", YI)
    assert cols["dates.start.planned"][0] == "N" and cols["dates.start.actual"][0] == "O"
    assert cols["dates.completion.planned"][0] == "P" and cols["leader_post"][0] == "I"
    assert layout.unknown == [] and "责任分解表" in layout.title()
    rows = data_rows(layout)
    assert [r.index + 1 for r in rows] == [5, 6]  # the section, subtotal and blank rows are skipped
    assert rows[0].section == "一、交通项目"


def test_one_header_row_is_not_mistaken_for_two() -> None:
    grid = Grid("s", [["项目名称", "本月完成投资", "本年累计"], ["楚雄至大姚高速公路", None, 1200]])
    layout = find_layout("reports", grid)
    assert layout is not None and layout.depth == 1 and [r.index for r in data_rows(layout)] == [1]


def test_no_name_means_two_columns() -> None:
    """Within a kind of table every name, once normalised, belongs to one column."""
    for table, columns in fields().items():
        seen: dict[str, str] = {}
        for f in columns:
            for name in (f.header, *f.synonyms):
                key = header_key(name)[0]
                assert seen.setdefault(key, f.key) == f.key, (table, name)


def test_the_staff_guide_lists_every_column_name() -> None:
    rows = [line for line in GUIDE.splitlines() if line.startswith("| ")]
    for columns in fields().values():
        for f in columns:
            assert any(row.startswith(f"| {f.header} |") and all(n in row.split("|")[2].strip().split("、") for n in f.synonyms)
                       for row in rows), f.header
