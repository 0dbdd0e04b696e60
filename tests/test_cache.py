"""The cache (`--cache`): cached and uncached runs report the same problems, byte for byte, whatever changed;
a changed schema, config or code version reads nothing old; a damaged cache is only a slower run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.core.paths import RepoPaths
from generator.loading.cache import Store, namespace
from generator.loading.snapshot import snapshot
from generator.rules.incremental import summarise, validate_snapshot
from generator.synth import commit_synth, write_synth
from gitrepo import ENV, april, commit, git_repo, replace

MARCH = "data/reports/2015-03/2015-zj-01.yaml"

# (file, old, new) edits of the base fixture: a figure, a text, a project, a dispatch, an org file (the global
# context), a schema error, a YAML error, a reference that no longer resolves
EDITS = {
    "figure": [(MARCH, "month: 10000.25", "month: 10001.25")],
    "text": [(MARCH, "summary: 路基完成 25%", "summary: 路基完成 26%")],
    "project": [("data/projects/2015-zj-01.yaml", "lead_unit: jtj", "lead_unit: fgw")],
    "dispatch": [("data/dispatches/2015-03-20-01.yaml", "due: 2015-04-15", "due: 2015-04-12")],
    "org": [("data/org/units.yaml", "short_name: 州交通局", "short_name: 州交通运输局")],
    "schema": [(MARCH, "month: 10000.25", "month: many")],
    "yaml": [(MARCH, "  month: 10000.25", " month: 10000.25")],
    "reference": [(MARCH, "escalated_to: fgw", "escalated_to: nobody")],
    "project-id": [("data/projects/2015-qq-01.yaml", "id: 2015-qq-01", "id: 2015-qq-09")],
}


def _out(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().out


def _edit(repo: Path, edits: list[tuple[str, str, str]]) -> None:
    for rel, old, new in edits:
        replace(repo, rel, old, new)


@pytest.mark.parametrize("name", sorted(EDITS))
def test_cached_and_uncached_runs_report_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  name: str) -> None:
    repo = git_repo(tmp_path)
    cache = str(tmp_path / "cache")
    base = ["--root", str(repo)]
    assert _out(capsys, [*base, "validate", "--cache", cache])[0] == 0  # the base branch's run fills it
    _edit(repo, EDITS[name])
    (repo / "data/reports/2015-04").mkdir()
    (repo / "data/reports/2015-04/2015-zj-01.yaml").write_text(april(), encoding="utf-8")
    for command in (["validate", "--format", "json"], ["validate", "--base", "HEAD", "--received-on", "2015-05-07"],
                    ["ci-comment", "--base", "HEAD", "--received-on", "2015-05-07"], ["diff", "HEAD"],
                    ["validate", "data/reports", "--format", "github"]):
        plain = _out(capsys, [*base, *command])
        for _ in range(2):  # cold for this change, then warm
            assert _out(capsys, [*base, *command, "--cache", cache]) == plain, command


def test_removed_and_added_files_and_a_second_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = git_repo(tmp_path)
    cache = str(tmp_path / "cache")
    base = ["--root", str(repo)]
    _out(capsys, [*base, "validate", "--cache", cache])
    (repo / "data/reports/2015-02/2015-qq-01.yaml").unlink()
    (repo / "data/dispatches/2015-03-02-01.yaml").unlink()
    commit(repo, "second")
    replace(repo, MARCH, "month: 10000.25", "month: 9000.25")
    for command in (["validate", "--base", "HEAD~1"], ["ci-comment", "--base", "HEAD~1"], ["validate"]):
        assert _out(capsys, [*base, *command, "--cache", cache]) == _out(capsys, [*base, *command]), command


def test_synthetic_repository_one_report_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "synth"
    write_synth(repo, 60, 12, seed=8)
    commit_synth(repo, dict(ENV), 60, 12, 8)
    cache = str(tmp_path / "cache")
    base = ["--root", str(repo)]
    _out(capsys, [*base, "validate", "--cache", cache])
    target = next((repo / "data/reports/2015-12").glob("*.yaml"))
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("  percent: ", "  percent: 1", 1), encoding="utf-8")
    for command in (["validate", "--base", "HEAD", "--format", "json"], ["ci-comment", "--base", "HEAD"]):
        assert _out(capsys, [*base, *command, "--cache", cache]) == _out(capsys, [*base, *command]), command


def test_a_changed_schema_code_or_config_reads_nothing_old(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    cache = tmp_path / "cache"
    first = snapshot(RepoPaths(repo), cache, summarise, jobs=1, version="code-1")
    assert len(first.fresh) == len(first.files) and not first.store.entries.keys() - first.store.seen
    first.store.save()
    again = snapshot(RepoPaths(repo), cache, summarise, jobs=1, version="code-1")
    assert again.fresh == {}  # everything from the cache
    other = snapshot(RepoPaths(repo), cache, summarise, jobs=1, version="code-2")  # a schema or code change
    assert len(other.fresh) == len(other.files)
    replace(repo, "data/config.yaml", "as_of: 2015-04-20", "as_of: 2015-04-21")
    changed = snapshot(RepoPaths(repo), cache, summarise, jobs=1, version="code-1")
    assert len(changed.fresh) == len(changed.files)
    changed.store.save()
    assert [p.name for p in cache.iterdir() if p.is_dir()] == [changed.store.root.name]  # old namespaces go
    assert validate_snapshot(changed).findings == validate_snapshot(
        snapshot(RepoPaths(repo), tmp_path / "other", summarise, jobs=1)).findings


def test_a_damaged_cache_is_only_a_slower_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = git_repo(tmp_path)
    cache = tmp_path / "cache"
    base = ["--root", str(repo)]
    plain = _out(capsys, [*base, "validate", "--format", "json"])
    _out(capsys, [*base, "validate", "--cache", str(cache)])
    store = next(p for p in cache.iterdir() if p.is_dir())
    data = next(store.glob("data-*.bin"))
    data.write_bytes(b"\x80\x05garbage" * 100)
    assert _out(capsys, [*base, "validate", "--format", "json", "--cache", str(cache)]) == plain
    (store / "index.pickle").write_bytes(b"cos\nsystem\n(S'echo pwned'\ntR.")  # never run, never trusted
    assert _out(capsys, [*base, "validate", "--format", "json", "--cache", str(cache)]) == plain
    shutil.rmtree(cache)
    assert _out(capsys, [*base, "validate", "--format", "json", "--cache", str(cache)]) == plain


def test_store_keeps_what_a_run_used(tmp_path: Path) -> None:
    store = Store.open(tmp_path, namespace("v", b"config"))
    store.put("a", [], None, {"x": 1})
    store.put("b", [], ("p", "2015-01"), None)
    store.save()
    again = Store.open(tmp_path, namespace("v", b"config"))
    assert again.doc("a") == {"x": 1} and again.doc("b") is None and again.get("b") is not None
    again.save()  # a small change: the cache stays as it is
    assert set(Store.open(tmp_path, namespace("v", b"config")).entries) == {"a", "b"}
    again.save(force=True)  # only "b" was used: "a" goes
    assert set(Store.open(tmp_path, namespace("v", b"config")).entries) == {"b"}


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic 2015 with 2016 opened by `new-year`, one 2016 project continuing a project another
    already continues (a `continues-invalid`), committed."""
    repo = tmp_path_factory.mktemp("years") / "repo"
    write_synth(repo, 30, 12, seed=8)
    commit_synth(repo, dict(ENV), 30, 12, 8)
    assert main(["--root", str(repo), "new-year", "2016", "--title", "四个一百"]) == 0
    replace(repo, "data/projects/2016-qq-02.yaml", "continues: 2015-qq-02", "continues: 2015-qq-01")
    commit(repo, "2016")
    return repo


@pytest.mark.parametrize("edits", [
    [("data/projects/2016-qq-02.yaml", "name: ", "name: 新")],  # only its unit: the linked projects are read too
    [("data/projects/2016-qq-03.yaml", "continues: 2015-qq-03", "continues: 2015-qq-01")],  # the links change
    [("data/years/2016.yaml", "title: 四个一百", "title: 四个一百五")],
], ids=["unit", "link", "year-file"])
def test_continuing_projects_across_years(two_years: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          edits: list[tuple[str, str, str]]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(two_years, repo)
    cache = str(tmp_path / "cache")
    base = ["--root", str(repo)]
    plain = _out(capsys, [*base, "validate", "--format", "json"])
    assert "continues-invalid" in plain[1]
    assert _out(capsys, [*base, "validate", "--format", "json", "--cache", cache]) == plain
    _edit(repo, edits)
    for command in (["validate", "--format", "json"], ["validate", "--base", "HEAD", "--format", "json"]):
        assert _out(capsys, [*base, *command, "--cache", cache]) == _out(capsys, [*base, *command]), command


def test_a_closed_years_change_is_found_cached_or_not(two_years: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """The closed-years rule reads when each year closes from config and the year files (here 2015's own
    annual-report day, 01-31), which a cached check of one changed project loads too."""
    repo = tmp_path / "repo"
    shutil.copytree(two_years, repo)
    year_file = repo / "data/years/2015.yaml"
    year_file.write_text(year_file.read_text(encoding="utf-8") + "deadlines:\n  briefings:\n    FY: 01-31\n",
                         encoding="utf-8")
    commit(repo, "2015 closes on 01-31")
    cache = str(tmp_path / "cache")
    base = ["--root", str(repo)]
    _out(capsys, [*base, "validate", "--cache", cache])
    project = sorted((repo / "data/projects").glob("2015-*.yaml"))[0]
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("\nname: ", "\nname: 新", 1), encoding="utf-8")
    assert project.read_text(encoding="utf-8") != text
    for day, closed in (("2016-01-20", False), ("2016-02-05", True)):
        for command in (["validate", "--base", "HEAD", "--received-on", day, "--format", "json"],
                        ["ci-comment", "--base", "HEAD", "--received-on", day]):
            plain = _out(capsys, [*base, *command])
            assert ("change-closed-year" in plain[1] or "已结账" in plain[1]) is closed, command
            assert _out(capsys, [*base, *command, "--cache", cache]) == plain, command
