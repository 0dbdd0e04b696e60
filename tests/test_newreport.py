"""`new-report`: pre-filled from the last report, never overwriting, valid as written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.core.paths import RepoPaths
from generator.loading.yamlstrict import load_text
from generator.model import Index
from generator.review.newreport import NewReportError, new_report
from generator.rules import validate
from helpers import make_repo


def data(text: str) -> Any:
    doc, problems = load_text("<test>", text)
    assert doc is not None and problems == []
    return doc.data


def test_command_writes_a_valid_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path)
    argv = ["--root", str(repo), "new-report", "2015-zj-01", "--period", "2015-04", "--submitted-on", "2015-05-06"]
    assert main(argv) == 0
    assert "内容取自 2015-03 的月报" in capsys.readouterr().out
    target = repo / "data/reports/2015-04/2015-zj-01.yaml"
    report = data(target.read_text("utf-8"))
    assert report["investment"] == {"month": 0, "year_to_date": Decimal("24000.25")}  # carried within the year
    assert report["funds"] == {"year_to_date": 30000}
    assert report["progress"] == {"summary": "路基完成 25%"}
    assert [p["id"] for p in report["problems"]] == ["p1"]  # open problems carried, history intact
    assert report["problems"][0]["answer"]["promised_by"] == "2015-04-30"
    assert not {"verified", "corrections", "received", "site_visits"} & set(report)
    assert target.read_text("utf-8").startswith("# yaml-language-server: $schema=../../../schemas/report.schema.json")
    problems = validate(RepoPaths(repo), jobs=1).findings
    assert [(p.path, p.code) for p in problems if p.path.endswith("2015-04/2015-zj-01.yaml")] == []


def test_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path)
    target = repo / "data/reports/2015-03/2015-zj-01.yaml"
    before = target.read_bytes()
    assert main(["--root", str(repo), "new-report", "2015-zj-01", "--period", "2015-03"]) == 1
    assert "已经存在，不会覆盖" in capsys.readouterr().err
    assert target.read_bytes() == before


@pytest.mark.parametrize(("project", "period", "message"), [
    ("2015-zz-99", "2015-04", "找不到项目"), ("2015-zj-01", "2015-4", "月份"), ("2015-zj-01", "2015-13", "月份"),
])
def test_refuses_bad_arguments(tmp_path: Path, project: str, period: str, message: str) -> None:
    with pytest.raises(NewReportError, match=message):
        new_report(tmp_path, _index(), project, period, date(2015, 5, 6))


def _index(reports: dict[str, dict[str, Any]] | None = None) -> Index:
    idx = Index()
    idx.projects["2015-zj-01"] = (None, {"id": "2015-zj-01"})  # type: ignore[assignment]
    idx.reports["2015-zj-01"] = {k: (None, v) for k, v in (reports or {}).items()}  # type: ignore[misc]
    return idx


DECEMBER = {
    "investment": {"month": 10, "year_to_date": 500}, "funds": {"year_to_date": 400},
    "progress": {"summary": "主体完工", "percent": 100}, "next_steps": "准备验收",
    "problems": [{"id": "p1", "category": "land", "summary": "旧问题", "closed": {"by": "dcs", "on": "2015-12-01"}},
                 {"id": "p2", "category": "other", "summary": "未解决"}],
    "verified": {"by": "jcb", "on": "2016-01-10", "method": "desk", "result": "adjusted",
                 "adjusted": {"investment": {"year_to_date": 480}}},
}


def test_year_to_date_resets_in_january(tmp_path: Path) -> None:
    made = new_report(tmp_path, _index({"2015-12": DECEMBER}), "2015-zj-01", "2016-01", date(2016, 2, 5))
    report = data(made.text)
    assert made.path == "data/reports/2016-01/2015-zj-01.yaml" and made.previous == "2015-12"
    assert report["investment"] == {"month": 0, "year_to_date": 0}
    assert report["funds"] == {"year_to_date": 0}
    assert report["progress"] == {"summary": "主体完工"}  # a new year's percent starts again
    assert [p["id"] for p in report["problems"]] == ["p2"]  # the closed one stays in December
    assert report["next_steps"] == "准备验收"


def test_verified_adjustment_wins_within_the_year(tmp_path: Path) -> None:
    november = dict(DECEMBER)
    made = new_report(tmp_path, _index({"2015-11": november}), "2015-zj-01", "2015-12", date(2016, 1, 5))
    report = data(made.text)
    assert report["investment"] == {"month": 0, "year_to_date": 480}  # 核减 figure, not the reported 500
    assert report["funds"] == {"year_to_date": 400}
    assert report["progress"] == {"summary": "主体完工", "percent": 100}


def test_first_report_starts_from_zero(tmp_path: Path) -> None:
    made = new_report(tmp_path, _index(), "2015-zj-01", "2015-02", date(2015, 3, 5))
    report = data(made.text)
    assert made.previous is None
    assert report["investment"] == {"month": 0, "year_to_date": 0} and "problems" not in report
    assert report["submitted_on"] == "2015-03-05"
