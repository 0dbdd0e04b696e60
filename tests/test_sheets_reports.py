"""`export template` and `import reports`: a unit's monthly sheet out and back, carrying forward what the
sheet does not hold, checking the month against the year-to-date, and every problem at its cell."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from generator.cli import main
from generator.core.paths import RepoPaths
from generator.loading.files import load
from generator.loading.yamlstrict import load_text
from generator.model import build_index, owes_report
from generator.sheets.import_reports import import_reports
from generator.sheets.reading import read_book
from generator.sheets.template import MAIN, PROBLEMS, VISITS, TemplateError, template_workbook
from sheetbooks import ROOT, book, demo_repo

PERIODS = [f"2015-{m:02d}" for m in range(2, 10)]
WHEN = datetime(2015, 10, 20)


def _data(path: Path) -> Any:
    doc, problems = load_text(str(path), path.read_text(encoding="utf-8"))
    assert doc is not None and problems == []
    return doc.data


def _column(sheet: Any, header: str, row: int) -> int:
    return next(c.column for c in sheet[row] if c.value == header)


def _drop_rows(path: Path, keep: set[str]) -> None:
    """Leave only the rows of these projects (a month's template lists every report owed, and the
    demonstration data leaves a few unfiled on purpose)."""
    wb = load_workbook(path)
    for name, header_row in ((MAIN, 3), (PROBLEMS, 1), (VISITS, 1)):
        sheet = wb[name]
        col = _column(sheet, "项目编号", header_row)
        for r in range(sheet.max_row, header_row, -1):
            value = sheet.cell(row=r, column=col).value
            if value is not None and value not in keep:
                sheet.delete_rows(r)
    wb.save(path)


def test_templates_of_every_unit_and_month_import_back_byte_identical(tmp_path: Path) -> None:
    """The demonstration data's every month, every unit: export the templates, import them all back (the
    inspection office's monthly run), and every report file comes out exactly as it is."""
    loaded = load(RepoPaths(ROOT), jobs=1)
    idx = build_index(loaded)
    checked = 0
    for period in PERIODS:
        filed = {pid for pid in idx.reports if period in idx.reports[pid]}
        books = []
        for unit in sorted(idx.units):
            try:
                data = template_workbook(idx, unit, period, WHEN)
            except TemplateError:
                continue
            path = tmp_path / f"{unit}-{period}.xlsx"
            path.write_bytes(data)
            owed = {pid for pid, (_, p) in idx.projects.items() if p.get("lead_unit") == unit
                    and owes_report(p, period, idx.settings)}
            if owed - filed:
                _drop_rows(path, filed)
            b, found = read_book(path, path.name)
            assert b is not None and found == []
            books.append(b)
        result = import_reports(loaded, books, period, date(2015, 10, 20))
        assert result.findings == [], period
        assert {p.path for p in result.planned} == {f"data/reports/{period}/{pid}.yaml" for pid in filed}
        for plan in result.planned:
            assert plan.action == "same" and plan.text == (ROOT / plan.path).read_text(encoding="utf-8"), plan.path
        checked += len(result.planned)
    assert checked == sum(len(list((ROOT / "data" / "reports" / p).glob("*.yaml"))) for p in PERIODS)


def _template(repo: Path, tmp: Path, unit: str, period: str) -> Path:
    path = tmp / f"{unit}-{period}.xlsx"
    assert main(["--root", str(repo), "export", "template", "--unit", unit, "--period", period,
                 "--out", str(path)]) == 0
    return path


def test_a_filled_template_gives_the_reports_the_unit_meant(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    repo = demo_repo(tmp_path)
    path = _template(repo, tmp_path, "jiaotong", "2015-10")
    wb = load_workbook(path)
    main_sheet = wb[MAIN]
    col = {c.value: c.column for c in main_sheet[3]}
    rows = {main_sheet.cell(row=r, column=col["项目编号"]).value: r for r in range(4, main_sheet.max_row + 1)}
    first, second = "2015-zj-01", "2015-zj-03"
    september = _data(repo / "data/reports/2015-09/2015-zj-01.yaml")["investment"]["year_to_date"]
    assert main_sheet.cell(row=rows[first], column=col["上月本年累计完成投资（万元）"]).value == september
    main_sheet.cell(row=rows[first], column=col["本月完成投资（万元）"], value=20000)  # 本年累计 left empty
    main_sheet.cell(row=rows[first], column=col["本年资金到位（万元）"], value=190000)
    main_sheet.cell(row=rows[first], column=col["报送日期"], value=date(2015, 11, 6))
    main_sheet.cell(row=rows[first], column=col["形象进度"], value="主线路面施工，本年累计完成投资236519万元。")
    for pid in rows:
        if pid != first:  # the others report only a year-to-date
            last = main_sheet.cell(row=rows[pid], column=col["上月本年累计完成投资（万元）"]).value
            main_sheet.cell(row=rows[pid], column=col["本年累计完成投资（万元）"], value=last + 1000.5)
            funds = main_sheet.cell(row=rows[pid], column=col["上月本年资金到位（万元）"]).value
            main_sheet.cell(row=rows[pid], column=col["本年资金到位（万元）"], value=funds)
    problems = wb[PROBLEMS]
    pcol = {c.value: c.column for c in problems[1]}
    free = next(r for r in range(2, problems.max_row + 1) if problems.cell(row=r, column=1).value is None)
    for header, value in (("项目编号", second), ("问题类别", "用地"), ("问题情况", "施工便道用地尚未移交"),
                          ("应对措施", "协调县政府加快移交"), ("公开", "是")):
        problems.cell(row=free, column=pcol[header], value=value)
    visits = wb[VISITS]
    for header, value in (("项目编号", second), ("调研日期", date(2015, 10, 15)), ("调研单位", "州交通运输局")):
        visits.cell(row=2, column={c.value: c.column for c in visits[1]}[header], value=value)
    wb.save(path)

    before = _data(repo / "data/reports/2015-09/2015-zj-03.yaml")
    assert main(["--root", str(repo), "import", "reports", str(path), "--period", "2015-10",
                 "--submitted-on", "2015-11-07"]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "新建 data/reports/2015-10/2015-zj-01.yaml（" in out and "已写入" in out
    one = _data(repo / "data/reports/2015-10/2015-zj-01.yaml")
    assert one["investment"] == {"month": 20000, "year_to_date": september + 20000}  # the year-to-date follows
    assert one["submitted_on"] == "2015-11-06" and one["funds"] == {"year_to_date": 190000}
    three = _data(repo / "data/reports/2015-10/2015-zj-03.yaml")
    last = before["investment"]["year_to_date"]
    assert three["investment"] == {"month": Decimal("1000.5"), "year_to_date": last + Decimal("1000.5")}
    assert three["submitted_on"] == "2015-11-07"  # empty: the --submitted-on date
    assert three["relocation"] == before["relocation"]  # carried as new-report does
    assert three["site_visits"] == [{"on": "2015-10-15", "by": "jiaotong"}]
    carried = [p for p in before.get("problems", []) if "closed" not in p]  # open problems, unchanged
    ever = {p["id"] for f in (repo / "data/reports").glob("2015-0*/2015-zj-03.yaml") for p in _data(f).get("problems", [])}
    new_id = f"p{max(int(i[1:]) for i in ever) + 1:02d}" if ever else "p01"
    assert three["problems"] == [*carried, {"id": new_id, "category": "land", "summary": "施工便道用地尚未移交",
                                            "measures": "协调县政府加快移交", "public": True}]
    assert f"编号为 {new_id}" in out
    assert main(["--root", str(repo), "validate", str(repo / "data/reports/2015-10")]) == 0


def _own_sheet(path: Path, rows: list[list[Any]]) -> Path:
    """A unit's own monthly sheet: a title, its own column names, projects by name."""
    return book(path, {"6月": [["州交通运输局重点项目月度信息报表（2015年10月）"],
                              ["序号", "项目名称", "当月完成投资（万元）", "本年累计", "资金到位", "工程形象进度"],
                              *rows]}, {"6月": ["A1:F1"]})


def test_a_units_own_sheet_is_read_by_its_column_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = demo_repo(tmp_path)
    before = _data(repo / "data/reports/2015-09/2015-zj-01.yaml")
    sheet = _own_sheet(tmp_path / "own.xlsx", [[1, "楚雄至大姚高速公路", 12000, before["investment"]["year_to_date"]
                                                + 12000, 200000, "主线路面施工"]])
    assert main(["--root", str(repo), "import", "reports", str(sheet), "--period", "2015-10",
                 "--submitted-on", "2015-11-05", "--received", "email"]) == 0, capsys.readouterr().out
    made = _data(repo / "data/reports/2015-10/2015-zj-01.yaml")
    assert made["progress"]["summary"] == "主线路面施工" and made["next_steps"] == before["next_steps"]
    assert made["received"] == {"by": "jichaban", "channel": "email"}  # came by e-mail to the inspection office
    assert "表中没有的内容按 2015年9月 的月报带入" in capsys.readouterr().out


@pytest.mark.parametrize(("month", "ytd", "cell", "code"), [
    (100, 1000, "6月!D3", "report-ytd-decreased"),  # less than last month's year-to-date
    (500000, 1000000, "6月!D3", "report-ytd-sum"),  # last month + this month is not the year-to-date (a warning)
    ("一万", None, "6月!C3", "sheet-cell-invalid"),
    (None, None, "6月!C3", "sheet-cell-invalid"),  # neither figure given
])
def test_the_month_is_checked_against_the_year_to_date(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       month: Any, ytd: Any, cell: str, code: str) -> None:
    repo = demo_repo(tmp_path)
    sheet = _own_sheet(tmp_path / "own.xlsx", [[1, "楚雄至大姚高速公路", month, ytd, 200000, "主线路面施工"]])
    status = main(["--root", str(repo), "import", "reports", str(sheet), "--period", "2015-10", "--dry-run"])
    out = capsys.readouterr().out
    assert f"own.xlsx:{cell}: [{code}]" in out, out
    assert status == (0 if code == "report-ytd-sum" else 1)
    assert not (repo / "data/reports/2015-10/2015-zj-01.yaml").exists()


def test_an_unknown_project_and_a_wrong_month_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = demo_repo(tmp_path)
    sheet = _own_sheet(tmp_path / "own.xlsx", [[1, "楚雄至大姚高速", 100, None, 1, "施工"]])
    assert main(["--root", str(repo), "import", "reports", str(sheet), "--period", "2015-10"]) == 1
    out = capsys.readouterr().out
    assert "own.xlsx:6月!B3: [sheet-name-unknown]" in out and "楚雄至大姚高速公路" in out
    template = _template(repo, tmp_path, "jiaotong", "2015-10")
    assert main(["--root", str(repo), "import", "reports", str(template), "--period", "2015-11"]) == 1
    assert "填报说明!B5: [sheet-period-mismatch]" in capsys.readouterr().out


def test_a_verified_report_changes_only_with_update_and_a_correction(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    repo = demo_repo(tmp_path)
    path = _template(repo, tmp_path, "jiaotong", "2015-06")
    wb = load_workbook(path)
    sheet = wb[MAIN]
    col = {c.value: c.column for c in sheet[3]}
    row = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(row=r, column=col["项目编号"]).value == "2015-zj-03")
    sheet.cell(row=row, column=col["开工累计完成投资（万元）"], value=360000)
    wb.save(path)
    target = repo / "data/reports/2015-06/2015-zj-03.yaml"
    before = target.read_bytes()
    assert main(["--root", str(repo), "import", "reports", str(path), "--period", "2015-06"]) == 1
    assert "[sheet-file-exists]" in capsys.readouterr().out
    assert main(["--root", str(repo), "import", "reports", str(path), "--period", "2015-06", "--update"]) == 1
    out = capsys.readouterr().out
    letter = chr(64 + col["开工累计完成投资（万元）"])
    assert f"{path.name}:{MAIN}!{letter}{row}: [change-verified-uncorrected]" in out, out
    assert target.read_bytes() == before
