"""`import projects` and `export projects`: the decomposition tables as governments publish them, every
problem at its cell, nothing written unless all is clean, and the round trip through the demonstration data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.core.paths import RepoPaths
from generator.loading.files import load
from generator.loading.yamlstrict import load_text
from generator.model import build_index
from generator.rules import validate
from generator.sheets.export_projects import decomposition_workbook
from generator.sheets.import_projects import import_projects
from generator.sheets.names import Names, Unresolved
from generator.sheets.reading import read_book
from helpers import d
from sheetbooks import ROOT, decomposition_book, demo_repo

NEW = ("data/projects/2015-zj-31.yaml", "data/projects/2015-zj-32.yaml")


def _data(path: Path) -> Any:
    doc, problems = load_text(str(path), path.read_text(encoding="utf-8"))
    assert doc is not None and problems == []
    return doc.data


def _run(repo: Path, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(repo), "import", "projects", *argv])
    return code, capsys.readouterr().out


def _problems(out: str) -> list[tuple[str, str]]:
    """(place, code) of every problem line: `TABLE.xlsx:在建项目!D7: [code] …`."""
    found = []
    for line in out.splitlines():
        if ": [" in line:
            place, rest = line.split(": [", 1)
            found.append((place.rsplit("/", 1)[-1], rest.split("]", 1)[0]))
    return found


def test_a_published_table_becomes_project_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = demo_repo(tmp_path)
    table = decomposition_book(tmp_path / "在建项目责任分解表.xlsx")
    code, out = _run(repo, str(table), capsys=capsys)
    assert code == 0, out
    assert "新建 data/projects/2015-zj-31.yaml（" in out and "已写入 2 个文件" in out
    road, water = (_data(repo / rel) for rel in NEW)
    # the title row gave year and category; 亿元 became 万元 exactly; names became ids
    assert (road["year"], road["category"], road["county"]) == (2015, "under_construction", "nanhua")
    assert (road["total_investment"], road["annual"]["investment"]) == (125000, 32000)
    assert (water["total_investment"], water["annual"]["investment"]) == (30500, 12000)
    assert road["co_units"] == ["gov-nanhua", "guotu"]
    assert water["lead_unit"] == "fgw"  # 州发展改革委
    assert water["leader_post"] == "zhouzhang"  # 张某某, the 州长 on the notice's day
    assert road["county_leader"] == {"name": "何某某", "title": "南华县副县长"}
    assert water["dates"]["start"] == {"planned": "2014-12-01", "actual": "2014-12-15"}  # text dates, as typed
    assert water["dates"]["completion"]["planned"] == "2016-12-31"  # 2016年12月31日
    assert water["dates"]["production"] == {"planned": None, "actual": None}  # no such column: not known
    assert road["annual"]["milestones"] == [{"name": "路基工程完成60%", "due": "2015-09-30"}]
    assert water["team"] == [{"name": "乙某某", "role": "组长", "phone": "13800009002"}]
    assert "序号" not in json.dumps(road, ensure_ascii=False) and "小计" not in str(road)
    assert [p for p in validate(RepoPaths(repo), jobs=1).findings if p.path in NEW] == []


@pytest.mark.parametrize(("edit", "place", "code", "words"), [
    ({(5, 9): "州发改季"}, "在建项目!J6", "sheet-name-unknown", "州发改委"),  # a misspelt unit: the closest offered
    ({(4, 3): "约12.5"}, "在建项目!D5", "sheet-cell-invalid", "应填数字"),  # text in a number column
    ({(4, 7): "南华"}, None, None, None),  # a county without 县 still resolves
    ({(4, 7): "南华县、楚雄市"}, None, None, None),  # a line project: its first county
    ({(4, 7): "南华县、楚雄州"}, "在建项目!H5", "sheet-name-unknown", "楚雄"),
    ({(4, 13): "2014年11月"}, "在建项目!N5", "sheet-cell-invalid", "应填日期"),
    ({(4, 11): "何某某南华县副县长"}, "在建项目!L5", "sheet-cell-invalid", "姓名（职务）"),
    ({(4, 3): -1}, "在建项目!D5", "number-out-of-range", "不能小于 0"),  # the schema's check, at the cell
    ({(4, 11): None}, "在建项目!B5", "field-missing", "county_leader_note"),
    ({(4, 6): "楚雄交通\u202e建设投资有限公司"}, "在建项目!G5", "text-control-char", "U+202E"),  # pasted from the web  # the if/then, at the row (no such column)
])
def test_each_problem_names_its_cell_and_nothing_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           edit: dict[tuple[int, int], Any], place: str | None,
                                                           code: str | None, words: str | None) -> None:
    repo = demo_repo(tmp_path)
    table = decomposition_book(tmp_path / "表.xlsx", edit=edit)
    status, out = _run(repo, str(table), capsys=capsys)
    if code is None:
        assert status == 0, out
        return
    assert status == 1
    assert (f"表.xlsx:{place}", code) in _problems(out), out
    assert words in next(line for line in out.splitlines() if f"{place}: [{code}]" in line)
    assert "没有写入任何文件" in out
    assert not any((repo / rel).exists() for rel in NEW)


def test_a_leaders_name_becomes_the_post_held_on_the_tables_date(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    repo = demo_repo(tmp_path)
    # 王某某 held 副州长（分管工业、能源、商务）until 2015-06-30, 赵某某 from 2015-07-01
    table = decomposition_book(tmp_path / "表.xlsx", edit={(5, 8): "王某某"})
    assert _run(repo, str(table), "--dry-run", capsys=capsys)[0] == 0
    status, out = _run(repo, str(table), "--date", "2015-08-01", capsys=capsys)
    assert status == 1 and ("表.xlsx:在建项目!I6", "sheet-person-not-post") in _problems(out)
    assert "曾任：副州长（分管工业、能源、商务）（2013年1月20日至2015年6月30日）" in out


def test_names_resolve_through_the_org() -> None:
    names = Names(build_index(load(RepoPaths(ROOT), jobs=1)), d("2015-02-08"))
    assert names.unit("州发改委") == names.unit("州发展改革委") == names.unit("楚雄州发展和改革委员会") == "fgw"
    assert names.unit("永仁县政府") == names.unit("永仁县人民政府") == "gov-yongren"
    assert names.county("永仁") == names.county("永仁县") == "yongren"
    assert names.post("副州长（分管城乡建设、交通、国土）") == names.post("刘某某") == "fuzhouzhang-chengjian"
    with pytest.raises(Unresolved, match="州交通运输局"):
        names.unit("州交通局")


def test_dry_run_lists_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = demo_repo(tmp_path)
    status, out = _run(repo, str(decomposition_book(tmp_path / "t.xlsx")), "--dry-run", capsys=capsys)
    assert status == 0 and "试运行（--dry-run）：以上 2 个文件没有写入" in out
    assert "新建 data/projects/2015-zj-32.yaml（" in out
    assert not any((repo / rel).exists() for rel in NEW)


def test_an_existing_project_changes_only_with_update(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = demo_repo(tmp_path)
    table = tmp_path / "表.xlsx"
    table.write_bytes(decomposition_workbook(build_index(load(RepoPaths(repo), jobs=1)), _when(), "under_construction"))
    from openpyxl import load_workbook

    wb = load_workbook(table)
    sheet = wb["在建项目"]
    assert sheet["C6"].value == "永仁至元谋高速公路" and sheet["I6"].value == 698300
    sheet["I6"] = 700000  # 总投资（万元）of 2015-zj-03
    wb.save(table)
    before = (repo / "data/projects/2015-zj-03.yaml").read_bytes()
    status, out = _run(repo, str(table), capsys=capsys)
    assert status == 1 and ("表.xlsx:在建项目!C6", "sheet-file-exists") in _problems(out)
    assert (repo / "data/projects/2015-zj-03.yaml").read_bytes() == before
    status, out = _run(repo, str(table), "--update", capsys=capsys)
    assert status == 0, out
    assert "更新 data/projects/2015-zj-03.yaml" in out
    assert "  /total_investment（总投资（万元））：698300 → 700000" in out
    assert _data(repo / "data/projects/2015-zj-03.yaml")["total_investment"] == 700000
    assert "29 个文件内容不变" in out


def _when() -> Any:
    from datetime import datetime

    return datetime(2015, 10, 20)


def test_json_and_github_formats_name_the_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = demo_repo(tmp_path)
    table = decomposition_book(tmp_path / "表.xlsx", edit={(5, 9): "州发改季"})
    status, out = _run(repo, str(table), "--format", "json", capsys=capsys)
    doc = json.loads(out)
    assert status == 1 and doc["errors"] == 1 and doc["written"] is False
    assert doc["problems"][0]["cell"] == "在建项目!J6" and doc["problems"][0]["line"] == 6
    status, out = _run(repo, str(table), "--format", "github", capsys=capsys)
    assert "::error file=" in out and ",title=sheet-name-unknown::在建项目!J6：" in out


def test_the_decomposition_tables_round_trip_through_an_empty_repository(tmp_path: Path) -> None:
    """Exporting the demonstration data's tables and importing them where only the org exists gives the
    same project files, byte for byte; into the demonstration data itself, nothing changes."""
    idx = build_index(load(RepoPaths(ROOT), jobs=1))
    table = tmp_path / "责任分解表.xlsx"
    table.write_bytes(decomposition_workbook(idx, _when()))
    assert decomposition_workbook(idx, _when()) == table.read_bytes()  # deterministic
    book, found = read_book(table, table.name)
    assert book is not None and found == []
    empty = demo_repo(tmp_path / "empty", org_only=True)
    result = import_projects(load(RepoPaths(empty), jobs=1), [book])
    assert result.findings == []
    assert len(result.planned) == len(idx.projects) == 91
    assert {p.path: p.text for p in result.planned} == \
        {p.path: (ROOT / p.path).read_text(encoding="utf-8") for p in result.planned}
    again = import_projects(load(RepoPaths(ROOT), jobs=1), [book])
    assert again.findings == [] and {p.action for p in again.planned} == {"same"}
