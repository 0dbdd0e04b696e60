"""Determinism and history: `build --as-of D` on an older commit gives, byte for byte, the site that commit
gave on date D — what audits and appeals over scores rely on (SECURITY.md, "Reproducing what the site said").
tests/test_build.py proves that two builds of one commit are identical; this adds the older commit."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from helpers import BASE, make_repo

R3 = "data/reports/2015-03/2015-zj-01.yaml"


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "督查室", "GIT_AUTHOR_EMAIL": "ducha@example.org",
           "GIT_COMMITTER_NAME": "督查室", "GIT_COMMITTER_EMAIL": "ducha@example.org",
           "GIT_AUTHOR_DATE": "2015-04-21T09:00:00+08:00", "GIT_COMMITTER_DATE": "2015-04-21T09:00:00+08:00"}
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
    return done.stdout.strip()


def _build(repo: Path, out: Path, as_of: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert main(["--root", str(repo), "build", "--as-of", as_of, "--out", str(out), "--jobs", "1"]) == 0
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # the CLI pins it for MkDocs
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_an_older_commit_rebuilds_the_site_it_gave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "data as of April")
    old = _git(repo, "rev-parse", "HEAD")
    then = _build(repo, tmp_path / "then", "2015-04-20", monkeypatch)

    # a month later: the April report arrives and the March figure is corrected
    april = (BASE / R3).read_text(encoding="utf-8")
    for a, b in (("period: 2015-03", "period: 2015-04"), ("submitted_on: 2015-04-07", "submitted_on: 2015-05-07"),
                 ("month: 10000.25", "month: 10000"), ("year_to_date: 24000.25", "year_to_date: 34000.25"),
                 ("year_to_date: 30000", "year_to_date: 40000"), ("on: 2015-03-12", "on: 2015-04-12"),
                 ("on: 2015-04-10", "on: 2015-05-10")):
        april = april.replace(a, b)
    (repo / "data/reports/2015-04").mkdir()
    (repo / "data/reports/2015-04/2015-zj-01.yaml").write_text(april, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "April report")
    now = _build(repo, tmp_path / "now", "2015-05-20", monkeypatch)
    assert now != then

    # the audit: check out the older commit elsewhere and build it for the date in question
    audit = tmp_path / "audit"
    _git(repo, "worktree", "add", "-q", "--detach", str(audit), old)
    again = _build(audit, tmp_path / "again", "2015-04-20", monkeypatch)
    assert sorted(again) == sorted(then)
    assert [name for name in then if again[name] != then[name]] == []
    page = again["projects/2015-zj-01/index.html"].decode("utf-8")
    assert old[:12] in page  # every page names the data version it was built from
