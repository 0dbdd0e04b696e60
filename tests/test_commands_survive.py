"""Never a traceback, never a hang: every command, on a repository where one file holds any structure.

The property test `validate` always had, extended to every command (check, metrics, ci-issue, codeowners,
new-report, diff, ci-comment, validate --base, build, the spreadsheet imports and exports): whatever a file
holds, a command answers with an exit code of 0, 1 or 2 and Chinese text, never an exception.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sheetbooks
from generator.cli import main
from gitrepo import git_repo
from helpers import BASE

TARGETS = sorted(p.relative_to(BASE).as_posix() for p in (BASE / "data").rglob("*.yaml"))
LEAVES = (st.none() | st.booleans() | st.integers(-10**6, 10**40) | st.text(max_size=12)
          | st.sampled_from(["2015-02-30", "2015-04-31", "9999-12-30", "2015-03", "2015-Q1", "04-31", "jtj", "²",
                             "Mars/Olympus", "2015-zj-01", "", "under_construction", "urging", "2015-zj-01\n"]))
STRUCTURES = st.recursive(
    LEAVES,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "project", "period", "problems", "investment", "month", "year_to_date", "by", "on",
                         "escalated_to", "escalated_on", "answer", "closed", "site_visits", "date", "kind", "year",
                         "as_of", "timezone", "deadlines", "briefings", "Q1", "FY", "corrections", "field", "from",
                         "to", "projects", "covers", "decisions", "due", "dates", "start", "planned", "entered_on",
                         "exited", "²", "verified", "received"]),
        children, max_size=6),
    max_leaves=30,
)
SHEETS = Path(tempfile.mkdtemp(prefix="sunshine-survive-"))
# a unit's own monthly sheet for the base repository's projects, and where exports go
SHEET = sheetbooks.book(SHEETS / "月报.xlsx", {"4月": [
    ["项目名称", "本月完成投资", "本年累计", "资金到位", "形象进度"],
    ["楚雄至禄丰高速公路", 1000, None, 30000, "路基施工"], ["楚雄州某某水库", None, 100, 10, "前期工作"]]})
COMMANDS: list[list[str]] = [
    ["validate", "--format", "json"], ["validate", "--format", "github"], ["check", "--format", "github"],
    ["check", "--format", "json", "--as-of", "2015-12-31"], ["metrics"], ["ci-issue"], ["codeowners", "--check"],
    ["new-report", "2015-zj-01", "--period", "2015-05", "--submitted-on", "2015-06-05"],
    ["validate", "--base", "HEAD", "--received-on", "2015-05-06"], ["diff", "HEAD"], ["ci-comment", "--base", "HEAD"],
    ["import", "reports", str(SHEET), "--period", "2015-04", "--dry-run", "--submitted-on", "2015-05-06"],
    ["export", "template", "--unit", "jtj", "--period", "2015-04", "--out", str(SHEETS / "t.xlsx")],
    ["export", "monthly", "--period", "2015-03", "--out", str(SHEETS / "m.xlsx")],
    ["export", "projects", "--out", str(SHEETS / "p.xlsx")],
    ["import", "projects", str(SHEETS / "p.xlsx"), "--dry-run", "--format", "json"],
]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return git_repo(tmp_path_factory.mktemp("survive"))


def _run(root: Path, argv: list[str]) -> int:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), *argv])
    assert "Traceback" not in out.getvalue() + err.getvalue()
    return code


def _with(repo: Path, target: str, value: Any) -> str:
    original = (repo / target).read_text(encoding="utf-8")
    (repo / target).write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    return original


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=STRUCTURES, target=st.sampled_from(TARGETS), command=st.sampled_from(COMMANDS))
def test_every_command_answers_whatever_a_file_holds(repo: Path, value: Any, target: str, command: list[str]) -> None:
    original = _with(repo, target, value)
    try:
        assert _run(repo, command) in (0, 1, 2)
    finally:
        (repo / target).write_text(original, encoding="utf-8")
        shutil.rmtree(repo / "data" / "reports" / "2015-05", ignore_errors=True)  # what new-report wrote


def _leaves(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaves(v, (*at, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaves(v, (*at, i))]
    return [at]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), target=st.sampled_from(TARGETS), command=st.sampled_from(COMMANDS))
def test_every_command_answers_whatever_one_value_is(repo: Path, data: Any, target: str, command: list[str]) -> None:
    """The file keeps its shape and one value changes: this reaches the rules, deadlines and metrics."""
    doc = yaml.safe_load((repo / target).read_text(encoding="utf-8"))
    paths = _leaves(doc)
    where = data.draw(st.sampled_from(paths)) if paths else ()
    node = doc
    for key in where[:-1]:
        node = node[key]
    if where:
        node[where[-1]] = data.draw(LEAVES)
    original = _with(repo, target, doc)
    try:
        assert _run(repo, command) in (0, 1, 2)
    finally:
        (repo / target).write_text(original, encoding="utf-8")
        shutil.rmtree(repo / "data" / "reports" / "2015-05", ignore_errors=True)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=STRUCTURES, target=st.sampled_from(TARGETS))
def test_build_answers_whatever_a_file_holds(repo: Path, tmp_path_factory: pytest.TempPathFactory, value: Any,
                                             target: str) -> None:
    original = _with(repo, target, value)
    try:
        assert _run(repo, ["build", "--out", str(tmp_path_factory.mktemp("site"))]) in (0, 1)
    finally:
        (repo / target).write_text(original, encoding="utf-8")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_every_command_on_the_clean_base(repo: Path, command: list[str]) -> None:
    try:
        assert _run(repo, command) in (0, 1)
    finally:
        shutil.rmtree(repo / "data" / "reports" / "2015-05", ignore_errors=True)


@pytest.mark.parametrize("year", [0, -5, 1, 9999, 10**40, True])
@pytest.mark.parametrize("command", [["check", "--format", "json"], ["metrics"], ["ci-issue"]],
                         ids=lambda c: c[0])
def test_a_project_year_out_of_range_is_reported_not_fatal(repo: Path, year: Any, command: list[str]) -> None:
    """Found by the property test above: a project whose year is 0 crashed the deadlines (date(0, 1, 1))."""
    target = "data/projects/2015-zj-01.yaml"
    doc = yaml.safe_load((repo / target).read_text(encoding="utf-8"))
    original = _with(repo, target, {**doc, "year": year})
    try:
        assert _run(repo, command) == (0 if command[0] == "ci-issue" else 1)  # ci-issue plans, it does not judge
    finally:
        (repo / target).write_text(original, encoding="utf-8")
