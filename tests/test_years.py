"""Supervision years side by side (model.Index.for_year, rules/years.py, review/newyear.py, `new-year`):
the demonstration repository opens 2016, and 2015 stays exactly as it was."""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.compute.analysis import analyse
from generator.core.paths import RepoPaths
from generator.loading.files import load
from generator.model import build_index, closing_day
from generator.review.newyear import NewYearError, open_year
from generator.rules import validate_loaded
from helpers import edit

ROOT = Path(__file__).resolve().parent.parent


def _run(root: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), *argv])
    return code, out.getvalue(), err.getvalue()


def _digests(root: Path, year: int) -> dict[str, str]:
    """Every file of a year (its year file, projects, their reports, briefings, dispatches) by content."""
    out = {}
    for path in sorted((root / "data").rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        if f"/{year}" in rel or rel.startswith(f"data/reports/{year}-") or rel == "data/config.yaml":
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], str]:
    """The demonstration data with 2016 opened by `new-year`: (root, 2015's digests before, what it printed)."""
    root = tmp_path_factory.mktemp("years")
    shutil.copytree(ROOT / "data", root / "data")
    before = _digests(root, 2015)
    code, out, err = _run(root, "new-year", "2016", "--title", "四个一百")
    assert code == 0, err
    return root, before, out


def test_new_year_writes_only_new_files_and_2015_is_untouched(two_years: Any) -> None:
    root, before, out = two_years
    assert _digests(root, 2015) == before
    assert "data/years/2016.yaml" in out
    doc = yaml.safe_load((root / "data/years/2016.yaml").read_text(encoding="utf-8"))
    assert doc["year"] == 2016 and doc["title"] == "四个一百"
    assert doc["first_report_period"] == "2016-02" and doc["deadlines"]["briefings"]["FY"] == "01-10"


def test_the_two_year_repository_is_valid(two_years: Any) -> None:
    root, _, _ = two_years
    loaded = load(RepoPaths(root))
    assert validate_loaded(loaded, idx=build_index(loaded)).errors == []


def test_continuing_projects_link_both_years(two_years: Any) -> None:
    root, _, _ = two_years
    idx = build_index(load(RepoPaths(root)))
    continuing = {p["continues"]: pid for pid, (_, p) in idx.projects.items() if p.get("continues")}
    assert continuing
    for old, new in continuing.items():
        before, after = idx.projects[old][1], idx.projects[new][1]
        assert before["year"] == 2015 and after["year"] == 2016 and new.startswith("2016-")
        assert after["name"] == before["name"] and after["lead_unit"] == before["lead_unit"]
        if before["category"] == "new_start" and (before.get("dates", {}).get("start") or {}).get("actual"):
            assert after["category"] == "under_construction"  # a 2015 new start is 2016 under construction
    completed = [pid for pid, (_, p) in idx.projects.items() if p["year"] == 2015
                 and ((p.get("dates") or {}).get("completion") or {}).get("actual")]
    assert completed and not set(completed) & set(continuing)  # finished projects do not continue


def test_the_years_are_separate_views(two_years: Any) -> None:
    root, _, _ = two_years
    paths = RepoPaths(root)
    in_2015 = analyse(paths, date(2015, 10, 20))
    assert {p["year"] for _, p in in_2015.idx.projects.values()} == {2015} and len(in_2015.idx.projects) == 91
    january = analyse(paths, date(2016, 1, 5), loaded=in_2015.loaded)  # before 2016's notice: 2015 is closing
    assert {p["year"] for _, p in january.idx.projects.values()} == {2015}
    in_2016 = analyse(paths, date(2016, 3, 20), loaded=in_2015.loaded)
    assert {p["year"] for _, p in in_2016.idx.projects.values()} == {2016}
    assert in_2016.idx.settings.year == 2016 and in_2016.idx.list_title == "四个一百"
    assert in_2016.deadlines is not None
    assert {d.project[:4] for d in in_2016.deadlines.deadlines if d.project} == {"2016"}


def test_the_2015_site_is_the_same_with_2016_opened(two_years: Any) -> None:
    """Opening a year changes nothing of what the repository shows for a day of the old one."""
    root, _, _ = two_years
    paths = RepoPaths(root)
    one = analyse(RepoPaths(ROOT), date(2015, 10, 20))
    two = analyse(paths, date(2015, 10, 20))
    assert [d.as_dict() for d in one.deadlines.deadlines] == [d.as_dict() for d in two.deadlines.deadlines]
    assert one.metrics().as_dict() == two.metrics().as_dict()


def test_open_problems_carry_into_the_first_report_of_the_new_year(two_years: Any) -> None:
    root, _, out = two_years
    idx = build_index(load(RepoPaths(root)))
    old, new = next((p["continues"], pid) for pid, (_, p) in sorted(idx.projects.items()) if p.get("continues")
                    and any(q.get("closed") is None for q in idx.reports[p["continues"]][max(idx.reports[p["continues"]])][1]
                            .get("problems", [])))
    last = idx.reports[old][max(idx.reports[old])][1]
    open_ids = [q["id"] for q in last.get("problems", []) if q.get("closed") is None]
    assert f"{old} → {new}" in out and "未销号问题将带入" in out
    code, _, err = _run(root, "new-report", new, "--period", "2016-02", "--submitted-on", "2016-03-07")
    assert code == 0, err
    report = yaml.safe_load((root / f"data/reports/2016-02/{new}.yaml").read_text(encoding="utf-8"))
    assert [q["id"] for q in report["problems"]] == open_ids
    assert report["investment"]["year_to_date"] == 0  # a new year starts from zero
    (root / f"data/reports/2016-02/{new}.yaml").unlink()


def test_new_year_refuses_to_run_twice(two_years: Any) -> None:
    root, before, _ = two_years
    code, _, err = _run(root, "new-year", "2016")
    assert code == 1 and "已经开启" in err
    assert _digests(root, 2015) == before


def test_new_year_refuses_a_year_out_of_turn(two_years: Any) -> None:
    root, _, _ = two_years
    code, _, err = _run(root, "new-year", "2018")
    assert code == 1 and "下一年是 2017" in err


def test_new_year_refuses_a_year_the_calendar_cannot_answer(tmp_path: Path) -> None:
    """chinesecalendar knows 2004–2026: opening 2027 prints the block of config to fill."""
    repo = edit(tmp_path, ("data/config.yaml", "year: 2015", "year: 2026"))
    for f in (repo / "data").rglob("*.yaml"):
        f.write_text(f.read_text(encoding="utf-8").replace("2015-", "2026-").replace("year: 2015", "year: 2026"),
                     encoding="utf-8")
    idx = build_index(load(RepoPaths(repo)))
    with pytest.raises(NewYearError) as refused:
        open_year(idx, 2027, previous_title="示例")
    assert "calendar:" in str(refused.value) and "year: 2027" in str(refused.value)


def test_the_first_new_year_needs_the_old_lists_name(tmp_path: Path) -> None:
    repo = edit(tmp_path)
    code, _, err = _run(repo, "new-year", "2016")
    assert code == 1 and "--previous-title" in err
    assert not (repo / "data/years").exists()
    code, out, err = _run(repo, "new-year", "2016", "--previous-title", "3个30", "--dry-run")
    assert code == 0 and "试运行" in out and not (repo / "data/years").exists()
    code, out, err = _run(repo, "new-year", "2016", "--previous-title", "3个30")
    assert code == 0, err
    assert yaml.safe_load((repo / "data/years/2015.yaml").read_text(encoding="utf-8")) == {"year": 2015,
                                                                                            "title": "3个30"}
    code, out, _ = _run(repo, "validate")
    assert code == 0, out


@pytest.mark.parametrize(("write", "code"), [
    ({"data/years/2016.yaml": "year: 2015\ntitle: 错名\n"}, "file-name-mismatch"),
    ({"data/years/2015.yaml": "year: 2015\ntitle: 3个30\n",
      "data/projects/2017-zj-01.yaml": None}, "ref-unresolved"),
    ({"data/years/2015.yaml": "year: 2015\ntitle: 3个30\nnotice_date: \"02-30\"\n"}, "config-invalid"),
])
def test_year_rules(tmp_path: Path, write: dict[str, str | None], code: str) -> None:
    files = {k: v for k, v in write.items() if v is not None}
    repo = edit(tmp_path, write=files)
    for rel, text in write.items():
        if text is None:  # a project of a year no file opens: the base project moved to 2017
            source = (repo / "data/projects/2015-zj-01.yaml").read_text(encoding="utf-8")
            (repo / rel).write_text(source.replace("2015-zj-01", "2017-zj-01").replace("year: 2015", "year: 2017"),
                                    encoding="utf-8")
    _done, out, _ = _run(repo, "validate", "--format", "json")
    assert f'"{code}"' in out


@pytest.mark.parametrize(("continues", "message"), [
    ("2015-zj-99", "找不到上年度的项目"),
    ("2015-xkg-01", "已由"),  # continued twice (the second project below continues it too)
])
def test_continues_names_last_years_project_once(tmp_path: Path, continues: str, message: str) -> None:
    repo = edit(tmp_path, write={"data/years/2015.yaml": "year: 2015\ntitle: 3个30\n",
                                 "data/years/2016.yaml": "year: 2016\ntitle: 四个一百\n"})
    source = (repo / "data/projects/2015-xkg-01.yaml").read_text(encoding="utf-8")
    for new in ("2016-zj-01", "2016-zj-02"):
        (repo / f"data/projects/{new}.yaml").write_text(
            source.replace("2015-xkg-01", new).replace("year: 2015", "year: 2016")
            .replace("category: new_start", "category: under_construction")
            + f"continues: {continues}\n", encoding="utf-8")
    _, out, _ = _run(repo, "validate")
    assert message in out


def test_a_year_closes_on_its_annual_briefing_day(two_years: Any) -> None:
    root, _, _ = two_years
    idx = build_index(load(RepoPaths(root)))
    assert closing_day(idx.year_settings(2015), 2015) == date(2016, 1, 10)
    assert idx.closed_years(date(2016, 1, 10)) == []
    assert idx.closed_years(date(2016, 1, 11)) == [2015]
