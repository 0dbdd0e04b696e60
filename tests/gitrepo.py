"""Throwaway git repositories for the review-loop tests: the base fixture committed, then edited."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from helpers import make_repo

ENV = {"GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "test@example.invalid", "GIT_COMMITTER_NAME": "测试",
       "GIT_COMMITTER_EMAIL": "test@example.invalid", "GIT_CONFIG_GLOBAL": "/dev/null",
       "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin:/usr/local/bin"}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=ENV, check=True)
    return done.stdout.strip()


def git_repo(tmp: Path, case: dict[str, Any] | None = None) -> Path:
    """The base fixture (with `case` edits) committed on branch main; returns the repository root."""
    repo = make_repo(tmp, case)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "base")
    return repo


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def replace(repo: Path, rel: str, old: str, new: str) -> None:
    target = repo / rel
    text = target.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


APRIL = """\
# yaml-language-server: $schema=../../../../../../../schemas/report.schema.json
project: 2015-zj-01
period: 2015-04
submitted_on: {submitted}
{received}investment:
  month: 5000
  year_to_date: 29000.25
funds:
  year_to_date: 35000
progress:
  summary: 路基完成 35%
problems:
  - id: p1
    category: land
    summary: 3 公里路段用地未落实
    measures: 用地报批材料已上报
    escalated_to: fgw
    escalated_on: 2015-02-13
    answer:
      on: 2015-02-25
      by: fgw
      content: 4 月底前完成用地报批
      promised_by: 2015-04-30
    public: true
"""


def april(submitted: str = "2015-05-06", received: str = "") -> str:
    """An honest new monthly report for 2015-zj-01, 2015-04 (figures follow March's)."""
    return APRIL.format(submitted=submitted, received=received)
