"""Rules over the supervision years: data/years/<YYYY>.yaml and the projects that carry a year on.

A repository may carry several years side by side (docs/design.md "Years"): each year's list is the project
files whose `year` is that year, its settings are its year file, and a project continuing from last year's
list names the project it continues, so both years' records link.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.core.findings import Finding
from generator.loading.files import Loaded
from generator.model import Index, get, project_year
from generator.rules import flag, rule


@rule("year-identity", codes=("file-name-mismatch",))
def year_identity(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """A year file is named for its year: data/years/2016.yaml says `year: 2016`."""
    for f in loaded.of_kind("year"):
        year = get(f.data, "year")
        stem = f.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        if isinstance(year, int) and not isinstance(year, bool) and str(year) != stem:
            yield flag("file-name-mismatch", f, ("year",),
                       f"年度是 {year}，文件名却是“{stem}.yaml”。请把文件改名为“{year}.yaml”，或改正年度。")


@rule("project-year-known", codes=("ref-unresolved",))
def project_year_known(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """Once the repository has year files, every project's year has one (its settings come from it)."""
    if not idx.years:
        return
    for f, p in idx.projects.values():
        year = project_year(p)
        if year is not None and year not in idx.years:
            known = "、".join(str(y) for y in sorted(idx.years))
            yield flag("ref-unresolved", f, ("year",),
                       f"督查年度 {year} 年没有年度文件 data/years/{year}.yaml（已有：{known}）。"
                       f"请先用 python -m generator new-year {year} 开启这一年度，或改正年度。")


@rule("project-continues", codes=("ref-unresolved", "continues-invalid"))
def project_continues(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """`continues` names a project of the year before, and each project is continued at most once."""
    taken: dict[str, str] = {}
    for pid in sorted(idx.projects):
        f, p = idx.projects[pid]
        before = get(p, "continues")
        if not isinstance(before, str):
            continue
        if before not in idx.projects:
            if before not in idx.project_files:
                yield flag("ref-unresolved", f, ("continues",),
                           f"找不到上年度的项目“{before}”。请填写 data/projects/ 里已有的项目编号。")
            continue
        year, earlier = project_year(p), project_year(idx.projects[before][1])
        if year is not None and earlier is not None and earlier != year - 1:
            yield flag("continues-invalid", f, ("continues",),
                       f"本项目是 {year} 年度的，接续的“{before}”却是 {earlier} 年度的。只能接续上一年度（{year - 1} 年）的项目。")
        elif before in taken:
            yield flag("continues-invalid", f, ("continues",),
                       f"上年度的项目“{before}”已由“{taken[before]}”接续。一个项目只能接续到下一年度的一个项目。")
        else:
            taken[before] = pid
