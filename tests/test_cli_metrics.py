"""`check` and `metrics` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator.cli import main
from helpers import BASE, edit

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "output" / "metrics.schema.json"


def test_metrics_document_follows_its_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "metrics.json"
    assert main(["--root", str(BASE), "metrics", "--as-of", "2015-04-20", "--out", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(doc)]
    assert errors == []
    assert doc["as_of"] == "2015-04-20" and doc["month"] == 3
    assert len(doc["projects"]) == 3


def test_metrics_refuses_broken_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = edit(tmp_path, ("data/projects/2015-zj-01.yaml", "lead_unit: jtj", "lead_unit: nobody"))
    assert main(["--root", str(repo), "metrics"]) == 1
    assert "[ref-unresolved]" in capsys.readouterr().out


def test_check_groups_by_unit_and_fails_on_missed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(BASE), "check", "--as-of", "2015-04-20"]) == 1
    text = capsys.readouterr().out
    assert text.startswith("截至 2015年4月20日：逾期未完成 3 项，7 天内到期 1 项。")
    assert "■ 楚雄市人民政府（chuxiong-gov）" in text
    assert "专题书面报告 2015-Q1：应于 2015年4月15日 前完成，已逾期 5 天（data/org/units.yaml:10）" in text
    assert main(["--root", str(BASE), "check", "--as-of", "2015-04-20", "--fail-on", "none"]) == 0


def test_check_json_and_github(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(BASE), "check", "--as-of", "2015-04-20", "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert (doc["missed"], doc["upcoming"]) == (3, 1)
    assert [d["ref"] for d in doc["by_unit"]["fgw"]["missed"]] == ["2015-Q1"]
    main(["--root", str(BASE), "check", "--as-of", "2015-04-20", "--format", "github"])
    lines = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("::warning file=") for line in lines) == 3


def test_check_before_anything_is_due(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(BASE), "check", "--as-of", "2015-01-05"]) == 0
    assert "逾期未完成 0 项" in capsys.readouterr().out
