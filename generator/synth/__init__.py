"""Synthetic portfolios of any size, for measuring scale: `python -m generator synth --projects N --months M`.

A complete, valid repository (validate finds no error) with the texture of the demonstration data: late and
missing reports, verified adjustments (核减) and corrections, lagging projects, problems escalated and
answered on time or late, kept or broken promises, cadence lapses, late decisions and findings, late and
missing briefings, mid-year entries and exits, circular prefaces. The organisation grows with the number of
projects (one region of about 700 projects per 11 counties and 15 departments; see org.py).

Deterministic for a seed: every random draw comes from a stream named by its topic (a project's from
`{seed}/project/{id}`), iteration is in a fixed order, and nothing reads the clock. It reuses the
demonstration's catalogue and organisation, never changing them: `generator demo` writes the same files.

Modules: org (regions, counties, units, posts) → plan (projects and how well each goes) → reports (a
project's monthly reports and problems) → meetings (dispatches, briefings, prefaces, config) → yamlout (a
fast writer the strict loader reads back exactly); this module writes the files and commits them.
"""

from __future__ import annotations

import posixpath
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.synth.meetings import briefings, circular_prefaces, config, dispatches
from generator.synth.org import build_org
from generator.synth.plan import Timeline, plan_projects
from generator.synth.reports import build_reports
from generator.synth.yamlout import dump

MIN_PROJECTS, MAX_PROJECTS = 3, 30_000  # one of each category; at most 99 dispatches a day (regions × kinds)
FIRST_YEAR, LAST_YEAR = 2005, 2025  # the working-day calendar (chinesecalendar) covers 2004–2026


class SynthError(Exception):
    """Arguments or a target folder that cannot take a synthetic portfolio (the CLI's usage error)."""


def _yaml(path: str, kind: str, data: dict[str, Any] | list[Any]) -> str:
    schema = posixpath.relpath(f"schemas/{kind}.schema.json", posixpath.dirname(path))
    return dump(data, header=f"# yaml-language-server: $schema={schema}\n")


def synth_files(projects: int, months: int, seed: int = 2015, year: int = 2015) -> Iterator[tuple[str, str]]:
    """(repository-relative path, text) of every file of the portfolio, project by project."""
    if not MIN_PROJECTS <= projects <= MAX_PROJECTS:
        raise SynthError(f"项目数应在 {MIN_PROJECTS} 到 {MAX_PROJECTS:,} 之间（收到 {projects}）")
    if not 1 <= months <= 12:
        raise SynthError(f"月份数应在 1 到 12 之间（收到 {months}）")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise SynthError(f"年度应在 {FIRST_YEAR} 到 {LAST_YEAR} 之间（工作日历覆盖的年份；收到 {year}）")
    tl = Timeline(year, months)
    org = build_org(projects, year)
    yield "data/config.yaml", _yaml("data/config.yaml", "config", config(org, tl))
    yield f"data/years/{year}.yaml", _yaml(f"data/years/{year}.yaml", "year", {"year": year, "title": "3个30"})
    for kind, rows in (("counties", org.counties), ("units", org.units), ("posts", org.posts)):
        path = f"data/org/{kind}.yaml"
        yield path, _yaml(path, kind, rows)
    planned = plan_projects(org, projects, seed, tl)
    for p in planned:
        path = f"data/projects/{p.id}.yaml"
        yield path, _yaml(path, "project", p.doc)
        for period, report in build_reports(p, tl, org):
            path = f"data/reports/{period}/{p.id}.yaml"
            yield path, _yaml(path, "report", report)
    for period, doc in briefings(org, planned, tl, seed):
        path = f"data/briefings/{period}/{doc['unit']}.yaml"
        yield path, _yaml(path, "briefing", doc)
    for stem, doc in dispatches(org, planned, tl, seed):
        path = f"data/dispatches/{stem}.yaml"
        yield path, _yaml(path, "dispatch", doc)
    for period, text in circular_prefaces(tl):
        yield f"data/circulars/{period}.md", text


README = """# 合成数据（{projects} 个项目，{months} 个月）

由 `python -m generator synth --projects {projects} --months {months} --seed {seed} --year {year}` 生成，
用于测量校验、计算和建站在大规模数据下的耗时（见阳光督查仓库的 BENCHMARKS.md）。人名、单位、县市均为虚构。
在阳光督查仓库中运行 `python -m generator --root 本目录 validate` 等命令。
"""


def write_synth(root: Path, projects: int, months: int, seed: int = 2015, year: int = 2015) -> Counter[str]:
    """Write the portfolio under `root` (which must hold no data/ yet); the number of files by folder."""
    if (root / "data").exists():
        raise SynthError(f"{root} 里已经有 data/ 目录。请指定一个新的（或空的）目录。")
    written: Counter[str] = Counter()
    made: set[Path] = set()
    for rel, text in synth_files(projects, months, seed, year):
        target = root / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        with open(target, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        written[rel.split("/")[1] if rel.count("/") > 1 else "config"] += 1
    (root / "README.md").write_text(README.format(projects=projects, months=months, seed=seed, year=year),
                                    encoding="utf-8")
    (root / ".gitignore").write_text(".cache/\nsite/\n", encoding="utf-8")
    return written


def commit_synth(root: Path, env: dict[str, str], projects: int, months: int, seed: int = 2015,
                 year: int = 2015) -> str:
    """Make `root` a git repository with everything committed on branch main, by a fixed author at a fixed
    time (the as-of date), so the same arguments give the same commit; returns the commit id."""
    when = f"{Timeline(year, months).as_of.isoformat()}T12:00:00+08:00"
    fixed = {"GIT_AUTHOR_NAME": "合成数据", "GIT_AUTHOR_EMAIL": "synth@example.invalid",
             "GIT_COMMITTER_NAME": "合成数据", "GIT_COMMITTER_EMAIL": "synth@example.invalid",
             "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(root), "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false",
                               *args], capture_output=True, text=True, env={**env, **fixed}, check=False)
        if done.returncode != 0:
            raise SynthError(f"git {args[0]} 失败：{done.stderr.strip()}")
        return done.stdout.strip()

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "--no-verify", "-m", f"合成数据：{projects} 个项目，{months} 个月（种子 {seed}，{year} 年）")
    return git("rev-parse", "HEAD")


__all__ = ["SynthError", "commit_synth", "synth_files", "write_synth"]
