"""The repository's own data/: it validates clean, round-trips, and `check` finds exactly what the demo
planter planted in each year (tests/fixtures/demo-anomalies.yaml for 2015, demo-anomalies-2015-closing.yaml for
2015 seen on its closing day, demo-anomalies-2016.yaml for 2016, written by `python -m generator demo`)."""

from __future__ import annotations

import json
import re
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
ANOMALIES_2015_CLOSING = ROOT / "tests" / "fixtures" / "demo-anomalies-2015-closing.yaml"
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
    (ANOMALIES_2015_CLOSING, date(2016, 1, 10)),  # 2015 on its closing day, as its archive is built
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
    assert {d.project[:4] for d in result.deadlines if d.project} == {str(fixture_year(fixture))}


def fixture_year(fixture: Path) -> int:
    return 2016 if fixture == ANOMALIES_2016 else 2015


@pytest.mark.parametrize(("fixture", "as_of"), [
    (ANOMALIES_2015_CLOSING, "2016-01-10"),  # still 2015's list: 2016's notice is not out yet
    (ANOMALIES_2016, "2016-10-20"),
])
def test_check_as_of_a_later_day_lists_only_what_was_planted(capsys: pytest.CaptureFixture[str], fixture: Path,
                                                              as_of: str) -> None:
    """`check --as-of 2016-01-10` shows 2015 closing, `--as-of 2016-10-20` the 2016 list: the missed deadlines
    are the planted ones, and nothing else is late."""
    assert main(["--root", str(ROOT), "check", "--as-of", as_of, "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["as_of"] == as_of
    missed = sorted((d["kind"], d["project"], d["ref"]) for unit in doc["by_unit"].values() for d in unit["missed"])
    assert doc["missed"] == len(missed)
    planted = sorted((a["kind"], a["project"], a["ref"]) for a in _strict(fixture) if a["done_on"] is None)
    assert missed == planted
    assert {p[:4] for _, p, _ in missed if p} == {str(fixture_year(fixture))}


def test_2015_closes_complete() -> None:
    """Seen on its closing day, 2015 owes nothing it has not done but what was planted: every report, site
    visit, verification and annual briefing due by then is there, on time."""
    whole = build_index(load(PATHS))
    day = date(2016, 1, 10)
    result = deadlines.compute(whole.for_year(whole.current_year(day)), day)
    planted = {(a["kind"], a["project"], a["ref"]) for a in _strict(ANOMALIES_2015_CLOSING)}
    for kind in ("report", "verification", "briefing", "site-visit"):
        late = {(d.kind, d.project, d.ref) for d in result.deadlines if d.kind == kind and d.anomaly}
        assert late <= planted, kind
    fy = [d for d in result.deadlines if d.kind == "briefing" and d.ref == "2015-FY"]
    assert fy and all(d.state == "met" for d in fy)
    december = [d for d in result.deadlines if d.kind == "report" and d.ref == "2015-12"]
    assert len(december) >= 85 and all(d.state == "met" for d in december)


def test_every_deadline_kind_is_planted() -> None:
    planted = _strict(ANOMALIES)
    assert {row["kind"] for row in planted} == set(deadlines.KINDS)


def test_seen_on_its_as_of_date_2015_shows_nothing_filed_or_done_later(loaded) -> None:  # type: ignore[no-untyped-def]
    """2015 goes on to its closing day, but a build on config's as-of date (2015-10-20) reads the repository as
    known then: no report filed later, no date of a later fact, no deadline located in a later file."""
    day = date(2015, 10, 20)
    known = build_index(loaded).known_on(day)
    filed = [r.get("submitted_on") for by_period in known.reports.values() for _, r in by_period.values()]
    assert filed and max(filed) <= "2015-10-20"
    text = json.dumps([d for _, d in (*known.projects.values(), *known.dispatches)], default=str)
    assert not [x for x in re.findall(r'"(?:done_on|actual|rectified_on|on)": "([0-9-]{10})"', text)
                if "2015-10-20" < x < "2016-01-01"]
    result = deadlines.compute(known.for_year(2015), day)
    assert all(d.done_on is None or d.done_on <= day for d in result.deadlines)
    later = {f"data/reports/2015-{m}/" for m in ("10", "11", "12")}
    assert not [d for d in result.deadlines if any(d.path.startswith(p) for p in later)]
