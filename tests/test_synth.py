"""The synthetic portfolio (generator/synth/): deterministic for a seed, valid, textured like the demonstration
data, scaled with the number of projects, and committed as a git repository when asked."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from generator.cli import main
from generator.compute.analysis import analyse
from generator.core.paths import RepoPaths
from generator.loading.yamlstrict import _normalised, load_text
from generator.synth import SynthError, commit_synth, synth_files, write_synth
from generator.synth.org import build_org
from generator.synth.yamlout import dump

AS_OF_12 = dt.date(2016, 1, 20)  # 12 months of 2015: the December report is due on 2016-01-08


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synth") / "repo"
    write_synth(root, 150, 12, seed=11)
    return root


def _kinds(files: dict[str, str]) -> Counter[str]:
    return Counter(p.split("/")[1] if p.count("/") > 1 else "config" for p in files)


def test_deterministic_for_a_seed_and_different_for_another() -> None:
    first = dict(synth_files(40, 4, seed=3))
    assert dict(synth_files(40, 4, seed=3)) == first
    assert dict(synth_files(40, 4, seed=4)) != first


def test_every_file_reads_back_strictly_without_a_finding() -> None:
    for path, text in synth_files(60, 12, seed=5):
        if path.endswith(".md"):
            continue
        doc, problems = load_text(path, text)
        assert doc is not None and problems == [], (path, problems)


@pytest.mark.parametrize("value", [
    {"a": "yes", "b": "12", "c": "1.5", "d": "null", "e": "", "f": "a: b", "g": "x #y", "h": "-x", "i": " lead",
     "j": "trail ", "k": "#c", "l": "end:", "m": "&a", "n": "*b", "o": "!t", "p": "0755", "q": "2015-02-16",
     "r": "楚雄：州", "s": "line\nbreak", "t": "tab\tin", "u": "\"quoted\"", "v": "%d", "w": "@x", "x": "`x`"},
    {"on": dt.date(2015, 3, 8), "money": Decimal("1200.50"), "int": 7, "none": None, "yes": True, "no": False,
     "list": [], "map": {}, "nested": [{"a": [1, 2], "b": {"c": [{"d": "e"}]}}, "plain", 3]},
    [{"id": "x", "items": ["a", "b"]}, {"id": "y"}],
])
def test_the_fast_writer_reads_back_the_same(value: dict | list) -> None:  # type: ignore[type-arg]
    doc, problems = load_text("x.yaml", dump(value))
    assert problems == [] and doc is not None
    assert doc.data == _normalised(value)


def test_valid_with_no_finding(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "validate", "--strict"]) == 0
    assert "错误 0 个，警告 0 个" in capsys.readouterr().out


def test_texture_of_the_demonstration(repo: Path) -> None:
    run = analyse(RepoPaths(repo), AS_OF_12)
    assert not run.errors
    assert run.deadlines is not None
    states = Counter((d.kind, d.state) for d in run.deadlines.deadlines)
    for kind, state in [("report", "met_late"), ("report", "missed"), ("verification", "met_late"),
                        ("answer", "met"), ("answer", "met_late"), ("promise", "met_late"), ("promise", "missed"),
                        ("cadence", "met_late"), ("decision", "met_late"), ("decision", "missed"),
                        ("finding", "missed"), ("briefing", "met_late"), ("briefing", "missed"),
                        ("milestone", "met_late"), ("milestone", "missed"), ("start", "missed"),
                        ("action-plan", "met_late"), ("action-plan", "missed"), ("site-visit", "missed")]:
        assert states[(kind, state)] > 0, (kind, state)
    figures = run.metrics()
    statuses = Counter(pm.status for pm in figures.projects)
    assert statuses["green"] > statuses["yellow"] > 0 and statuses["red"] > 0
    assert figures.verification["adjusted_reports"] > 0
    assert Counter(pm.category for pm in figures.projects) == {"under_construction": 50, "new_start": 50,
                                                                "preliminary": 50}
    texts = [f.data for f in run.loaded.files if f.kind == "report"]
    assert any("corrections" in r for r in texts)
    assert any(p.get("closed") for r in texts for p in r.get("problems", []))
    projects = [f.data for f in run.loaded.files if f.kind == "project"]
    assert any("exited" in p for p in projects) or any(p["entered_on"] != "2015-01-01" for p in projects)
    assert (repo / "data" / "circulars" / "2015-Q4.md").is_file()


def test_scales_with_the_number_of_projects() -> None:
    small, large = _kinds(dict(synth_files(45, 3, seed=1))), _kinds(dict(synth_files(90, 3, seed=1)))
    assert (small["projects"], large["projects"]) == (45, 90)
    assert 1.8 * small["reports"] <= large["reports"] <= 2.2 * small["reports"]
    province = build_org(10_000, 2015)
    assert len(province.regions) == 15
    assert len(province.counties) == 15 * 11
    assert len(province.units) <= 1000 and len(province.posts) <= 1000  # the schemas' list limits
    assert len({u["id"] for u in province.units}) == len(province.units)
    assert len(build_org(91, 2015).regions) == 1


def test_committed_as_a_git_repository_with_the_same_commit_each_time(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin:/usr/local/bin", "GIT_CONFIG_GLOBAL": "/dev/null"}
    ids = []
    for name in ("a", "b"):
        root = tmp_path / name
        write_synth(root, 12, 2, seed=2)
        ids.append(commit_synth(root, env, 12, 2, 2, 2015))
        status = subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True, text=True,
                                check=True)
        assert status.stdout == ""
    assert ids[0] == ids[1]


def test_refuses_a_folder_with_data_and_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "repo"
    assert main(["synth", "--projects", "9", "--months", "2", "--out", str(out)]) == 0
    assert "已在" in capsys.readouterr().out
    assert main(["synth", "--projects", "9", "--months", "2", "--out", str(out)]) == 2
    assert "data/" in capsys.readouterr().err
    for args in (["--projects", "2"], ["--projects", "9", "--months", "13"], ["--projects", "9", "--year", "2030"]):
        assert main(["synth", *args, "--out", str(tmp_path / "other")]) == 2
    with pytest.raises(SynthError):
        next(synth_files(1, 1))
