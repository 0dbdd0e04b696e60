"""`.github/CODEOWNERS` is generated from the data and checked to be up to date."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.core.paths import RepoPaths
from generator.loading.files import load
from generator.model import build_index
from generator.review.codeowners import generate
from helpers import make_repo

ROOT = Path(__file__).resolve().parent.parent
TEAMS = {"replace": [
    {"file": "data/org/units.yaml", "old": "short_name: 州交通局\n  kind: prefecture_dept\n",
     "new": "short_name: 州交通局\n  kind: prefecture_dept\n  github_team: cx/jtj\n"},
    {"file": "data/org/units.yaml", "old": "kind: inspection_office\n", "new": "kind: inspection_office\n  github_team: cx/jcb\n"},
    {"file": "data/org/units.yaml", "old": "kind: supervision_office\n", "new": "kind: supervision_office\n  github_team: cx/dcs\n"},
]}


def owners(repo: Path) -> list[str]:
    text = generate(build_index(load(RepoPaths(repo), jobs=1)))
    return [line for line in text.splitlines() if not line.startswith("#")]


def test_who_owns_what(tmp_path: Path) -> None:
    assert owners(make_repo(tmp_path, TEAMS)) == [
        "/.github/ @cx/dcs",
        "/data/config.yaml @cx/dcs",
        "/data/org/ @cx/dcs",
        "/data/dispatches/ @cx/dcs",
        "/data/circulars/ @cx/dcs",
        # the inspection office alone: it writes receipt, verification and closure into the reports, and GitHub
        # accepts any one listed owner, so a unit listed beside it could approve its own receipt
        "/data/reports/ @cx/jcb",
        "/data/projects/2015-zj-01.yaml @cx/jtj",
        "/data/briefings/*/dcs.yaml @cx/dcs",
        "/data/briefings/*/jcb.yaml @cx/jcb",
        "/data/briefings/*/jtj.yaml @cx/jtj",
    ]


def test_no_teams_no_lines(tmp_path: Path) -> None:
    assert owners(make_repo(tmp_path)) == []


def test_check_fails_when_out_of_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path, TEAMS)
    assert main(["--root", str(repo), "codeowners", "--check"]) == 1
    assert main(["--root", str(repo), "codeowners"]) == 0
    assert main(["--root", str(repo), "codeowners", "--check"]) == 0
    units = repo / "data/org/units.yaml"
    units.write_text(units.read_text("utf-8").replace("cx/jtj", "cx/traffic"), "utf-8")
    assert main(["--root", str(repo), "codeowners", "--check"]) == 1
    assert "与数据不一致" in capsys.readouterr().err


def test_broken_data_writes_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"write": {"data/org/units.yaml": "- id: [\n"}})
    assert main(["--root", str(repo), "codeowners"]) == 1
    assert not (repo / ".github").exists()


def test_the_repository_codeowners_is_up_to_date() -> None:
    assert main(["--root", str(ROOT), "codeowners", "--check"]) == 0, \
        "run `python -m generator codeowners` and commit .github/CODEOWNERS"
