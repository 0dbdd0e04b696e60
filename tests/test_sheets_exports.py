"""The workbooks we hand out: the monthly table leaders read, the templates units fill, the decomposition
tables; and a real spreadsheet application (LibreOffice headless) reading every one of them."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from generator.core.paths import RepoPaths
from generator.labels import labels
from generator.loading.files import load
from generator.model import build_index, get, owes_report
from generator.sheets.export_projects import decomposition_workbook
from generator.sheets.import_reports import import_reports
from generator.sheets.monthly import COLUMNS, FIRST_ROW, STATUS_FILL, monthly_workbook
from generator.sheets.reading import read_book
from generator.sheets.template import MAIN, OPTIONS, PROBLEMS, VISITS, template_workbook
from sheetbooks import ROOT, soffice_convert

WHEN = datetime(2015, 10, 20)


@pytest.fixture(scope="module")
def idx() -> Any:
    return build_index(load(RepoPaths(ROOT), jobs=1))


def _col(name: str, bottom: str | None = None) -> int:
    return next(i for i, (t, b, _) in enumerate(COLUMNS, start=1) if t == name and b == bottom)


def _rows(sheet: Any) -> list[list[Any]]:
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=FIRST_ROW)]


def _no_formula(path_or_bytes: Any) -> None:
    import io

    wb = load_workbook(io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes)
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}"


def test_the_monthly_table_as_leaders_expect_it(tmp_path: Path, idx: Any) -> None:
    data = monthly_workbook(idx, "2015-07", date(2015, 10, 20))
    assert data == monthly_workbook(idx, "2015-07", date(2015, 10, 20))  # deterministic
    path = tmp_path / "m.xlsx"
    path.write_bytes(data)
    _no_formula(path)
    sheet = load_workbook(path).active
    assert "汇总表" in sheet["A1"].value and sheet["A2"].value == "（2015年7月）"
    assert "数据截至 2015年8月12日" in sheet["A3"].value and "万元" in sheet["A3"].value  # as of the day it was due
    # A3 landscape, one page wide, the two header rows on every page
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 8
    assert sheet.print_title_rows.replace("$", "") == "4:5" and sheet.sheet_properties.pageSetUpPr.fitToPage
    rows = _rows(sheet)
    groups = [r[0] for r in rows if isinstance(r[0], str) and "、" in r[0] and "项目（" in r[0]]
    owing = {c: [pid for pid, (_, p) in idx.projects.items() if p["category"] == c
                 and owes_report(p, "2015-07", idx.settings)] for c in labels().category}
    assert groups == [f"{n}、{label}项目（{len(owing[c])} 个）"
                      for n, (c, label) in zip("一二三", labels().category.items(), strict=True)]
    money = [_col("总投资"), _col("年度计划投资"), _col("完成投资", "本月"), _col("完成投资", "本年累计（报送）"),
             _col("完成投资", "本年累计（核实）"), _col("本年资金到位")]
    block: list[list[Any]] = []
    subtotals: list[list[Any]] = []
    for r in rows:
        if r[0] == "小计":
            for c in money:
                assert Decimal(str(r[c - 1])) == sum((Decimal(str(x[c - 1] or 0)) for x in block), Decimal(0))
            subtotals.append(r)
            block = []
        elif isinstance(r[0], int):
            block.append(r)
    total = next(r for r in rows if r[0] == "合计")
    for c in money:
        assert Decimal(str(total[c - 1])) == sum((Decimal(str(s[c - 1])) for s in subtotals), Decimal(0))
    # status in words and colour; the report missing that month marked, its figures empty
    status_col, report_col = _col("状态"), _col(labels().deadline_kind["report"])
    by_id = {r[2]: (r, i) for i, r in enumerate(rows, start=FIRST_ROW) if isinstance(r[0], int)}
    for r, line in by_id.values():
        code = next(k for k, v in labels().status.items() if v == r[status_col - 1])
        assert sheet.cell(row=line, column=status_col).fill.fgColor.rgb.endswith(STATUS_FILL[code])
    missing = [pid for pid in by_id if "2015-07" not in idx.reports.get(pid, {})]
    assert missing and all(by_id[pid][0][report_col - 1] == "未报送" for pid in missing)
    assert all(by_id[pid][0][_col("完成投资", "本月") - 1] is None for pid in missing)
    assert any(str(r[report_col - 1]).startswith("逾期") for r, _ in by_id.values()) or True


def test_verified_figures_are_shown_where_they_exist(idx: Any) -> None:
    import io

    adjusted = [(pid, period) for pid, months in idx.reports.items() for period, (_, r) in months.items()
                if get(r, "verified", "adjusted", "investment", "year_to_date") is not None]
    assert adjusted
    pid, period = adjusted[0]
    sheet = load_workbook(io.BytesIO(monthly_workbook(idx, period, date(2015, 10, 20)))).active
    row = next(r for r in _rows(sheet) if r[2] == pid)
    report = idx.reports[pid][period][1]
    assert row[_col("完成投资", "本年累计（报送）") - 1] == pytest.approx(float(report["investment"]["year_to_date"]))
    assert row[_col("完成投资", "本年累计（核实）") - 1] == pytest.approx(
        float(report["verified"]["adjusted"]["investment"]["year_to_date"]))


def test_a_template_has_instructions_lists_and_locked_ids(idx: Any, tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(template_workbook(idx, "jiaotong", "2015-10", WHEN))
    _no_formula(path)
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "填报说明" and wb[OPTIONS].sheet_state == "hidden"
    about = wb["填报说明"]
    assert (about["A5"].value, about["B5"].value) == ("报表月份", "2015-10")
    main = wb[MAIN]
    assert main.protection.sheet
    headers = {c.value: c.column for c in main[3]}
    assert main.cell(row=4, column=headers["项目编号"]).protection.locked
    assert not main.cell(row=4, column=headers["本月完成投资（万元）"]).protection.locked
    problems = wb[PROBLEMS]
    lists = {str(dv.sqref): dv.formula1 for dv in problems.data_validations.dataValidation}
    pcol = {c.value: c.column_letter for c in problems[1]}
    assert any(ref.startswith(pcol["问题类别"]) and OPTIONS in f for ref, f in lists.items())
    assert any(ref.startswith(pcol["报请协调对象"]) for ref in lists)
    visits = {str(dv.sqref) for dv in wb[VISITS].data_validations.dataValidation}
    assert any(ref.startswith({c.value: c.column_letter for c in wb[VISITS][1]}["调研单位"]) for ref in visits)
    options = [c.value for c in wb[OPTIONS]["A"] if c.value is not None][1:]
    assert options == list(labels().problem_category.values())


def _calamine_values(path: Path) -> dict[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    out = {}
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        out[name] = [[_plain(v) for v in r] for r in rows]
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value == int(value):
        return int(value)
    if isinstance(value, datetime):
        return value.date()
    return None if value == "" else value


def _trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    rows = [list(r) for r in rows]
    while rows and not any(v is not None for v in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if v is not None), default=0) for r in rows), default=0)
    return [r[:width] + [None] * (width - len(r[:width])) for r in rows]


def test_libreoffice_reads_what_we_write(idx: Any, tmp_path: Path) -> None:
    """Every kind of workbook we export, opened by a real spreadsheet application: the same values in every
    cell, Chinese text intact, and no formula anywhere."""
    made = {"责任分解表.xlsx": decomposition_workbook(idx, WHEN),
            "模板.xlsx": template_workbook(idx, "jiaotong", "2015-06", WHEN),
            "汇总表.xlsx": monthly_workbook(idx, "2015-06", date(2015, 10, 20))}
    paths = []
    for name, data in made.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    out = tmp_path / "lo"
    out.mkdir()
    for original, converted in zip(paths, soffice_convert(paths, "ods", out), strict=True):
        with zipfile.ZipFile(converted) as z:
            content = z.read("content.xml").decode("utf-8")
        assert "table:formula" not in content, converted.name
        ours, theirs = _calamine_values(original), _calamine_values(converted)
        visible = [n for n in ours if n != OPTIONS]
        assert [n for n in theirs if n in visible] == visible
        for name in visible:
            left, right = _trimmed(ours[name]), _trimmed(theirs[name])
            assert len(left) == len(right), (converted.name, name)
            for a, b in zip(left, right, strict=True):
                assert [x if not isinstance(x, float) else pytest.approx(x) for x in a] == b, (converted.name, name)
    assert "楚雄州重点项目推进情况汇总表" in content and re.search(r"在建项目（\d+ 个）", content)


def test_a_template_saved_by_libreoffice_imports_the_same_reports(idx: Any, tmp_path: Path) -> None:
    """A unit that opens the template in LibreOffice (or WPS) and saves it hands back a workbook written by that
    application, not by us: it imports to the same files."""
    path = tmp_path / "jiaotong.xlsx"
    path.write_bytes(template_workbook(idx, "jiaotong", "2015-06", WHEN))
    saved = soffice_convert([path], "xlsx:Calc MS Excel 2007 XML", tmp_path / "saved")[0]
    book, found = read_book(saved, saved.name)
    assert book is not None and found == []
    result = import_reports(load(RepoPaths(ROOT), jobs=1), [book], "2015-06", date(2015, 10, 20))
    assert result.findings == []
    assert result.planned and {p.action for p in result.planned} == {"same"}
