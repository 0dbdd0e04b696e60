"""The repository's own data/: it validates clean, round-trips, and `check` finds exactly what the demo
planter planted in each year (tests/fixtures/demo-anomalies.yaml for 2015, demo-anomalies-2016.yaml for 2016,
written by `python -m generator demo`)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.compute import deadlines
from generator.core.paths import RepoPaths
from generator.loading.files import load
from generator.loading.yamlstrict import load_bytes
from generator.model import build_index
from generator.rules import validate_loaded as check

ROOT = Path(__file__).resolve().parent.parent
PATHS = RepoPaths(ROOT)
ANOMALIES = ROOT / "tests" / "fixtures" / "demo-anomalies.yaml"
ANOMALIES_2016 = ROOT / "tests" / "fixtures" / "demo-anomalies-2016.yaml"

pytestmark = pytest.mark.skipif(not (ROOT / "data" / "projects").is_dir() or not any(
    (ROOT / "data" / "projects").glob("*.yaml")), reason="no bundled data")


@pytest.fixture(scope="module")
def loaded():  # type: ignore[no-untyped-def]
    return load(PATHS)


def test_bundled_data_validates_clean(loaded, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    report = check(loaded)
    assert [p for p in report.findings] == []
    counts = loaded.counts()
    assert counts["project"] >= 90 and counts["report"] >= 600
    assert main(["--root", str(ROOT), "validate", "--strict"]) == 0
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    assert summary.startswith("已检查 ") and "项目 " in summary and "月报 " in summary and "错误 0 个，警告 0 个" in summary


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))


def test_every_file_round_trips(loaded) -> None:  # type: ignore[no-untyped-def]
    for f in loaded.files:
        if f.doc is None:
            continue
        text = yaml.dump(f.data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
        again, problems = load_bytes(f.path, text.encode("utf-8"))
        assert problems == [], (f.path, problems)
        assert again is not None and again.data == f.data, f.path


def _strict(path: Path) -> Any:
    doc, problems = load_bytes(str(path), path.read_bytes())
    assert doc is not None and problems == []
    return doc.data


def _key(row: dict[str, Any]) -> tuple[str, str, str, str, str, str]:
    return (str(row["kind"]), str(row["project"]), str(row["ref"]), str(row["unit"]), str(row["due"]),
            str(row["done_on"]))


@pytest.mark.parametrize(("fixture", "as_of"), [
    (ANOMALIES, None),  # config.as_of: 2015-10-20
    (ANOMALIES_2016, date(2016, 10, 20)),  # the second year (`--as-of 2016-10-20`)
])
def test_check_finds_every_planted_anomaly_and_nothing_else(loaded, fixture: Path, as_of: date | None) -> None:  # type: ignore[no-untyped-def]
    planted = _strict(fixture)
    day = as_of or date.fromisoformat(_strict(ROOT / "data" / "config.yaml")["as_of"])
    whole = build_index(loaded)
    result = deadlines.compute(whole.for_year(whole.current_year(day)), day)
    assert result.findings == []
    found = sorted(_key(d.as_dict()) for d in result.deadlines if d.anomaly)
    assert sorted(_key(row) for row in planted) == found
    assert {d.project[:4] for d in result.deadlines if d.project} == {str(day.year)}


def test_check_as_of_2016_lists_only_what_was_planted(capsys: pytest.CaptureFixture[str]) -> None:
    """`check --as-of 2016-10-20` shows the 2016 list: its missed deadlines are the planted ones."""
    assert main(["--root", str(ROOT), "check", "--as-of", "2016-10-20", "--format", "json"]) == 1  # one missed
    doc = json.loads(capsys.readouterr().out)
    assert doc["as_of"] == "2016-10-20"
    missed = sorted((d["kind"], d["project"], d["ref"]) for unit in doc["by_unit"].values() for d in unit["missed"])
    assert doc["missed"] == len(missed)
    planted = sorted((a["kind"], a["project"], a["ref"]) for a in _strict(ANOMALIES_2016) if a["done_on"] is None)
    assert missed == planted


def test_every_deadline_kind_is_planted() -> None:
    planted = _strict(ANOMALIES)
    assert {row["kind"] for row in planted} == set(deadlines.KINDS)
