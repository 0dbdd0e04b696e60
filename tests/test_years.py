"""Supervision years side by side (model.Index.for_year, rules/years.py, review/newyear.py, `new-year`):
the demonstration repository opens 2016, and 2015 stays exactly as it was."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
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
from generator.review.newreport import prefilled
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


def _copy_2015(root: Path) -> None:
    """The demonstration data as it stood before 2016 was opened: its 2015 files only."""
    shutil.copytree(ROOT / "data", root / "data")
    for path in sorted((root / "data").rglob("*2016*"), reverse=True):
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], str]:
    """The demonstration data of 2015 with 2016 opened by `new-year`: (root, 2015's digests before, what it
    printed). (The bundled demo carries its own 2016, planned by generator/demo; this is how a user opens one.)"""
    root = tmp_path_factory.mktemp("years")
    _copy_2015(root)
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


# ---------------------------------------------------------------- a closed year is a record (review/integrity.py)

_REPORT = "data/reports/2015-09/2015-zj-01.yaml"
_VERIFIED = "verified:\n  by: jichaban\n  on: 2015-10-12\n  method: statistics\n  result: confirmed\n"
_CORRECTION = ("corrections:\n- on: 2016-03-01\n  by: jichaban\n  field: {field}\n  from: {old}\n  to: {new}\n"
               "  why: 审计发现填报有误，按审计结果更正。\n")


@pytest.fixture(scope="module")
def closed_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demonstration data with one September report not yet verified (so only the year's closing guards it)."""
    root = tmp_path_factory.mktemp("closed-base")
    shutil.copytree(ROOT / "data", root / "data")
    report = root / _REPORT
    report.write_text(report.read_text(encoding="utf-8").replace(_VERIFIED, ""), encoding="utf-8")
    return root


def _change(base: Path, tmp: Path, edits: dict[str, tuple[str, str] | None]) -> Path:
    """A copy of `base` with (old, new) text replacements per file; None removes the file."""
    head = tmp / "head"
    shutil.copytree(base, head)
    for rel, change in edits.items():
        target = head / rel
        if change is None:
            target.unlink()
            continue
        old, new = change
        text = target.read_text(encoding="utf-8") if target.exists() else ""
        assert old in text, f"{old!r} not in {rel}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return head


def _closing_findings(base: Path, head: Path, on: date) -> list[tuple[str, str]]:
    from generator.review.integrity import integrity

    found = integrity(load(RepoPaths(base)), load(RepoPaths(head)), received_on=on)
    return [(f.code, f.path) for f in found if f.code.startswith("change-closed-year")]


_FIGURE = ("  month: 15999\n", "  month: 16999\n")
_PROJECT = "data/projects/2015-zj-01.yaml"


@pytest.mark.parametrize(("edits", "expected"), [
    ({_REPORT: _FIGURE}, [("change-closed-year", _REPORT)]),
    ({_REPORT: ("  month: 15999\n  year_to_date: 183227\n  since_start: 554041\n",
                "  month: 16999\n  year_to_date: 183227\n  since_start: 554041\n"
                + _CORRECTION.format(field="/investment/month", old=15999, new=16999))}, []),
    ({_PROJECT: ("name: ", "name: 新")}, [("change-closed-year", _PROJECT)]),
    ({"data/years/2015.yaml": ("title: 3个30", "title: 三个三十")}, [("change-closed-year", "data/years/2015.yaml")]),
    ({"data/briefings/2015-Q1/fgw.yaml": None}, [("change-closed-year-file", "data/briefings/2015-Q1/fgw.yaml")]),
    ({"data/reports/2015-10/2015-zj-16.yaml": ("", "project: 2015-zj-16\nperiod: 2015-10\nsubmitted_on: 2015-11-06\n")},
     [("change-closed-year-file", "data/reports/2015-10/2015-zj-16.yaml")]),  # zj-16 left the list in July
], ids=["figure", "figure-corrected", "project", "year-file", "briefing-removed", "report-added"])
def test_a_closed_years_files_change_only_with_a_correction(closed_base: Path, tmp_path: Path,
                                                            edits: Any, expected: list[tuple[str, str]]) -> None:
    head = _change(closed_base, tmp_path, edits)
    assert _closing_findings(closed_base, head, date(2016, 2, 1)) == expected
    assert _closing_findings(closed_base, head, date(2016, 1, 10)) == []  # the closing day itself: still open


def test_a_project_file_correction_after_closing_names_the_field(closed_base: Path, tmp_path: Path) -> None:
    text = (closed_base / _PROJECT).read_text(encoding="utf-8")
    name = yaml.safe_load(text)["name"]
    corrected = _CORRECTION.format(field="/name", old=name, new="新" + name)
    head = _change(closed_base, tmp_path, {_PROJECT: (f"name: {name}\n", f"name: 新{name}\n")})
    (head / _PROJECT).write_text((head / _PROJECT).read_text(encoding="utf-8") + corrected, encoding="utf-8")
    assert _closing_findings(closed_base, head, date(2016, 2, 1)) == []
    loaded = load(RepoPaths(head))
    assert validate_loaded(loaded, idx=build_index(loaded)).errors == []


def _without_lines(value: Any) -> Any:
    """Figures without the line numbers that point into the files (a correction record adds lines)."""
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k != "line"}
    if isinstance(value, list):
        return [_without_lines(v) for v in value]
    return value


def test_a_closed_years_scores_do_not_change_with_a_later_correction(closed_base: Path, tmp_path: Path) -> None:
    """Final scores are those of the closing day: a correction recorded after it changes the file, never
    the year's figures as of its close (what its archive shows)."""
    import json

    name = yaml.safe_load((closed_base / _PROJECT).read_text(encoding="utf-8"))["name"]
    head = _change(closed_base, tmp_path, {
        _REPORT: ("  month: 15999\n  year_to_date: 183227\n  since_start: 554041\n",
                  "  month: 16999\n  year_to_date: 183227\n  since_start: 554041\n"
                  + _CORRECTION.format(field="/investment/month", old=15999, new=16999)),
        _PROJECT: (f"name: {name}\n", f"name: 新{name}\n" + _CORRECTION.format(field="/name", old=name,
                                                                               new="新" + name))})
    closing = date(2016, 1, 10)

    def final(root: Path) -> Any:
        run = analyse(RepoPaths(root), closing)
        assert run.errors == []
        figures = json.loads(json.dumps(run.metrics().as_dict(), default=str))
        return _without_lines(figures), run.idx.projects["2015-zj-01"][1]["name"]

    assert final(head) == final(closed_base)
    later = analyse(RepoPaths(head), date(2016, 3, 2)).idx  # 2016's view; its `whole` is every year as known then
    assert (later.whole or later).projects["2015-zj-01"][1]["name"] == "新" + name


# ---------------------------------------------------------------- the site of two years (site/years.py, archive.py)

def _build(root: Path, out: Path, as_of: str) -> Path:
    import os

    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1450000000"  # one build time for every build compared here
    try:
        code, _, err = _run(root, "build", "--as-of", as_of, "--out", str(out))
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    assert code == 0, err
    return out


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_year_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled demonstration data (2015 and 2016) built on 2016-10-20."""
    root = tmp_path_factory.mktemp("demo-2016")
    shutil.copytree(ROOT / "data", root / "data")
    return _build(root, root / "site", "2016-10-20")


def test_the_closed_year_is_archived_as_it_was_built_on_its_closing_day(
        two_year_site: Path, tmp_path: Path) -> None:
    """2015's archive in the 2016 site is byte for byte the 2015-only repository built on 2015's closing
    day: opening 2016 and working in it changed nothing of it."""
    only_2015 = tmp_path / "repo"
    _copy_2015(only_2015)
    closing = _build(only_2015, tmp_path / "site", "2016-01-10")
    archived = _tree(two_year_site / "2015")
    assert archived == _tree(closing)
    assert "index.html" in archived and "projects/2015-zj-01/index.html" in archived


def test_the_current_year_is_at_the_root_with_a_switcher_to_the_archive(two_year_site: Path) -> None:
    home = (two_year_site / "index.html").read_text(encoding="utf-8")
    assert '<strong aria-current="true">2016年度（四个一百）</strong>' in home
    assert '<a href="2015/">2015年度（3个30）</a>' in home
    assert (two_year_site / "projects/2016-zj-01/index.html").is_file()
    assert not (two_year_site / "projects/2015-zj-01").exists()
    deep = (two_year_site / "units/fgw/index.html").read_text(encoding="utf-8")
    assert '<a href="../../2015/">2015年度（3个30）</a>' in deep


def test_a_continuing_projects_page_links_its_earlier_year(two_year_site: Path) -> None:
    idx = build_index(load(RepoPaths(ROOT)))
    for pid, (_, p) in idx.projects.items():
        if p.get("continues"):
            page = (two_year_site / f"projects/{pid}/index.html").read_text(encoding="utf-8")
            old = p["continues"]
            assert f'<a href="../../2015/projects/{old}/">' in page, pid
            assert (two_year_site / f"2015/projects/{old}/index.html").is_file()
    doc = json.loads((two_year_site / "years.json").read_text(encoding="utf-8"))
    assert doc["current"] == 2016 and [y["year"] for y in doc["years"]] == [2016, 2015]
    assert doc["continued"] == {p["continues"]: {"year": 2016, "id": pid, "path": f"projects/{pid}/"}
                                for pid, (_, p) in idx.projects.items() if p.get("continues")}


def test_an_archived_page_learns_the_later_years_in_the_browser(two_year_site: Path, browser: Any) -> None:
    """The archive cannot name 2016 (it was built before); its switcher and a continuing project's page are
    completed from the deployment root's years.json, with nothing fetched from another host."""
    from helpers import guarded_context, serve_directory

    idx = build_index(load(RepoPaths(ROOT)))
    new, old = next((pid, p["continues"]) for pid, (_, p) in sorted(idx.projects.items()) if p.get("continues"))
    with serve_directory(two_year_site) as base, guarded_context(browser, viewport={"width": 375, "height": 800}, locale="zh-CN") as context:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}2015/projects/{old}/", wait_until="load")
        page.wait_for_function("() => document.querySelector('p.years-next a') !== null")
        switch = page.locator("nav.year-switch")
        assert switch.locator("strong").inner_text() == "2015年度（3个30）"
        assert switch.locator("a").get_attribute("href") == base
        assert page.locator("p.years-next a").get_attribute("href") == f"{base}projects/{new}/"
        page.goto(f"{base}projects/{new}/", wait_until="load")
        page.locator("p.years-earlier a").click()
        page.wait_for_load_state("load")
        assert page.url == f"{base}2015/projects/{old}/"
        assert errors == []
# --- the bundled demonstration's second year ------------------------------------------------------------------------


def test_the_bundled_2016_reports_carry_what_new_report_writes() -> None:
    """Each continuing project's first 2016 report starts with the problems `new-report` carries from 2015."""
    idx = build_index(load(RepoPaths(ROOT)))
    continuing = sorted(pid for pid, (_, p) in idx.projects.items() if p.get("continues"))
    assert len(continuing) >= 20 and idx.lineage(continuing[0]) == [idx.projects[continuing[0]][1]["continues"],
                                                                     continuing[0]]
    carried = 0
    for pid in continuing:
        doc, previous = prefilled(idx, pid, "2016-02", None)
        assert previous is not None and previous.startswith("2015-")
        problems = idx.reports[pid]["2016-02"][1].get("problems", [])
        assert problems[:len(doc.get("problems", []))] == doc.get("problems", []), pid
        carried += len(doc.get("problems", []))
    assert carried >= 3


def test_a_carried_answer_is_history_but_an_unrecorded_one_is_backdated(tmp_path: Path) -> None:
    """report-event-dates reads a continuing project's history through `continues`: an answer last year's
    reports recorded, carried by `new-report` into this year's first report, is not first recorded there; an
    answer last year's reports never recorded still is."""
    _copy_2015(tmp_path)
    assert _run(tmp_path, "new-year", "2016", "--title", "四个一百")[0] == 0
    idx = build_index(load(RepoPaths(tmp_path)))
    new, on = next((pid, q["answer"]["on"]) for pid, (_, p) in sorted(idx.projects.items()) if p.get("continues")
                   for q in idx.reports[p["continues"]][max(idx.reports[p["continues"]])][1].get("problems", [])
                   if q.get("closed") is None and q.get("answer"))
    code, _, err = _run(tmp_path, "new-report", new, "--period", "2016-02", "--submitted-on", "2016-03-07")
    assert code == 0, err
    code, out, _ = _run(tmp_path, "validate", "--format", "json")
    assert code == 0 and "event-backdated" not in out
    path = tmp_path / f"data/reports/2016-02/{new}.yaml"
    other = "2015-09-30" if on != "2015-09-30" else "2015-09-29"
    text, n = re.subn(rf"(answer:\n\s+on: ){on}", rf"\g<1>{other}", path.read_text(encoding="utf-8"), count=1)
    assert n == 1
    path.write_text(text, encoding="utf-8")
    code, out, _ = _run(tmp_path, "validate", "--format", "json")
    found = [(f["path"], f["code"]) for f in json.loads(out)["problems"] if f["code"] == "event-backdated"]
    assert code == 1 and found == [(f"data/reports/2016-02/{new}.yaml", "event-backdated")]
    assert idx.lineage(new) == [idx.projects[new][1]["continues"], new]
